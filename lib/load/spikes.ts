import { RUNNING_SPORTS } from "@/db/schema";
import type { LoadActivity, RunSpike, SpikeBand } from "./types";

/**
 * Session spikes (guidance R-LOAD-1, Frandsen et al. 2025): a run's distance against the longest
 * run that started in the 30 × 24 h before it, `[start − 30 d, start)` in instants (not calendar
 * days, so a DST change does not stretch or shrink the window).
 */

export const SPIKE_WINDOW_MS = 30 * 86_400_000;

/**
 * Band edges are inclusive upper bounds. A tolerance of 1e-9 absorbs floating-point error at the
 * exact edges (1100 / 1000 − 1 = 0.10000000000000009 in binary floating point, which must still
 * be "none"); it is far below anything a GPS can measure (1e-9 of 10 km is 10 µm).
 */
const EDGE_TOLERANCE = 1e-9;

export function spikeBand(spike: number | null): SpikeBand {
  if (spike === null) return "no_recent_runs";
  if (spike <= 0.1 + EDGE_TOLERANCE) return "none";
  if (spike <= 0.3 + EDGE_TOLERANCE) return "small";
  if (spike <= 1 + EDGE_TOLERANCE) return "moderate";
  return "large";
}

export function isRun(activity: Pick<LoadActivity, "sport">): boolean {
  return RUNNING_SPORTS.includes(activity.sport);
}

/**
 * Every run whose `localDate` is in [from, to], in start-time order, with the longest run of the
 * previous 30 days and its spike band. `activities` may hold any sports and any history (the
 * window needs the 30 days before `from`); non-running sports are ignored.
 *
 * Runs with no distance (a treadmill run recorded without one) do not count as a "longest previous
 * run": a 0 m longest would make the spike undefined. Runs that start at the same instant do not
 * count for each other (the window is open at the run's own start).
 *
 * O(n log n) for the sort, then O(n) for the window: a monotonic deque of previous runs whose
 * distances decrease from front to back (a run is dropped once a later run at least as long has
 * started, since the later one stays in every future window at least as long as it).
 */
export function runSpikes(activities: readonly LoadActivity[], from: string, to: string): RunSpike[] {
  const runs = activities
    .filter(isRun)
    .sort((a, b) => a.startTime.getTime() - b.startTime.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const spikes: RunSpike[] = [];
  // Indices into `runs`; deque[head..] is live. Start times increase and distances decrease along it.
  const deque: number[] = [];
  let head = 0;
  let i = 0;
  while (i < runs.length) {
    const t = runs[i]!.startTime.getTime();
    // All runs starting at this same instant see the same window: answer them all before adding any.
    let j = i;
    while (j < runs.length && runs[j]!.startTime.getTime() === t) j++;

    const windowStart = t - SPIKE_WINDOW_MS;
    while (head < deque.length && runs[deque[head]!]!.startTime.getTime() < windowStart) head++;
    const longestIdx = head < deque.length ? deque[head]! : null;
    const longest = longestIdx === null ? null : runs[longestIdx]!.distanceM;

    for (let k = i; k < j; k++) {
      const run = runs[k]!;
      if (run.localDate < from || run.localDate > to) continue;
      const spike = longest === null ? null : run.distanceM / longest - 1;
      spikes.push({
        activityId: run.id,
        name: run.name,
        localDate: run.localDate,
        startTime: run.startTime,
        distanceM: run.distanceM,
        movingS: run.movingS,
        avgCadenceSpm: run.avgCadenceSpm,
        surface: run.surface,
        gearId: run.gearId,
        longestPrev30dM: longest,
        spike,
        band: spikeBand(spike),
      });
    }

    for (let k = i; k < j; k++) {
      const d = runs[k]!.distanceM;
      if (!(d > 0)) continue;
      while (deque.length > head && runs[deque[deque.length - 1]!]!.distanceM <= d) deque.pop();
      deque.push(k);
    }
    // Keep the backing array from growing without bound over a long history.
    if (head > 1024 && head * 2 > deque.length) {
      deque.splice(0, head);
      head = 0;
    }
    i = j;
  }
  return spikes;
}
