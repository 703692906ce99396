import { median } from "@/lib/guidance/measures";
import { addDays, daysBetween } from "@/lib/load/weeks";
import type { CheckinFact, DailyPain, Episode, EpisodeOptions, LatestCheckin, ReturnToRun, RunFact } from "./types";
import { lastSevenDays } from "./window";

/**
 * Injury episodes: stretches of painful days, read from the highest pain of each day. Calendar
 * dates only (YYYY-MM-DD), so DST never shifts a day.
 */

/** An episode that ended longer ago than this is history, not a return to run (the spike's 30-day window). */
export const RETURN_TO_RUN_DAYS = 30;
/**
 * Farrar et al. 2001: a fall of about 2 points, or of about 30%, on the 0–10 scale is a clinically
 * important improvement. Farrar measured falls; Patella reads a rise as worse at 2 points only, so
 * a 3/10 episode does not turn "worse" on a 1-point rise.
 */
const MEANINGFUL_POINTS = 2;
const MEANINGFUL_FRACTION = 0.3;
/** Absorbs floating-point error at exactly 30% (5 → 3.5). */
const EPSILON = 1e-9;

/** Whether pain fell from `before` to `after` by Farrar's 2 points or 30%. */
export function meaningfulFall(before: number, after: number): boolean {
  const fall = before - after;
  return fall >= MEANINGFUL_POINTS - EPSILON || (before > 0 && fall > 0 && fall >= MEANINGFUL_FRACTION * before - EPSILON);
}

/** The latest check-in (by time) on or before `today`, or null. */
export function latestCheckin(checkins: readonly CheckinFact[], today: string): LatestCheckin | null {
  let latest: CheckinFact | null = null;
  for (const c of checkins) if (c.localDate <= today && (latest === null || c.at.getTime() > latest.at.getTime())) latest = c;
  return latest === null ? null : { localDate: latest.localDate, pain: latest.pain, timing: latest.timing };
}

export function dailyPain(checkins: readonly CheckinFact[]): DailyPain[] {
  const byDate = new Map<string, DailyPain>();
  for (const c of checkins) {
    const day = byDate.get(c.localDate);
    if (day) {
      day.pain = Math.max(day.pain, c.pain);
      day.checkins += 1;
    } else byDate.set(c.localDate, { date: c.localDate, pain: c.pain, checkins: 1 });
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

export const DEFAULT_EPISODE_OPTIONS: EpisodeOptions = { threshold: 3, maxGapDays: 3, minDays: 2 };

export function detectEpisodes(checkins: readonly CheckinFact[], today: string, options: EpisodeOptions = DEFAULT_EPISODE_OPTIONS): Episode[] {
  const { threshold, maxGapDays, minDays } = options;
  const found: Episode[] = [];
  let open: Episode | null = null;
  for (const day of dailyPain(checkins)) {
    if (day.pain < threshold) {
      // A recorded day below the threshold closes the episode: the pain settled.
      if (open) found.push(open);
      open = null;
    } else if (open && daysBetween(open.end, day.date) <= maxGapDays) {
      open.end = day.date;
      open.painfulDays += 1;
      open.peakPain = Math.max(open.peakPain, day.pain);
    } else {
      if (open) found.push(open);
      open = { start: day.date, end: day.date, painfulDays: 1, peakPain: day.pain, ongoing: false };
    }
  }
  // Only the episode still open at the end of the walk can be ongoing: every other one was closed
  // by a low day or followed by painful days too far after it.
  if (open) found.push({ ...open, ongoing: daysBetween(open.end, today) <= maxGapDays });
  return found.filter((e) => e.painfulDays >= minDays);
}

/**
 * The latest episode (ongoing, or ended in the last 28 days) against the runner's latest check-in:
 * the median of its first 7 days against the last 7 days (`lastSevenDays`, the window of every pain
 * summary). "improving" needs Farrar's fall (2 points or 30%) AND a latest check-in below the first
 * week's median: a 6/10 today is not an improvement because the week's median fell.
 */
export function returnToRun(
  episodes: readonly Episode[],
  daily: readonly DailyPain[],
  runs: readonly RunFact[],
  today: string,
  latest: LatestCheckin | null = null,
): ReturnToRun | null {
  const episode = episodes.reduce<Episode | null>((found, e) => (found === null || e.start >= found.start ? e : found), null);
  if (episode === null || !(episode.ongoing || episode.end >= addDays(today, -RETURN_TO_RUN_DAYS))) return null;

  const medianBetween = (from: string, to: string) => median(daily.filter((d) => d.date >= from && d.date <= to).map((d) => d.pain));
  const firstWeekMedian = medianBetween(episode.start, addDays(episode.start, 6));
  const recent = lastSevenDays(today);
  const lastWeekMedian = medianBetween(recent.from, recent.to);
  let trend: ReturnToRun["trend"] = null;
  if (firstWeekMedian !== null && lastWeekMedian !== null) {
    const backUp = latest !== null && latest.localDate >= recent.from && latest.pain >= firstWeekMedian;
    trend =
      meaningfulFall(firstWeekMedian, lastWeekMedian) && !backUp
        ? "improving"
        : lastWeekMedian - firstWeekMedian >= MEANINGFUL_POINTS - EPSILON
          ? "worse"
          : "unchanged";
  }
  const since = runs.filter((r) => r.localDate >= episode.start && r.localDate <= today);
  return {
    episode,
    daysSinceStart: daysBetween(episode.start, today),
    firstWeekMedian,
    lastWeekMedian,
    trend,
    latest,
    runsSince: since.length,
    distanceSinceM: since.reduce((sum, r) => sum + r.distanceM, 0),
  };
}
