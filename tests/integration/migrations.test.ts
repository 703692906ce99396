import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER, type Db } from "@/db/client";
import { databaseKinds, openTestDatabase, type TestDatabase } from "../support/db";

async function schemaOf(db: Db) {
  const result = await db.execute(sql`
    select table_name, column_name, data_type, is_nullable, column_default
    from information_schema.columns where table_schema = 'public'
    order by table_name, column_name`);
  return (result as unknown as { rows?: unknown[] }).rows ?? (result as unknown as unknown[]);
}

async function appliedMigrations(db: Db): Promise<number> {
  const result = await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
  const rows = ((result as unknown as { rows?: { n: number }[] }).rows ?? (result as unknown as { n: number }[]));
  return Number(rows[0]!.n);
}

describe("migrations", () => {
  const opened: TestDatabase[] = [];
  afterAll(async () => {
    for (const t of opened) await t.dispose();
  });

  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as { entries: unknown[] };

  it.each(databaseKinds())("apply every committed migration on %s", async (kind) => {
    const t = await openTestDatabase(kind);
    opened.push(t);
    expect(await appliedMigrations(t.handle.db)).toBe(journal.entries.length);
    const tables = new Set(((await schemaOf(t.handle.db)) as { table_name: string }[]).map((r) => r.table_name));
    for (const table of ["users", "accounts", "activities", "uploads", "strava_connections", "sign_in_attempts"]) {
      expect(tables).toContain(table);
    }
  });

  if (!databaseKinds().includes("postgres")) {
    console.warn("TEST_DATABASE_URL is not set: the PGlite/PostgreSQL schema comparison is not run (CI sets it).");
    return;
  }

  it("produce the same schema on PGlite and on the PostgreSQL server", async () => {
    const lite = await openTestDatabase("pglite");
    const pg = await openTestDatabase("postgres");
    opened.push(lite, pg);
    const a = await schemaOf(lite.handle.db);
    const b = await schemaOf(pg.handle.db);
    expect(a.length).toBeGreaterThan(50);
    expect(b).toEqual(a);
  });
});
