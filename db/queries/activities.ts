import { and, count, desc, eq } from "drizzle-orm";
import type { Db } from "../client";
import { activities, type NewActivity } from "../schema";

/** Columns the API returns for an activity (never the polyline or internal bookkeeping). */
const publicColumns = {
  id: activities.id,
  source: activities.source,
  sport: activities.sport,
  name: activities.name,
  startTime: activities.startTime,
  localDate: activities.localDate,
  timeZone: activities.timeZone,
  distanceM: activities.distanceM,
  movingS: activities.movingS,
  elapsedS: activities.elapsedS,
  elevGainM: activities.elevGainM,
  avgHr: activities.avgHr,
  maxHr: activities.maxHr,
  avgCadenceSpm: activities.avgCadenceSpm,
  surface: activities.surface,
  createdAt: activities.createdAt,
};

export type ActivityView = {
  [K in keyof typeof publicColumns]: (typeof publicColumns)[K]["_"]["notNull"] extends true
    ? (typeof publicColumns)[K]["_"]["data"]
    : (typeof publicColumns)[K]["_"]["data"] | null;
};

export async function listActivities(
  db: Db,
  { userId, limit, offset }: { userId: string; limit: number; offset: number },
): Promise<{ items: ActivityView[]; total: number }> {
  const [items, totals] = await Promise.all([
    db
      .select(publicColumns)
      .from(activities)
      .where(eq(activities.userId, userId))
      .orderBy(desc(activities.startTime), desc(activities.id))
      .limit(limit)
      .offset(offset),
    db.select({ n: count() }).from(activities).where(eq(activities.userId, userId)),
  ]);
  return { items, total: totals[0]?.n ?? 0 };
}

/** The runner's own activity, or null — also for another runner's id, so callers answer 404. */
export async function getActivity(db: Db, { userId, id }: { userId: string; id: string }): Promise<ActivityView | null> {
  const rows = await db
    .select(publicColumns)
    .from(activities)
    .where(and(eq(activities.userId, userId), eq(activities.id, id)))
    .limit(1);
  return rows[0] ?? null;
}

export async function deleteActivity(db: Db, { userId, id }: { userId: string; id: string }): Promise<boolean> {
  const rows = await db
    .delete(activities)
    .where(and(eq(activities.userId, userId), eq(activities.id, id)))
    .returning({ id: activities.id });
  return rows.length > 0;
}

export async function findBySourceRef(
  db: Db,
  { userId, source, sourceRef }: { userId: string; source: NewActivity["source"]; sourceRef: string },
) {
  const rows = await db
    .select({ id: activities.id, name: activities.name })
    .from(activities)
    .where(and(eq(activities.userId, userId), eq(activities.source, source), eq(activities.sourceRef, sourceRef)))
    .limit(1);
  return rows[0] ?? null;
}

/** Inserts unless the same source reference exists; returns the new id, or null for a duplicate. */
export async function insertActivity(db: Db, values: NewActivity): Promise<string | null> {
  const rows = await db
    .insert(activities)
    .values(values)
    .onConflictDoNothing({ target: [activities.userId, activities.source, activities.sourceRef] })
    .returning({ id: activities.id });
  return rows[0]?.id ?? null;
}
