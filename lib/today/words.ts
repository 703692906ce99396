import type { Units } from "@/db/schema";
import { redFlagMessage } from "@/lib/checkins/red-flags";
import type { SpikeBand } from "@/lib/load/types";
import { formatDistance } from "@/lib/units";
import type { Ceiling, RunRef, Today, TodayRun } from "./today";

/**
 * The Today card's sentences, in the runner's units. Plain functions of the Today answer: the card,
 * GET /api/v1/today and the badges read the same words.
 */

const TIMING_WORDS = { during: "during a run", after: "after a run", next_morning: "next morning", at_rest: "at rest" } as const;

/** "Thu 17 Dec" for a calendar date (no time zone involved). */
export function dayLabel(localDate: string): string {
  const [y, m, d] = localDate.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString("en-GB", { timeZone: "UTC", weekday: "short", day: "numeric", month: "short" });
}

export const km1 = (m: number, units: Units) => formatDistance(m, units, 1);

const BAND_WORDS: Record<SpikeBand, string> = {
  none: "no spike",
  small: "small spike",
  moderate: "moderate spike",
  large: "large spike",
  no_recent_runs: "first run in 30 days",
};

/** A badge's words: "small spike +17%", "no spike", "first run in 30 days" (the load card's words). */
export function spikeBadgeText(band: SpikeBand, spike: number | null): string {
  if (band === "none" || band === "no_recent_runs" || spike === null) return BAND_WORDS[band];
  return `${BAND_WORDS[band]} +${Math.round(spike * 100)}%`;
}

/** "27.0 km — 17% longer than your longest run of the previous 30 days (23.0 km): small spike." */
export function spikeSentence(run: Pick<TodayRun, "distanceM" | "longestPrev30dM" | "spike" | "band">, units: Units): string {
  const d = km1(run.distanceM, units);
  if (run.longestPrev30dM === null || run.spike === null) return `${d} — no run in the 30 days before it to compare with.`;
  const longest = km1(run.longestPrev30dM, units);
  if (run.spike <= 0) return `${d} — within your recent longest (${longest} in the previous 30 days): no spike.`;
  const pct = Math.round(run.spike * 100);
  const tail = run.band === "none" ? "within the 10% margin, no spike" : BAND_WORDS[run.band];
  return `${d} — ${pct}% longer than your longest run of the previous 30 days (${longest}): ${tail}.`;
}

const runWords = (r: RunRef, units: Units) => `${km1(r.distanceM, units)} run of ${dayLabel(r.localDate)}`;

/** The ceiling in one or two sentences: the number (or why there is none), and its reference. */
export function ceilingSentences(ceiling: Ceiling, units: Units): { headline: string; reason: string; change: string | null } {
  const upTo = (m: number) => `Your next run can be up to ${km1(m, units)} without a spike.`;
  switch (ceiling.basis) {
    case "held":
      return {
        headline: "See a healthcare professional before your next run.",
        reason: "A warning sign you reported is still open, so Patella shows no next-run distance and no training advice until the knee has been seen.",
        change: null,
      };
    case "no_recent_runs":
      return {
        headline: "No run in the last 30 days, so there is no recent longest run to measure the next one against.",
        reason: "Start shorter than you used to and build up gradually.",
        change: null,
      };
    case "no_run_since_pain":
      return {
        headline: `You have not run since your knee pain began on ${dayLabel(ceiling.episode!.start)}, so there is no reference run yet and Patella gives no number.`,
        reason: "Start short and see how the knee feels the next morning.",
        change: null,
      };
    case "longest_30d": {
      const ref = ceiling.reference!;
      const n = ceiling.nextChange;
      let change: string | null = null;
      if (n && n.leaving) {
        const when = `From ${dayLabel(n.localDate)}, when the ${km1(n.leaving.distanceM, units)} run leaves the 30-day window`;
        change = n.ceilingM === null ? `${when}, no run will be left in it to measure against.` : `${when}: ${km1(n.ceilingM, units)}.`;
      }
      return { headline: upTo(ceiling.ceilingM!), reason: `That is 1.10 × your ${runWords(ref, units)}, the longest of the last 30 days.`, change };
    }
    case "after_pain": {
      const ref = ceiling.reference!;
      const ep = ceiling.episode!;
      const instead = ceiling.excluded ? `, not the ${km1(ceiling.excluded.distanceM, units)} run that was followed by more pain` : ceiling.longest30d && ceiling.longest30d.distanceM > ref.distanceM ? `, not your 30-day longest (${km1(ceiling.longest30d.distanceM, units)})` : "";
      const reason =
        `Because of the knee pain ${ep.ongoing ? "that began" : "you had from"} ${dayLabel(ep.start)}${ep.ongoing ? "" : ` to ${dayLabel(ep.end)}`}, ` +
        `the reference is your longest run since then that did not leave the next morning worse — your ${runWords(ref, units)}${instead}.`;
      const n = ceiling.nextChange;
      const change =
        n === null
          ? null
          : `From ${dayLabel(n.localDate)} the pain is history and the 30-day longest counts again: ${n.ceilingM === null ? "no run will be left to measure against" : km1(n.ceilingM, units)}.`;
      return { headline: upTo(ceiling.ceilingM!), reason, change };
    }
  }
}

/** Every sentence of the card, in the runner's units (also in GET /api/v1/today as `text`). */
export function todayText(t: Today, units: Units) {
  const ceiling = ceilingSentences(t.ceiling, units);
  const { soFar, lastWeek, lastWeekToSameDayM } = t.week;
  const runsWord = (n: number) => `${n} ${n === 1 ? "run" : "runs"}`;
  return {
    latestRun: t.latestRun ? `${dayLabel(t.latestRun.localDate)}: ${spikeSentence(t.latestRun, units)}` : "No runs yet.",
    ceiling,
    week:
      `This week so far: ${km1(soFar.distanceM, units)} in ${runsWord(soFar.runs)}. ` +
      `Last week: ${km1(lastWeek.distanceM, units)} in ${runsWord(lastWeek.runs)} (${km1(lastWeekToSameDayM, units)} by this day).`,
    lastCheckin: t.lastCheckin
      ? `Last check-in: pain ${t.lastCheckin.pain}/10 (${TIMING_WORDS[t.lastCheckin.timing]}), ${dayLabel(t.lastCheckin.localDate)}.`
      : "No check-ins yet.",
    checkinDue: t.checkinDue ? `Your ${runWords(t.checkinDue, units)} has no check-in yet: how is the knee?` : null,
    warningSign: t.openRedFlag ? redFlagMessage(t.openRedFlag.redFlags) : null,
  };
}
