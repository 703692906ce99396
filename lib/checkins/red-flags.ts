import type { RedFlag } from "./types";
import { ASKED_WARNING_SIGNS, triageLevel, warningSignOf, type TriageLevel } from "./warning-signs";

/**
 * The check-in's warning-sign questions and what a yes means, read from the one list of warning
 * signs (./warning-signs.ts). Plain constants: the form imports them.
 */

export const RED_FLAG_QUESTIONS = Object.fromEntries(ASKED_WARNING_SIGNS.map((s) => [s.flag, s.question])) as Record<RedFlag, string>;

/** Each sign in a few words, to follow "you reported". */
export const RED_FLAG_WORDS = Object.fromEntries(ASKED_WARNING_SIGNS.map((s) => [s.flag, s.words])) as Record<RedFlag, string>;

/** The check-in's answers in the order the form asks them (most urgent first). */
export const RED_FLAGS_IN_ORDER: readonly RedFlag[] = ASKED_WARNING_SIGNS.map((s) => s.flag);

export type RedFlagUrgency = TriageLevel;

export function redFlagUrgency(flags: readonly RedFlag[]): RedFlagUrgency | null {
  return triageLevel(flags);
}

const WHEN: Record<TriageLevel, string> = {
  emergency: "Go to urgent care or call your local emergency number now.",
  same_day:
    "See a doctor today; if it is severe, or you cannot get an appointment, go to urgent care or call your local emergency number.",
  soon: "Book an appointment with a doctor or physiotherapist soon.",
};

/** What the runner reads the moment they answer yes, and on the dashboard until they mark it seen. */
export function redFlagMessage(flags: readonly RedFlag[]): string | null {
  const urgency = redFlagUrgency(flags);
  if (urgency === null) return null;
  return (
    `You reported ${wordsOf(flags)}. ${WHEN[urgency]} Patella cannot examine your knee: until you have been seen, do not follow its ` +
    "training guidance for this knee."
  );
}

/** "swelling, locking and a fever". */
export function wordsOf(flags: readonly RedFlag[]): string {
  const words = flags.map((f) => warningSignOf(f).words);
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}
