/**
 * `npm run import -- --user EMAIL [--create-user] [--json] PATH...`
 *
 * Imports activity files (.gpx, .tcx, .fit, each optionally .gz), folders of them (recursively),
 * and archives (.zip: Strava's "download your data" export, or a .zip of such files), for one
 * runner through the same pipeline as the upload page. An archive is read entry by entry from
 * disk, never whole; interrupted, it carries on from its checkpoint when imported again. Honours DATABASE_URL / DATA_DIR like the app. With the embedded database
 * it cannot run while the app has it open (it says so): stop the app, or use PostgreSQL.
 * Exit code: 0 when every file was imported or already there, 1 if any was refused, 2 on a
 * usage or set-up error.
 */
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { closeDb, DatabaseLockedError, getDbHandle } from "../db/client";
import { createPasswordUser, getUserByEmail } from "../db/queries/users";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client";
import { type ArchiveImport, archiveImports } from "../db/schema";
import { ingestFile, type IngestResult } from "../lib/activities/ingest";
import { createArchiveImport, runArchiveImport } from "../lib/import/archive-import";
import { hashPassword } from "../lib/auth/password";
import { emailSchema } from "../lib/auth/credentials";
import { maxUploadBytes } from "../lib/env";
import { formatBytes } from "../lib/format-bytes";
import { logToStderr } from "../lib/log";

interface Options {
  email: string;
  createUser: boolean;
  json: boolean;
  paths: string[];
}

const USAGE = "Usage: npm run import -- --user EMAIL [--create-user] [--json] PATH...";

function parseArgs(argv: string[]): Options {
  const opts: Options = { email: "", createUser: false, json: false, paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--user") opts.email = argv[++i] ?? "";
    else if (a.startsWith("--user=")) opts.email = a.slice(7);
    else if (a === "--create-user") opts.createUser = true;
    else if (a === "--json") opts.json = true;
    else if (a === "--help" || a === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else if (a.startsWith("--")) throw new UsageError(`Unknown option ${a}.`);
    else opts.paths.push(a);
  }
  if (!opts.email) throw new UsageError("Say whose files these are with --user EMAIL.");
  if (opts.paths.length === 0) throw new UsageError("Name at least one file or folder to import.");
  return opts;
}

class UsageError extends Error {}

const ACTIVITY_FILE = /\.((gpx|tcx|fit)(\.gz)?|zip)$/i;

/** Every activity file under the given paths, depth first, in a stable order. */
export function collectFiles(paths: string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = (p: string) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      missing.push(p);
      return;
    }
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p).sort()) walk(path.join(p, entry));
    } else if (ACTIVITY_FILE.test(p)) files.push(p);
  };
  for (const p of paths) {
    if (fs.existsSync(p) && !fs.statSync(p).isDirectory() && !ACTIVITY_FILE.test(p)) files.push(p); // named explicitly: try it
    else walk(p);
  }
  return { files, missing };
}

type Line = {
  file: string;
  status: "imported" | "duplicate" | "refused";
  activityId: string | null;
  sport: string | null;
  startTime: string | null;
  distanceM: number | null;
  movingS: number | null;
  elapsedS: number | null;
  elevGainM: number | null;
  avgHr: number | null;
  avgCadenceSpm: number | null;
  error: string | null;
};

function toLine(file: string, r: IngestResult | { status: "refused"; message: string }): Line {
  const empty = { activityId: null, sport: null, startTime: null, distanceM: null, movingS: null, elapsedS: null, elevGainM: null, avgHr: null, avgCadenceSpm: null, error: null };
  if (r.status === "imported") {
    const f = r.figures;
    return { file, status: "imported", ...empty, activityId: r.activityId, sport: f.sport, startTime: f.startTime.toISOString(), distanceM: f.distanceM, movingS: f.movingS, elapsedS: f.elapsedS, elevGainM: f.elevGainM, avgHr: f.avgHr, avgCadenceSpm: f.avgCadenceSpm };
  }
  if (r.status === "duplicate") return { file, status: "duplicate", ...empty, activityId: r.activityId };
  return { file, status: "refused", ...empty, error: r.status === "failed" ? r.error.message : r.message };
}

async function main(): Promise<number> {
  logToStderr();
  let opts: Options;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`${err.message}\n${USAGE}`);
      return 2;
    }
    throw err;
  }
  const email = emailSchema.safeParse(opts.email);
  if (!email.success) {
    console.error(`"${opts.email}" is not a valid email address.`);
    return 2;
  }
  const { files, missing } = collectFiles(opts.paths);
  for (const m of missing) console.error(`Not found: ${m}`);
  if (files.length === 0) {
    console.error("No activity files (.gpx, .tcx, .fit, optionally .gz) or .zip archives found under the given paths.");
    return missing.length ? 2 : 1;
  }

  let handle;
  try {
    handle = await getDbHandle();
  } catch (err) {
    console.error(err instanceof DatabaseLockedError ? err.message : `Cannot open the database: ${(err as Error).message}`);
    return 2;
  }
  const db = handle.db;
  let user = await getUserByEmail(db, email.data);
  if (!user) {
    if (!opts.createUser) {
      console.error(`No runner with the email ${email.data}. Add --create-user to create one.`);
      return 2;
    }
    const password = randomBytes(12).toString("base64url");
    const created = await createPasswordUser(db, { email: email.data, name: null, passwordHash: await hashPassword(password), timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC" });
    user = await getUserByEmail(db, email.data);
    if (!created || !user) throw new Error("could not create the runner");
    console.error(`Created the runner ${email.data}; their password (shown once): ${password}`);
  }

  const limit = maxUploadBytes();
  const counts = { imported: 0, duplicate: 0, refused: 0 };
  const started = Date.now();
  const tty = process.stderr.isTTY && !opts.json;
  for (const [i, file] of files.entries()) {
    let line: Line;
    const size = fs.statSync(file).size;
    if (/\.zip$/i.test(file)) {
      const run = await importArchive(db, user.id, file, size, tty && !opts.json);
      counts.imported += run.imported;
      counts.duplicate += run.duplicates;
      counts.refused += run.failed + (run.status === "failed" ? 1 : 0);
      const outcome = { file, status: run.status, total: run.total, imported: run.imported, duplicates: run.duplicates, failed: run.failed, skipped: run.skipped, error: run.lastError };
      if (opts.json) console.log(JSON.stringify(outcome));
      else console.error(`${tty ? "\n" : ""}${file}: ${run.status === "failed" ? `refused: ${run.lastError}` : `${run.imported} imported, ${run.duplicates} already imported, ${run.failed} refused, ${run.skipped} skipped of ${run.total} files`}`);
      continue;
    }
    if (size > limit) {
      line = toLine(file, { status: "refused", message: `The file is larger than the ${formatBytes(limit)} limit.` });
    } else {
      const result = await ingestFile(db, { userId: user.id, timeZone: user.timeZone, fileName: path.basename(file), bytes: fs.readFileSync(file) });
      line = toLine(file, result);
    }
    counts[line.status]++;
    if (opts.json) console.log(JSON.stringify(line));
    else if (tty) process.stderr.write(`\r[${i + 1}/${files.length}] ${counts.imported} imported, ${counts.duplicate} already there, ${counts.refused} refused `);
    if (!opts.json && line.status === "refused") console.error(`${tty ? "\n" : ""}refused: ${file}: ${line.error}`);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const summary = `${files.length} file${files.length === 1 ? "" : "s"} in ${seconds} s: ${counts.imported} imported, ${counts.duplicate} already imported, ${counts.refused} refused.`;
  if (tty) process.stderr.write("\n");
  if (opts.json) console.error(summary);
  else console.log(summary);
  await closeDb();
  return counts.refused > 0 || missing.length > 0 ? 1 : 0;
}

/**
 * An archive, through the same importer as uploaded ones (lib/import/archive-import.ts), in this
 * process. An unfinished import of the same file (path and size) is carried on from its checkpoint.
 */
async function importArchive(db: Db, userId: string, file: string, size: number, progress: boolean): Promise<ArchiveImport> {
  const filePath = path.resolve(file);
  const [unfinished] = await db
    .select()
    .from(archiveImports)
    .where(and(eq(archiveImports.userId, userId), eq(archiveImports.path, filePath), eq(archiveImports.sizeBytes, size), inArray(archiveImports.status, ["queued", "running"])))
    .limit(1);
  // Not queued as a job: this process does the work, and the file stays where it is.
  const run = unfinished ?? (await createArchiveImport(db, { userId, fileName: path.basename(file), filePath, sizeBytes: size }));
  if (unfinished) console.error(`Carrying on with ${file} from file ${unfinished.done} of ${unfinished.total ?? "?"}.`);
  await runArchiveImport(db, run.id, {
    keepFile: true,
    onProgress: (r) => {
      if (progress) process.stderr.write(`\r${path.basename(file)}: [${r.done}/${r.total ?? "?"}] ${r.imported} imported, ${r.duplicates} already there, ${r.failed} refused `);
    },
  });
  const [done] = await db.select().from(archiveImports).where(eq(archiveImports.id, run.id));
  return done!;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error("Import failed:", err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
