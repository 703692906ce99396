import type { RuleStatus } from "@/lib/guidance/types";

export const STATUS_WORDS: Record<RuleStatus, string> = {
  ok: "Nothing flagged",
  watch: "Worth a look",
  act: "Consider acting",
  not_enough_data: "Not enough data",
  education: "To know",
};

export function StatusLabel({ status }: { status: RuleStatus }) {
  return (
    <span className={`status status-${status}`} data-status={status}>
      {STATUS_WORDS[status]}
    </span>
  );
}
