import type { z } from "zod";
import type { Db } from "@/db/client";
import { insertActivity } from "@/db/queries/activities";
import { insertCheckin } from "@/db/queries/checkins";
import { findActivityByRef, hasCheckinAt, insertGearIfMissing, insertOstrcIfMissing } from "@/db/queries/restore";
import { insertStreams } from "@/db/queries/streams";
import { keepOriginal, recordUpload } from "@/db/queries/uploads";
import { updateUserSettings } from "@/db/queries/users";
import { type PackedStreams, streamsFromThread } from "@/lib/activities/streams";
import { log } from "@/lib/log";
import { asBuffer, runHeavyTask } from "@/lib/workers/pool";
import { exportActivitySchema, exportCheckinSchema, exportGearSchema, exportOstrcSchema, exportSettingsSchema, type ActivityRef } from "./export-format";
import type { RestoreFiles } from "./restore-files";

/**
 * Restoring a Patella export (lib/account/export.ts) into any account — the runner's own, or a
 * fresh one on another server — as one more kind of archive import ("patella_export"): the
 * archive importer plans it once (lib/import/archive-plan.ts, on a heavy-work thread: the parts
 * streamed record by record, with caps) and runs the items here one by one with its checkpoint:
 * the activities, those that are nobody's duplicate first (so a duplicate's run is there before
 * it), then the check-ins (which name their runs), then the weekly questionnaires. Settings and
 * gear are applied once, when the import starts.
 *
 * Nothing is keyed by database id: an activity by its (source, sourceRef) — a file's sha256, a
 * Strava id — a check-in by its instant and timing, a questionnaire by its week. What the account
 * already has counts as "already imported" and is left as it is, so restoring twice adds nothing.
 * Activities come back exactly as exported (names and surfaces the runner set, Strava's figures),
 * not re-computed from the files; their original files are restored beside them.
 */

export type RestoreItem = { type: "activity"; record: unknown } | { type: "checkin"; record: unknown } | { type: "ostrc"; record: unknown };

type Counter = "imported" | "duplicates" | "failed";

/** Reasons a record was not fully restored, counted (the import logs the counts once). */
export type ProblemTally = (reason: string) => void;

/** The export's settings (units, time zone, heart rates) and gear, applied once when the restore starts. */
export async function applyExportSettings(db: Db, userId: string, plan: { settings?: unknown; gear?: unknown[] }): Promise<void> {
  const settings = exportSettingsSchema.safeParse(plan.settings);
  if (settings.success) {
    const { hrRest, hrMax } = settings.data;
    // Heart rates the settings form would refuse are left out rather than stored.
    const hrOk = hrRest === null || hrMax === null || hrMax > hrRest + 20;
    await updateUserSettings(db, userId, hrOk ? settings.data : { ...settings.data, hrRest: null, hrMax: null });
  } else if (plan.settings !== null && plan.settings !== undefined) {
    log.warn("export settings not restored", { userId, issue: settings.error.issues[0]?.message });
  }
  const gearRows = (plan.gear ?? []).flatMap((g) => {
    const r = exportGearSchema.safeParse(g);
    return r.success ? [r.data] : [];
  });
  await insertGearIfMissing(db, userId, gearRows);
}

function failed(tally: ProblemTally, what: string, error: z.ZodError): Counter {
  const issue = error.issues[0];
  tally(`${what}: ${issue ? `${issue.path.join(".")}: ${issue.message}` : "invalid"}`.slice(0, 160));
  return "failed";
}

/**
 * One item of the plan: restored, found already there, or refused. Never throws for bad content.
 * The files it names (streams, original) are read on a heavy-work thread from the archive at
 * `archivePath`.
 */
export async function restoreItem(db: Db, archivePath: string, userId: string, item: RestoreItem, tally: ProblemTally): Promise<Counter> {
  switch (item.type) {
    case "activity":
      return restoreActivity(db, archivePath, userId, item.record, tally);
    case "checkin":
      return restoreCheckin(db, userId, item.record, tally);
    case "ostrc":
      return restoreOstrc(db, userId, item.record, tally);
  }
}

const resolveRef = (db: Db, userId: string, ref: ActivityRef | null) => (ref ? findActivityByRef(db, userId, ref) : Promise.resolve(null));

async function restoreActivity(db: Db, archivePath: string, userId: string, record: unknown, tally: ProblemTally): Promise<Counter> {
  const parsed = exportActivitySchema.safeParse(record);
  if (!parsed.success) return failed(tally, "activity", parsed.error);
  const a = parsed.data;
  if (await findActivityByRef(db, userId, a)) return "duplicates";

  const files =
    a.streams || a.originalFile
      ? await runHeavyTask<RestoreFiles>("restoreFiles", {
          archivePath,
          streams: a.streams,
          original: a.originalFile ? { path: a.originalFile.path, sha256: a.originalFile.sha256 } : null,
        })
      : null;
  for (const problem of files?.problems ?? []) tally(problem);
  if (files?.refused) {
    tally(`activity: ${files.refused}`.slice(0, 160));
    return "failed";
  }
  const s = files?.streams ?? null;
  const streams: PackedStreams | null = s && streamsFromThread(s);
  const original = files?.original ? { ...files.original, gz: asBuffer(files.original.gz) } : null;
  const duplicateOf = await resolveRef(db, userId, a.duplicateOf);
  const { streams: _streams, originalFile: _file, duplicateOf: _dup, routeShape, ...fields } = a;

  return db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    const activityId = await insertActivity(tx, { ...fields, userId, duplicateOf, routeShape: routeShape === null ? null : Buffer.from(routeShape, "base64") });
    if (activityId === null) return "duplicates" as const; // restored by a concurrent import a moment ago
    if (streams) await insertStreams(tx, { ...streams, activityId, userId });
    if (original && a.originalFile) {
      await keepOriginal(tx, { userId, sha256: original.sha256, fileName: a.originalFile.fileName, gz: original.gz });
      // The upload record links the file to its activity, as an upload does (the next export finds it).
      await recordUpload(tx, { userId, fileName: a.originalFile.fileName, sha256: original.sha256, sizeBytes: original.sizeBytes, status: "imported", activityId });
    }
    return "imported" as const;
  });
}

async function restoreCheckin(db: Db, userId: string, record: unknown, tally: ProblemTally): Promise<Counter> {
  const parsed = exportCheckinSchema.safeParse(record);
  if (!parsed.success) return failed(tally, "check-in", parsed.error);
  const { activity, ...c } = parsed.data;
  if (await hasCheckinAt(db, userId, c.at, c.timing)) return "duplicates";
  const activityId = await resolveRef(db, userId, activity);
  // Effort belongs to a run: without the run (not in the export, or not restored) it goes too.
  await insertCheckin(db, userId, { ...c, activityId, rpe: activityId ? c.rpe : null });
  return "imported";
}

async function restoreOstrc(db: Db, userId: string, record: unknown, tally: ProblemTally): Promise<Counter> {
  const parsed = exportOstrcSchema.safeParse(record);
  if (!parsed.success) return failed(tally, "weekly questionnaire", parsed.error);
  return (await insertOstrcIfMissing(db, userId, parsed.data)) ? "imported" : "duplicates";
}
