import { warningSignsAt } from "@/lib/checkins/warning-signs";

/**
 * Warning signs that always point to a healthcare professional (guidance-science.md §7), the rules
 * that carry them, and the dashboard disclaimer (§9). Plain constants: the UI imports this file.
 */

/** The guidance rules the UI shows before every other rule. */
export const RED_FLAG_RULE_IDS: readonly string[] = ["faq-3-when-to-see-a-doctor", "faq-6-more-serious-condition"];

/** Signs to act on now (urgent care or emergency number), each phrased to follow "if" (from the one list, lib/checkins/warning-signs.ts). */
export const EMERGENCY_RED_FLAGS: readonly string[] = warningSignsAt("emergency");

/** Signs to be seen the same day, each phrased to follow "if". */
export const URGENT_RED_FLAGS: readonly string[] = warningSignsAt("same_day");

/** Signs to book an appointment for, each phrased to follow "if". */
export const SOON_RED_FLAGS: readonly string[] = warningSignsAt("soon");

/** One sentence for rules that talk about pain, short of the full lists. */
export const SEE_A_PROFESSIONAL =
  "See a healthcare professional if your knee swells, gives way or locks, turns red or warm, if you cannot bear weight on it, if " +
  "you have a fever with a painful knee, or if the pain persists or gets worse.";

export const GUIDANCE_DISCLAIMER =
  "This dashboard helps you notice patterns in your training and symptoms. It gives general education based on research in groups of " +
  "runners; it cannot tell you whether you are injured, what is causing your pain, or whether a run is safe for you. If you have any " +
  "warning sign listed here, or pain that is getting worse, see a doctor or physiotherapist.";

/** "a; b; or c": a list of signs in one sentence. */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join("; ")}; or ${items[items.length - 1]}`;
}
