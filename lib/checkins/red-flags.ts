import type { RedFlag } from "./types";

/**
 * The check-in's warning-sign questions and what a yes means (guidance-science.md §7: clinical
 * consensus from knee referral pathways and the Ottawa knee rule). Plain constants: the form imports them.
 */

export const RED_FLAG_QUESTIONS: Record<RedFlag, string> = {
  swelling: "Is your knee swollen?",
  giving_way: "Has your knee given way or felt unstable?",
  cannot_bear_weight: "Are you unable to put weight on the leg, or to walk four steps?",
  locking: "Does your knee lock or catch, or not straighten fully?",
  redness_warmth: "Is your knee red, or warm to the touch?",
  fever: "Do you have a fever or feel unwell?",
  fall_or_twist: "Did the pain start with a fall, a twist or a knock?",
};

/** Each sign in a few words, to follow "you reported". */
export const RED_FLAG_WORDS: Record<RedFlag, string> = {
  swelling: "swelling",
  giving_way: "the knee giving way",
  cannot_bear_weight: "not being able to bear weight",
  locking: "locking",
  redness_warmth: "redness or warmth",
  fever: "a fever",
  fall_or_twist: "pain that started with a fall or twist",
};

/** Signs that need to be seen the same day; the others need an appointment soon. */
const SAME_DAY: ReadonlySet<RedFlag> = new Set(["cannot_bear_weight", "locking", "redness_warmth", "fever", "fall_or_twist"]);

export type RedFlagUrgency = "same_day" | "soon";

export function redFlagUrgency(flags: readonly RedFlag[]): RedFlagUrgency | null {
  if (flags.length === 0) return null;
  return flags.some((f) => SAME_DAY.has(f)) ? "same_day" : "soon";
}

/** What the runner reads the moment they answer yes, and on the dashboard until they mark it seen. */
export function redFlagMessage(flags: readonly RedFlag[]): string | null {
  const urgency = redFlagUrgency(flags);
  if (urgency === null) return null;
  const when =
    urgency === "same_day"
      ? "See a doctor today; if it is severe, or you cannot get an appointment, go to urgent care or call your local emergency number."
      : "Book an appointment with a doctor or physiotherapist soon.";
  return (
    `You reported ${wordsOf(flags)}. ${when} Patella cannot examine your knee: until you have been seen, do not follow its ` +
    "training guidance for this knee."
  );
}

/** "swelling, locking and a fever". */
export function wordsOf(flags: readonly RedFlag[]): string {
  const words = flags.map((f) => RED_FLAG_WORDS[f]);
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}
