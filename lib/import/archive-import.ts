import fs from "node:fs";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { recordUpload } from "@/db/queries/uploads";
import { getUserSettings } from "@/db/queries/users";
import { type ArchiveImport, archiveImports } from "@/db/schema";
import { applyExportSettings, exportManifestEntry, planRestore, type RestorePlan, restoreItem } from "@/lib/account/restore";
import { ingestFile } from "@/lib/activities/ingest";
import { enqueueJob } from "@/lib/jobs/queue";
import type { JobHandler } from "@/lib/jobs/worker";
import { errorFields, log } from "@/lib/log";
import { stripControlChars } from "@/lib/validation/text";
import { type Archive, type ArchiveEntry, activityFileFormat, openArchive } from "./archive";
import { parseStravaCsv, STRAVA_CSV_MAX_BYTES, type StravaCsvRow } from "./strava-csv";
import { ImportError } from "./types";

/**
 * Imports an archive of activities — Strava's "download your data" export (activities.csv and
 * activities/<file>.gpx|.tcx|.fit[.gz]) or any .zip of such files — entry by entry, never holding
 * the archive in memory (lib/import/archive.ts reads one entry at a time from the file on disk).
 *
 * The work list is planned the same way every time from the archive itself (archive order), so
 * `done` in archive_imports is a checkpoint: a restart, a crash or another worker carries on from
 * it. Each file goes through the same ingest as an upload (ingestFile: one transaction per file,
 * duplicates recognised), and the checkpoint moves after it. A crash between the two re-reads that
 * one file, which the ingest then recognises as already imported (counted once more, as a
 * duplicate). Activities from a Strava export are keyed by their Strava id, so importing the
 * archive again, or connecting Strava later, recognises them; their name and type come from
 * activities.csv.
 *
 * A Patella export (with patella-export.json, see lib/account/export.ts) is restored instead: its
 * activities, check-ins and questionnaires, item by item with the same checkpoint and counts
 * (lib/account/restore.ts).
 */

export const ARCHIVE_JOB = "archive.import";
/** Each job turn works this long, then yields (other runners' jobs get their turn; progress shows). */
const TURN_MS = 3_000;

export interface WorkItem {
  entry: ArchiveEntry;
  csv: StravaCsvRow | null;
}

export interface FilesPlan {
  kind: "strava_export" | "files";
  items: WorkItem[];
  /** Entries left out on purpose: unsafe names, nested archives, activities.csv rows without a file. */
  skipped: number;
  /** activities.csv rows with an unusable id. */
  csvRowsSkipped: number;
}

const IGNORED_FOLDERS = /(^|\/)(__MACOSX|routes)\//i;

export type ArchivePlan = FilesPlan | RestorePlan;

/**
 * What to import from the archive, in archive order (a Patella export: in restore order). Throws
 * ImportError for an unusable activities.csv or export.
 */
export async function planArchive(archive: Archive): Promise<ArchivePlan> {
  const manifest = exportManifestEntry(archive);
  if (manifest) return planRestore(archive, manifest);
  let skipped = archive.entries.filter((e) => e.unsafe || e.nestedArchive).length;
  if (archive.activitiesCsv) {
    const csv = parseStravaCsv(await archive.read(archive.activitiesCsv, { maxBytes: STRAVA_CSV_MAX_BYTES }));
    const byEntry = new Map<number, StravaCsvRow>();
    for (const row of csv.rows) {
      const entry = row.filename ? archive.find(row.filename) : null;
      // A manual activity has no file; a file the archive lacks cannot be imported.
      if (!entry || !activityFileFormat(entry.name)) {
        skipped += 1;
        continue;
      }
      if (!byEntry.has(entry.index)) byEntry.set(entry.index, row);
    }
    const items: WorkItem[] = [];
    for (const entry of archive.entries) {
      const row = byEntry.get(entry.index);
      if (row) items.push({ entry, csv: row });
      else if (entry.kind === "activity_file") items.push({ entry, csv: null });
    }
    return { kind: "strava_export", items, skipped, csvRowsSkipped: csv.skipped };
  }
  const items = archive.entries
    .filter((e) => !e.unsafe && !e.isDirectory && !e.nestedArchive && activityFileFormat(e.name) && !IGNORED_FOLDERS.test(e.name) && !/(^|\/)\._/.test(e.name))
    .map((entry) => ({ entry, csv: null }));
  return { kind: "files", items, skipped, csvRowsSkipped: 0 };
}

/** Where uploaded archives wait for their import. */
export function archivesDir(dataDir: string): string {
  return path.join(path.resolve(dataDir), "archives");
}

export async function getArchiveImport(db: Db, { userId, id }: { userId: string; id: string }): Promise<ArchiveImport | null> {
  const rows = await db.select().from(archiveImports).where(and(eq(archiveImports.userId, userId), eq(archiveImports.id, id))).limit(1);
  return rows[0] ?? null;
}

export async function listArchiveImports(db: Db, userId: string): Promise<ArchiveImport[]> {
  return db.select().from(archiveImports).where(eq(archiveImports.userId, userId)).orderBy(sql`${archiveImports.createdAt} desc`).limit(20);
}

/** Records an archive to import (not queued: the caller runs it, as the command line does). */
export async function createArchiveImport(
  db: Db,
  { userId, fileName, filePath, sizeBytes }: { userId: string; fileName: string; filePath: string; sizeBytes: number },
): Promise<ArchiveImport> {
  const [row] = await db
    .insert(archiveImports)
    .values({ userId, fileName: stripControlChars(fileName).slice(0, 255) || "archive.zip", path: filePath, sizeBytes })
    .returning();
  return row!;
}

/** Records an archive waiting on disk and queues its import. */
export async function queueArchiveImport(
  db: Db,
  args: { userId: string; fileName: string; filePath: string; sizeBytes: number; now: Date },
): Promise<ArchiveImport> {
  const row = await createArchiveImport(db, args);
  await enqueueJob(db, { kind: ARCHIVE_JOB, userId: args.userId, payload: { archiveImportId: row.id }, dedupeKey: `archive:${row.id}`, maxAttempts: 12 }, args.now);
  return row;
}

type Counter = "imported" | "duplicates" | "failed";

/** The file name a file inside the archive is recorded under (its own name; the archive's folder dropped). */
function recordedName(entry: ArchiveEntry): string {
  return entry.name.split("/").pop() || entry.name;
}

/** One file: read, ingest, count. Never throws for bad content (that is a "failed" file). */
async function importItem(db: Db, archive: Archive, item: WorkItem, run: ArchiveImport, timeZone: string): Promise<Counter> {
  let file;
  try {
    file = await archive.readActivityFile(item.entry);
  } catch (err) {
    if (!(err instanceof ImportError)) throw err;
    await recordUpload(db, {
      userId: run.userId,
      fileName: recordedName(item.entry),
      sha256: "-",
      sizeBytes: Math.min(item.entry.compressedSize, 2_147_483_647),
      status: "failed",
      errorCode: err.code,
      errorMessage: stripControlChars(err.message),
    });
    return "failed";
  }
  if (!file) return "failed";
  const result = await ingestFile(db, {
    userId: run.userId,
    timeZone,
    // Already gunzipped: the name the parser is chosen by drops ".gz".
    fileName: recordedName(item.entry).replace(/\.gz$/i, ""),
    bytes: file.bytes,
    fromArchive: item.csv ? { stravaId: item.csv.activityId, name: item.csv.name, type: item.csv.type } : undefined,
  });
  return result.status === "imported" ? "imported" : result.status === "duplicate" ? "duplicates" : "failed";
}

async function update(db: Db, id: string, set: Partial<typeof archiveImports.$inferInsert>): Promise<void> {
  await db.update(archiveImports).set({ ...set, updatedAt: new Date() }).where(eq(archiveImports.id, id));
}

async function removeFile(run: ArchiveImport, keepFile: boolean): Promise<void> {
  if (keepFile || !run.path) return;
  await fs.promises.rm(run.path, { force: true }).catch((err: unknown) => log.warn("could not delete an imported archive", { id: run.id, ...errorFields(err) }));
}

export interface RunOptions {
  /** Stop after this long and report "more" (the caller resumes); default: until done. */
  budgetMs?: number;
  /** Leave the file in place when done (the command line imports the runner's own file). */
  keepFile?: boolean;
  /** Called after each file. */
  onProgress?: (run: ArchiveImport) => void;
  /** Keeps a job's lease while it works. */
  heartbeat?: () => Promise<boolean>;
}

/**
 * Carries an import on from its checkpoint, for at most `budgetMs`. Answers "done" (finished or
 * failed for good, the archive file deleted unless keepFile) or "more".
 */
export async function runArchiveImport(db: Db, id: string, options: RunOptions = {}): Promise<"done" | "more"> {
  const [initial] = await db.select().from(archiveImports).where(eq(archiveImports.id, id)).limit(1);
  if (!initial || initial.status === "done" || initial.status === "failed") return "done";
  let run = initial;
  if (!run.path || !fs.existsSync(run.path)) {
    // On another instance's disk, or gone: a worker that shares DATA_DIR may find it (retried).
    throw new Error(`the archive file of import ${id} is not on this instance's disk`);
  }
  let archive: Archive;
  try {
    archive = await openArchive(run.path);
  } catch (err) {
    if (!(err instanceof ImportError)) throw err;
    await update(db, id, { status: "failed", lastError: stripControlChars(err.message), finishedAt: new Date(), path: null });
    await removeFile(run, options.keepFile ?? false);
    return "done";
  }
  try {
    let plan: ArchivePlan;
    try {
      plan = await planArchive(archive);
    } catch (err) {
      if (!(err instanceof ImportError)) throw err;
      await update(db, id, { status: "failed", lastError: stripControlChars(err.message), finishedAt: new Date(), path: null });
      await removeFile(run, options.keepFile ?? false);
      return "done";
    }
    if (run.total === null) {
      // A restore's settings and gear, once, before its first item (idempotent should a crash repeat it).
      if (plan.kind === "patella_export") await applyExportSettings(db, run.userId, plan);
      await update(db, id, { status: "running", kind: plan.kind, total: plan.items.length, skipped: plan.skipped + plan.csvRowsSkipped });
      run = { ...run, status: "running", kind: plan.kind, total: plan.items.length, skipped: plan.skipped + plan.csvRowsSkipped };
    }
    const timeZone = (await getUserSettings(db, run.userId))?.timeZone ?? "UTC";
    const started = Date.now();
    for (let i = run.done; i < plan.items.length; i++) {
      if (options.budgetMs !== undefined && Date.now() - started > options.budgetMs) return "more";
      const counter =
        plan.kind === "patella_export" ? await restoreItem(db, archive, run.userId, plan.items[i]!) : await importItem(db, archive, plan.items[i]!, run, timeZone);
      const [next] = await db
        .update(archiveImports)
        .set({ done: i + 1, [counter]: sql`${archiveImports[counter]} + 1`, updatedAt: new Date() })
        .where(eq(archiveImports.id, id))
        .returning();
      if (!next) return "done"; // the runner was deleted meanwhile
      run = next;
      options.onProgress?.(run);
      if (i % 50 === 49 && options.heartbeat && !(await options.heartbeat())) return "more";
    }
    await update(db, id, { status: "done", finishedAt: new Date(), path: options.keepFile ? run.path : null });
    await removeFile(run, options.keepFile ?? false);
    log.info("archive import finished", { id, userId: run.userId, imported: run.imported, duplicates: run.duplicates, failed: run.failed });
    return "done";
  } finally {
    await archive.close();
  }
}

export function archiveImportHandler(db: Db): JobHandler {
  return async (job, ctx) => {
    const id = (job.payload as { archiveImportId?: unknown } | null)?.archiveImportId;
    if (typeof id !== "string") return "done";
    const outcome = await runArchiveImport(db, id, { budgetMs: TURN_MS, heartbeat: () => ctx.extendLease() });
    // More to do: back in the queue at once, so other runners' work is not held up.
    return outcome === "done" ? "done" : { pauseUntil: ctx.now() };
  };
}
