import { median } from "@/lib/guidance/measures";
import { addDays } from "@/lib/load/weeks";
import type { CheckinFact, PainModelBreak, PainModelResult, RunFact } from "./types";
import { lastSevenDays } from "./window";

/**
 * The pain-monitoring model (Silbernagel et al. 2007; guidance-science.md §4) read over the last
 * 7 days (`lastSevenDays`, the one window of every pain summary). It compares pain with the
 * model's limits; it does not say what the pain is. Silbernagel's patients had Achilles
 * tendinopathy and all did the same tendon-loading programme; using the model for knees is an
 * extrapolation.
 *
 * Every timing feeds it: pain during or after a run above 5/10 (R-PAIN-1), pain at rest above 5/10
 * (pain at rest beyond what the model allows even with running; Patella's reading, since the trial
 * only monitored pain with activity), next-morning pain above the pain before the run (R-PAIN-2),
 * and the weekly median of every check-in rising (R-PAIN-3). A week without check-ins does not hide
 * a rise: the last 7 days are compared with the latest earlier 7 days that have check-ins (up to
 * RISE_LOOKBACK_WEEKS back), and so is that week with the one before it.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** R-PAIN-1: pain with running may reach this, not more. */
const MAX_PAIN_WITH_RUNNING = 5;
/** A next-morning check-in further than this from the run is not read as "the morning after". */
const NEXT_MORNING_MAX_MS = 36 * HOUR_MS;
/** A weekly median must rise by at least this to count as a rise. */
const MIN_WEEKLY_RISE = 1;
/** How many earlier 7-day weeks a rise looks back for one with check-ins. */
export const RISE_LOOKBACK_WEEKS = 8;

function inDates(c: CheckinFact, from: string, to: string): boolean {
  return c.localDate >= from && c.localDate <= to;
}

function byAt(a: CheckinFact, b: CheckinFact): number {
  return a.at.getTime() - b.at.getTime();
}

/** The run a next-morning check-in follows: the linked one, else the latest in the 36 hours before it. */
function runBefore(checkin: CheckinFact, runs: readonly RunFact[]): RunFact | null {
  if (checkin.activityId !== null) {
    const linked = runs.find((r) => r.id === checkin.activityId);
    if (linked) return linked;
  }
  const at = checkin.at.getTime();
  let pick: RunFact | null = null;
  for (const run of runs) {
    const start = run.startTime.getTime();
    if (start < at && at - start <= NEXT_MORNING_MAX_MS && (pick === null || start > pick.startTime.getTime())) pick = run;
  }
  return pick;
}

/** The lowest resting or morning pain of the 7 days before the run, or null when none was recorded. */
function baselineBefore(run: RunFact, checkins: readonly CheckinFact[]): number | null {
  const end = run.startTime.getTime();
  const from = end - 7 * DAY_MS;
  let lowest: number | null = null;
  for (const c of checkins) {
    const at = c.at.getTime();
    if ((c.timing === "at_rest" || c.timing === "next_morning") && at >= from && at < end && (lowest === null || c.pain < lowest)) lowest = c.pain;
  }
  return lowest;
}

function over5AtRest(c: CheckinFact): PainModelBreak {
  return {
    kind: "over_5_at_rest",
    checkinId: c.id,
    localDate: c.localDate,
    pain: c.pain,
    comparedWith: MAX_PAIN_WITH_RUNNING,
    reason: `Pain ${c.pain}/10 at rest on ${c.localDate}: more than the 5/10 the pain-monitoring model allows even while running.`,
  };
}

function over5(c: CheckinFact): PainModelBreak {
  return {
    kind: "over_5_with_running",
    checkinId: c.id,
    localDate: c.localDate,
    pain: c.pain,
    comparedWith: MAX_PAIN_WITH_RUNNING,
    reason: `Pain ${c.pain}/10 ${c.timing === "during" ? "during" : "after"} the run on ${c.localDate}: the pain-monitoring model allows up to ${MAX_PAIN_WITH_RUNNING}/10.`,
  };
}

function notSettled(c: CheckinFact, run: RunFact, baseline: number | null): PainModelBreak {
  const before =
    baseline === null
      ? `No pain was recorded in the 7 days before that run, so 0/10 is assumed as your usual pain`
      : `Your lowest pain in the 7 days before that run was ${baseline}/10`;
  return {
    kind: "not_settled_next_morning",
    checkinId: c.id,
    localDate: c.localDate,
    pain: c.pain,
    comparedWith: baseline ?? 0,
    reason: `Pain ${c.pain}/10 on the morning of ${c.localDate}, after the run on ${run.localDate}. ${before}: the pain-monitoring model expects pain to settle back by the next morning.`,
  };
}

/**
 * Whether a next-morning check-in shows a break of R-PAIN-2 (pain above the lowest resting or
 * morning pain of the 7 days before the run, 0 when none was recorded), and the run it follows.
 */
function nextMorningBreak(c: CheckinFact, runs: readonly RunFact[], checkins: readonly CheckinFact[]): { run: RunFact; baseline: number | null } | null {
  if (c.timing !== "next_morning") return null;
  const run = runBefore(c, runs);
  if (run === null) return null;
  const baseline = baselineBefore(run, checkins);
  return c.pain > (baseline ?? 0) ? { run, baseline } : null;
}

/** Ids of the runs followed by a worse next-morning pain (R-PAIN-2), over every check-in given. */
export function runsNotSettledByMorning(checkins: readonly CheckinFact[], runs: readonly RunFact[]): Set<string> {
  const ids = new Set<string>();
  for (const c of checkins) {
    const broke = nextMorningBreak(c, runs, checkins);
    if (broke) ids.add(broke.run.id);
  }
  return ids;
}

/** The 7-day window `weeksBack` weeks before the last seven days. */
function weekWindow(today: string, weeksBack: number): { from: string; to: string } {
  const { from, to } = lastSevenDays(today);
  return { from: addDays(from, -7 * weeksBack), to: addDays(to, -7 * weeksBack) };
}

export function evaluatePainModel(checkins: readonly CheckinFact[], runs: readonly RunFact[], today: string): PainModelResult {
  const window = lastSevenDays(today);
  const inWindow = checkins.filter((c) => inDates(c, window.from, window.to)).sort(byAt);
  if (inWindow.length === 0) return { status: "not_enough_data", breaks: [], checkins: 0, highestPain: null };

  // R-PAIN-1, pain at rest and R-PAIN-2. Each check-in has one timing, so it yields at most one
  // break, and walking the window in time order keeps the breaks in time order.
  const breaks: PainModelBreak[] = [];
  for (const c of inWindow) {
    if ((c.timing === "during" || c.timing === "after") && c.pain > MAX_PAIN_WITH_RUNNING) breaks.push(over5(c));
    if (c.timing === "at_rest" && c.pain > MAX_PAIN_WITH_RUNNING) breaks.push(over5AtRest(c));
    const broke = nextMorningBreak(c, runs, checkins);
    if (broke) breaks.push(notSettled(c, broke.run, broke.baseline));
  }

  // R-PAIN-3 over rolling 7-day weeks ending today, so a rise shows without waiting for Monday. A
  // week without check-ins is skipped: the comparison is with the latest earlier week that has them.
  const weekMedian = (weeksBack: number) => {
    const w = weekWindow(today, weeksBack);
    return median(checkins.filter((c) => inDates(c, w.from, w.to)).map((c) => c.pain));
  };
  const earlierWithCheckins = (after: number): { weeksBack: number; median: number } | null => {
    for (let k = after + 1; k <= RISE_LOOKBACK_WEEKS; k++) {
      const m = weekMedian(k);
      if (m !== null) return { weeksBack: k, median: m };
    }
    return null;
  };
  const rises = (earlier: number, later: number): boolean => later - earlier >= MIN_WEEKLY_RISE;
  const m0 = weekMedian(0);
  const previous = earlierWithCheckins(0);
  let twoInARow = false;
  if (m0 !== null && previous !== null && rises(previous.median, m0)) {
    const before = earlierWithCheckins(previous.weeksBack);
    twoInARow = before !== null && rises(before.median, previous.median);
    const latest = inWindow.at(-1)!;
    const span = (weeksBack: number) => {
      const w = weekWindow(today, weeksBack);
      return `${w.from} to ${w.to}`;
    };
    const compared =
      previous.weeksBack === 1
        ? `up from ${previous.median}/10 the 7 days before`
        : `up from ${previous.median}/10 in ${span(previous.weeksBack)}, the latest earlier 7 days with check-ins`;
    const tail = twoInARow
      ? `, after rising the week before too (from ${before!.median}/10): pain has gone up two weeks in a row.`
      : `: one rise; the model asks that pain does not keep rising from week to week.`;
    breaks.push({
      kind: "rising_week_to_week",
      checkinId: latest.id,
      localDate: latest.localDate,
      pain: m0,
      comparedWith: previous.median,
      reason: `Your median pain over the last 7 days was ${m0}/10, ${compared}${tail}`,
    });
  }

  const acts = breaks.some((b) => b.kind !== "rising_week_to_week") || twoInARow;
  return {
    status: acts ? "reduce_load" : breaks.length > 0 ? "watch" : "ok",
    breaks,
    checkins: inWindow.length,
    highestPain: Math.max(...inWindow.map((c) => c.pain)),
  };
}
