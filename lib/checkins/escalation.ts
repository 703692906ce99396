import { addDays } from "@/lib/load/weeks";
import type { OstrcWeek } from "./insights";
import type { CheckinFact, ReturnToRun } from "./types";

/**
 * Severity-aware escalation: pain that, whatever the training numbers say, is worth showing to a
 * doctor or physiotherapist ("book an appointment"; the same-day and emergency levels belong to the
 * acute warning signs, ./warning-signs.ts). The guidance document's FAQ 3: "If your knee pain
 * persists or becomes severe, it is recommended to seek medical attention." Each threshold is data
 * with its source; the window is the last 7 days up to today, like the pain model's.
 */

export type EscalationKind = "severe_pain" | "pain_at_rest_or_night" | "stopped_run" | "ostrc_severe_pain" | "persistent_pain";

export interface EscalationThreshold {
  kind: EscalationKind;
  /** The threshold in words (the README and the Guidance page quote it). */
  rule: string;
  source: string;
}

/** Any check-in at or above this is severe pain (Serlin et al. 1995: 7–10 is "severe" on the 0–10 scale). */
export const SEVERE_PAIN = 7;
/** Pain at rest or at night at or above this (above the pain-monitoring model's "safe" 0–3, Silbernagel et al. 2007). */
export const REST_OR_NIGHT_PAIN = 4;
/** Pain during a run above this that made the runner stop (the model's "unacceptable", Silbernagel et al. 2007). */
export const STOPPED_RUN_PAIN = 5;
/** An ongoing pain episode this many days old without a meaningful improvement (guidance-science.md §7, expert opinion). */
export const PERSISTENT_DAYS = 14;
/** OSTRC-O2 question 4, option 3: "Severe pain". */
export const OSTRC_SEVERE_PAIN_OPTION = 3;

export const ESCALATION_THRESHOLDS: readonly EscalationThreshold[] = [
  {
    kind: "severe_pain",
    rule: `any check-in of ${SEVERE_PAIN}/10 or more in the last 7 days`,
    source: "Serlin et al. 1995, Pain 61:277–284 (7–10 on the 0–10 scale is severe pain); the document's FAQ 3 (\"becomes severe\")",
  },
  {
    kind: "pain_at_rest_or_night",
    rule: `pain at rest, or pain that wakes you at night, of ${REST_OR_NIGHT_PAIN}/10 or more in the last 7 days`,
    source:
      "guidance-science.md §7 (pain at night or at rest: book an appointment; NHS knee referral pathways, clinical consensus); " +
      `${REST_OR_NIGHT_PAIN}/10 is the first level above the pain-monitoring model's "safe" 0–3 (Silbernagel et al. 2007)`,
  },
  {
    kind: "stopped_run",
    rule: `pain above ${STOPPED_RUN_PAIN}/10 during a run that made you stop it, in the last 7 days`,
    source: `Silbernagel et al. 2007 (pain above ${STOPPED_RUN_PAIN}/10 is beyond the pain-monitoring model); the document's Prevention 2 ("slow down or stop")`,
  },
  {
    kind: "ostrc_severe_pain",
    rule: "\"severe pain\" in this week's or last week's OSTRC-O2 questionnaire",
    source: "Clarsen et al. 2013, 2020 (OSTRC-O2 question 4); referral on severe pain is expert opinion",
  },
  {
    kind: "persistent_pain",
    rule: `a pain episode still going after ${PERSISTENT_DAYS} days without coming down by 2 points`,
    source:
      "The document's FAQ 3 (\"persists\") and FAQ 1 (mild pain settles \"within a few weeks\"); guidance-science.md §7 (not improving after ~2 weeks " +
      "of reduced load, expert opinion); Farrar et al. 2001 (2 points is a meaningful change)",
  },
];

export interface Escalation {
  kind: EscalationKind;
  /** The check-in that showed it (null for the questionnaire and the episode). */
  checkinId: string | null;
  localDate: string;
  /** The pain read (null for the questionnaire). */
  pain: number | null;
  /** A plain sentence: what Patella read. */
  reason: string;
}

/** The message for every escalation: an appointment, not the same-day message of the acute signs. */
export const BOOK_AN_APPOINTMENT =
  "Book an appointment with a doctor or physiotherapist: the guidance says to seek medical attention when knee pain persists or becomes " +
  "severe (7/10 or more is severe pain, Serlin et al. 1995). This is not an emergency unless you also have one of the warning signs.";

export interface EscalationInput {
  today: string;
  /** Check-ins up to today, any order. */
  checkins: readonly CheckinFact[];
  /** Answered questionnaires, any order. */
  ostrc: readonly OstrcWeek[];
  /** The current week's Monday. */
  currentWeek: string;
  returnToRun: ReturnToRun | null;
}

/** Every escalation of the last 7 days, newest first (one per check-in: the most telling). */
export function painEscalations(input: EscalationInput): Escalation[] {
  const { today } = input;
  const from = addDays(today, -6);
  const found: (Escalation & { at: number })[] = [];
  for (const c of input.checkins) {
    if (c.localDate < from || c.localDate > today) continue;
    const at = c.at.getTime();
    const base = { checkinId: c.id, localDate: c.localDate, pain: c.pain, at };
    const night = c.redFlags.includes("night_pain");
    if (c.pain >= SEVERE_PAIN) {
      found.push({ ...base, kind: "severe_pain", reason: `Pain ${c.pain}/10 on ${c.localDate}: ${SEVERE_PAIN}/10 or more is severe pain.` });
    } else if ((c.timing === "at_rest" || night) && c.pain >= REST_OR_NIGHT_PAIN) {
      const when = night ? "pain that wakes you at night" : "pain at rest";
      found.push({ ...base, kind: "pain_at_rest_or_night", reason: `Pain ${c.pain}/10 at ${night ? "night" : "rest"} on ${c.localDate}: ${when} of ${REST_OR_NIGHT_PAIN}/10 or more.` });
    } else if (c.timing === "during" && c.stoppedRun === true && c.pain > STOPPED_RUN_PAIN) {
      found.push({ ...base, kind: "stopped_run", reason: `Pain ${c.pain}/10 during the run on ${c.localDate} made you stop.` });
    }
  }
  const latestWeek = [...input.ostrc].filter((w) => !w.skipped && w.weekStart <= input.currentWeek).sort((a, b) => (a.weekStart < b.weekStart ? 1 : -1))[0];
  if (latestWeek && latestWeek.weekStart >= addDays(input.currentWeek, -7) && latestWeek.answers?.[3] === OSTRC_SEVERE_PAIN_OPTION) {
    found.push({
      kind: "ostrc_severe_pain",
      checkinId: null,
      localDate: latestWeek.weekStart,
      pain: null,
      at: Date.parse(`${latestWeek.weekStart}T00:00:00Z`),
      reason: `Severe knee pain in your weekly questionnaire of ${latestWeek.weekStart}.`,
    });
  }
  const episode = input.returnToRun;
  if (episode && episode.episode.ongoing && episode.daysSinceStart >= PERSISTENT_DAYS && episode.trend !== "improving") {
    found.push({
      kind: "persistent_pain",
      checkinId: null,
      localDate: episode.episode.end,
      pain: episode.episode.peakPain,
      at: Date.parse(`${episode.episode.end}T23:59:59Z`),
      reason: `Knee pain since ${episode.episode.start} (day ${episode.daysSinceStart}) has not come down by 2 points.`,
    });
  }
  return found.sort((a, b) => b.at - a.at).map(({ at, ...e }) => (void at, e));
}
