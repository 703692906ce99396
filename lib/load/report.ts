import type { LoadActivity, LoadInput, LoadReport } from "./types";
import { dailyLoadSeries } from "./daily";
import { dailyPoints } from "./ratios";
import { seriesLoads } from "./session-load";
import { runSpikes } from "./spikes";
import { weeklySummaries } from "./weekly";
import { addDays, mondayOf } from "./weeks";

/** Days of daily load before `from` that feed the rolling ratios and CTL/ATL (LoadInput promises them). */
export const LOOKBACK_DAYS = 120;

/**
 * The runner's load report for [from, to]:
 * - `from` is normalised to its Monday; the daily series starts LOOKBACK_DAYS before it (a fixed
 *   start, so the same range gives the same numbers however much history the caller passes);
 *   activities dated after `to` are ignored everywhere;
 * - daily points, spikes and sessions cover [from, to]; weeks run from `from` to the week of `to`;
 * - `dataStart` is the input's, or the earliest activity's date when that is earlier (or the input
 *   has none) — the input is then inconsistent and the activities are the better evidence;
 * - every session load uses one method, chosen over every activity of the lookback and the range
 *   (`seriesLoads`): the units of session-RPE, TRIMP and minutes are never summed together.
 */
export function buildLoadReport(input: LoadInput): LoadReport {
  const { profile, to, today } = input;
  const from = mondayOf(input.from);
  const lookbackStart = addDays(from, -LOOKBACK_DAYS);

  const activities: LoadActivity[] = input.activities
    .filter((a) => a.localDate <= to)
    .sort((a, b) => a.startTime.getTime() - b.startTime.getTime());

  let dataStart = input.dataStart;
  const earliest = activities.reduce<string | null>((min, a) => (min === null || a.localDate < min ? a.localDate : min), null);
  if (earliest !== null && (dataStart === null || earliest < dataStart)) dataStart = earliest;

  const windowActivities = activities.filter((a) => a.localDate >= lookbackStart);
  const { method: loadMethod, coverage: loadCoverage, sessions } = seriesLoads(windowActivities, profile);
  const series = dailyLoadSeries(activities, sessions, lookbackStart, to);
  const inRange = new Set(activities.filter((a) => a.localDate >= from).map((a) => a.id));

  return {
    timeZone: profile.timeZone,
    from,
    to,
    dataStart,
    loadMethod,
    loadCoverage,
    weeks: weeklySummaries({ activities, sessions, from, to, today, dataStart }),
    spikes: runSpikes(activities, from, to),
    daily: dailyPoints(series, dataStart, from, to),
    sessions: sessions.filter((s) => inRange.has(s.activityId)),
  };
}
