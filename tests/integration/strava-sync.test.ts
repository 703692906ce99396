import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterEach, expect, it, vi } from "vitest";
import { activities, gear, jobs, stravaConnections, uploads } from "@/db/schema";
import { getStravaConnection } from "@/db/queries/strava";
import { accessTokenFor, ReconnectNeeded, stravaRequest } from "@/lib/strava/api";
import { BACKFILL_JOB } from "@/lib/strava/backfill";
import { disconnectStrava } from "@/lib/strava/disconnect";
import { stravaStatus } from "@/lib/strava/status";
import { readStravaTokens } from "@/lib/strava/tokens";
import * as webhookRoute from "@/app/api/strava/webhook/[secret]/route";
import { storeSubscriptionId } from "@/db/queries/strava-webhook";
import { GET as statusGet } from "@/app/api/v1/strava/route";
import { describeEachDatabase } from "../support/db";
import { call } from "../support/http";
import { createRunner } from "../support/factories";
import { ADA, advance, authorize, BO, CLIENT_SECRET, connectRunner, drain, SECRET, type SyncHarness, startSync, syncWorker, T0, webhookSecret } from "../support/strava-sync";
import { createWorker } from "@/lib/jobs/worker";
import { createArchiveImport, runArchiveImport } from "@/lib/import/archive-import";
import { makeActivityFile } from "../support/activity-files";
import { makeArchive } from "../support/make-archive";
import { log } from "@/lib/log";
import { stravaJobHandlers } from "@/lib/strava/runtime";

/**
 * Patella's Strava sync against the local Strava server (e2e/strava-server), on PGlite and
 * PostgreSQL, with one clock for both sides that the tests move forward instead of waiting.
 */

let harness: SyncHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function stravaRefs(db: Parameters<typeof getStravaConnection>[0], userId: string): Promise<string[]> {
  const rows = await db
    .select({ ref: activities.sourceRef })
    .from(activities)
    .where(and(eq(activities.userId, userId), eq(activities.source, "strava")));
  return rows.map((r) => r.ref);
}

/** Every activity id the server would list for the athlete with the scopes granted (all, here). */
function serverIds(h: SyncHarness, athleteId: number): string[] {
  return h.server.control.activities(athleteId).map((a) => String(a.id));
}

/** The webhook route at this server's secret path; events name subscription 1, stored as Patella's. */
const hookPath = (query = "") => `/api/strava/webhook/${webhookSecret()}${query}`;
const webhookGet: typeof webhookRoute.GET = (req) => webhookRoute.GET(req, { params: Promise.resolve({ secret: webhookSecret() }) });
const webhookPost: typeof webhookRoute.POST = async (req) => {
  const { getDb } = await import("@/db/client");
  await storeSubscriptionId(await getDb(), 1, new Date());
  return webhookRoute.POST(req, { params: Promise.resolve({ secret: webhookSecret() }) });
};

const pages = (h: SyncHarness) => h.apiRequests().filter((r) => r.path === "/api/v3/athlete/activities");

describeEachDatabase("Strava history import", ({ db }) => {
  it("imports 2,000 activities in 11 page requests, pausing for the rate-limit window and storing each activity once", async () => {
    harness = await startSync(db());
    const h = harness;
    const { runner, tokens } = await connectRunner(h, ADA);
    expect((await getStravaConnection(db(), runner.id))!.scopes).toBe("read,activity:read_all,profile:read_all");

    // Another client of the same Strava application has already used 85 of the 100 reads of this
    // window: Patella learns it from the first response's headers and stops at its reserve (90).
    for (let i = 0; i < 84; i++) {
      const r = await fetch(`${h.server.url}/api/v3/athlete`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
      expect(r.status).toBe(200);
    }
    const before = pages(h).length;
    const worker = syncWorker(h);
    await drain(worker);

    const paused = await getStravaConnection(db(), runner.id);
    expect(paused!.backfillStatus).toBe("running");
    expect(paused!.backfillPausedUntil!.toISOString()).toBe(new Date((T0 + 900) * 1000).toISOString());
    // 85 + 5 pages = 90: the reserve of 10 is left for interactive use, and no 429 was ever risked.
    expect(pages(h).length - before).toBe(5);
    expect(h.server.control.rateLimits().usage.read[0]).toBe(90);
    const midway = await stravaStatus(db(), runner.id);
    expect(midway).toMatchObject({ connected: true, import: { status: "running", stored: 1000 } });
    if (!midway.connected) throw new Error("unreachable");
    expect(midway.import.pausedUntil).toEqual(paused!.backfillPausedUntil);
    // Half the history by count; the estimate comes from the time span still to cover.
    expect(midway.import.remainingEstimate).toBeGreaterThan(500);
    expect(midway.import.remainingEstimate).toBeLessThan(1500);

    // Nothing is claimable until the window turns.
    expect((await worker.runOnce()).claimed).toBe(0);
    advance(h, 900);
    await drain(worker);

    const done = await getStravaConnection(db(), runner.id);
    expect(done).toMatchObject({ backfillStatus: "done", backfillPausedUntil: null, backfillImported: 2000, backfillPages: 11 });
    expect(pages(h).length - before).toBe(11);
    const refs = await stravaRefs(db(), runner.id);
    expect(refs).toHaveLength(2000);
    expect(new Set(refs)).toEqual(new Set(serverIds(h, ADA)));
    // The five most recent runs get their streams; nothing else asks per activity.
    const streamCalls = h.apiRequests().filter((r) => r.path.endsWith("/streams"));
    expect(streamCalls.length).toBeLessThanOrEqual(5);
    expect(h.apiRequests().filter((r) => /^\/api\/v3\/activities\/\d+$/.test(r.path))).toHaveLength(0);
    // Shoes came with the profile at connect time.
    expect((await db().select().from(gear).where(eq(gear.userId, runner.id))).length).toBeGreaterThan(0);
  });

  it("rolls a page back whole when storing it fails, and the retry stores it without gaps or duplicates", async () => {
    harness = await startSync(db());
    const h = harness;
    const { runner } = await connectRunner(h, BO);
    // The 100th newest activity cannot be stored, once: the page's transaction dies half-way.
    const victim = serverIds(h, BO).at(-100)!;
    await db().execute(sql.raw(`create table strava_test_fail (ref text primary key)`));
    await db().execute(sql.raw(`insert into strava_test_fail values ('${victim}')`));
    await db().execute(
      sql.raw(`create function strava_test_fail_fn() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from strava_test_fail where ref = new.source_ref) then
          raise exception 'simulated crash while storing %', new.source_ref;
        end if;
        return new;
      end $$`),
    );
    await db().execute(sql.raw(`create trigger strava_test_fail_tg before insert on activities for each row execute function strava_test_fail_fn()`));
    try {
      const worker = syncWorker(h);
      const first = await worker.runOnce();
      expect(first).toMatchObject({ claimed: 1, retried: 1 });
      // Nothing of the page was kept, and the checkpoint did not move.
      expect(await stravaRefs(db(), runner.id)).toHaveLength(0);
      expect((await getStravaConnection(db(), runner.id))!.backfillBefore).toBeNull();
      // The fault clears (the "restart"): the same page is fetched again and stored whole.
      await db().execute(sql.raw(`delete from strava_test_fail`));
      advance(h, 3600);
      await drain(worker);
      const refs = await stravaRefs(db(), runner.id);
      expect(refs.sort()).toEqual(serverIds(h, BO).sort());
    } finally {
      await db().execute(sql.raw(`drop trigger if exists strava_test_fail_tg on activities`));
      await db().execute(sql.raw(`drop function if exists strava_test_fail_fn()`));
      await db().execute(sql.raw(`drop table if exists strava_test_fail`));
    }
  });

  it("retries Strava's 500s and timeouts with back-off and completes", async () => {
    harness = await startSync(db(), { timeoutMs: 300 });
    const h = harness;
    const { runner } = await connectRunner(h, BO);
    h.server.control.injectFault({ kind: "error", status: 500, count: 2, pathPrefix: "/api/v3/athlete/activities" });
    h.server.control.injectFault({ kind: "hang", delayMs: 2_000, count: 1, pathPrefix: "/api/v3/athlete/activities" });
    const worker = syncWorker(h);
    const errors: string[] = [];
    for (let i = 0; i < 3; i++) {
      const round = await worker.runOnce();
      expect(round).toMatchObject({ claimed: 1, retried: 1 });
      const [job] = await db().select().from(jobs).where(and(eq(jobs.userId, runner.id), eq(jobs.kind, BACKFILL_JOB)));
      errors.push(job!.lastError ?? "");
      // Back-off: not due again straight away.
      expect(job!.runAfter.getTime()).toBeGreaterThan(h.deps.now().getTime());
      expect((await worker.runOnce()).claimed).toBe(0);
      advance(h, 3600);
    }
    expect(errors[0]).toMatch(/HTTP 500/);
    expect(errors[2]).toMatch(/did not answer in time/);
    await drain(worker);
    expect((await getStravaConnection(db(), runner.id))!.backfillStatus).toBe("done");
    expect((await stravaRefs(db(), runner.id)).sort()).toEqual(serverIds(h, BO).sort());
  });

  it("never spends a refresh token twice: a stale copy recovers with the stored newest one", async () => {
    harness = await startSync(db());
    const h = harness;
    const { runner, tokens } = await connectRunner(h, BO);
    const stale = (await getStravaConnection(db(), runner.id))!;
    // Close to expiry: the next call refreshes, and Strava rotates the refresh token.
    advance(h, 6 * 3600 - 120);
    const tokenCalls = () => h.server.requests.filter((r) => r.path === "/oauth/token").length;
    const callsBefore = tokenCalls();
    const [a, b] = await Promise.all([accessTokenFor(h.deps, runner.id), accessTokenFor(h.deps, runner.id)]);
    expect(a).toBe(b);
    expect(a).not.toBe(tokens.access_token);
    expect(tokenCalls() - callsBefore).toBe(1);
    // Strava refuses the old refresh token now…
    const reuse = await fetch(`${h.server.url}/oauth/token`, {
      method: "POST",
      body: new URLSearchParams({ client_id: "sync-test", client_secret: "sync-test-secret", grant_type: "refresh_token", refresh_token: tokens.refresh_token }),
    });
    expect(reuse.status).toBe(400);
    const afterReuse = tokenCalls();
    // …and a worker still holding the old row does not try it: it finds the newest under the lock.
    const again = await accessTokenFor(h.deps, runner.id, { seen: stale, force: true });
    expect(again).toBe(a);
    expect(tokenCalls()).toBe(afterReuse);
    expect((await getStravaConnection(db(), runner.id))!.status).toBe("active");
    // The new token works.
    const me = (await stravaRequest(h.deps, runner.id, "/athlete", "interactive")) as { id: number };
    expect(me.id).toBe(BO);
  });

  it("turns revoked access into 'reconnect needed' once, without a retry loop", async () => {
    harness = await startSync(db());
    const h = harness;
    const { runner } = await connectRunner(h, BO);
    await h.server.control.deauthorizeAthlete(BO);
    const worker = syncWorker(h);
    const rounds = await drain(worker);
    expect(rounds).toHaveLength(1);
    expect(rounds[0]).toMatchObject({ claimed: 1, done: 1 });
    const status = await stravaStatus(db(), runner.id);
    expect(status).toMatchObject({ connected: true, state: "reconnect_needed" });
    await expect(stravaRequest(h.deps, runner.id, "/athlete", "interactive")).rejects.toBeInstanceOf(ReconnectNeeded);
    advance(h, 24 * 3600);
    expect((await worker.runOnce()).claimed).toBe(0);
    expect(await stravaRefs(db(), runner.id)).toHaveLength(0);
  });

  it("reports what the runner did not grant", async () => {
    harness = await startSync(db());
    const { runner } = await connectRunner(harness, BO, ["read", "activity:read"]);
    const status = await stravaStatus(db(), runner.id);
    if (!status.connected) throw new Error("not connected");
    expect(status.scopeNotes).toEqual([
      "Private (“Only You”) activities will not be imported.",
      "Patella cannot read your shoes, so the shoe-distance reminder stays off.",
    ]);
  });
});

describeEachDatabase("Strava webhooks", ({ db }) => {
  it("answers the subscription handshake only with the right verify token", async () => {
    process.env.STRAVA_VERIFY_TOKEN ??= "verify-token-for-tests";
    const token = process.env.STRAVA_VERIFY_TOKEN;
    const { env } = await import("@/lib/env");
    // env() is read once per process; the handshake must use the configured value.
    const configured = env().STRAVA_VERIFY_TOKEN;
    const ok = await call(webhookGet, { path: hookPath(`?hub.mode=subscribe&hub.challenge=abc123&hub.verify_token=${configured ?? token}`) });
    if (configured) {
      expect(ok.status).toBe(200);
      expect(ok.json).toEqual({ "hub.challenge": "abc123" });
    } else {
      expect(ok.status).toBe(403);
    }
    const wrong = await call(webhookGet, { path: hookPath("?hub.mode=subscribe&hub.challenge=abc123&hub.verify_token=nope") });
    expect(wrong.status).toBe(403);
    const bad = await call(webhookGet, { path: hookPath("?hub.mode=unsubscribe&hub.challenge=abc123&hub.verify_token=nope") });
    expect(bad.status).toBe(400);
  });

  it("stores an activity created before the history import reaches it exactly once", async () => {
    harness = await startSync(db());
    const h = harness;
    const { runner } = await connectRunner(h, BO);
    const oldest = h.server.control.activities(BO)[0]!;
    const res = await call(webhookPost, {
      method: "POST",
      origin: null,
      path: hookPath(),
      json: { object_type: "activity", object_id: oldest.id, aspect_type: "create", owner_id: BO, subscription_id: 1, event_time: T0, updates: {} },
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ received: true });
    // Strava retries an event it thinks failed: the same event queues once.
    await call(webhookPost, { method: "POST", origin: null, path: hookPath(), json: { object_type: "activity", object_id: oldest.id, aspect_type: "create", owner_id: BO, subscription_id: 1, event_time: T0, updates: {} } });
    const queued = await db().select().from(jobs).where(and(eq(jobs.userId, runner.id), eq(jobs.kind, "strava.event")));
    expect(queued).toHaveLength(1);
    await drain(syncWorker(h));
    const refs = await stravaRefs(db(), runner.id);
    expect(refs.filter((r) => r === String(oldest.id))).toHaveLength(1);
    expect(refs.sort()).toEqual(serverIds(h, BO).sort());
  });

  it("confirms updates and deletes with Strava (title and type from its answer, a 404 deletes), and fetches new activities", async () => {
    harness = await startSync(db(), { webhookRetryDelayMs: 10 });
    const h = harness;
    const { runner } = await connectRunner(h, BO);
    await drain(syncWorker(h));
    const target = h.server.control.activities(BO).at(-1)!;
    const reads = () => h.apiRequests().filter((r) => r.path === `/api/v3/activities/${target.id}`).length;
    const event = (aspect: string, id: number, updates: Record<string, string> = {}) =>
      call(webhookPost, { method: "POST", origin: null, path: hookPath(), json: { object_type: "activity", object_id: id, aspect_type: aspect, owner_id: BO, subscription_id: 1, event_time: h.clock.now, updates } });
    const stored = async () => (await db().select().from(activities).where(and(eq(activities.userId, runner.id), eq(activities.sourceRef, String(target.id)))))[0];

    // Renamed and made a ride on Strava (no subscription here: the test sends the event itself,
    // with other values in it, which Patella must not take).
    await h.server.control.updateActivity(target.id, { name: "Hill reps\u0000 in the rain", sportType: "Ride" });
    expect((await event("update", target.id, { title: "Not this", type: "Swim" })).status).toBe(200);
    await drain(syncWorker(h));
    expect(await stored()).toMatchObject({ name: "Hill reps in the rain", sport: "ride" });
    expect(reads()).toBe(1);

    // A delete that Strava contradicts (the activity is still there) deletes nothing.
    await event("delete", target.id);
    await drain(syncWorker(h));
    expect(await stored()).toBeDefined();
    expect(reads()).toBe(2);

    await h.server.control.deleteActivity(target.id);
    await event("delete", target.id);
    await drain(syncWorker(h));
    expect(await stravaRefs(db(), runner.id)).not.toContain(String(target.id));

    const created = (await h.server.control.createActivity(BO, { sportType: "Run", name: "Fresh run", distance: 8000, movingTime: 2400, elapsedTime: 2500 })).activity!;
    await event("create", created.id);
    await drain(syncWorker(h));
    const [fresh] = await db().select().from(activities).where(and(eq(activities.userId, runner.id), eq(activities.sourceRef, String(created.id))));
    expect(fresh).toMatchObject({ name: "Fresh run", sport: "run", distanceM: 8000, movingS: 2400, elapsedS: 2500 });
  });

  it("treats events for unknown athletes as harmless no-ops, and refuses malformed events with a 400", async () => {
    const before = await db().select().from(jobs);
    const unknown = await call(webhookPost, {
      method: "POST",
      origin: null,
      path: hookPath(),
      json: { object_type: "athlete", object_id: 999_999, aspect_type: "update", owner_id: 999_999, subscription_id: 1, event_time: T0, updates: { authorized: "false" } },
    });
    expect(unknown.status).toBe(200);
    expect(unknown.json).toEqual({ received: true });
    const malformed = await call(webhookPost, { method: "POST", origin: null, path: hookPath(), json: { object_type: "planet", object_id: "x" } });
    expect(malformed.status).toBe(400);
    expect(await db().select().from(jobs)).toHaveLength(before.length);
  });

  it("purges everything from Strava when the athlete revokes access there, and ignores a forged revocation", async () => {
    harness = await startSync(db());
    const h = harness;
    const { runner } = await connectRunner(h, BO);
    await drain(syncWorker(h));
    expect((await stravaRefs(db(), runner.id)).length).toBe(150);
    const deauth = { object_type: "athlete", object_id: BO, aspect_type: "update", owner_id: BO, subscription_id: 1, updates: { authorized: "false" } };

    // Forged: Strava still honours the tokens, so nothing is deleted.
    await call(webhookPost, { method: "POST", origin: null, path: hookPath(), json: { ...deauth, event_time: h.clock.now } });
    await drain(syncWorker(h));
    expect((await stravaRefs(db(), runner.id)).length).toBe(150);

    await h.server.control.deauthorizeAthlete(BO);
    await call(webhookPost, { method: "POST", origin: null, path: hookPath(), json: { ...deauth, event_time: h.clock.now + 1 } });
    await drain(syncWorker(h));
    expect(await stravaRefs(db(), runner.id)).toHaveLength(0);
    expect(await getStravaConnection(db(), runner.id)).toBeNull();
    expect(await db().select().from(gear).where(eq(gear.userId, runner.id))).toHaveLength(0);
  });
});

describeEachDatabase("Strava disconnect and secrets", ({ db }) => {
  it("deauthorizes at Strava, deletes Strava data, keeps uploads, and never shows a token", async () => {
    harness = await startSync(db());
    const h = harness;
    const { runner, tokens } = await connectRunner(h, BO);
    await drain(syncWorker(h));
    await db().insert(uploads).values({ userId: runner.id, fileName: "mine.gpx", sha256: "a".repeat(64), sizeBytes: 10, status: "failed", errorCode: "empty", errorMessage: "x" });

    // The raw columns hold ciphertext; the status API holds no token at all.
    const [raw] = await db().select().from(stravaConnections).where(eq(stravaConnections.userId, runner.id));
    expect(JSON.stringify(raw)).not.toContain(tokens.access_token);
    expect(JSON.stringify(raw)).not.toContain(tokens.refresh_token);
    const status = await call(statusGet, { cookie: runner.cookie });
    expect(status.status).toBe(200);
    expect(JSON.stringify(status.json)).not.toMatch(new RegExp(`${tokens.access_token}|${tokens.refresh_token}|token`, "i"));
    expect(status.json).toMatchObject({ connected: true, import: { status: "done", stored: 150 } });

    const result = await disconnectStrava(h.deps, runner.id);
    expect(result).toMatchObject({ activities: 150, stravaNotified: true });
    expect(await stravaRefs(db(), runner.id)).toHaveLength(0);
    expect(await db().select().from(uploads).where(eq(uploads.userId, runner.id))).toHaveLength(1);
    // Strava no longer accepts the tokens.
    const after = await fetch(`${h.server.url}/api/v3/athlete`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(after.status).toBe(401);
    expect(await disconnectStrava(h.deps, runner.id)).toBeNull();
  });

  it("keeps another runner's connection and activities out of reach", async () => {
    harness = await startSync(db());
    const h = harness;
    const { runner } = await connectRunner(h, BO);
    await drain(syncWorker(h));
    const other = await createRunner(db());
    const status = await call(statusGet, { cookie: other.cookie });
    expect(status.json).toEqual({ connected: false });
    expect(await disconnectStrava(h.deps, other.id)).toBeNull();
    expect((await stravaRefs(db(), runner.id)).length).toBe(150);
    // A second authorization of the same athlete (a reconnect) keeps the import's progress.
    const again = await authorize(h, BO);
    expect(again.grantedScope).toBe("read,activity:read_all,profile:read_all");
  });
});

describeEachDatabase("Strava secrets in logs", ({ db }) => {
  it("never writes a token or the client secret to the log, through import, refresh, failures, revocation and disconnect", async () => {
    harness = await startSync(db(), { timeoutMs: 300 });
    const h = harness;
    const lines: string[] = [];
    const capture = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
    const out = vi.spyOn(console, "log").mockImplementation(capture);
    const err = vi.spyOn(console, "error").mockImplementation(capture);
    const warn = vi.spyOn(console, "warn").mockImplementation(capture);
    const secrets = new Set<string>([CLIENT_SECRET, SECRET]);
    try {
      // The app's logger, not the silent one the other tests use.
      const worker = () => createWorker({ db: db(), workerId: "log-test", handlers: stravaJobHandlers(h.deps), clock: h.deps.now, leaseMs: 60_000, batch: 4, logger: log });
      const { runner, tokens } = await connectRunner(h, BO);
      secrets.add(tokens.access_token).add(tokens.refresh_token);
      h.server.control.injectFault({ kind: "error", status: 500, count: 1, pathPrefix: "/api/v3/athlete/activities" });
      h.server.control.injectFault({ kind: "hang", delayMs: 1_000, count: 1, pathPrefix: "/api/v3/athlete/activities" });
      for (let i = 0; i < 3; i++) {
        await worker().runOnce();
        advance(h, 3600);
      }
      await drain(worker());
      // A refresh (tokens rotate), then revocation and the failures it causes.
      advance(h, 6 * 3600);
      await stravaRequest(h.deps, runner.id, "/athlete", "interactive");
      const rotated = (await readStravaTokens(db(), SECRET, runner.id))!;
      secrets.add(rotated.accessToken).add(rotated.refreshToken);
      await h.server.control.deauthorizeAthlete(BO);
      await call(webhookPost, { method: "POST", origin: null, path: hookPath(), json: { object_type: "athlete", object_id: BO, aspect_type: "update", owner_id: BO, subscription_id: 1, event_time: h.clock.now, updates: { authorized: "false" } } });
      await drain(worker());
      // Disconnect of a second runner with Strava unreachable: the warning names no token either.
      const second = await connectRunner(h, ADA);
      secrets.add(second.tokens.access_token).add(second.tokens.refresh_token);
      await disconnectStrava({ ...h.deps, config: { ...h.deps.config, baseUrl: "http://127.0.0.1:9" } }, second.runner.id);
    } finally {
      out.mockRestore();
      err.mockRestore();
      warn.mockRestore();
    }
    const text = lines.join("\n");
    // The log did say things (so an empty capture cannot pass this test)…
    expect(text).toMatch(/job attempt failed/);
    expect(text).toMatch(/strava access revoked by the athlete/);
    expect(text).toMatch(/could not deauthorize at Strava/);
    // …and none of them holds a secret.
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});

describeEachDatabase("Strava export archive, then the Strava connection", ({ db }) => {
  it("recognises the activities the archive brought: the import stores only the others", async () => {
    harness = await startSync(db());
    const h = harness;
    const { runner } = await connectRunner(h, BO);
    // Five of Bo's activities arrive first through the export archive, under their Strava ids.
    const fromArchive = h.server.control.activities(BO).slice(0, 5);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "patella-sync-archive-"));
    const zip = path.join(dir, "export.zip");
    await makeArchive(zip, {
      activities: fromArchive.map((a, i) => ({ id: a.id, format: "gpx" as const, gz: false, bytes: makeActivityFile("gpx", 500 + i, 60), name: a.name, type: "Run" })),
    });
    const run = await createArchiveImport(db(), { userId: runner.id, fileName: "export.zip", filePath: zip, sizeBytes: fs.statSync(zip).size });
    await runArchiveImport(db(), run.id, { keepFile: true });
    fs.rmSync(dir, { recursive: true, force: true });

    await drain(syncWorker(h));
    const rows = await db().select({ source: activities.source, ref: activities.sourceRef }).from(activities).where(eq(activities.userId, runner.id));
    expect(rows.filter((r) => r.source === "archive").map((r) => r.ref).sort()).toEqual(fromArchive.map((a) => String(a.id)).sort());
    expect(rows.filter((r) => r.source === "strava")).toHaveLength(150 - 5);
    expect(new Set(rows.map((r) => r.ref))).toEqual(new Set(serverIds(h, BO)));
    // Disconnecting deletes what came from the API, not the archive the runner uploaded.
    await disconnectStrava(h.deps, runner.id);
    const left = await db().select({ source: activities.source }).from(activities).where(eq(activities.userId, runner.id));
    expect(left.map((r) => r.source)).toEqual(Array(5).fill("archive"));
  });
});

