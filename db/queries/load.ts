import { and, eq, gte, inArray, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "../client";
import { activities, RUNNING_SPORTS } from "../schema";
import type { WeekTotals } from "@/lib/load/weeks";
import type { LoadActivity } from "@/lib/load/types";

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

/**
 * The runner's activities (duplicates excluded) that started in [from, to), with what the load
 * model reads — never streams. `localDate` is the start date in `timeZone`.
 */
export async function loadActivities(
  db: Db,
  { userId, timeZone, from, to }: { userId: string; timeZone: string; from: Date; to: Date },
): Promise<LoadActivity[]> {
  const rows = await db
    .select({
      id: activities.id,
      name: activities.name,
      sport: activities.sport,
      startTime: activities.startTime,
      localDate: sql<string>`to_char(${activities.startTime} at time zone ${timeZone}, 'YYYY-MM-DD')`,
      distanceM: activities.distanceM,
      movingS: activities.movingS,
      elevGainM: activities.elevGainM,
      avgHr: activities.avgHr,
      rpe: activities.rpe,
      avgCadenceSpm: activities.avgCadenceSpm,
      surface: activities.surface,
      gearId: activities.gearId,
    })
    .from(activities)
    .where(and(eq(activities.userId, userId), isNull(activities.duplicateOf), gte(activities.startTime, from), lt(activities.startTime, to)))
    .orderBy(activities.startTime);
  return rows;
}

/** The local date of the runner's first activity, or null. */
export async function firstActivityDate(db: Db, { userId, timeZone }: { userId: string; timeZone: string }): Promise<string | null> {
  const [row] = await db
    .select({ first: sql<string | null>`to_char(min(${activities.startTime}) at time zone ${timeZone}, 'YYYY-MM-DD')` })
    .from(activities)
    .where(and(eq(activities.userId, userId), isNull(activities.duplicateOf)));
  return row?.first ?? null;
}

/** The start of the runner's latest run (duplicates excluded), or null. */
export async function latestRunStart(db: Db, { userId }: { userId: string }): Promise<Date | null> {
  const [row] = await db
    .select({ start: activities.startTime })
    .from(activities)
    .where(and(eq(activities.userId, userId), inArray(activities.sport, [...RUNNING_SPORTS]), isNull(activities.duplicateOf)))
    .orderBy(sql`${activities.startTime} desc`)
    .limit(1);
  return row?.start ?? null;
}
