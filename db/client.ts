import fs from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { env } from "../lib/env";
import { log } from "../lib/log";
import * as schema from "./schema";

/**
 * The one connection module. It opens PGlite (embedded, in DATA_DIR) or postgres-js (when
 * DATABASE_URL is set), applies the committed migrations, and caches the handle on globalThis so
 * that dev reloads and repeated imports share one connection. Nothing is opened at import time:
 * `next build` evaluates route modules and must never touch the database.
 *
 * Kept free of `server-only` so command-line scripts and tests can import it; app code imports
 * `db/index.ts`, which adds that guard.
 */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DbKind = "pglite" | "postgres";

export interface DbHandle {
  db: Db;
  kind: DbKind;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "drizzle");

export class DatabaseLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is already open in another Patella process (pid ${pid}). ` +
        `Only one process may open it at a time: stop that process, or use the running app over HTTP, ` +
        `or set DATABASE_URL to a PostgreSQL server, which has no such limit.`,
    );
    this.name = "DatabaseLockedError";
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** DATA_DIR holds password hashes and the auth secret: readable by its owner only. */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
}

/**
 * Two processes that find the same stale lock could both remove it and write their own. After a
 * takeover, wait a moment and check the lock is still ours; the loser of such a race backs off.
 */
function settleTakeover(lockPath: string, dataDir: string): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  const content = fs.readFileSync(lockPath, "utf8").trim();
  if (content !== INCARNATION) {
    throw new DatabaseLockedError(dataDir, Number.parseInt(content.split(":")[0] ?? "", 10));
  }
}

/** Identifies this process incarnation: a restarted container may reuse the same pid. */
const INCARNATION = `${process.pid}:${Date.now().toString(36)}:${Math.random().toString(36).slice(2, 10)}`;

/**
 * Takes DATA_DIR/patella.lock for this process. A lock left by a process that is gone (or by an
 * earlier incarnation with the same pid) is taken over; a live holder, this process included, is refused.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  ensurePrivateDir(dataDir);
  const lockPath = path.join(dataDir, "patella.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, INCARNATION, { flag: "wx" });
      if (attempt > 0) settleTakeover(lockPath, dataDir);
      const release = () => {
        try {
          if (fs.readFileSync(lockPath, "utf8").trim() === INCARNATION) fs.unlinkSync(lockPath);
        } catch {
          // already gone
        }
        process.removeListener("exit", release);
      };
      process.on("exit", release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const content = fs.readFileSync(lockPath, "utf8").trim();
      const holder = Number.parseInt(content.split(":")[0] ?? "", 10);
      const held =
        content === INCARNATION || (Number.isInteger(holder) && holder !== process.pid && pidAlive(holder));
      if (held) throw new DatabaseLockedError(dataDir, holder);
      fs.rmSync(lockPath, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`Could not take the database lock in ${dataDir}`);
}

export async function openPglite(options: { dataDir?: string; loadDataDir?: Blob }): Promise<DbHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  let release = () => {};
  let client: PGlite;
  if (options.dataDir) {
    release = acquireDataDirLock(options.dataDir);
    try {
      client = await PGlite.create(path.join(options.dataDir, "pgdata"));
    } catch (err) {
      release();
      throw err;
    }
  } else {
    client = await PGlite.create(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {});
  }
  const db = drizzle({ client, schema }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    async close() {
      await client.close();
      release();
    },
  };
}

export async function openPostgres(url: string, options: { max?: number } = {}): Promise<DbHandle> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const client = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    // Reconnect soon after the server comes back (a restart): postgres-js's default back-off grows
    // to 10-20 s after a few failures, so an outage would outlast itself by that much.
    backoff: (attempt: number) => Math.min(0.05 * 2 ** attempt, 1),
    connect_timeout: 10,
  });
  const db = drizzle({ client, schema }) as unknown as Db;
  return { db, kind: "postgres", close: () => client.end({ timeout: 5 }) };
}

/** Applies every migration in drizzle/ that has not run yet. Safe to call from several instances at once. */
export async function migrateHandle(handle: DbHandle, databaseUrl?: string): Promise<void> {
  if (handle.kind === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator wants the driver-specific type
    await migrate(handle.db as any, { migrationsFolder: MIGRATIONS_FOLDER });
    return;
  }
  if (!databaseUrl) throw new Error("migrateHandle needs the database URL for PostgreSQL");
  // One dedicated connection holds an advisory lock so that two app instances never migrate at once.
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  const client = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(7201652)`;
    await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
    await client`select pg_advisory_unlock(7201652)`;
  } finally {
    await client.end({ timeout: 5 });
  }
}

/** Opens the database the environment describes and brings its schema up to date. */
export async function openConfiguredDatabase(): Promise<DbHandle> {
  const e = env();
  if (e.DATABASE_URL) {
    const handle = await openPostgres(e.DATABASE_URL);
    try {
      await migrateHandle(handle, e.DATABASE_URL);
    } catch (err) {
      await handle.close();
      throw err;
    }
    log.info("database ready", { kind: "postgres" });
    return handle;
  }
  const dataDir = path.resolve(e.DATA_DIR);
  const handle = await openPglite({ dataDir });
  try {
    await migrateHandle(handle);
  } catch (err) {
    await handle.close();
    throw err;
  }
  log.info("database ready", { kind: "pglite", dataDir });
  return handle;
}

type DbGlobal = { __patellaDb?: Promise<DbHandle> };
const store = globalThis as DbGlobal;

/** The app's database, opened (and migrated) on first use and shared for the life of the process. */
export async function getDbHandle(): Promise<DbHandle> {
  if (!store.__patellaDb) {
    store.__patellaDb = openConfiguredDatabase();
    // A failed open must not be cached forever: the next request tries again.
    store.__patellaDb.catch(() => {
      store.__patellaDb = undefined;
    });
  }
  return store.__patellaDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

/** Installs an already-open database as the app's (tests open a real one per file). */
export function useDatabase(handle: DbHandle): void {
  store.__patellaDb = Promise.resolve(handle);
}

export async function closeDb(): Promise<void> {
  const pending = store.__patellaDb;
  store.__patellaDb = undefined;
  if (pending) await (await pending).close();
}
