import fs from "node:fs";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { recordUpload } from "@/db/queries/uploads";
import { getUserSettings } from "@/db/queries/users";
import { type ArchiveImport, archiveImports } from "@/db/schema";
import { applyExportSettings, type RestoreItem, restoreItem } from "@/lib/account/restore";
import { ingestFile } from "@/lib/activities/ingest";
import { env } from "@/lib/env";
import { enqueueJob } from "@/lib/jobs/queue";
import type { JobHandler } from "@/lib/jobs/worker";
import { errorFields, log } from "@/lib/log";
import { stripControlChars } from "@/lib/validation/text";
import { runHeavyTask } from "@/lib/workers/pool";
import { type Archive, type ArchiveEntry, openArchive } from "./archive";
import type { PlanHeader, PlanLine, PlanSummary } from "./archive-plan";
import type { StravaCsvRow } from "./strava-csv";
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

/** Longest an archive's plan may take to make (a real export plans in seconds). */
const PLAN_TIMEOUT_MS = 5 * 60_000;

/**
 * Checks an uploaded archive on a heavy-work thread without keeping a plan: what the upload route
 * asks before it accepts an archive. Throws ImportError for an unusable archive.
 */
export function checkArchive(archivePath: string): Promise<PlanSummary> {
  return runHeavyTask<PlanSummary>("planArchive", { archivePath, planPath: null }, { timeoutMs: PLAN_TIMEOUT_MS });
}

/** Where uploaded archives wait for their import. */
export function archivesDir(dataDir: string): string {
  return path.join(path.resolve(dataDir), "archives");
}

/** An uploaded archive's file name: its runner's id first (account deletion removes every file of theirs, listed or not). */
export function archiveFileName(userId: string, unique: string): string {
  return `${userId.replace(/[^A-Za-z0-9_-]/g, "_")}.${unique}.zip`;
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
async function importItem(db: Db, archive: Archive, entry: ArchiveEntry, csv: StravaCsvRow | null, run: ArchiveImport, timeZone: string): Promise<Counter> {
  let file;
  try {
    file = await archive.readActivityFile(entry);
  } catch (err) {
    if (!(err instanceof ImportError)) throw err;
    await recordUpload(db, {
      userId: run.userId,
      fileName: recordedName(entry),
      sha256: "-",
      sizeBytes: Math.min(entry.compressedSize, 2_147_483_647),
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
    fileName: recordedName(entry).replace(/\.gz$/i, ""),
    bytes: file.bytes,
    fromArchive: csv ? { stravaId: csv.activityId, name: csv.name, type: csv.type } : undefined,
  });
  return result.status === "imported" ? "imported" : result.status === "duplicate" ? "duplicates" : "failed";
}

/** Where an import's plan is kept while it runs (never beside a runner's own file: the command line imports those in place). */
export function planPathFor(id: string): string {
  return path.join(archivesDir(env().DATA_DIR), `${id}.plan`);
}

/** The plan's lines from a byte offset, each with the offset just past it. */
async function* planLines(planPath: string, from: number): AsyncGenerator<{ line: string; end: number }> {
  const handle = await fs.promises.open(planPath, "r");
  try {
    const chunk = Buffer.alloc(256 * 1024);
    let position = from;
    let pending: Buffer[] = [];
    let pendingStart = from;
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
      if (bytesRead === 0) break;
      let at = 0;
      for (;;) {
        const nl = chunk.indexOf(0x0a, at);
        if (nl === -1 || nl >= bytesRead) break;
        const piece = chunk.subarray(at, nl);
        const bytes = pending.length > 0 ? Buffer.concat([...pending, piece]) : piece;
        const end = pendingStart + bytes.length + 1;
        pending = [];
        pendingStart = end;
        at = nl + 1;
        yield { line: bytes.toString("utf8"), end };
      }
      if (at < bytesRead) pending.push(Buffer.from(chunk.subarray(at, bytesRead)));
      position += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

function mergeProblems(into: Record<string, number> | null, add: Map<string, number>): Record<string, number> | null {
  if (add.size === 0) return into;
  const merged = { ...(into ?? {}) };
  for (const [reason, n] of add) {
    // Bounded like the plan's: a flood of distinct reasons is counted under one.
    const key = merged[reason] !== undefined || Object.keys(merged).length < 40 ? reason : "other reasons";
    merged[key] = (merged[key] ?? 0) + n;
  }
  return merged;
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

async function failImport(db: Db, run: ArchiveImport, err: ImportError, keepFile: boolean): Promise<"done"> {
  await update(db, run.id, { status: "failed", lastError: stripControlChars(err.message), finishedAt: new Date(), path: null, planPath: null });
  await removeFile(run, keepFile);
  if (run.planPath) await fs.promises.rm(run.planPath, { force: true });
  log.info("archive import refused", { id: run.id, userId: run.userId, reason: err.code });
  return "done";
}

/**
 * Plans the import once, on a heavy-work thread, into a plan file (lib/import/archive-plan.ts),
 * applies a restore's settings and gear, and stores the plan with its first position.
 */
async function planOnce(db: Db, run: ArchiveImport, keepFile: boolean): Promise<ArchiveImport | "done"> {
  const planPath = planPathFor(run.id);
  fs.mkdirSync(path.dirname(planPath), { recursive: true, mode: 0o700 });
  let summary: PlanSummary;
  try {
    summary = await runHeavyTask<PlanSummary>("planArchive", { archivePath: run.path, planPath }, { timeoutMs: PLAN_TIMEOUT_MS });
  } catch (err) {
    if (!(err instanceof ImportError)) throw err;
    return failImport(db, { ...run, planPath }, err, keepFile);
  }
  let header: PlanHeader = {};
  let offset = 0;
  for await (const { line, end } of planLines(planPath, 0)) {
    header = JSON.parse(line) as PlanHeader;
    offset = end;
    break;
  }
  // A restore's settings and gear, once, before its first item (idempotent should a crash repeat it).
  if (summary.kind === "patella_export") await applyExportSettings(db, run.userId, header);
  if (summary.invalid > 0) log.warn("archive records refused", { id: run.id, userId: run.userId, refused: summary.invalid, reasons: summary.problems });
  const [next] = await db
    .update(archiveImports)
    .set({
      status: "running",
      kind: summary.kind,
      total: summary.items + summary.invalid,
      // Records refused while planning are dealt with (failed) already.
      done: summary.invalid,
      imported: 0,
      duplicates: 0,
      failed: summary.invalid,
      skipped: summary.skipped,
      problems: summary.invalid > 0 ? summary.problems : null,
      planPath,
      planOffset: offset,
      updatedAt: new Date(),
    })
    .where(eq(archiveImports.id, run.id))
    .returning();
  return next ?? "done";
}

/**
 * Carries an import on from its checkpoint, for at most `budgetMs`. Answers "done" (finished or
 * failed for good, the archive file deleted unless keepFile) or "more". The archive is planned
 * once (the first turn); every turn after reads the stored plan from its stored position.
 */
export async function runArchiveImport(db: Db, id: string, options: RunOptions = {}): Promise<"done" | "more"> {
  const keepFile = options.keepFile ?? false;
  const [initial] = await db.select().from(archiveImports).where(eq(archiveImports.id, id)).limit(1);
  if (!initial || initial.status === "done" || initial.status === "failed") return "done";
  let run = initial;
  if (!run.path || !fs.existsSync(run.path)) {
    // On another instance's disk, or gone: a worker that shares DATA_DIR may find it (retried).
    throw new Error(`the archive file of import ${id} is not on this instance's disk`);
  }
  if (!run.planPath || !fs.existsSync(run.planPath)) {
    const planned = await planOnce(db, run, keepFile);
    if (planned === "done") return "done";
    run = planned;
  }
  const planPath = run.planPath!;
  const archivePath = run.path!;

  let archive: Archive | null = null;
  if (run.kind !== "patella_export") {
    try {
      archive = await openArchive(archivePath);
    } catch (err) {
      if (!(err instanceof ImportError)) throw err;
      return failImport(db, run, err, keepFile);
    }
  }
  const problems = new Map<string, number>();
  const tally = (reason: string) => problems.set(reason, (problems.get(reason) ?? 0) + 1);
  const saveProblems = async () => {
    if (problems.size === 0) return;
    const [row] = await db.select({ problems: archiveImports.problems }).from(archiveImports).where(eq(archiveImports.id, id));
    await update(db, id, { problems: mergeProblems(row?.problems ?? null, problems) });
    problems.clear();
  };
  try {
    const timeZone = (await getUserSettings(db, run.userId))?.timeZone ?? "UTC";
    const started = Date.now();
    let handled = 0;
    for await (const { line, end } of planLines(planPath, run.planOffset)) {
      if (options.budgetMs !== undefined && Date.now() - started > options.budgetMs) {
        await saveProblems();
        return "more";
      }
      const item = JSON.parse(line) as PlanLine;
      let counter: Counter;
      if (item.t === "file") {
        const entry = archive!.entries[item.e];
        counter = entry ? await importItem(db, archive!, entry, item.csv, run, timeZone) : "failed";
      } else {
        counter = await restoreItem(db, archivePath, run.userId, { type: item.t, record: item.r } as RestoreItem, tally);
      }
      const [next] = await db
        .update(archiveImports)
        .set({ done: sql`${archiveImports.done} + 1`, [counter]: sql`${archiveImports[counter]} + 1`, planOffset: end, updatedAt: new Date() })
        .where(eq(archiveImports.id, id))
        .returning();
      if (!next) return "done"; // the runner was deleted meanwhile
      run = next;
      options.onProgress?.(run);
      handled += 1;
      if (handled % 50 === 0 && options.heartbeat && !(await options.heartbeat())) {
        await saveProblems();
        return "more";
      }
    }
    await saveProblems();
    await update(db, id, { status: "done", finishedAt: new Date(), path: keepFile ? run.path : null, planPath: null });
    if (run.kind === "patella_export") await runHeavyTask("closeArchive", { archivePath }).catch(() => undefined);
    await removeFile(run, keepFile);
    await fs.promises.rm(planPath, { force: true });
    const [final] = await db.select().from(archiveImports).where(eq(archiveImports.id, id));
    // One line for the whole import: refused records by reason, never one line each.
    log.info("archive import finished", {
      id,
      userId: run.userId,
      imported: final?.imported,
      duplicates: final?.duplicates,
      failed: final?.failed,
      ...(final?.problems ? { problems: final.problems } : {}),
    });
    return "done";
  } finally {
    await archive?.close();
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
