import { median } from "@/lib/guidance/measures";
import { addDays, daysBetween } from "@/lib/load/weeks";
import type { CheckinFact, DailyPain, Episode, EpisodeOptions, ReturnToRun, RunFact } from "./types";

/**
 * Injury episodes: stretches of painful days, read from the highest pain of each day. Calendar
 * dates only (YYYY-MM-DD), so DST never shifts a day.
 */

/** An episode that ended longer ago than this is history, not a return to run (the spike's 30-day window). */
export const RETURN_TO_RUN_DAYS = 30;
/** Farrar et al. 2001: about 2 points on the 0–10 scale is a meaningful change. */
const MEANINGFUL_CHANGE = 2;

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

export function returnToRun(episodes: readonly Episode[], daily: readonly DailyPain[], runs: readonly RunFact[], today: string): ReturnToRun | null {
  const episode = episodes.reduce<Episode | null>((latest, e) => (latest === null || e.start >= latest.start ? e : latest), null);
  if (episode === null || !(episode.ongoing || episode.end >= addDays(today, -RETURN_TO_RUN_DAYS))) return null;

  const medianBetween = (from: string, to: string) => median(daily.filter((d) => d.date >= from && d.date <= to).map((d) => d.pain));
  const firstWeekMedian = medianBetween(episode.start, addDays(episode.start, 6));
  const lastWeekMedian = medianBetween(addDays(today, -6), today);
  let trend: ReturnToRun["trend"] = null;
  if (firstWeekMedian !== null && lastWeekMedian !== null) {
    const fall = firstWeekMedian - lastWeekMedian;
    trend = fall >= MEANINGFUL_CHANGE ? "improving" : -fall >= MEANINGFUL_CHANGE ? "worse" : "unchanged";
  }
  const since = runs.filter((r) => r.localDate >= episode.start && r.localDate <= today);
  return {
    episode,
    daysSinceStart: daysBetween(episode.start, today),
    firstWeekMedian,
    lastWeekMedian,
    trend,
    runsSince: since.length,
    distanceSinceM: since.reduce((sum, r) => sum + r.distanceM, 0),
  };
}
