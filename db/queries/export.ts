import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../client";
import { activities, activityStreams, checkins, gear, ostrcResponses, uploadFiles } from "../schema";

/**
 * Reads for the runner's export (lib/account/export.ts). Big lists are read as ids first, then in
 * chunks by id, so the export streams without holding every row and without paging by offset.
 */

export async function exportCounts(db: Db, userId: string) {
  const n = async (q: Promise<{ n: number }[]>) => (await q)[0]?.n ?? 0;
  const [acts, streams, checks, ostrc, shoes, files] = await Promise.all([
    n(db.select({ n: count() }).from(activities).where(eq(activities.userId, userId))),
    n(db.select({ n: count() }).from(activityStreams).where(eq(activityStreams.userId, userId))),
    n(db.select({ n: count() }).from(checkins).where(eq(checkins.userId, userId))),
    n(db.select({ n: count() }).from(ostrcResponses).where(eq(ostrcResponses.userId, userId))),
    n(db.select({ n: count() }).from(gear).where(eq(gear.userId, userId))),
    n(db.select({ n: count() }).from(uploadFiles).where(eq(uploadFiles.userId, userId))),
  ]);
  return { activities: acts, streams, checkins: checks, ostrc, gear: shoes, files };
}

/** The runner's activity ids, oldest first. */
export async function activityIdsInOrder(db: Db, userId: string): Promise<string[]> {
  const rows = await db.select({ id: activities.id }).from(activities).where(eq(activities.userId, userId)).orderBy(asc(activities.startTime), asc(activities.id));
  return rows.map((r) => r.id);
}

const target = alias(activities, "duplicate_target");

/**
 * These activities (the runner's own), in the order of `ids`, with what the export names instead
 * of database ids: the (source, sourceRef) of the activity they duplicate, whether they have
 * streams, and the hash of the original file they were imported from (upload_files), if kept.
 */
export async function activitiesForExport(db: Db, userId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .select({
      activity: activities,
      /** The start date in the runner's CURRENT zone (what weeks use), and that zone: never the date frozen at import. */
      weekLocalDate: sql<string>`to_char(${activities.startTime} at time zone (select u.time_zone from users u where u.id = ${activities.userId}), 'YYYY-MM-DD')`,
      weekTimeZone: sql<string>`(select u.time_zone from users u where u.id = ${activities.userId})`,
      /** The start's wall-clock time in the zone the activity was recorded in. */
      startLocal: sql<string>`to_char(${activities.startTime} at time zone ${activities.timeZone}, 'YYYY-MM-DD"T"HH24:MI')`,
      duplicateSource: target.source,
      duplicateRef: target.sourceRef,
      hasStreams: sql<boolean>`exists (select 1 from ${activityStreams} s where s.activity_id = ${activities.id})`,
      fileSha: sql<string | null>`(
        select uf.sha256 from ${uploadFiles} uf
        where uf.user_id = ${activities.userId}
          and ((${activities.source} in ('gpx', 'tcx', 'fit') and uf.sha256 = ${activities.sourceRef})
            or uf.sha256 in (select u.sha256 from uploads u where u.activity_id = ${activities.id} and u.status = 'imported'))
        order by uf.created_at
        limit 1)`,
    })
    .from(activities)
    .leftJoin(target, eq(target.id, activities.duplicateOf))
    .where(and(eq(activities.userId, userId), inArray(activities.id, [...ids])));
  const order = new Map(ids.map((id, i) => [id, i]));
  return rows.sort((a, b) => order.get(a.activity.id)! - order.get(b.activity.id)!);
}

/** Activities that have streams: the (source, sourceRef) that names their streams entry. */
export async function activitiesWithStreams(db: Db, userId: string) {
  return db
    .select({ activityId: activities.id, source: activities.source, sourceRef: activities.sourceRef })
    .from(activityStreams)
    .innerJoin(activities, eq(activities.id, activityStreams.activityId))
    .where(eq(activityStreams.userId, userId))
    .orderBy(asc(activities.startTime), asc(activities.id));
}

/** The kept original files, without their bytes. */
export async function originalFilesList(db: Db, userId: string) {
  return db
    .select({ sha256: uploadFiles.sha256, fileName: uploadFiles.fileName, sizeBytes: uploadFiles.sizeBytes })
    .from(uploadFiles)
    .where(eq(uploadFiles.userId, userId))
    .orderBy(asc(uploadFiles.createdAt), asc(uploadFiles.sha256));
}

/** One kept original (gzip), or null when it is gone. */
export async function originalFileGz(db: Db, userId: string, sha256: string): Promise<Buffer | null> {
  const rows = await db
    .select({ gz: uploadFiles.gz })
    .from(uploadFiles)
    .where(and(eq(uploadFiles.userId, userId), eq(uploadFiles.sha256, sha256)))
    .limit(1);
  return rows[0]?.gz ?? null;
}

/** The runner's check-in ids, oldest first. */
export async function checkinIdsInOrder(db: Db, userId: string): Promise<string[]> {
  const rows = await db.select({ id: checkins.id }).from(checkins).where(eq(checkins.userId, userId)).orderBy(asc(checkins.at), asc(checkins.createdAt), asc(checkins.id));
  return rows.map((r) => r.id);
}

/** These check-ins, in the order of `ids`, with their run as (source, sourceRef) and its name. */
export async function checkinsForExport(db: Db, userId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ checkin: checkins, activitySource: activities.source, activityRef: activities.sourceRef, activityName: activities.name })
    .from(checkins)
    .leftJoin(activities, eq(activities.id, checkins.activityId))
    .where(and(eq(checkins.userId, userId), inArray(checkins.id, [...ids])));
  const order = new Map(ids.map((id, i) => [id, i]));
  return rows.sort((a, b) => order.get(a.checkin.id)! - order.get(b.checkin.id)!);
}

export async function ostrcForExport(db: Db, userId: string) {
  return db.select().from(ostrcResponses).where(eq(ostrcResponses.userId, userId)).orderBy(asc(ostrcResponses.weekStart));
}

export async function gearForExport(db: Db, userId: string) {
  return db.select().from(gear).where(eq(gear.userId, userId)).orderBy(asc(gear.source), asc(gear.sourceRef));
}
