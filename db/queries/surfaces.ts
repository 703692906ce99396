import { and, asc, between, eq, gte, inArray, isNotNull, isNull, lt, ne, sql } from "drizzle-orm";
import type { Db } from "../client";
import { activities, RUNNING_SPORTS, type Surface } from "../schema";

/** The runner's own surface choices with a known route shape, oldest first (the newest label wins a tie). */
export async function labelledRoutes(db: Db, userId: string): Promise<{ activityId: string; surface: Surface; routeShape: Buffer }[]> {
  const rows = await db
    .select({ activityId: activities.id, surface: activities.surface, routeShape: activities.routeShape })
    .from(activities)
    .where(and(eq(activities.userId, userId), eq(activities.surfaceSource, "user"), isNotNull(activities.routeShape), isNotNull(activities.surface)))
    .orderBy(asc(activities.updatedAt))
    // Enough for years of labelled routes; the route memory is a convenience, not a history.
    .limit(1000);
  return rows.filter((r): r is { activityId: string; surface: Surface; routeShape: Buffer } => r.surface !== null && r.routeShape !== null);
}

/**
 * The runner's other runs that could be on the same route as a run of `distanceM`: counted runs
 * within 25% of its distance (the shape test allows 15%), with their stored shape (null when not
 * computed yet).
 */
export async function routeCandidates(
  db: Db,
  { userId, exceptId, distanceM }: { userId: string; exceptId: string; distanceM: number },
): Promise<{ id: string; routeShape: Buffer | null }[]> {
  return db
    .select({ id: activities.id, routeShape: activities.routeShape })
    .from(activities)
    .where(
      and(
        eq(activities.userId, userId),
        ne(activities.id, exceptId),
        inArray(activities.sport, [...RUNNING_SPORTS]),
        between(activities.distanceM, distanceM * 0.75, distanceM * 1.25),
      ),
    );
}

export async function storedRouteShape(db: Db, { userId, id }: { userId: string; id: string }): Promise<Buffer | null> {
  const [row] = await db
    .select({ routeShape: activities.routeShape })
    .from(activities)
    .where(and(eq(activities.userId, userId), eq(activities.id, id)));
  return row?.routeShape ?? null;
}

export async function storeRouteShape(db: Db, { userId, id, routeShape }: { userId: string; id: string; routeShape: Buffer }): Promise<void> {
  await db
    .update(activities)
    .set({ routeShape })
    .where(and(eq(activities.userId, userId), eq(activities.id, id)));
}

/** The runner's own choice of surface for these runs (their own ids only). */
export async function setUserSurface(db: Db, { userId, ids, surface }: { userId: string; ids: readonly string[]; surface: Surface }): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await db
    .update(activities)
    .set({ surface, surfaceSource: "user", surfaceConfidence: "high", surfaceSplit: null })
    .where(and(eq(activities.userId, userId), inArray(activities.id, [...ids])))
    .returning({ id: activities.id });
  return rows.length;
}

/** Counted runs that started in [from, to), with what the surface mix needs; `localDate` in `timeZone`. */
export async function surfaceRuns(
  db: Db,
  { userId, timeZone, from, to }: { userId: string; timeZone: string; from: Date; to: Date },
) {
  return db
    .select({
      id: activities.id,
      localDate: sql<string>`to_char(${activities.startTime} at time zone ${timeZone}, 'YYYY-MM-DD')`,
      distanceM: activities.distanceM,
      surface: activities.surface,
      source: activities.surfaceSource,
      split: activities.surfaceSplit,
    })
    .from(activities)
    .where(
      and(
        eq(activities.userId, userId),
        isNull(activities.duplicateOf),
        inArray(activities.sport, [...RUNNING_SPORTS]),
        gte(activities.startTime, from),
        lt(activities.startTime, to),
      ),
    )
    .orderBy(asc(activities.startTime));
}
