import type { Db } from "@/db/client";
import { findBySourceRef } from "@/db/queries/activities";
import { deleteSampleRows, hasSampleCheckins, hasSampleRows, lockRunner, type RemovedSample } from "@/db/queries/sample-data";
import { getUserSettings } from "@/db/queries/users";
import { ingestFile, sha256Hex } from "@/lib/activities/ingest";
import { notFound } from "@/lib/api/errors";
import { createCheckin } from "@/lib/checkins/service";
import { readSampleCheckins, readSampleRuns } from "./files";
import { shiftGpxTimes } from "./gpx-times";
import { planSampleCheckin, planSampleRuns } from "./plan";

/**
 * "Explore with sample data": a few months of a runner's history, imported for the signed-in runner
 * through the same pipeline as their own files (lib/activities/ingest.ts: activity, streams, upload
 * record, original) and the same check-in service, every row marked `sample` so that it can be told
 * apart and removed in one go. See lib/sample/plan.ts for where the history lands in time.
 */

export interface AddedSample {
  /** Runs plus check-ins added: 0 when the runner already had the sample history. */
  added: number;
  activities: number;
  checkins: number;
}

/**
 * Adds the sample history once: a runner who already has some of it gets nothing more. Each run is
 * imported in its own transaction, as an upload is; a run already there (a second request racing
 * this one) is skipped by its hash. The check-ins are written in one transaction that holds the
 * runner's row, so two requests at once cannot both add them.
 */
export async function addSampleData(db: Db, userId: string, now = new Date()): Promise<AddedSample> {
  const settings = await getUserSettings(db, userId);
  if (!settings) throw notFound("user");
  if (await hasSampleRows(db, userId)) return { added: 0, activities: 0, checkins: 0 };
  const { timeZone } = settings;
  const [files, sampleCheckins] = await Promise.all([readSampleRuns(), readSampleCheckins()]);
  const runs = planSampleRuns(files, now, timeZone);
  const xmlOf = new Map(files.map((f) => [f.fileName, f.xml]));

  const activityOf = new Map<string, string>();
  let importedRuns = 0;
  for (const run of runs) {
    const bytes = Buffer.from(shiftGpxTimes(xmlOf.get(run.fileName)!, run.shiftMs), "utf8");
    const existing = await findBySourceRef(db, { userId, source: "gpx", sourceRef: sha256Hex(bytes) });
    if (existing) {
      activityOf.set(run.fileName, existing.id);
      continue;
    }
    const result = await ingestFile(db, { userId, timeZone, fileName: run.fileName, bytes, now, sample: true });
    // The files are Patella's own: one that does not import is a bug to hear about, not to hide.
    if (result.status === "failed") throw new Error(`sample file ${run.fileName} did not import: ${result.error.code} ${result.error.message}`);
    activityOf.set(run.fileName, result.activityId);
    if (result.status === "imported") importedRuns++;
  }

  const addedCheckins = await db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    await lockRunner(tx, userId);
    if (await hasSampleCheckins(tx, userId)) return 0;
    let n = 0;
    for (const entry of sampleCheckins) {
      const at = planSampleCheckin(entry, runs, now, timeZone);
      if (at === null) continue;
      const activityId = entry.link ? (activityOf.get(entry.run) ?? null) : null;
      await createCheckin(tx, userId, timeZone, { ...entry.checkin, at, activityId }, now, { sample: true });
      n++;
    }
    return n;
  });

  return { added: importedRuns + addedCheckins, activities: importedRuns, checkins: addedCheckins };
}

export interface RemovedSampleData extends RemovedSample {
  /** Runs plus check-ins removed. */
  removed: number;
}

/** Removes the sample history (runs, check-ins, their upload records and originals); the runner's own data stays. */
export async function removeSampleData(db: Db, userId: string): Promise<RemovedSampleData> {
  const removed = await deleteSampleRows(db, userId);
  return { removed: removed.activities + removed.checkins, ...removed };
}
