import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../client";
import { type ActivitySource, activities, checkins, gear, ostrcResponses, type PAIN_TIMINGS } from "../schema";

/**
 * Reads and writes for restoring a Patella export (lib/account/restore.ts). Everything is keyed by
 * what the export names instead of database ids, so a second restore finds what the first made.
 */

/**
 * An activity from Strava's export archive (source "archive") and the same activity from the
 * Strava API (source "strava") share the Strava id: either stands for the other, as in the
 * importers themselves.
 */
function equivalentSources(source: ActivitySource): ActivitySource[] {
  return source === "archive" || source === "strava" ? ["archive", "strava"] : [source];
}

/** The runner's activity with this source and reference (or its Strava/archive twin), or null. */
export async function findActivityByRef(db: Db, userId: string, ref: { source: ActivitySource; sourceRef: string }): Promise<string | null> {
  const sources = equivalentSources(ref.source);
  const rows = await db
    .select({ id: activities.id, source: activities.source })
    .from(activities)
    .where(and(eq(activities.userId, userId), inArray(activities.source, sources), eq(activities.sourceRef, ref.sourceRef)));
  // The exact source first, when both exist.
  return (rows.find((r) => r.source === ref.source) ?? rows[0])?.id ?? null;
}

/** Whether the runner has a check-in at this instant (to the millisecond) with this timing. */
export async function hasCheckinAt(db: Db, userId: string, at: Date, timing: (typeof PAIN_TIMINGS)[number]): Promise<boolean> {
  const rows = await db
    .select({ id: checkins.id })
    .from(checkins)
    .where(and(eq(checkins.userId, userId), sql`date_trunc('milliseconds', ${checkins.at}) = ${at.toISOString()}::timestamptz`, eq(checkins.timing, timing)))
    .limit(1);
  return rows.length > 0;
}

/** Inserts a week's questionnaire unless the runner has one for that week; true when inserted. */
export async function insertOstrcIfMissing(db: Db, userId: string, row: Omit<typeof ostrcResponses.$inferInsert, "id" | "userId">): Promise<boolean> {
  const inserted = await db
    .insert(ostrcResponses)
    .values({ ...row, userId })
    .onConflictDoNothing({ target: [ostrcResponses.userId, ostrcResponses.weekStart] })
    .returning({ id: ostrcResponses.id });
  return inserted.length > 0;
}

/** Inserts gear the runner does not have yet; returns how many were new. */
export async function insertGearIfMissing(db: Db, userId: string, rows: Omit<typeof gear.$inferInsert, "userId">[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insert(gear)
    .values(rows.map((r) => ({ ...r, userId })))
    .onConflictDoNothing({ target: [gear.userId, gear.source, gear.sourceRef] })
    .returning({ ref: gear.sourceRef });
  return inserted.length;
}
