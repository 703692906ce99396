import type { Db } from "@/db/client";
import { ApiError } from "@/lib/api/errors";
import { VersionedLru } from "@/lib/cache/versioned-lru";
import { MAX_RANGE_DAYS } from "@/lib/validation/load";
import { firstActivityDate, loadActivities } from "@/db/queries/load";
import type { UserSettings } from "@/db/queries/users";
import { buildLoadReport, LOOKBACK_DAYS } from "./report";
import type { LoadReport } from "./types";
import { addDays, localDateOf, mondayOf, startOfLocalDay } from "./weeks";

/** The range a request means: defaults filled in, `from` on its Monday, `to` never after today. */
export function resolveRange(range: { from?: string; to?: string; weeks?: number }, today: string): { from: string; to: string } {
  const to = range.to !== undefined && range.to < today ? range.to : today;
  const from = mondayOf(range.from ?? addDays(mondayOf(to), -7 * ((range.weeks ?? 12) - 1)));
  return { from, to };
}

/** Whether a request asked for the dashboard's default weeks (the only range the caches keep). */
export function isDefaultRange(range: { from?: string; to?: string }): boolean {
  return range.from === undefined && range.to === undefined;
}

/**
 * The range a request means, refused (400) when, with the defaults filled in, it starts after today
 * or is longer than ten years. Every endpoint that reads the load report checks its range here.
 */
export function checkedRange(query: { from?: string; to?: string }, today: string): { from: string; to: string } {
  const range = resolveRange(query, today);
  if (range.from > range.to) throw new ApiError(400, "bad_request:query", "from: the range starts after today.");
  if (addDays(range.from, MAX_RANGE_DAYS) < range.to) {
    throw new ApiError(400, "bad_request:query", `from: ask for at most ${MAX_RANGE_DAYS} days at a time.`);
  }
  return range;
}

/**
 * Reports computed recently, per runner and range. An entry is used only while the runner's
 * activities_version (bumped by a trigger on every activity change, read with the settings) is
 * unchanged, so every app instance sees a change at once. Bounded; oldest entries go first.
 */
const reports = new VersionedLru<LoadReport>(500);

/**
 * A runner's load report for [from, to] (local dates; `from` is moved back to its Monday). Reads
 * only the activities of that range plus the lookback, so the cost follows the range asked for,
 * not the length of the runner's history.
 */
export async function loadReportFor(
  db: Db,
  userId: string,
  settings: Pick<UserSettings, "timeZone" | "sex" | "hrRest" | "hrMax" | "activitiesVersion">,
  range: { from?: string; to?: string; weeks?: number },
  now: Date = new Date(),
): Promise<LoadReport> {
  const { timeZone } = settings;
  const today = localDateOf(now, timeZone);
  const { from, to } = resolveRange(range, today);
  // Everything the report depends on besides the activities, whose version comes with the settings.
  // Only the dashboard's default range is cached: arbitrary ranges cannot fill the memory.
  const key = isDefaultRange(range) ? [userId, from, to, today, timeZone, settings.sex, settings.hrRest, settings.hrMax].join("|") : null;
  return reports.getOrCompute(key, String(settings.activitiesVersion), async () => {
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
  });
}
