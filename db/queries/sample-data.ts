import { and, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import type { Db } from "../client";
import { activities, checkins, uploadFiles, uploads, users } from "../schema";

/** Whether the runner has any of the sample history (runs or check-ins). */
export async function hasSampleRows(db: Db, userId: string): Promise<boolean> {
  const [run] = await db
    .select({ id: activities.id })
    .from(activities)
    .where(and(eq(activities.userId, userId), eq(activities.sample, true)))
    .limit(1);
  if (run) return true;
  const [checkin] = await db
    .select({ id: checkins.id })
    .from(checkins)
    .where(and(eq(checkins.userId, userId), eq(checkins.sample, true)))
    .limit(1);
  return Boolean(checkin);
}

export async function hasSampleCheckins(db: Db, userId: string): Promise<boolean> {
  const rows = await db
    .select({ id: checkins.id })
    .from(checkins)
    .where(and(eq(checkins.userId, userId), eq(checkins.sample, true)))
    .limit(1);
  return rows.length > 0;
}

/** Holds the runner's row until the transaction ends: one sample import at a time per runner. */
export async function lockRunner(db: Db, userId: string): Promise<void> {
  await db.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("update");
}

export interface RemovedSample {
  activities: number;
  checkins: number;
  uploads: number;
}

/**
 * Deletes the runner's sample runs (their streams go with them), sample check-ins, and the upload
 * records and kept originals of the sample files (matched by the files' sha256, which is the sample
 * runs' source reference), in one transaction. Nothing else of the runner's is touched, except
 * that a check-in of theirs linked to a sample run is unlinked, losing the effort rating that
 * belonged to the run (as deleting any run does).
 */
export async function deleteSampleRows(db: Db, userId: string): Promise<RemovedSample> {
  return db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    const runs = await tx
      .select({ id: activities.id, sourceRef: activities.sourceRef })
      .from(activities)
      .where(and(eq(activities.userId, userId), eq(activities.sample, true)));
    const hashes = runs.map((r) => r.sourceRef);
    let removedUploads = 0;
    if (hashes.length > 0) {
      removedUploads = (
        await tx
          .delete(uploads)
          .where(and(eq(uploads.userId, userId), inArray(uploads.sha256, hashes)))
          .returning({ id: uploads.id })
      ).length;
      await tx.delete(uploadFiles).where(and(eq(uploadFiles.userId, userId), inArray(uploadFiles.sha256, hashes)));
    }
    const removedRuns = await tx
      .delete(activities)
      .where(and(eq(activities.userId, userId), eq(activities.sample, true)))
      .returning({ id: activities.id });
    const removedCheckins = await tx
      .delete(checkins)
      .where(and(eq(checkins.userId, userId), eq(checkins.sample, true)))
      .returning({ id: checkins.id });
    if (removedRuns.length > 0) {
      await tx
        .update(checkins)
        .set({ rpe: null })
        .where(and(eq(checkins.userId, userId), isNull(checkins.activityId), isNotNull(checkins.rpe)));
    }
    return { activities: removedRuns.length, checkins: removedCheckins.length, uploads: removedUploads };
  });
}
