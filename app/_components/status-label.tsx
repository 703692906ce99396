import { HELD_WORDS, type DisplayStatus } from "@/lib/guidance/held";

export const STATUS_WORDS: Record<DisplayStatus, string> = {
  ok: "Nothing flagged",
  watch: "Worth a look",
  act: "Consider acting",
  not_enough_data: "Not enough data",
  education: "To know",
  held: HELD_WORDS,
};

export function StatusLabel({ status }: { status: DisplayStatus }) {
  return (
    <span className={`status status-${status}`} data-status={status}>
      {STATUS_WORDS[status]}
    </span>
  );
}
