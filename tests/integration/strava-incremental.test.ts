import { and, eq } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { activities, jobs } from "@/db/schema";
import { getStravaConnection } from "@/db/queries/strava";
import type { Db } from "@/db/client";
import { POST as syncPost } from "@/app/api/v1/strava/sync/route";
import { onStravaConnected } from "@/lib/strava/connect";
import { ReconnectNeeded, stravaRequest } from "@/lib/strava/api";
import { enqueueDueSyncs, SYNC_JOB, SYNC_OVERLAP_S, syncAfter } from "@/lib/strava/sync";
import { stravaStatus } from "@/lib/strava/status";
import { describeEachDatabase } from "../support/db";
import { call, sessionCookie } from "../support/http";
import { ALL_SCOPES, advance, authorize, BO, connectRunner, drain, SECRET, type SyncHarness, startSync, syncWorker } from "../support/strava-sync";

/**
 * The incremental sync (lib/strava/sync.ts) against the local Strava server, on PGlite and
 * PostgreSQL: runs whose webhook never arrived come by the scheduled sync and by "Sync now", once;
 * a reconnect that grants private activities brings the runs the old grant hid; a revocation only
 * the API reveals ends in "reconnect needed".
 */

let harness: SyncHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const HOUR = 3600;

async function stravaRefs(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .select({ ref: activities.sourceRef })
    .from(activities)
    .where(and(eq(activities.userId, userId), eq(activities.source, "strava")));
  return rows.map((r) => r.ref);
}

const listRequests = (h: SyncHarness) => h.apiRequests().filter((r) => r.path === "/api/v3/athlete/activities");

/** A runner connected as Bo with the history imported (150 activities). */
async function importedRunner(h: SyncHarness, scopes = ALL_SCOPES) {
  const connected = await connectRunner(h, BO, scopes);
  await drain(syncWorker(h));
  expect((await getStravaConnection(h.deps.db, connected.runner.id))!.backfillStatus).toBe("done");
  return connected;
}

it("syncAfter: the newest start minus a day of overlap; the import's start without activities; null without either", () => {
  // 2026-03-01T12:00:00Z is 1,772,366,400 s; a day earlier is 1,772,280,000.
  expect(syncAfter(new Date("2026-03-01T12:00:00Z"), null)).toBe(1_772_280_000);
  expect(syncAfter(null, new Date("2026-03-01T12:00:00Z"))).toBe(1_772_280_000);
  expect(syncAfter(new Date("2026-03-01T12:00:00Z"), new Date("2020-01-01T00:00:00Z"))).toBe(1_772_280_000);
  expect(syncAfter(null, null)).toBeNull();
  expect(SYNC_OVERLAP_S).toBe(86_400);
});

describeEachDatabase("Strava incremental sync", ({ db }) => {
  it("a run uploaded while no webhook reached Patella arrives by the scheduled sync, once", async () => {
    harness = await startSync(db());
    const h = harness;
    const { runner } = await importedRunner(h);
    const before = await stravaRefs(db(), runner.id);
    expect(before).toHaveLength(150);

    // Two hours after the import, a run is uploaded to Strava; its event is lost (the app was down).
    advance(h, 2 * HOUR);
    const { activity, events } = await h.server.control.createActivity(BO, { sportType: "Run", name: "Missed while down" }, { webhook: false });
    expect(events).toEqual([]);

    // The schedule: due once STRAVA_SYNC_MINUTES (60) have passed since the last sync.
    const pages = listRequests(h).length;
    expect(await enqueueDueSyncs(db(), h.deps.now(), 3 * HOUR * 1000)).toBe(0);
    expect(await enqueueDueSyncs(db(), h.deps.now())).toBe(1);
    // A second instance's sweep queues nothing more.
    expect(await enqueueDueSyncs(db(), h.deps.now())).toBe(0);
    await drain(syncWorker(h));
    const after = await stravaRefs(db(), runner.id);
    expect(after).toHaveLength(151);
    expect(after).toContain(String(activity!.id));
    // One request: the list since the newest stored start minus a day.
    const newRequests = h.server.requests.filter((r) => r.path.startsWith("/api/v3/athlete/activities")).slice(-1);
    expect(listRequests(h).length - pages).toBe(1);
    expect(newRequests).toHaveLength(1);

    // Synced just now: not due again; an hour later it is, and the overlap stores nothing twice.
    expect(await enqueueDueSyncs(db(), h.deps.now())).toBe(0);
    advance(h, HOUR);
    expect(await enqueueDueSyncs(db(), h.deps.now())).toBe(1);
    await drain(syncWorker(h));
    const again = await stravaRefs(db(), runner.id);
    expect(again).toHaveLength(151);
    expect(new Set(again).size).toBe(151);
    const syncJobs = await db().select().from(jobs).where(and(eq(jobs.userId, runner.id), eq(jobs.kind, SYNC_JOB)));
    expect(syncJobs.map((j) => j.status)).toEqual(["done", "done"]);
  });

  it("\"Sync now\" brings a run whose webhook was missed, and a second press stores nothing twice", async () => {
    harness = await startSync(db());
    const h = harness;
    const { runner } = await importedRunner(h);
    advance(h, 5 * 60);
    const { activity } = await h.server.control.createActivity(BO, { sportType: "Walk", name: "Lunch walk" }, { webhook: false });
    const cookie = await sessionCookie(runner.id);

    const res = await call(syncPost, { method: "POST", path: "/api/v1/strava/sync", cookie });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ connected: true, athleteId: BO, state: "active" });
    // Pressed twice before the worker ran: still one job.
    expect((await call(syncPost, { method: "POST", path: "/api/v1/strava/sync", cookie })).status).toBe(202);
    expect(await db().select().from(jobs).where(and(eq(jobs.userId, runner.id), eq(jobs.kind, SYNC_JOB)))).toHaveLength(1);
    await drain(syncWorker(h));
    const refs = await stravaRefs(db(), runner.id);
    expect(refs).toHaveLength(151);
    expect(refs).toContain(String(activity!.id));

    expect((await call(syncPost, { method: "POST", path: "/api/v1/strava/sync", cookie })).status).toBe(202);
    await drain(syncWorker(h));
    expect(new Set(await stravaRefs(db(), runner.id)).size).toBe(151);
    expect(await stravaRefs(db(), runner.id)).toHaveLength(151);
  });

  it("reconnecting with activity:read_all after activity:read imports the private runs, without duplicates", async () => {
    harness = await startSync(db());
    const h = harness;
    // Three private runs in the past year, among Bo's history.
    const day = 86_400;
    const hidden: string[] = [];
    for (const ago of [20, 90, 200]) {
      const { activity } = await h.server.control.createActivity(BO, { sportType: "Run", name: `Private ${ago}`, startEpoch: h.clock.now - ago * day, visibility: "only_me" }, { webhook: false });
      hidden.push(String(activity!.id));
    }
    const everything = h.server.control.activities(BO);
    const privateIds = everything.filter((a) => a.visibility === "only_me").map((a) => String(a.id));
    expect(privateIds.length).toBeGreaterThanOrEqual(3);
    for (const id of hidden) expect(privateIds).toContain(id);

    const { runner } = await importedRunner(h, ["read", "activity:read", "profile:read_all"]);
    const partial = await stravaRefs(db(), runner.id);
    expect(partial).toHaveLength(everything.length - privateIds.length);
    for (const id of privateIds) expect(partial).not.toContain(id);
    const status = await stravaStatus(db(), runner.id);
    expect(status).toMatchObject({ connected: true, import: { status: "done" }, scopeNotes: ["Private (“Only You”) activities will not be imported."] });

    // The runner reconnects and ticks "View data about your private activities".
    advance(h, HOUR);
    const { tokens, profile, grantedScope } = await authorize(h, BO, ALL_SCOPES);
    await onStravaConnected(
      db(),
      SECRET,
      runner.id,
      { providerAccountId: String(BO), access_token: tokens.access_token, refresh_token: tokens.refresh_token, expires_at: tokens.expires_at },
      profile,
      grantedScope,
      h.deps.now(),
    );
    const reading = await getStravaConnection(db(), runner.id);
    expect(reading).toMatchObject({ backfillStatus: "running", backfillBefore: null, backfillImported: 0, backfillPages: 0, scopes: "read,activity:read_all,profile:read_all" });
    await drain(syncWorker(h));

    const full = await stravaRefs(db(), runner.id);
    expect(full).toHaveLength(everything.length);
    expect(new Set(full)).toEqual(new Set(everything.map((a) => String(a.id))));
    const done = await getStravaConnection(db(), runner.id);
    // Only the private ones were new.
    expect(done).toMatchObject({ backfillStatus: "done", backfillImported: privateIds.length });
    expect(await stravaStatus(db(), runner.id)).toMatchObject({ scopeNotes: [], import: { status: "done", stored: everything.length } });
  });

  it("a revocation only the API reveals (refresh still works) ends in \"reconnect needed\", from a request and from a sync", async () => {
    harness = await startSync(db());
    const h = harness;
    const { runner } = await importedRunner(h);
    h.server.control.revokeSilently(BO);

    // A request: 401, refreshed (Strava's token endpoint hands out new tokens), 401 again.
    await expect(stravaRequest(h.deps, runner.id, "/athlete", "interactive")).rejects.toBeInstanceOf(ReconnectNeeded);
    const conn = await getStravaConnection(db(), runner.id);
    expect(conn).toMatchObject({ status: "reconnect_needed", lastError: "Strava refused Patella's access token." });
    expect(await stravaStatus(db(), runner.id)).toMatchObject({ connected: true, state: "reconnect_needed" });
    // Nothing is due while the connection waits for a reconnect.
    advance(h, 2 * HOUR);
    expect(await enqueueDueSyncs(db(), h.deps.now())).toBe(0);

    // Reconnecting lifts it, and the reconnect syncs at once.
    const { tokens, profile, grantedScope } = await authorize(h, BO, ALL_SCOPES);
    await onStravaConnected(
      db(),
      SECRET,
      runner.id,
      { providerAccountId: String(BO), access_token: tokens.access_token, refresh_token: tokens.refresh_token, expires_at: tokens.expires_at },
      profile,
      grantedScope,
      h.deps.now(),
    );
    expect(await getStravaConnection(db(), runner.id)).toMatchObject({ status: "active" });
    expect(await db().select().from(jobs).where(and(eq(jobs.userId, runner.id), eq(jobs.kind, SYNC_JOB), eq(jobs.status, "queued")))).toHaveLength(1);
    await drain(syncWorker(h));

    // The sync job meets a silent revocation too.
    h.server.control.revokeSilently(BO);
    advance(h, 2 * HOUR);
    expect(await enqueueDueSyncs(db(), h.deps.now())).toBe(1);
    await drain(syncWorker(h));
    expect(await getStravaConnection(db(), runner.id)).toMatchObject({ status: "reconnect_needed" });
    const syncJobs = await db().select().from(jobs).where(and(eq(jobs.userId, runner.id), eq(jobs.kind, SYNC_JOB)));
    expect(syncJobs.every((j) => j.status === "done")).toBe(true);
  });
});
