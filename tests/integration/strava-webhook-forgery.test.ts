import { and, asc, eq } from "drizzle-orm";
import { afterEach, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { activities, jobs, stravaQuota } from "@/db/schema";
import { storedSubscriptionId } from "@/db/queries/strava-webhook";
import * as oldWebhookRoute from "@/app/api/strava/webhook/route";
import * as webhookRoute from "@/app/api/strava/webhook/[secret]/route";
import { claim } from "@/lib/jobs/queue";
import { EVENT_JOB } from "@/lib/strava/events";
import { takeQuota } from "@/lib/strava/quota";
import { isOurSubscription, webhookCallbackPath } from "@/lib/strava/webhook";
import { describeEachDatabase } from "../support/db";
import { createRunner } from "../support/factories";
import { call } from "../support/http";
import { expectHeld, watch } from "../support/reader-watch";
import { ADA, BO, connectRunner, drain, startSync, subscribeWebhook, syncWorker, type SyncHarness, type WebhookEndpoint, webhookSecret } from "../support/strava-sync";
import { stretch } from "../support/time-factor";

/**
 * Forged Strava webhook events against the real route, the job worker and the local Strava server
 * (which also delivers the genuine events, over HTTP, to the secret path it was subscribed with).
 * Events are unsigned: whoever knows a runner's athlete id and an activity id can send one. None of
 * them may change a row, and together they may spend no more than webhooks' share of the quota
 * (20 % of Strava's limits by default: 20 of the local server's 100 reads per 15 minutes).
 */

// Each test imports a history and subscribes first; the machine may be busy.
vi.setConfig({ testTimeout: stretch(180_000) });

let harness: SyncHarness | undefined;
let endpoint: WebhookEndpoint | undefined;
afterEach(async () => {
  await endpoint?.close();
  await harness?.close();
  endpoint = undefined;
  harness = undefined;
});

const RECEIVED = { received: true };
/** 20 % (STRAVA_WEBHOOK_QUOTA_PERCENT's default) of the local server's 100 reads per window. */
const WEBHOOK_CAP_15 = 20;
/** STRAVA_WEBHOOK_MAX_PENDING's default. */
const MAX_PENDING = 50;

type Event = { object_type: string; object_id: number; aspect_type: string; owner_id: number; subscription_id?: number; event_time?: number; updates?: Record<string, string> };

function post(event: Event, secret = webhookSecret()) {
  return call(webhookRoute.POST, { method: "POST", origin: null, path: `/api/strava/webhook/${secret}`, params: { secret }, json: event });
}

async function rowsOf(db: Db, userId: string) {
  return db.select().from(activities).where(eq(activities.userId, userId)).orderBy(asc(activities.id));
}

async function eventJobs(db: Db, userId: string) {
  return db.select().from(jobs).where(and(eq(jobs.userId, userId), eq(jobs.kind, EVENT_JOB)));
}

/** Requests Patella made for single activities (what webhook events cost). */
const activityReads = (h: SyncHarness) => h.apiRequests().filter((r) => /^\/api\/v3\/activities\/\d+$/.test(r.path)).length;

/** BO connected, the history imported, the webhook subscribed through the real handshake. */
async function setUp(db: Db) {
  harness = await startSync(db);
  const h = harness;
  const { runner } = await connectRunner(h, BO);
  await drain(syncWorker(h));
  endpoint = await subscribeWebhook(h);
  const before = await rowsOf(db, runner.id);
  expect(before).toHaveLength(150);
  return { h, runner, subscriptionId: endpoint.subscriptionId, before };
}

describeEachDatabase("Forged Strava webhook events", ({ db }) => {
  it("learns the subscription id from Strava through the handshake and the secret path", async () => {
    const { h, subscriptionId } = await setUp(db());
    expect(await storedSubscriptionId(db())).toBe(subscriptionId);
    expect(h.server.control.subscription()?.callback_url).toBe(endpoint!.callbackUrl);
    expect(endpoint!.callbackUrl.endsWith(`/api/strava/webhook/${webhookSecret()}`)).toBe(true);
    // 43 base64url characters: 256 bits nobody can guess.
    expect(webhookSecret()).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("a forged update (new title and type in the event) changes no row; Strava's own title arrives with the genuine event", async () => {
    const { h, runner, subscriptionId, before } = await setUp(db());
    const target = before.at(-1)!;
    const id = Number(target.sourceRef);
    const res = await post({ object_type: "activity", object_id: id, aspect_type: "update", owner_id: BO, subscription_id: subscriptionId, event_time: h.clock.now, updates: { title: "Pwned", type: "Ride" } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual(RECEIVED);
    await drain(syncWorker(h));
    expect(await rowsOf(db(), runner.id)).toEqual(before);
    expect(activityReads(h)).toBe(1); // confirmed with Strava: one request

    // The genuine edit, delivered by the local Strava server to the secret path.
    const change = await h.server.control.updateActivity(id, { name: "Hill reps", sportType: "Ride" });
    expect(change?.events.map((d) => d.delivered)).toEqual([true]);
    await drain(syncWorker(h));
    const [after] = await db().select().from(activities).where(eq(activities.id, target.id));
    expect(after).toMatchObject({ name: "Hill reps", sport: "ride" });
  });

  it("a forged delete changes no row; a real delete, confirmed by Strava's 404, deletes", async () => {
    const { h, runner, subscriptionId, before } = await setUp(db());
    const target = before[0]!;
    const id = Number(target.sourceRef);
    expect((await post({ object_type: "activity", object_id: id, aspect_type: "delete", owner_id: BO, subscription_id: subscriptionId, event_time: h.clock.now })).json).toEqual(RECEIVED);
    await drain(syncWorker(h));
    expect(await rowsOf(db(), runner.id)).toEqual(before);

    const deleted = await h.server.control.deleteActivity(id);
    expect(deleted?.events.map((d) => d.delivered)).toEqual([true]);
    await drain(syncWorker(h));
    const after = await rowsOf(db(), runner.id);
    expect(after).toHaveLength(149);
    expect(after.map((a) => a.id)).not.toContain(target.id);
    expect(after).toEqual(before.slice(1));
  });

  it("a flood of 1,000 forged creates changes no row, queues at most the per-runner cap, and spends at most webhooks' share of the quota", async () => {
    const { h, runner, subscriptionId, before } = await setUp(db());
    // Another signed-in runner keeps reading their settings throughout (issue 17: every attack runs beside a reader).
    const reader = watch(await createRunner(db()));
    const answers = new Set<string>();
    for (let k = 0; k < 1_000; k++) {
      const res = await post({ object_type: "activity", object_id: 900_000_000 + k, aspect_type: "create", owner_id: BO, subscription_id: subscriptionId, event_time: h.clock.now + k });
      // Requests reach a server through its sockets, one event-loop turn each: handlers called in
      // process back to back (on PGlite, without I/O) would otherwise never let the reader's turn come.
      await new Promise((r) => setImmediate(r));
      answers.add(`${res.status} ${JSON.stringify(res.json)}`);
    }
    // One answer for all: queued or dropped at the cap looks the same.
    expect([...answers]).toEqual([`200 ${JSON.stringify(RECEIVED)}`]);
    expect(await eventJobs(db(), runner.id)).toHaveLength(MAX_PENDING);

    await drain(syncWorker(h, 8));
    expectHeld(await reader.stop());
    const [quota] = await db().select().from(stravaQuota);
    // Exactly the share was taken; a request whose connection failed counts without reaching Strava.
    expect(quota!.webhookUsed15).toBe(WEBHOOK_CAP_15);
    expect(activityReads(h)).toBeLessThanOrEqual(WEBHOOK_CAP_15);
    // The rest wait (for the next window, or a retry), and the queue stays at the cap.
    const left = await eventJobs(db(), runner.id);
    expect(left.filter((j) => j.status === "done").length).toBeLessThanOrEqual(WEBHOOK_CAP_15);
    expect(left.filter((j) => j.status === "queued").length).toBeGreaterThanOrEqual(MAX_PENDING - WEBHOOK_CAP_15);
    expect(left).toHaveLength(MAX_PENDING);
    expect(await rowsOf(db(), runner.id)).toEqual(before);
    // Another runner's import still has the rest of the window.
    expect((await takeQuota(db(), h.deps.now(), "background")).ok).toBe(true);
    const { runner: ada } = await connectRunner(h, ADA);
    await drain(syncWorker(h));
    expect((await rowsOf(db(), ada.id)).length).toBeGreaterThan(0);
  }, stretch(600_000));

  it("events naming another subscription change nothing, and Strava is asked at most once a minute", async () => {
    const { h, runner, subscriptionId, before } = await setUp(db());
    const target = before.at(-1)!;
    const id = Number(target.sourceRef);
    // A genuine change on Strava, but the event names a subscription that is not Patella's.
    await h.server.control.updateActivity(id, { name: "Renamed on Strava" });
    for (const wrong of [subscriptionId + 1, 1, undefined]) {
      const res = await post({ object_type: "activity", object_id: id, aspect_type: "update", owner_id: BO, subscription_id: wrong, event_time: h.clock.now });
      expect(res.status).toBe(200);
      expect(res.json).toEqual(RECEIVED);
    }
    await drain(syncWorker(h));
    expect(await eventJobs(db(), runner.id)).toHaveLength(1); // the genuine event from the server
    expect(await rowsOf(db(), runner.id)).not.toEqual(before); // ...which did apply

    // With Strava's list at hand, a wrong id costs one look-up a minute, however many arrive.
    const lookups = () => h.server.requests.filter((r) => r.path === "/api/v3/push_subscriptions").length;
    const start = lookups();
    // A minute after the handshake's look-up (on the test clock).
    const opts = { config: h.deps.config, callbackPath: webhookCallbackPath(webhookSecret()), now: new Date(h.deps.now().getTime() + 61_000) };
    const answers = [];
    for (let k = 0; k < 20; k++) answers.push(await isOurSubscription(db(), subscriptionId + 1 + k, opts));
    expect(answers.every((a) => a === false)).toBe(true);
    expect(lookups() - start).toBe(1);
    expect(await isOurSubscription(db(), subscriptionId, opts)).toBe(true);
  });

  it("a wrong secret path, the old path and a wrong handshake change nothing and answer as any event", async () => {
    const { h, runner, subscriptionId, before } = await setUp(db());
    const jobsBefore = await db().select().from(jobs);
    const id = Number(before[0]!.sourceRef);
    const event = { object_type: "activity", object_id: id, aspect_type: "delete", owner_id: BO, subscription_id: subscriptionId, event_time: h.clock.now };
    const secret = webhookSecret();
    for (const wrong of ["wrong", secret.slice(0, -1), `${secret}x`, secret.toUpperCase(), ""]) {
      const res = await post(event, wrong);
      expect(res.status).toBe(200);
      expect(res.json).toEqual(RECEIVED);
    }
    // A wrong path does not even read the body: a malformed one gets the same answer.
    const junk = await call(webhookRoute.POST, { method: "POST", origin: null, path: "/api/strava/webhook/wrong", params: { secret: "wrong" }, body: "{not json" });
    expect([junk.status, junk.json]).toEqual([200, RECEIVED]);
    const old = await call(oldWebhookRoute.POST, { method: "POST", origin: null, path: "/api/strava/webhook", json: event });
    expect([old.status, old.json]).toEqual([200, RECEIVED]);
    const oldHandshake = await call(oldWebhookRoute.GET, { path: `/api/strava/webhook?hub.mode=subscribe&hub.challenge=c&hub.verify_token=${process.env.STRAVA_VERIFY_TOKEN}` });
    expect(oldHandshake.status).toBe(404);
    const wrongHandshake = await call(webhookRoute.GET, { path: `/api/strava/webhook/wrong?hub.mode=subscribe&hub.challenge=c&hub.verify_token=${process.env.STRAVA_VERIFY_TOKEN}`, params: { secret: "wrong" } });
    expect(wrongHandshake.status).toBe(403);
    // The wrong handshake did not make Patella forget its subscription.
    expect(await storedSubscriptionId(db())).toBe(subscriptionId);

    expect(await db().select().from(jobs)).toEqual(jobsBefore);
    await drain(syncWorker(h));
    expect(await rowsOf(db(), runner.id)).toEqual(before);
    expect(activityReads(h)).toBe(0);
  });

  it("deduplicates by runner and activity, not by the sender's event_time; unknown activities cost no request", async () => {
    const { h, runner, subscriptionId, before } = await setUp(db());
    const id = Number(before[3]!.sourceRef);
    for (let k = 0; k < 30; k++) {
      await post({ object_type: "activity", object_id: id, aspect_type: k % 2 ? "update" : "delete", owner_id: BO, subscription_id: subscriptionId, event_time: h.clock.now + k * 7, updates: { title: `t${k}` } });
    }
    // Updates and deletes of an activity Patella does not have: queued, then dropped without asking Strava.
    for (let k = 0; k < 30; k++) {
      await post({ object_type: "activity", object_id: 800_000_000 + k, aspect_type: k % 2 ? "update" : "delete", owner_id: BO, subscription_id: subscriptionId, event_time: h.clock.now });
    }
    // An athlete event that is not a deauthorization has nothing to do.
    await post({ object_type: "athlete", object_id: BO, aspect_type: "update", owner_id: BO, subscription_id: subscriptionId, event_time: h.clock.now, updates: { title: "x" } });
    expect(await eventJobs(db(), runner.id)).toHaveLength(31);
    await drain(syncWorker(h));
    expect(activityReads(h)).toBe(1);
    expect(await rowsOf(db(), runner.id)).toEqual(before);
  });
  it("an event arriving while its activity's job runs gets one more look (a second key), and no more", async () => {
    const { h, runner, subscriptionId, before } = await setUp(db());
    const id = Number(before[5]!.sourceRef);
    const update = (k: number) => post({ object_type: "activity", object_id: id, aspect_type: "update", owner_id: BO, subscription_id: subscriptionId, event_time: h.clock.now + k });
    await update(0);
    // A worker has taken the job (it may already have read Strava's answer).
    const [taken] = await claim(db(), { workerId: "busy-worker", kinds: [EVENT_JOB], now: h.deps.now(), leaseMs: 60_000, limit: 1 });
    expect((taken!.payload as Event).object_id).toBe(id);
    for (let k = 1; k <= 5; k++) await update(k);
    const keys = (await eventJobs(db(), runner.id)).map((j) => j.dedupeKey).sort();
    expect(keys).toEqual([`strava:event:${runner.id}:activity:${id}:change`, `strava:event:${runner.id}:activity:${id}:change:again`]);
  });
});
