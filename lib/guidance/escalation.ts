import { BOOK_AN_APPOINTMENT } from "@/lib/checkins/escalation";
import { plural } from "./measures";
import type { GuidanceContext, RuleResult } from "./types";

/**
 * How the rules answer pain that crossed a severity threshold (lib/checkins/escalation.ts): "act",
 * with the book-an-appointment message, never the same-day message of the acute warning signs.
 */

export const PAIN_HELD_BY_ESCALATION =
  "Until you have been seen, Patella does not read this pain against the pain-monitoring model or suggest whether to keep running: " +
  "that model is for pain that stays moderate, and yours has not.";

export function escalationResult(ctx: GuidanceContext, tail: string): RuleResult | null {
  const escalations = ctx.checkins?.escalations ?? [];
  const latest = escalations[0];
  if (!latest) return null;
  const more = escalations.length - 1;
  return {
    status: "act",
    value: `${latest.reason}${more > 0 ? ` Also ${plural(more, "other reading")} in the last 7 days.` : ""}`,
    explanation: [BOOK_AN_APPOINTMENT, tail].filter(Boolean).join(" "),
  };
}
