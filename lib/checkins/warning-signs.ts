import type { RedFlag } from "./types";

/**
 * THE list of warning signs: one piece of data that the check-in form (its questions), the banner and
 * the referral message (the words and the level) and the Guidance page (the "if" phrases, grouped by
 * level) all read. Levels follow guidance-science.md §7 (clinical consensus from knee referral
 * pathways and the Ottawa knee rule). Plain constants: client components import this file.
 */

/** How soon to be seen: "emergency" now, "same_day" today, "soon" an appointment in the coming days. */
export type TriageLevel = "emergency" | "same_day" | "soon";

export interface WarningSign {
  /** The check-in answer that reports it; null for signs Patella lists but does not ask (or reads from pain). */
  flag: RedFlag | null;
  /** The check-in question (null when not asked). */
  question: string | null;
  /** The sign in a few words, to follow "you reported". */
  words: string | null;
  /** The sign phrased to follow "if", for the Guidance page's list. */
  ifText: string;
  level: TriageLevel;
  source: string;
}

const PATHWAYS = "guidance-science.md §7: NHS Gloucestershire and Cornwall knee referral pathways (clinical consensus)";
const OTTAWA = "Ottawa knee rule (Stiell et al.), self-reportable items";
const DVT = "NHS: deep vein thrombosis — a swollen, painful or tender calf needs urgent medical help (clinical consensus)";

export const WARNING_SIGNS: readonly WarningSign[] = [
  // Now: urgent care or the local emergency number.
  {
    flag: "deformity",
    question: "Does your knee look deformed, or has your kneecap moved out of place?",
    words: "a knee that looks deformed",
    ifText: "your knee looks deformed or your kneecap has moved out of place",
    level: "emergency",
    source: PATHWAYS,
  },
  {
    flag: "numbness_cold_foot",
    question: "Is your lower leg or foot numb, tingling, cold or a different colour?",
    words: "numbness, tingling or coldness below the knee",
    ifText: "you have numbness, tingling, coldness or a change of colour below the knee",
    level: "emergency",
    source: PATHWAYS,
  },
  // The same day.
  {
    flag: "cannot_bear_weight",
    question: "Are you unable to put weight on the leg, or to walk four steps?",
    words: "not being able to bear weight",
    ifText: "you cannot bear weight on the leg or walk four steps",
    level: "same_day",
    source: `${PATHWAYS}; ${OTTAWA}`,
  },
  {
    flag: "locking",
    question: "Is your knee locked, so that it will not straighten fully?",
    words: "locking",
    ifText: "your knee is locked and will not straighten",
    level: "same_day",
    source: PATHWAYS,
  },
  {
    flag: "redness_warmth",
    question: "Is your knee red, or warm to the touch?",
    words: "redness or warmth",
    ifText: "your knee is red or warm, especially if it is swollen too",
    level: "same_day",
    source: `${PATHWAYS}; patient.info "hot swollen joints"`,
  },
  {
    flag: "fever",
    question: "Do you have a fever or feel unwell?",
    words: "a fever",
    ifText: "you have a fever or feel unwell with a painful knee",
    level: "same_day",
    source: `${PATHWAYS}; patient.info "hot swollen joints"`,
  },
  {
    flag: "calf_swelling",
    question: "Is your calf swollen, tender or warm?",
    words: "a swollen or tender calf",
    ifText: "your calf is swollen, tender or warm",
    level: "same_day",
    source: DVT,
  },
  {
    flag: null,
    question: null,
    words: null,
    ifText: "your knee swelled up within a few hours of a fall, a twist or a knock",
    level: "same_day",
    source: PATHWAYS,
  },
  {
    flag: null,
    question: null,
    words: null,
    ifText: "after a fall or a twist you cannot bend the knee to a right angle, or you are 55 or older and hurt it in a fall or collision",
    level: "same_day",
    source: OTTAWA,
  },
  // Book an appointment.
  {
    flag: "swelling",
    question: "Is your knee swollen?",
    words: "swelling",
    ifText: "your knee is swollen, or swelling does not go away",
    level: "soon",
    source: PATHWAYS,
  },
  {
    flag: "giving_way",
    question: "Has your knee given way or felt unstable?",
    words: "the knee giving way",
    ifText: "your knee gives way or feels unstable",
    level: "soon",
    source: PATHWAYS,
  },
  {
    flag: "catching",
    question: "Does your knee catch, or lock for a moment and then free itself?",
    words: "catching",
    ifText: "your knee catches or locks now and then",
    level: "soon",
    source: PATHWAYS,
  },
  {
    flag: "night_pain",
    question: "Does knee pain wake you at night?",
    words: "pain at night",
    ifText: "knee pain wakes you at night",
    level: "soon",
    source: PATHWAYS,
  },
  {
    flag: "fall_or_twist",
    question: "Did the pain start with a fall, a twist or a knock?",
    words: "pain that started with a fall, twist or knock",
    ifText: "your pain started with a fall, a twist or a knock",
    level: "soon",
    source: PATHWAYS,
  },
  {
    flag: null,
    question: null,
    words: null,
    ifText: "you have pain at rest of 4/10 or more, or pain that never lets up",
    level: "soon",
    source: PATHWAYS,
  },
  {
    flag: null,
    question: null,
    words: null,
    ifText: "your pain reaches 7/10, persists or gets worse, or has not improved after about two weeks of running less",
    level: "soon",
    source: "The guidance document's FAQ 3 (\"persists or becomes severe\"); thresholds in lib/checkins/escalation.ts",
  },
  {
    flag: null,
    question: null,
    words: null,
    ifText: "you have lost weight without trying, or found a lump",
    level: "soon",
    source: PATHWAYS,
  },
];

/**
 * Answers that together are more urgent than each alone: swelling after a fall, twist or knock is
 * "large swelling within ~2 h of an injury" as far as a check-in can tell (guidance-science.md §7).
 */
export const WARNING_SIGN_COMBINATIONS: readonly { flags: readonly RedFlag[]; level: TriageLevel; source: string }[] = [
  { flags: ["fall_or_twist", "swelling"], level: "same_day", source: PATHWAYS },
];

/** The signs the check-in asks about, in the list's order (most urgent first). */
export const ASKED_WARNING_SIGNS = WARNING_SIGNS.filter((s): s is WarningSign & { flag: RedFlag; question: string; words: string } => s.flag !== null);

export function warningSignOf(flag: RedFlag): WarningSign & { flag: RedFlag; question: string; words: string } {
  const sign = ASKED_WARNING_SIGNS.find((s) => s.flag === flag);
  if (!sign) throw new Error(`No warning sign for ${flag}`);
  return sign;
}

/** The "if" phrases of one level, in the list's order (the Guidance page's list). */
export function warningSignsAt(level: TriageLevel): string[] {
  return WARNING_SIGNS.filter((s) => s.level === level).map((s) => s.ifText);
}

const RANK: Record<TriageLevel, number> = { soon: 0, same_day: 1, emergency: 2 };

/** The most urgent level of a set of answers (combinations included), or null without any. */
export function triageLevel(flags: readonly RedFlag[]): TriageLevel | null {
  let level: TriageLevel | null = null;
  const raise = (l: TriageLevel) => {
    if (level === null || RANK[l] > RANK[level]) level = l;
  };
  for (const flag of flags) raise(warningSignOf(flag).level);
  for (const combo of WARNING_SIGN_COMBINATIONS) if (combo.flags.every((f) => flags.includes(f))) raise(combo.level);
  return level;
}
