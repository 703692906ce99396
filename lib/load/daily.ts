import type { LoadActivity, SessionLoad } from "./types";
import { addDays } from "./weeks";

/** The summed session load (AU) of one calendar day in the runner's time zone. */
export interface DailyLoad {
  date: string;
  load: number;
}

/**
 * One entry per calendar day from `from` to `to` inclusive (empty when `to` < `from`), each the sum
 * of the loads of the activities whose `localDate` is that day; days without an activity are 0.
 * Session loads are matched to activities by id; an activity without a session load adds nothing,
 * and activities outside the range are ignored.
 */
export function dailyLoadSeries(
  activities: readonly Pick<LoadActivity, "id" | "localDate">[],
  sessions: readonly SessionLoad[],
  from: string,
  to: string,
): DailyLoad[] {
  const loadById = new Map<string, number>();
  for (const s of sessions) loadById.set(s.activityId, s.load);

  const loadByDate = new Map<string, number>();
  for (const a of activities) {
    const load = loadById.get(a.id);
    if (load === undefined || a.localDate < from || a.localDate > to) continue;
    loadByDate.set(a.localDate, (loadByDate.get(a.localDate) ?? 0) + load);
  }

  const series: DailyLoad[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) {
    series.push({ date, load: loadByDate.get(date) ?? 0 });
  }
  return series;
}
