import type { Db } from "@/db/client";
import { firstActivityDate, loadActivities } from "@/db/queries/load";
import type { UserSettings } from "@/db/queries/users";
import { buildLoadReport, LOOKBACK_DAYS } from "./report";
import type { LoadReport } from "./types";
import { addDays, localDateOf, mondayOf, startOfLocalDay } from "./weeks";

/**
 * A runner's load report for [from, to] (local dates; `from` is moved back to its Monday). Reads
 * only the activities of that range plus the lookback, so the cost follows the range asked for,
 * not the length of the runner's history.
 */
export async function loadReportFor(
  db: Db,
  userId: string,
  settings: Pick<UserSettings, "timeZone" | "sex" | "hrRest" | "hrMax">,
  range: { from?: string; to?: string; weeks?: number },
  now: Date = new Date(),
): Promise<LoadReport> {
  const { timeZone } = settings;
  const today = localDateOf(now, timeZone);
  const to = range.to ?? today;
  const from = mondayOf(range.from ?? addDays(mondayOf(to), -7 * ((range.weeks ?? 12) - 1)));
  const [activities, dataStart] = await Promise.all([
    loadActivities(db, {
      userId,
      timeZone,
      from: startOfLocalDay(addDays(from, -LOOKBACK_DAYS), timeZone),
      to: startOfLocalDay(addDays(to, 1), timeZone),
    }),
    firstActivityDate(db, { userId, timeZone }),
  ]);
  return buildLoadReport({
    activities,
    profile: { timeZone, sex: settings.sex, hrRest: settings.hrRest, hrMax: settings.hrMax },
    from,
    to,
    today,
    dataStart,
  });
}
