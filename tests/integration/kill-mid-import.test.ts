/**
 * Reliability: `kill -9` the command-line import in the middle of a large folder, restart it, and
 * prove that no partial activity exists and that the work completes.
 *
 * scripts/import.ts stores each file in its own transaction (activity + streams + upload record,
 * lib/activities/ingest.ts) and prints one JSON line per file after that transaction commits, so
 * the child's stdout is the progress signal. The embedded database (PGlite) may be opened by one
 * process only, so it is never read while the child runs; PostgreSQL is, to time the kill while
 * the child has a write transaction open. (PGlite keeps an open transaction's log, ~0.5 MB a file
 * here, in its 4 MB WAL buffers until commit, so on its disk a kill inside a transaction and one
 * between two look alike; the kill still lands part-way through a file.)
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { ensurePrivateDir, openPglite, type Db, type DbKind } from "@/db/client";
import { activities, activityStreams, uploads, users } from "@/db/schema";
import { parseGpx } from "@/lib/import/gpx";
import { summarizeTrack } from "@/lib/metrics/summary";
import { makeGpx } from "../../scripts/bench/make-gpx";
import { databaseKinds, openTestDatabase, type TestDatabase } from "../support/db";
import { stretch } from "../support/time-factor";

const FILES = 40;
const DAY_MS = 86_400_000;
const EMAIL = "killed-import@example.test";
/** Kill only once this many files are reported imported (each one committed). */
const KILL_AFTER = 3;

interface SourceFile {
  file: string;
  sha256: string;
  sizeBytes: number;
  pointCount: number;
  startMs: number;
  distanceM: number;
  movingS: number;
  elapsedS: number;
}

interface ImportLine {
  file: string;
  status: "imported" | "duplicate" | "refused";
  activityId: string | null;
  error: string | null;
}

let folder = "";
let sources: SourceFile[] = [];
const bySha = new Map<string, SourceFile>();
const temps: string[] = [];
const children = new Set<ChildProcess>();

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

beforeAll(() => {
  // 40 recordings of 20–24k points (≈5 MB each), a day apart; different lengths so that every
  // file has its own distance and moving time, not only its own hash.
  folder = tempDir("patella-kill-gpx-");
  for (let i = 0; i < FILES; i++) {
    const file = path.join(folder, `run-${String(i).padStart(2, "0")}.gpx`);
    fs.writeFileSync(file, makeGpx(20_000 + i * 111, Date.UTC(2024, 0, 1, 6) + i * DAY_MS));
    // The expected figures: a fresh parse of the bytes on disk, by the same parser the import uses.
    const bytes = fs.readFileSync(file);
    const { track } = parseGpx(bytes);
    const summary = summarizeTrack(track);
    const source: SourceFile = {
      file,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      sizeBytes: bytes.byteLength,
      pointCount: track.length,
      startMs: summary.startTime.getTime(),
      distanceM: summary.distanceM,
      movingS: summary.movingS,
      elapsedS: summary.elapsedS,
    };
    sources.push(source);
    bySha.set(source.sha256, source);
  }
  expect(bySha.size).toBe(FILES);
}, stretch(120_000));

afterEach(async () => {
  // A failed test must not leave an import running against a database about to be removed.
  await Promise.all(
    [...children].map((child) => {
      const closed = new Promise((resolve) => child.once("close", resolve));
      child.kill("SIGKILL");
      return closed;
    }),
  );
});

afterAll(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  sources = [];
  bySha.clear();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function within<T>(promise: Promise<T>, ms: number, failure: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(failure())), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** The command-line import of the whole folder, its JSON lines collected as they arrive. */
class ImportRun {
  readonly child: ChildProcess;
  readonly lines: ImportLine[] = [];
  readonly lineTimes: number[] = [];
  stderr = "";
  closed: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, ["--import", "tsx", "scripts/import.ts", "--user", EMAIL, "--create-user", "--json", folder], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.add(this.child);
    let pending = "";
    this.child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      pending += chunk;
      let nl;
      while ((nl = pending.indexOf("\n")) >= 0) {
        const text = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (!text.trim()) continue;
        this.lines.push(JSON.parse(text) as ImportLine);
        this.lineTimes.push(Date.now());
      }
    });
    this.child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (this.stderr += chunk));
    // "close", not "exit": every line the child wrote has been read by then.
    this.done = new Promise((resolve) => {
      this.child.once("close", (code, signal) => {
        children.delete(this.child);
        this.closed = { code, signal };
        resolve(this.closed);
      });
    });
  }

  /** Waits until `n` files are reported; fails if the child ends first or it takes too long. */
  async waitForLines(n: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.lines.length < n) {
      if (this.closed) throw new Error(`the import ended (${JSON.stringify(this.closed)}) after ${this.lines.length} files:\n${this.stderr}`);
      if (Date.now() > deadline) throw new Error(`no progress: ${this.lines.length} of ${n} files in ${timeoutMs} ms:\n${this.stderr}`);
      await sleep(5);
    }
  }
}

/** A database the child can be pointed at, and a way for the test to read it when the child is gone. */
interface Target {
  env: Record<string, string>;
  /** Reads the database; for PGlite only while no other process holds it. */
  read<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /** PostgreSQL only: whether the child has a write transaction open right now. */
  inWriteTransaction?: () => Promise<boolean>;
  dispose(): Promise<void>;
}

async function pgliteTarget(): Promise<Target> {
  // Seeded from the migrated template the other tests load (a copy of initdb + migrations), so the
  // child does not spend ~10 s in initdb. The child still opens, locks and migrates it itself.
  const dataDir = tempDir("patella-kill-data-");
  ensurePrivateDir(dataDir);
  const { PGlite } = await import("@electric-sql/pglite");
  const seed = await PGlite.create(path.join(dataDir, "pgdata"), { loadDataDir: new Blob([fs.readFileSync(inject("pgliteTemplate"))]) });
  await seed.close();
  return {
    env: { DATA_DIR: dataDir, DATABASE_URL: "" },
    async read(fn) {
      const handle = await openPglite({ dataDir });
      try {
        return await fn(handle.db);
      } finally {
        await handle.close();
      }
    },
    async dispose() {},
  };
}

async function postgresTarget(): Promise<Target> {
  const test: TestDatabase = await openTestDatabase("postgres");
  return {
    env: { DATABASE_URL: test.url!, DATA_DIR: tempDir("patella-kill-unused-") },
    read: (fn) => fn(test.handle.db),
    async inWriteTransaction() {
      // backend_xid is assigned at a transaction's first write: here, the activity row of the next file.
      const rows = (await test.handle.db.execute(
        sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_xid is not null`,
      )) as unknown as { n: number }[];
      return rows[0]!.n > 0;
    },
    dispose: () => test.dispose(),
  };
}

/**
 * Every invariant a crash must not break, checked on the whole database. Returns each imported
 * file's activity id by hash, and how many "duplicate" upload records there are.
 */
async function checkConsistent(db: Db): Promise<{ activityBySha: Map<string, string>; duplicates: number }> {
  const owners = await db.select({ id: users.id, email: users.email }).from(users);
  expect(owners.map((u) => u.email)).toEqual([EMAIL]);
  const userId = owners[0]!.id;

  const acts = await db
    .select({
      id: activities.id,
      userId: activities.userId,
      source: activities.source,
      sourceRef: activities.sourceRef,
      startTime: activities.startTime,
      distanceM: activities.distanceM,
      movingS: activities.movingS,
      elapsedS: activities.elapsedS,
    })
    .from(activities);
  const streams = await db
    .select({
      activityId: activityStreams.activityId,
      userId: activityStreams.userId,
      pointCount: activityStreams.pointCount,
      timeBytes: sql<number>`octet_length(${activityStreams.timeS})`.mapWith(Number),
      latLonBytes: sql<number>`octet_length(${activityStreams.latLon})`.mapWith(Number),
    })
    .from(activityStreams);
  const ups = await db
    .select({ status: uploads.status, userId: uploads.userId, sha256: uploads.sha256, sizeBytes: uploads.sizeBytes, fileName: uploads.fileName, activityId: uploads.activityId })
    .from(uploads);

  const actById = new Map(acts.map((a) => [a.id, a]));
  const activityBySha = new Map<string, string>();
  for (const a of acts) {
    // An activity exists only for a whole file of the folder, with the figures a fresh parse gives.
    const src = bySha.get(a.sourceRef);
    expect(src, `activity ${a.id} has no source file (source_ref ${a.sourceRef})`).toBeDefined();
    expect(activityBySha.has(a.sourceRef), `two activities for ${src!.file}`).toBe(false);
    activityBySha.set(a.sourceRef, a.id);
    expect({ userId: a.userId, source: a.source, startMs: a.startTime.getTime(), distanceM: a.distanceM, movingS: a.movingS, elapsedS: a.elapsedS }).toEqual({
      userId,
      source: "gpx",
      startMs: src!.startMs,
      distanceM: src!.distanceM,
      movingS: src!.movingS,
      elapsedS: src!.elapsedS,
    });
  }

  // Every activity has its whole streams row, and every streams row has its activity.
  for (const s of streams) expect(actById.has(s.activityId), `streams row of a missing activity ${s.activityId}`).toBe(true);
  const streamed = new Set(streams.map((s) => s.activityId));
  for (const a of acts) expect(streamed.has(a.id), `the activity of ${bySha.get(a.sourceRef)!.file} has no streams row`).toBe(true);
  expect(streams).toHaveLength(acts.length);
  for (const s of streams) {
    const src = bySha.get(actById.get(s.activityId)!.sourceRef)!;
    expect({ userId: s.userId, pointCount: s.pointCount, timeBytes: s.timeBytes, latLonBytes: s.latLonBytes }).toEqual({
      userId,
      pointCount: src.pointCount,
      timeBytes: 4 * src.pointCount,
      latLonBytes: 8 * src.pointCount,
    });
  }

  // Every upload record points at an existing activity of its own file; each activity has exactly
  // one "imported" record; nothing was refused.
  const importedRecords = new Map<string, number>();
  let duplicates = 0;
  for (const u of ups) {
    expect(u.status === "imported" || u.status === "duplicate", `upload of ${u.fileName} is ${u.status}`).toBe(true);
    expect(u.activityId, `upload of ${u.fileName} points at no activity`).not.toBeNull();
    const act = actById.get(u.activityId!);
    expect(act, `upload of ${u.fileName} points at a missing activity`).toBeDefined();
    const src = bySha.get(u.sha256)!;
    expect({ userId: u.userId, sha256: act!.sourceRef, fileName: u.fileName, sizeBytes: u.sizeBytes }).toEqual({
      userId,
      sha256: u.sha256,
      fileName: path.basename(src.file),
      sizeBytes: src.sizeBytes,
    });
    if (u.status === "imported") importedRecords.set(act!.id, (importedRecords.get(act!.id) ?? 0) + 1);
    else duplicates++;
  }
  for (const a of acts) expect(importedRecords.get(a.id), `"imported" records of ${a.id}`).toBe(1);
  return { activityBySha, duplicates };
}

/**
 * SIGKILLs the import in the middle of a file, once KILL_AFTER files are in: with PostgreSQL while
 * it has a write transaction open (seen in pg_stat_activity), otherwise 60% of a file's time after
 * the last reported one, when the next file's transaction is usually running.
 */
async function killMidway(run: ImportRun, target: Target): Promise<{ inTransaction: boolean | null }> {
  await run.waitForLines(KILL_AFTER, stretch(90_000));
  let inTransaction: boolean | null = null;
  if (target.inWriteTransaction) {
    const giveUpAt = KILL_AFTER + 10;
    while (!run.closed && run.lines.length < giveUpAt) {
      if (await target.inWriteTransaction()) {
        inTransaction = true;
        break;
      }
    }
    inTransaction ??= false;
  }
  if (!inTransaction) {
    // Fixed once: a later, faster file must not postpone the kill until the import is over.
    const t = run.lineTimes;
    const intervals = t.slice(1).map((time, i) => time - t[i]!);
    const killAt = t[t.length - 1]! + 0.6 * Math.min(...intervals);
    while (!run.closed && Date.now() < killAt) await sleep(1);
  }
  if (run.closed) throw new Error(`the import ended before it could be killed (${run.lines.length} files); make the folder larger`);
  run.child.kill("SIGKILL");
  return { inTransaction };
}

const kinds: DbKind[] = databaseKinds();
for (const kind of kinds) {
  describe(`import killed with SIGKILL mid-way [${kind}]`, () => {
    let target: Target | undefined;
    beforeAll(async () => {
      target = kind === "pglite" ? await pgliteTarget() : await postgresTarget();
    });
    afterAll(async () => {
      await target?.dispose();
    });

    it("leaves only whole activities, then finishes on restart with every file imported exactly once", async ({ annotate }) => {
      // 1. Import the folder and kill the process outright part-way through.
      const first = new ImportRun(target!.env);
      const kill = await killMidway(first, target!);
      expect(await within(first.done, stretch(30_000), () => "the killed import did not end")).toEqual({ code: null, signal: "SIGKILL" });
      expect(first.lines.every((l) => l.status === "imported"), first.stderr).toBe(true);
      const reported = first.lines.length;
      expect(reported).toBeGreaterThanOrEqual(KILL_AFTER);
      // The files are imported in name order; each line names its file and activity.
      expect(first.lines.map((l) => l.file)).toEqual(sources.slice(0, reported).map((s) => s.file));

      // 2. Read what survived (PGlite: after taking over the dead process's stale lock).
      if (kind === "pglite") expect(fs.existsSync(path.join(target!.env.DATA_DIR!, "patella.lock"))).toBe(true);
      const afterKill = await target!.read(checkConsistent);
      const survived = afterKill.activityBySha.size;
      expect(afterKill.duplicates).toBe(0);
      // Everything reported is there; at most the file in flight committed without being reported.
      expect(survived).toBeGreaterThanOrEqual(reported);
      expect(survived).toBeLessThanOrEqual(reported + 1);
      expect(survived).toBeLessThan(FILES);
      expect([...afterKill.activityBySha.keys()].sort()).toEqual(sources.slice(0, survived).map((s) => s.sha256).sort());
      for (const [i, line] of first.lines.entries()) expect(line.activityId).toBe(afterKill.activityBySha.get(sources[i]!.sha256));
      await annotate(
        `killed after ${reported} reported files` +
          (kill.inTransaction === null ? "" : kill.inTransaction ? ", inside an open write transaction" : ", no write transaction caught open") +
          `; ${survived} activities survived (the file in flight ${survived > reported ? "had committed" : "left nothing"})`,
      );

      // 3. Run the same import again, to the end.
      const second = new ImportRun(target!.env);
      const result = await within(second.done, stretch(150_000), () => `the restarted import did not finish: ${second.lines.length} files:\n${second.stderr}`);
      expect(result, second.stderr).toEqual({ code: 0, signal: null });
      expect(second.stderr).toMatch(new RegExp(`${FILES} files in [\\d.]+ s: ${FILES - survived} imported, ${survived} already imported, 0 refused\\.`));
      expect(second.lines.map((l) => l.file)).toEqual(sources.map((s) => s.file));
      for (const [i, line] of second.lines.entries()) {
        const before = afterKill.activityBySha.get(sources[i]!.sha256);
        if (before) expect(line).toMatchObject({ status: "duplicate", activityId: before });
        else expect(line).toMatchObject({ status: "imported", error: null });
      }

      // 4. Every file is imported exactly once, with its own figures; the totals are the folder's.
      const final = await target!.read(async (db) => {
        const check = await checkConsistent(db);
        const [totals] = await db
          .select({ n: sql<number>`count(*)`.mapWith(Number), distanceM: sql<number>`sum(${activities.distanceM})`.mapWith(Number), movingS: sql<number>`sum(${activities.movingS})`.mapWith(Number) })
          .from(activities);
        return { ...check, totals: totals! };
      });
      expect(final.activityBySha.size).toBe(FILES);
      expect(final.duplicates).toBe(survived);
      for (const [i, line] of second.lines.entries()) expect(final.activityBySha.get(sources[i]!.sha256)).toBe(line.activityId);
      expect(final.totals.n).toBe(FILES);
      expect(final.totals.movingS).toBe(sources.reduce((sum, s) => sum + s.movingS, 0));
      expect(final.totals.distanceM).toBeCloseTo(sources.reduce((sum, s) => sum + s.distanceM, 0), 3);
    }, stretch(240_000));
  });
}
