import { and, eq, gte, inArray, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "../client";
import { activities, RUNNING_SPORTS } from "../schema";
import type { WeekTotals } from "@/lib/load/weeks";

/**
 * Running totals per Monday–Sunday week in `timeZone`, aggregated in SQL so the cost follows the
 * number of weeks asked for, not the number of activities stored. Weeks without runs are absent.
 */
export async function weeklyRunningTotals(
  db: Db,
  { userId, timeZone, from, to }: { userId: string; timeZone: string; from: Date; to: Date },
): Promise<WeekTotals[]> {
  const weekStart = sql<string>`to_char(date_trunc('week', ${activities.startTime} at time zone ${timeZone}), 'YYYY-MM-DD')`;
  const rows = await db
    .select({
      weekStart,
      distanceM: sql<number>`coalesce(sum(${activities.distanceM}), 0)::float8`,
      movingS: sql<number>`coalesce(sum(${activities.movingS}), 0)::int`,
      runs: sql<number>`count(*)::int`,
    })
    .from(activities)
    .where(
      and(
        eq(activities.userId, userId),
        inArray(activities.sport, [...RUNNING_SPORTS]),
        isNull(activities.duplicateOf),
        gte(activities.startTime, from),
        lt(activities.startTime, to),
      ),
    )
    // By position: the time-zone parameter makes each spelled-out copy a different expression.
    .groupBy(sql`1`)
    .orderBy(sql`1`);
  return rows.map((r) => ({ ...r, distanceM: Number(r.distanceM), movingS: Number(r.movingS), runs: Number(r.runs) }));
}
