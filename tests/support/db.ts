import fs from "node:fs";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, inject } from "vitest";
import { migrateHandle, openPglite, openPostgres, useDatabase, type Db, type DbHandle, type DbKind } from "@/db/client";

/** The database kinds this run covers: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export function databaseKinds(): DbKind[] {
  return process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

export interface TestDatabase {
  handle: DbHandle;
  /** For PostgreSQL, the URL of this test's own database. */
  url?: string;
  dispose(): Promise<void>;
}

function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh, migrated database of the given kind that no other test file shares. */
export async function openTestDatabase(kind: DbKind): Promise<TestDatabase> {
  if (kind === "pglite") {
    const template = fs.readFileSync(inject("pgliteTemplate"));
    const handle = await openPglite({ loadDataDir: new Blob([template]) });
    return { handle, dispose: () => handle.close() };
  }
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error("TEST_DATABASE_URL is not set");
  const { default: postgres } = await import("postgres");
  const name = `patella_t_${process.pid}_${randomBytes(4).toString("hex")}`;
  const sql = postgres(admin, { max: 1, onnotice: () => {} });
  await sql.unsafe(`create database ${name}`);
  const url = databaseUrl(admin, name);
  const handle = await openPostgres(url, { max: 4 });
  await migrateHandle(handle, url);
  return {
    handle,
    url,
    async dispose() {
      await handle.close();
      await sql.unsafe(`drop database if exists ${name} with (force)`);
      await sql.end({ timeout: 5 });
    },
  };
}

/**
 * Runs a suite once per database kind, each time on a fresh database installed as the app's
 * database (so route handlers use it too).
 */
export function describeEachDatabase(name: string, body: (ctx: { db: () => Db; kind: DbKind; test: () => TestDatabase }) => void) {
  for (const kind of databaseKinds()) {
    describe(`${name} [${kind}]`, () => {
      let current: TestDatabase | undefined;
      beforeAll(async () => {
        current = await openTestDatabase(kind);
        useDatabase(current.handle);
      });
      afterAll(async () => {
        await current?.dispose();
      });
      body({
        kind,
        db: () => current!.handle.db,
        test: () => current!,
      });
    });
  }
}
