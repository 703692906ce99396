import fs from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import * as accountRoute from "@/app/api/v1/account/route";
import * as checkinsRoute from "@/app/api/v1/checkins/route";
import * as settingsRoute from "@/app/api/v1/settings/route";
import type { Db } from "@/db/client";
import { saveOstrc } from "@/db/queries/ostrc";
import { recordPendingAttempt } from "@/db/queries/sign-in-attempts";
import { accounts, gear, revokedSessions, sessions, signInAttempts, USER_OWNED_TABLES, users, verificationTokens } from "@/db/schema";
import { ingestFile } from "@/lib/activities/ingest";
import { hashPassword } from "@/lib/auth/password";
import { env } from "@/lib/env";
import { archiveFileName, archivesDir, queueArchiveImport } from "@/lib/import/archive-import";
import { storeStravaTokens } from "@/lib/strava/tokens";
import { makeActivityFile } from "../support/activity-files";
import { describeEachDatabase } from "../support/db";
import { createRunner } from "../support/factories";
import { call } from "../support/http";
import { stretch } from "../support/time-factor";

/**
 * Deleting an account removes every row and file of that runner and nothing of anyone else's.
 * "Every row" is read from the database itself (information_schema), not from a list kept by
 * hand: every column that references users.id, and every column named user_id.
 */

type Runner = Awaited<ReturnType<typeof createRunner>>;

const PASSWORD = "correct horse battery staple";
let athletes = 6_660_000;

/** A runner with rows in every table a runner owns, an archive waiting on disk, and traces kept by email. */
async function runnerWithEverything(db: Db, seed: number, withPassword: boolean): Promise<Runner & { archive: string; orphan: string }> {
  const runner = await createRunner(db, { timeZone: "Europe/Paris" });
  if (withPassword) await db.update(users).set({ passwordHash: await hashPassword(PASSWORD) }).where(eq(users.id, runner.id));
  const athleteId = ++athletes;
  // Auth.js's tables: the Strava sign-in account and a (database) session.
  await db.insert(accounts).values({ userId: runner.id, type: "oauth", provider: "strava", providerAccountId: String(athleteId) });
  await db.insert(sessions).values({ sessionToken: `session-${runner.id}`, userId: runner.id, expires: new Date(Date.now() + 86_400_000) });
  // A signed-out session, kept so that a copy of its cookie is refused.
  await db.insert(revokedSessions).values({ sid: `sid-${runner.id}`, userId: runner.id, expiresAt: new Date(Date.now() + 86_400_000) });
  // Tokens Strava never issued: revoking them fails (Strava is unreachable in tests), the deletion goes on.
  await storeStravaTokens(db, process.env.AUTH_SECRET!, runner.id, { providerAccountId: String(athleteId), access_token: "x-access", refresh_token: "x-refresh", expires_at: 4_000_000_000 });
  await db.insert(gear).values({ userId: runner.id, source: "strava", sourceRef: `g${seed}`, kind: "shoe", name: "Shoes", distanceM: 1000 });
  // An upload: activity, streams, upload record and the kept original.
  const run = await ingestFile(db, { userId: runner.id, timeZone: "Europe/Paris", fileName: "run.gpx", bytes: makeActivityFile("gpx", seed, 60) });
  if (run.status !== "imported") throw new Error("fixture did not import");
  const checkin = await call(checkinsRoute.POST, { method: "POST", path: "/api/v1/checkins", cookie: runner.cookie, json: { pain: 3, timing: "after", activityId: run.activityId, rpe: 5 } });
  if (checkin.status !== 201) throw new Error("check-in not created");
  await saveOstrc(db, runner.id, { weekStart: "2026-11-16", skipped: false, answers: [1, 1, 0, 0], severity: 17, substantial: false });
  // An archive waiting for its import (and its queued job).
  const dir = archivesDir(env().DATA_DIR);
  fs.mkdirSync(dir, { recursive: true });
  const archive = path.join(dir, `${runner.id}.zip`);
  fs.writeFileSync(archive, "PK not really a zip");
  await queueArchiveImport(db, { userId: runner.id, fileName: "export.zip", filePath: archive, sizeBytes: 19, now: new Date() });
  // An upload a crash cut short: its file, named after the runner, but no row.
  const orphan = path.join(dir, archiveFileName(runner.id, "cut-short"));
  fs.writeFileSync(orphan, "PK half an upload");
  // Kept by email, not by id.
  await recordPendingAttempt(db, { email: runner.email, address: "192.0.2.1", kind: "sign_in" }, new Date());
  await db.insert(verificationTokens).values({ identifier: runner.email, token: `t-${runner.id}`, expires: new Date(Date.now() + 3_600_000) });
  return { ...runner, archive, orphan };
}

/** Every (table, column) that holds a runner's id: foreign keys to users.id, and any column named user_id. */
async function userColumns(db: Db): Promise<{ table: string; column: string }[]> {
  const rows = await db.execute<{ table_name: string; column_name: string }>(sql`
    select kcu.table_name, kcu.column_name
      from information_schema.referential_constraints rc
      join information_schema.key_column_usage kcu on kcu.constraint_name = rc.constraint_name and kcu.constraint_schema = rc.constraint_schema
      join information_schema.constraint_column_usage ccu on ccu.constraint_name = rc.unique_constraint_name and ccu.constraint_schema = rc.unique_constraint_schema
     where ccu.table_name = 'users' and ccu.column_name = 'id' and kcu.table_schema = 'public'
    union
    select table_name, column_name from information_schema.columns where table_schema = 'public' and column_name = 'user_id'
    union
    select 'users', 'id'`);
  const list = (Array.isArray(rows) ? rows : (rows as { rows: { table_name: string; column_name: string }[] }).rows).map((r) => ({ table: r.table_name, column: r.column_name }));
  return list.sort((x, y) => `${x.table}.${x.column}`.localeCompare(`${y.table}.${y.column}`));
}

/** Rows per table that hold this id. */
async function rowsHolding(db: Db, columns: { table: string; column: string }[], id: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const { table, column } of columns) {
    const result = await db.execute<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)} where ${sql.identifier(column)} = ${id}`);
    const rows = Array.isArray(result) ? result : (result as { rows: { n: number }[] }).rows;
    out[`${table}.${column}`] = Number(rows[0]!.n);
  }
  return out;
}

const deleteAccount = (runner: Runner, json: unknown) => call(accountRoute.DELETE, { method: "DELETE", path: "/api/v1/account", cookie: runner.cookie, json });

describeEachDatabase("account deletion", ({ db }) => {
  it("deletes every row and file of the runner, and nothing of another runner's", async () => {
    const a = await runnerWithEverything(db(), 501, true);
    const b = await runnerWithEverything(db(), 502, true);
    const columns = await userColumns(db());
    // The database's own list is the one the schema declares (a new table must be declared there too).
    expect([...new Set(columns.map((c) => c.table))].filter((t) => t !== "users").sort()).toEqual([...USER_OWNED_TABLES].sort());

    const before = await rowsHolding(db(), columns, a.id);
    // The test proves something only if the runner has rows everywhere.
    expect(Object.entries(before).filter(([, n]) => n === 0)).toEqual([]);
    const bBefore = await rowsHolding(db(), columns, b.id);

    // Wrong or missing confirmation: refused, nothing deleted.
    const wrong = await deleteAccount(a, { password: "not my password" });
    expect(wrong.status).toBe(403);
    expect(wrong.json.error.code).toBe("forbidden:password");
    const missing = await deleteAccount(a, { confirm: "DELETE" });
    expect(missing.status).toBe(400);
    expect(missing.json.error.code).toBe("bad_request:body");
    expect(await rowsHolding(db(), columns, a.id)).toEqual(before);

    const res = await deleteAccount(a, { password: PASSWORD });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toEqual({
      deleted: { activities: 1, checkins: 1, ostrcResponses: 1, uploads: 1, originalFiles: 1, archiveImports: 1, gear: 1 },
      archiveFiles: 2,
      strava: { connected: true, notified: false },
    });

    const after = await rowsHolding(db(), columns, a.id);
    expect(Object.entries(after).filter(([, n]) => n > 0)).toEqual([]);
    expect(await db().select().from(signInAttempts).where(eq(signInAttempts.email, a.email))).toEqual([]);
    expect(await db().select().from(verificationTokens).where(eq(verificationTokens.identifier, a.email))).toEqual([]);
    expect(fs.existsSync(a.archive)).toBe(false);
    expect(fs.existsSync(a.orphan), "an upload without a row goes with its runner").toBe(false);

    // The other runner is untouched, their archive still waiting.
    expect(await rowsHolding(db(), columns, b.id)).toEqual(bBefore);
    expect(fs.existsSync(b.archive)).toBe(true);
    expect(fs.existsSync(b.orphan)).toBe(true);
    expect(await db().select().from(signInAttempts).where(eq(signInAttempts.email, b.email))).toHaveLength(1);

    // The deleted runner's session no longer opens anything.
    const settings = await call(settingsRoute.GET, { path: "/api/v1/settings", cookie: a.cookie });
    expect(settings.status).toBe(401);
    expect((await call(settingsRoute.GET, { path: "/api/v1/settings", cookie: b.cookie })).status).toBe(200);
  }, stretch(60_000));

  it("a runner without a password confirms with their email address or DELETE", async () => {
    const c = await createRunner(db());
    const wrong = await deleteAccount(c, { confirm: "someone-else@example.test" });
    expect(wrong.status).toBe(403);
    expect(wrong.json.error.code).toBe("forbidden:confirmation");
    expect((await deleteAccount(c, {})).status).toBe(400);
    expect((await deleteAccount(c, { confirm: "DELETE", extra: true })).status).toBe(400);
    expect(await db().select().from(users).where(eq(users.id, c.id))).toHaveLength(1);

    const byEmail = await deleteAccount(c, { confirm: ` ${c.email.toUpperCase()} ` });
    expect(byEmail.status).toBe(200);
    expect(byEmail.json.strava).toEqual({ connected: false, notified: false });
    expect(await db().select().from(users).where(eq(users.id, c.id))).toEqual([]);

    const d = await createRunner(db());
    expect((await deleteAccount(d, { confirm: "DELETE" })).status).toBe(200);
    expect(await db().select().from(users).where(eq(users.id, d.id))).toEqual([]);
    // Once gone, the same cookie is a stranger's.
    expect((await deleteAccount(d, { confirm: "DELETE" })).status).toBe(401);
  });

  it("refuses a cross-site request and a signed-out one", async () => {
    const e = await createRunner(db());
    const forged = await call(accountRoute.DELETE, { method: "DELETE", path: "/api/v1/account", cookie: e.cookie, json: { confirm: "DELETE" }, origin: "https://evil.example" });
    expect(forged.status).toBe(403);
    expect((await call(accountRoute.DELETE, { method: "DELETE", path: "/api/v1/account", json: { confirm: "DELETE" } })).status).toBe(401);
    expect(await db().select().from(users).where(eq(users.id, e.id))).toHaveLength(1);
  });
});
