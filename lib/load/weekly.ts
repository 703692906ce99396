import type { ChangeBand, LoadActivity, LoadMethod, SessionLoad, WeekSummary } from "./types";
import { isRun } from "./spikes";
import { addDays, mondayOf } from "./weeks";

/** As in spikes.ts: absorbs floating-point error at exact band edges (e.g. 11 km / 10 km − 1). */
const EDGE_TOLERANCE = 1e-9;

/** Week-over-week change bands (R-LOAD-2): ≤ 0 decrease, (0, 0.10], (0.10, 0.30], > 0.30. */
export function changeBand(change: number | null): ChangeBand | null {
  if (change === null) return null;
  if (change <= EDGE_TOLERANCE) return "decrease";
  if (change <= 0.1 + EDGE_TOLERANCE) return "up_to_10";
  if (change <= 0.3 + EDGE_TOLERANCE) return "10_to_30";
  return "over_30";
}

/**
 * Foster's monotony and strain over daily loads (guidance §3.2): monotony = mean / SD with the
 * population SD (÷ n), strain = sum × monotony. Both null when the SD is 0 (every day identical,
 * including a week of no load). The SD is treated as 0 below 1e-9 × max(1, |mean|), so identical
 * non-representable loads (7 × 33.3 AU) do not give a monotony of 10^15 from rounding noise.
 */
export function monotonyAndStrain(dailyLoads: readonly number[]): { monotony: number | null; strain: number | null } {
  const n = dailyLoads.length;
  if (n === 0) return { monotony: null, strain: null };
  const sum = dailyLoads.reduce((acc, x) => acc + x, 0);
  const mean = sum / n;
  const variance = dailyLoads.reduce((acc, x) => acc + (x - mean) ** 2, 0) / n;
  const sd = Math.sqrt(variance);
  if (sd <= 1e-9 * Math.max(1, Math.abs(mean))) return { monotony: null, strain: null };
  const monotony = mean / sd;
  return { monotony, strain: sum * monotony };
}

/** The longest run of consecutive `true` values. */
export function longestStreak(flags: readonly boolean[]): number {
  let best = 0;
  let current = 0;
  for (const f of flags) {
    current = f ? current + 1 : 0;
    best = Math.max(best, current);
  }
  return best;
}

export interface WeeklyInput {
  /** Every activity from (at least) the Monday before `from` up to `to`, any sport. */
  activities: readonly LoadActivity[];
  /** Session loads, matched to activities by id (activities without one add no load). */
  sessions: readonly SessionLoad[];
  /** First week shown: the week containing this date (normally its Monday). */
  from: string;
  /** Last day shown, inclusive; the last week shown is the one containing it. */
  to: string;
  /** The runner's today: days after it are never rest days. */
  today: string;
  /** The runner's first activity ever: days before it are never rest days; null = no data. */
  dataStart: string | null;
}

interface DayBucket {
  any: boolean;
  run: boolean;
  load: number;
}

/**
 * One WeekSummary per Monday from the week of `from` to the week of `to`.
 *
 * - Running figures (distance, time, runs, longest, elevation) count RUNNING_SPORTS only; every
 *   other sport counts as cross-training (moving minutes). Activities dated after `to` are ignored.
 * - Rest days are the days of the week with no activity of any kind that are (a) on or before
 *   both `today` and `to` (later days have not been observed) and (b) on or after `dataStart`.
 *   With no `dataStart` there is no data at all and no day counts as rest.
 * - Load and monotony/strain use session loads of all sports; monotony takes the 7 calendar days
 *   of the week as Foster does (a day without a session is 0, also the days of the current week
 *   after today, which lowers the mean of a week in progress).
 * - distanceChange compares with the previous calendar week, which is read from `activities`
 *   too (so pass the week before `from`); null when that week had no running distance.
 */
export function weeklySummaries(input: WeeklyInput): WeekSummary[] {
  const { from, to, today, dataStart } = input;
  const firstMonday = mondayOf(from);
  const lastMonday = mondayOf(to);
  if (lastMonday < firstMonday) return [];
  const previousMonday = addDays(firstMonday, -7);
  const lastDay = addDays(lastMonday, 6);
  const observedUntil = today < to ? today : to;

  const loadById = new Map<string, SessionLoad>();
  for (const s of input.sessions) loadById.set(s.activityId, s);

  const byWeek = new Map<string, LoadActivity[]>();
  for (const a of input.activities) {
    if (a.localDate < previousMonday || a.localDate > lastDay || a.localDate > to) continue;
    const monday = mondayOf(a.localDate);
    const list = byWeek.get(monday);
    if (list) list.push(a);
    else byWeek.set(monday, [a]);
  }

  const runDistanceOf = (monday: string) =>
    (byWeek.get(monday) ?? []).reduce((acc, a) => (isRun(a) ? acc + a.distanceM : acc), 0);

  const weeks: WeekSummary[] = [];
  let previousDistanceM = runDistanceOf(previousMonday);
  for (let monday = firstMonday; monday <= lastMonday; monday = addDays(monday, 7)) {
    const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
    const buckets = new Map<string, DayBucket>(days.map((d) => [d, { any: false, run: false, load: 0 }]));
    const loadMethods: Record<LoadMethod, number> = { srpe: 0, trimp: 0, duration: 0 };
    let runDistanceM = 0;
    let runMovingS = 0;
    let runs = 0;
    let longestRunM = 0;
    let elevGainM = 0;
    let crossTrainingMin = 0;
    let load = 0;

    for (const a of byWeek.get(monday) ?? []) {
      const bucket = buckets.get(a.localDate)!;
      bucket.any = true;
      if (isRun(a)) {
        bucket.run = true;
        runDistanceM += a.distanceM;
        runMovingS += a.movingS;
        runs += 1;
        longestRunM = Math.max(longestRunM, a.distanceM);
        elevGainM += a.elevGainM ?? 0;
      } else {
        crossTrainingMin += a.movingS / 60;
      }
      const session = loadById.get(a.id);
      if (session) {
        bucket.load += session.load;
        load += session.load;
        loadMethods[session.method] += 1;
      }
    }

    const restDays =
      dataStart === null
        ? 0
        : days.filter((d) => d <= observedUntil && d >= dataStart && !buckets.get(d)!.any).length;
    const maxRunStreakDays = longestStreak(days.map((d) => buckets.get(d)!.run));
    const distanceChange = previousDistanceM > 0 ? runDistanceM / previousDistanceM - 1 : null;
    const { monotony, strain } = monotonyAndStrain(days.map((d) => buckets.get(d)!.load));

    weeks.push({
      weekStart: monday,
      runDistanceM,
      runMovingS,
      runs,
      longestRunM,
      elevGainM,
      restDays,
      maxRunStreakDays,
      crossTrainingMin,
      load,
      loadMethods,
      distanceChange,
      changeBand: changeBand(distanceChange),
      monotony,
      strain,
    });
    previousDistanceM = runDistanceM;
  }
  return weeks;
}
