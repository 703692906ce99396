/**
 * Two app instances on one PostgreSQL database: two job workers, each on its own connection pool,
 * drain the same queue at the same time — three runners' Strava history imports plus 30 webhook
 * events for activities uploaded meanwhile. Proves that the shared queue hands every piece of work
 * to exactly one instance: each history page is requested from Strava once, each event's activity
 * is fetched once, every activity is stored once, no job runs twice at the same time, and no job
 * fails.
 *
 * One clock for Strava and both instances (the harness's), held still: every job is due at once,
 * no lease can expire, and a job that failed and was retried later would stay queued and show.
 *
 * PostgreSQL only: two pools on one embedded database (PGlite) are not two instances.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres, type Db, type DbHandle } from "@/db/client";
import { activities, jobs, stravaConnections } from "@/db/schema";
import { createWorker, type JobHandler, type RoundSummary, type Worker } from "@/lib/jobs/worker";
import { BACKFILL_JOB, PAGE_SIZE } from "@/lib/strava/backfill";
import { EVENT_JOB, queueWebhookEvent } from "@/lib/strava/events";
import { stravaJobHandlers } from "@/lib/strava/runtime";
import type { StravaDeps } from "@/lib/strava/api";
import { openTestDatabase, type TestDatabase } from "../support/db";
import { ADA, BO, connectRunner, type SyncHarness, startSync } from "../support/strava-sync";
import { stretch } from "../support/time-factor";

const CY = 44;
const HISTORIES = { [ADA]: 2_000, [BO]: 150, [CY]: 450 } as const;
const ATHLETES = [ADA, BO, CY] as const;
const EVENTS = 30;
const DRAIN_TIMEOUT_MS = stretch(40_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One handler run: which instance ran which job, and when. */
interface Run {
  instance: string;
  jobId: number;
  kind: string;
  userId: string | null;
  start: number;
  end: number;
}

const hasPostgres = Boolean(process.env.TEST_DATABASE_URL);
if (!hasPostgres) {
  console.warn("TEST_DATABASE_URL is not set: the two-instances test is skipped (two app instances need a PostgreSQL server; CI sets it).");
}

describe.skipIf(!hasPostgres)("two app instances draining one job queue [postgres]", () => {
  let test: TestDatabase | undefined;
  let h: SyncHarness | undefined;
  const instances: DbHandle[] = [];

  beforeAll(async () => {
    test = await openTestDatabase("postgres");
  });
  afterAll(async () => {
    await h?.close();
    for (const i of instances) await i.close();
    await test?.dispose();
  });

  it("runs every page, event and activity exactly once, with no failed job", async ({ annotate }) => {
    const db = test!.handle.db;
    h = await startSync(db, {
      athletes: [
        { id: ADA, firstname: "Ada", lastname: "Runner", history: { activities: HISTORIES[ADA], years: 4 } },
        { id: BO, firstname: "Bo", lastname: "Trail", history: { activities: HISTORIES[BO], years: 1 } },
        { id: CY, firstname: "Cy", lastname: "Track", history: { activities: HISTORIES[CY], years: 2 } },
      ],
      rateLimits: { read: { fifteenMinute: 10_000, daily: 100_000 }, overall: { fifteenMinute: 10_000, daily: 100_000 } },
    });
    const harness = h;
    const runners = new Map<number, string>();
    for (const athlete of ATHLETES) runners.set(athlete, (await connectRunner(harness, athlete)).runner.id);

    // Two instances: their own pools, their own Strava dependencies, the same clock.
    const a = await openPostgres(test!.url!);
    instances.push(a);
    const b = await openPostgres(test!.url!);
    instances.push(b);
    const runs: Run[] = [];
    let running = 0;
    let maxRunning = 0;
    function instanceWorker(name: string, instanceDb: Db): Worker {
      const deps: StravaDeps = { ...harness.deps, db: instanceDb };
      const handlers: Record<string, JobHandler> = {};
      for (const [kind, handler] of Object.entries(stravaJobHandlers(deps))) {
        handlers[kind] = async (job, ctx) => {
          const run: Run = { instance: name, jobId: job.id, kind: job.kind, userId: job.userId, start: performance.now(), end: Infinity };
          runs.push(run);
          maxRunning = Math.max(maxRunning, ++running);
          try {
            return await handler(job, ctx);
          } finally {
            running--;
            run.end = performance.now();
          }
        };
      }
      return createWorker({
        db: instanceDb,
        workerId: `instance-${name}`,
        handlers,
        clock: deps.now,
        leaseMs: 60_000,
        batch: 4,
        logger: { info() {}, warn() {}, error: (message, fields) => console.error(name, message, fields) },
      });
    }
    const workers = [instanceWorker("A", a.db), instanceWorker("B", b.db)];

    const activeJobs = async () => {
      const [row] = (await db.execute(sql`select count(*)::int as n from jobs where status in ('queued', 'running')`)) as unknown as { n: number }[];
      return row!.n;
    };

    // Webhook events for runs uploaded while the imports are under way: once every runner's first
    // page is stored, so the import's later pages (older than its cursor) cannot list them and
    // each must be fetched by its event — exactly once.
    const created = new Map<number, number>(); // activity id → athlete
    let eventsQueued = false;
    async function uploadsDuringImport(): Promise<void> {
      const deadline = Date.now() + DRAIN_TIMEOUT_MS;
      for (;;) {
        const rows = await db.select({ pages: stravaConnections.backfillPages }).from(stravaConnections);
        if (rows.length === ATHLETES.length && rows.every((r) => r.pages >= 1)) break;
        if (Date.now() > deadline) throw new Error("the first pages never arrived");
        await sleep(5);
      }
      for (let k = 0; k < EVENTS; k++) {
        const athlete = ATHLETES[k % ATHLETES.length]!;
        const { activity } = await harness.server.control.createActivity(athlete, {
          sportType: "Run",
          name: `Fresh run ${k}`,
          startEpoch: harness.clock.now - 3600 * (k + 1),
          distance: 5_000 + 100 * k,
          movingTime: 1_500 + 20 * k,
          elapsedTime: 1_600 + 20 * k,
        });
        created.set(activity!.id, athlete);
        // The webhook lands on either instance.
        const queued = await queueWebhookEvent(
          (k % 2 === 0 ? a : b).db,
          { object_type: "activity", object_id: activity!.id, aspect_type: "create", owner_id: athlete, subscription_id: 1, event_time: harness.clock.now + k, updates: {} },
          harness.deps.now(),
        );
        expect(queued).toEqual({ queued: true });
      }
      eventsQueued = true;
    }

    // Each instance runs rounds until nothing is left to do for two rounds in a row.
    const totals = new Map<string, RoundSummary>();
    async function drainInstance(worker: Worker): Promise<void> {
      const total: RoundSummary = { claimed: 0, done: 0, retried: 0, failed: 0, paused: 0, lost: 0, unrecorded: 0 };
      totals.set(worker.workerId, total);
      const deadline = Date.now() + DRAIN_TIMEOUT_MS;
      let idle = 0;
      for (;;) {
        const round = await worker.runOnce();
        for (const key of Object.keys(total) as (keyof RoundSummary)[]) total[key] += round[key];
        if (round.claimed > 0) {
          idle = 0;
          continue;
        }
        if (eventsQueued && (await activeJobs()) === 0) {
          if (++idle >= 2) return;
        } else idle = 0;
        if (Date.now() > deadline) {
          const left = await db.select().from(jobs).where(inArray(jobs.status, ["queued", "running"]));
          throw new Error(`${worker.workerId}: jobs left after ${DRAIN_TIMEOUT_MS} ms: ${JSON.stringify(left.map((j) => ({ kind: j.kind, status: j.status, runAfter: j.runAfter, lastError: j.lastError })))}`);
        }
        await sleep(5);
      }
    }

    const started = performance.now();
    await Promise.all([uploadsDuringImport(), ...workers.map(drainInstance)]);
    const wallMs = performance.now() - started;

    // No job failed, retried, was lost to the other instance, or left unrecorded; all are done.
    for (const [id, { retried, failed, lost, unrecorded }] of totals) expect({ retried, failed, lost, unrecorded }, id).toEqual({ retried: 0, failed: 0, lost: 0, unrecorded: 0 });
    const allJobs = await db.select().from(jobs);
    expect(allJobs.filter((j) => j.status !== "done").map((j) => `${j.kind} #${j.id} ${j.status}: ${j.lastError}`)).toEqual([]);
    expect(allJobs.filter((j) => j.lastError !== null).map((j) => `${j.kind} #${j.id}: ${j.lastError}`)).toEqual([]);
    expect(allJobs.filter((j) => j.kind === EVENT_JOB)).toHaveLength(EVENTS);
    // Both instances did work, at the same time, and both ran history pages.
    for (const w of workers) expect(totals.get(w.workerId)!.claimed).toBeGreaterThan(0);
    for (const name of ["A", "B"]) expect(runs.filter((r) => r.instance === name && r.kind === BACKFILL_JOB).length).toBeGreaterThan(0);
    expect(maxRunning).toBeGreaterThan(1);

    // A job never ran in two places at once: its runs, in start order, never overlap.
    const byJob = new Map<number, Run[]>();
    for (const r of runs) byJob.set(r.jobId, [...(byJob.get(r.jobId) ?? []), r]);
    for (const [jobId, list] of byJob) {
      const ordered = [...list].sort((x, y) => x.start - y.start);
      for (let i = 1; i < ordered.length; i++) expect(ordered[i]!.start, `job ${jobId} ran twice at once`).toBeGreaterThanOrEqual(ordered[i - 1]!.end);
    }
    // Each event job ran once; each backfill job ran once per page (+1 for the empty last page).
    for (const j of allJobs.filter((x) => x.kind === EVENT_JOB)) expect(byJob.get(j.id)).toHaveLength(1);
    const expectedPages = (n: number) => Math.ceil(n / PAGE_SIZE) + 1;
    for (const athlete of ATHLETES) {
      const job = allJobs.find((j) => j.kind === BACKFILL_JOB && j.userId === runners.get(athlete));
      expect(byJob.get(job!.id), `backfill runs of athlete ${athlete}`).toHaveLength(expectedPages(HISTORIES[athlete]));
    }

    // Strava saw each history page requested once…
    const api = harness.apiRequests();
    const pageRequests = api.filter((r) => r.method === "GET" && r.path === "/api/v3/athlete/activities").length;
    expect(pageRequests).toBe(ATHLETES.reduce((n, athlete) => n + expectedPages(HISTORIES[athlete]), 0));
    // …each event's activity fetched once, and nothing else fetched one by one…
    const details = new Map<string, number>();
    for (const r of api) {
      const m = /^\/api\/v3\/activities\/(\d+)$/.exec(r.path);
      if (r.method === "GET" && m) details.set(m[1]!, (details.get(m[1]!) ?? 0) + 1);
    }
    expect(created.size).toBe(EVENTS);
    expect(Object.fromEntries(details)).toEqual(Object.fromEntries([...created.keys()].map((id) => [String(id), 1])));
    // …and no activity's streams twice.
    const streams = api.filter((r) => r.path.endsWith("/streams")).map((r) => r.path);
    expect(new Set(streams).size).toBe(streams.length);

    // Every runner has every one of their athlete's activities, once.
    for (const athlete of ATHLETES) {
      const userId = runners.get(athlete)!;
      const rows = await db.select({ ref: activities.sourceRef }).from(activities).where(and(eq(activities.userId, userId), eq(activities.source, "strava")));
      const refs = rows.map((r) => r.ref);
      const onServer = harness.server.control.activities(athlete).map((x) => String(x.id));
      expect(onServer).toHaveLength(HISTORIES[athlete] + EVENTS / ATHLETES.length);
      expect(refs, `activities of athlete ${athlete}`).toHaveLength(onServer.length);
      expect(new Set(refs)).toEqual(new Set(onServer));
      const [conn] = await db.select().from(stravaConnections).where(eq(stravaConnections.userId, userId));
      expect(conn, `connection of athlete ${athlete}`).toMatchObject({ backfillStatus: "done", backfillImported: HISTORIES[athlete], backfillPages: expectedPages(HISTORIES[athlete]), lastError: null });
    }

    const share = (name: string, kind: string) => runs.filter((r) => r.instance === name && r.kind === kind).length;
    const meanMs = (kind: string) => {
      const of = runs.filter((r) => r.kind === kind);
      return Math.round(of.reduce((sum, r) => sum + r.end - r.start, 0) / Math.max(of.length, 1));
    };
    await annotate(
      `${Math.round(wallMs)} ms; instance A ran ${share("A", BACKFILL_JOB)} pages, ${share("A", EVENT_JOB)} events, ${runs.filter((r) => r.instance === "A").length} jobs in all; ` +
        `B ${share("B", BACKFILL_JOB)} pages, ${share("B", EVENT_JOB)} events, ${runs.filter((r) => r.instance === "B").length} in all; up to ${maxRunning} handlers at once; ${pageRequests} page requests; ` +
        `mean run ${meanMs(BACKFILL_JOB)} ms a page, ${meanMs(EVENT_JOB)} ms an event, ${meanMs("strava.streams")} ms a streams fetch`,
    );
  }, stretch(60_000));
});
