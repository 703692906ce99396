/**
 * Reliability: the database connection drops and comes back (a PostgreSQL restart) while the app
 * serves. PostgreSQL only: PGlite runs in-process and has no connection to lose.
 *
 * The shared PostgreSQL server is never restarted (other test files use it at the same time).
 * Instead the app's database handle, opened exactly as the app opens it (openPostgres, default
 * pool), reaches the server through a TCP proxy (tests/support/tcp-proxy.ts) that the test cuts
 * (every open connection killed, new ones refused) and restores (listening again on the same port).
 * Route handlers are called in-process and use that handle, installed as the app's database.
 *
 * It proves, for the check-ins and load endpoints:
 * - while the database is away, every request answers at once with 503 `unavailable:database`
 *   and a message for people: no hang, no 500, no unhandled rejection;
 * - once it is back, the very same handle serves again within seconds, with nothing restarted
 *   or re-installed (postgres-js reconnects on the next query);
 * - nothing is half-written: the table holds exactly the check-ins whose POST answered 201, also
 *   when the connection drops inside the POST's transaction, just before its COMMIT;
 * - the same after the server kills the connections itself (pg_terminate_backend, which is what
 *   open connections see when PostgreSQL restarts).
 *
 * Not covered, because it does not hold today (postgres-js 3.4.9, default options):
 * - a forwarder that accepts and then closes connections (`cut({ acceptAndDrop: true })`, e.g.
 *   a port forwarder whose server is not up yet) makes a query hang until the server is back, with
 *   postgres-js reconnecting in a tight loop (porsager/postgres#1193);
 * - postgres-js backs off between reconnects, up to 10–20 s after ~7 failures in one outage, and
 *   each pooled connection keeps its own delay: after ten or so failed requests, a request waits
 *   that long before it fails, and once the server is back a request that needs another pooled
 *   connection can still wait out that connection's delay (up to 20 s after it failed). This test
 *   keeps to ten failures per outage and gives each case a fresh handle, to time the immediate answer.
 */
import { stretch } from "../support/time-factor";
import { eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as checkinsRoute from "@/app/api/v1/checkins/route";
import * as loadRoute from "@/app/api/v1/load/route";
import { getDbHandle, openPostgres, useDatabase as installAppDatabase, type DbHandle } from "@/db/client";
import { checkins } from "@/db/schema";
import { openTestDatabase, type TestDatabase } from "../support/db";
import { createRunner } from "../support/factories";
import { call, type CallResult } from "../support/http";
import { TcpProxy } from "../support/tcp-proxy";

const ADMIN_URL = process.env.TEST_DATABASE_URL;

if (!ADMIN_URL) {
  console.warn("TEST_DATABASE_URL is not set: the database-outage test (PostgreSQL only: connection dropped and restored) is not run (CI sets it).");
}

/** An answer while the database is away must come at once (postgres-js's connect_timeout is 30 s). */
const ANSWER_WITHIN_MS = Math.min(stretch(15_000), 25_000);
/** Once the database is back, the app serves again within this (no restart, no intervention). */
const RECOVER_WITHIN_MS = stretch(10_000);
/**
 * The COMMIT of a transaction, as postgres-js sends it on a connection's first transaction:
 * inside a Parse message, after the prepared statement's name (later ones bind it by name only).
 */
const COMMIT_STATEMENT = Buffer.from("\0commit\0", "latin1");

type Runner = Awaited<ReturnType<typeof createRunner>>;
type ErrorBody = { error: { code: string; message: string } };
interface Timed extends CallResult {
  ms: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!ADMIN_URL)("the database connection dropped and restored while the app serves [postgres]", () => {
  let test: TestDatabase;
  let proxy: TcpProxy;
  let app: DbHandle;
  let appUrl = "";
  let admin: postgres.Sql;
  let runner: Runner;
  let databaseName = "";
  /** Ids of the check-ins whose POST answered 201: the table must hold exactly these. */
  const created: string[] = [];
  /** How long the answers took while the database was away, and until it served again. */
  const downMs: number[] = [];
  const recoveryMs: string[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    process.on("unhandledRejection", onUnhandled);
    test = await openTestDatabase("postgres");
    const url = new URL(test.url!);
    databaseName = url.pathname.slice(1);
    proxy = new TcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.port = String(await proxy.start());
    appUrl = url.toString();
    await freshHandle();
    admin = postgres(ADMIN_URL!, { max: 1, onnotice: () => {} });
    // The runner is written on the test's own connection, which bypasses the proxy.
    runner = await createRunner(test.handle.db);
  });

  afterEach(() => {
    expect(unhandled, "no unhandled rejection while the database came and went").toEqual([]);
  });

  afterAll(async () => {
    process.off("unhandledRejection", onUnhandled);
    console.info(
      `database outage: ${downMs.length} answers while down took ${Math.min(...downMs)}–${Math.max(...downMs)} ms; ` +
        `served again ${recoveryMs.join(", ")} after the database came back`,
    );
    await app?.close();
    await proxy?.close();
    await admin?.end({ timeout: 5 });
    await test?.dispose();
  });

  /**
   * The app's database handle through the proxy, as the app opens it (default pool). Each test
   * starts with a fresh one: postgres-js keeps each pooled connection's reconnect backoff from an
   * earlier outage (up to 20 s after it failed), which would otherwise carry over from test to test.
   */
  async function freshHandle() {
    await app?.close();
    app = await openPostgres(appUrl);
    installAppDatabase(app);
  }

  const timed = async (request: () => Promise<CallResult>): Promise<Timed> => {
    const start = performance.now();
    const res = await request();
    return { ...res, ms: Math.round(performance.now() - start) };
  };
  const getLoad = () => timed(() => call(loadRoute.GET, { path: "/api/v1/load", cookie: runner.cookie }));
  const listCheckins = () => timed(() => call(checkinsRoute.GET, { path: "/api/v1/checkins", cookie: runner.cookie }));
  const postCheckin = () =>
    timed(() => call(checkinsRoute.POST, { method: "POST", path: "/api/v1/checkins", cookie: runner.cookie, json: { pain: 2, timing: "after" } }));

  /** A POST that must succeed; its check-in is then expected in the table. */
  async function created201() {
    const res = await postCheckin();
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    created.push((res.json as { checkin: { id: string } }).checkin.id);
  }

  /** The answer while the database is away: 503, a stable code, words for people, and at once. */
  function expectUnavailable(res: Timed) {
    expect(res.status, JSON.stringify(res.json)).toBe(503);
    const { error } = res.json as ErrorBody;
    expect(error.code).toBe("unavailable:database");
    expect(error.message).toMatch(/database/i);
    // No driver internals in what people read.
    expect(error.message).not.toMatch(/ECONN|CONNECTION_|127\.0\.0\.1|postgres:\/\//);
    expect(res.ms).toBeLessThan(ANSWER_WITHIN_MS);
    downMs.push(res.ms);
  }

  /** Polls until a list answers 200; each answer before it must be 503 unavailable:database. */
  async function servedAgain(): Promise<void> {
    const start = performance.now();
    for (let failed = 0; ; failed++) {
      const res = await listCheckins();
      const ms = Math.round(performance.now() - start);
      if (res.status === 200) {
        recoveryMs.push(`${ms} ms (${failed} × 503 first)`);
        expect(ms, "the database is back but the app took too long to serve again").toBeLessThan(RECOVER_WITHIN_MS);
        return;
      }
      expect([res.status, (res.json as ErrorBody).error?.code]).toEqual([503, "unavailable:database"]);
      expect(ms, "the database is back but the app does not serve again").toBeLessThan(RECOVER_WITHIN_MS);
      await sleep(100);
    }
  }

  /** The table holds exactly the check-ins whose POST answered 201. */
  async function expectExactlyTheCreated() {
    const rows = await test.handle.db.select({ id: checkins.id }).from(checkins).where(eq(checkins.userId, runner.id));
    expect(rows.map((r) => r.id).sort()).toEqual([...created].sort());
  }

  it("answers 503 at once while the database is down, and the same handle serves again once it is back", async () => {
    // 1. Normal service.
    await created201();
    expect((await getLoad()).status).toBe(200);
    expect((await listCheckins()).status).toBe(200);

    // 2. The database goes away, its open connections with it.
    await proxy.cut();
    for (const request of [getLoad, listCheckins, postCheckin]) expectUnavailable(await request());
    // Requests in flight together, as from several tabs.
    for (const res of await Promise.all([getLoad(), listCheckins(), postCheckin()])) expectUnavailable(res);
    for (const request of [postCheckin, getLoad, listCheckins]) expectUnavailable(await request());

    // 3. It comes back: the same handle, nothing restarted or installed again.
    const acceptedBefore = proxy.accepted;
    await proxy.restore();
    await servedAgain();
    expect((await getLoad()).status).toBe(200);
    await created201();
    expect(await getDbHandle()).toBe(app);
    expect(proxy.accepted, "postgres-js opened new connections by itself").toBeGreaterThan(acceptedBefore);

    // 4. Nothing half-written: the three failed POSTs left nothing.
    await expectExactlyTheCreated();
    const list = (await listCheckins()).json as { items: { id: string }[] };
    expect(list.items.map((c) => c.id).sort()).toEqual([...created].sort());
  });

  it("writes nothing when the connection drops inside the POST's transaction, before its COMMIT", async () => {
    // Fresh connections, so that the POST's transaction sends the COMMIT statement's text.
    await freshHandle();

    const cut = proxy.cutBefore(COMMIT_STATEMENT);
    const res = await postCheckin();
    // The INSERT ran on the server inside the open transaction; the connection died before COMMIT.
    expectUnavailable(res);
    await cut;
    await expectExactlyTheCreated();

    await proxy.restore();
    await servedAgain();
    await created201();
    await expectExactlyTheCreated();
  });

  it("recovers by itself when the server terminates the app's connections (a restart, as open connections see it)", async () => {
    await freshHandle();
    // Several pool connections open, as under load.
    for (const res of await Promise.all([getLoad(), listCheckins(), getLoad(), listCheckins()])) expect(res.status).toBe(200);
    const acceptedBefore = proxy.accepted;

    const terminated = await admin<{ done: boolean }[]>`
      select pg_terminate_backend(pid) as done from pg_stat_activity where datname = ${databaseName} and pid <> pg_backend_pid()`;
    expect(terminated.filter((r) => r.done).length).toBeGreaterThan(0);

    // The next requests may fail (with a 503) while the handle notices, then it serves again.
    await servedAgain();
    expect((await getLoad()).status).toBe(200);
    await created201();
    expect(proxy.accepted, "postgres-js opened new connections by itself").toBeGreaterThan(acceptedBefore);
    await expectExactlyTheCreated();
  });
});
