import { randomBytes } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openPostgres, type Db, type DbHandle } from "@/db/client";
import { jobs, users } from "@/db/schema";
import { BACKOFF_BASE_MS, backoffMs } from "@/lib/jobs/backoff";
import { MAX_ERROR_CHARS } from "@/lib/jobs/error-text";
import {
  cancelJobs,
  claim,
  complete,
  enqueue,
  enqueueJob,
  extendLease,
  fail,
  getJob,
  pruneFinishedJobs,
  queueStats,
  reschedule,
  type Job,
} from "@/lib/jobs/queue";
import { createWorker, type JobHandler, type WorkerLogger } from "@/lib/jobs/worker";
import { describeEachDatabase } from "../support/db";
import { createRunner } from "../support/factories";
import { stretch } from "../support/time-factor";

const T0 = new Date("2031-03-01T08:00:00.000Z");
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const at = (ms: number) => new Date(T0.getTime() + ms);
/** Every test works on kinds of its own, so the tests of this file never claim each other's jobs. */
const newKind = (name = "job") => `${name}-${randomBytes(4).toString("hex")}`;
const quiet: WorkerLogger = { info: () => {}, warn: () => {}, error: () => {} };

/** A clock the test moves by hand. */
function manualClock(start = T0) {
  let now = start.getTime();
  const clock = () => new Date(now);
  clock.set = (d: Date) => {
    now = d.getTime();
  };
  clock.advance = (ms: number) => {
    now += ms;
  };
  return clock;
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describeEachDatabase("job queue", ({ db, kind: dbKind, test }) => {
  const runner = async () => (await createRunner(db())).id;
  const job = async (id: number) => (await getJob(db(), id))!;
  const enqueueMany = async (n: number, args: { kind: string; userId: string | null }, now = T0) => {
    const ids: number[] = [];
    for (let i = 0; i < n; i++) ids.push(await enqueue(db(), { kind: args.kind, userId: args.userId, payload: { i } }, new Date(now.getTime() + i)));
    return ids;
  };

  describe("enqueue", () => {
    it("stores a queued job with its defaults, at the caller's time", async () => {
      const kind = newKind();
      const userId = await runner();
      const id = await enqueue(db(), { kind, userId, payload: { page: 1, after: "2024-01-01" } }, T0);
      expect(id).toBeTypeOf("number");
      expect(await job(id)).toMatchObject({
        id,
        kind,
        userId,
        payload: { page: 1, after: "2024-01-01" },
        dedupeKey: null,
        status: "queued",
        priority: 0,
        runAfter: T0,
        attempts: 0,
        maxAttempts: 8,
        lockedBy: null,
        lockedUntil: null,
        lastError: null,
        createdAt: T0,
        updatedAt: T0,
        finishedAt: null,
      });
    });

    it("keeps the options it is given, and jobs without a runner", async () => {
      const kind = newKind();
      const id = await enqueue(db(), { kind, userId: null, payload: ["a", 1, null], runAfter: at(MINUTE), priority: 5, maxAttempts: 3 }, T0);
      expect(await job(id)).toMatchObject({ userId: null, payload: ["a", 1, null], runAfter: at(MINUTE), priority: 5, maxAttempts: 3 });
    });

    it("refuses what it cannot store", async () => {
      const kind = newKind();
      await expect(enqueue(db(), { kind: "", userId: null, payload: {} }, T0)).rejects.toThrow(/kind/);
      await expect(enqueue(db(), { kind, userId: null, payload: undefined }, T0)).rejects.toThrow(/payload/);
      await expect(enqueue(db(), { kind, userId: null, payload: { s: "a\u0000b" } }, T0)).rejects.toThrow(/NUL/);
      await expect(enqueue(db(), { kind, userId: null, payload: {}, maxAttempts: 0 }, T0)).rejects.toThrow(/maxAttempts/);
      await expect(enqueue(db(), { kind, userId: null, payload: {}, priority: 1.5 }, T0)).rejects.toThrow(/priority/);
      await expect(enqueue(db(), { kind, userId: null, payload: {}, dedupeKey: "x".repeat(501) }, T0)).rejects.toThrow(/dedupeKey/);
      await expect(enqueue(db(), { kind, userId: null, payload: {} }, new Date(Number.NaN))).rejects.toThrow(/now/);
      await expect(enqueue(db(), { kind, userId: "no-such-runner", payload: {} }, T0)).rejects.toThrow();
      expect((await queueStats(db(), { userId: null, kind })).total).toBe(0);
    });
  });

  describe("dedupe", () => {
    it("answers the active job's id for a taken key, without an error or a second row", async () => {
      const kind = newKind();
      const userId = await runner();
      const key = `strava:event:${userId}:123`;
      const first = await enqueueJob(db(), { kind, userId, payload: { v: 1 }, dedupeKey: key }, T0);
      const again = await enqueueJob(db(), { kind, userId, payload: { v: 2 }, dedupeKey: key }, at(SECOND));
      expect(first.created).toBe(true);
      expect(again).toEqual({ id: first.id, created: false });
      expect(await enqueue(db(), { kind, userId, payload: {}, dedupeKey: `${key}-other` }, T0)).not.toBe(first.id);
      // The first payload stays.
      expect((await job(first.id)).payload).toEqual({ v: 1 });

      // A running job still holds its key.
      const [claimed] = await claim(db(), { workerId: "w", kinds: [kind], now: at(SECOND), leaseMs: MINUTE, limit: 1 });
      expect(claimed?.id).toBe(first.id);
      expect(await enqueue(db(), { kind, userId, payload: {}, dedupeKey: key }, at(2 * SECOND))).toBe(first.id);

      // A finished one does not.
      expect(await complete(db(), { id: first.id, workerId: "w" }, at(3 * SECOND))).toBe(true);
      const next = await enqueueJob(db(), { kind, userId, payload: { v: 3 }, dedupeKey: key }, at(4 * SECOND));
      expect(next.created).toBe(true);
      expect(next.id).not.toBe(first.id);
      const rows = await db().select({ status: jobs.status }).from(jobs).where(eq(jobs.dedupeKey, key));
      expect(rows.map((r) => r.status).sort()).toEqual(["done", "queued"]);
    });

    it("gives one job to many concurrent enqueues of one key", async () => {
      const kind = newKind();
      const key = `sweep:${kind}`;
      const results = await Promise.all(Array.from({ length: 12 }, () => enqueueJob(db(), { kind, userId: null, payload: {}, dedupeKey: key }, T0)));
      expect(new Set(results.map((r) => r.id)).size).toBe(1);
      expect(results.filter((r) => r.created)).toHaveLength(1);
    });

    it("is enforced by the database itself (a partial unique index over active jobs)", async () => {
      const kind = newKind();
      const key = `raw:${kind}`;
      const base = { kind, payload: {}, dedupeKey: key, runAfter: T0, createdAt: T0, updatedAt: T0 };
      await db().insert(jobs).values(base);
      await expect(db().insert(jobs).values(base)).rejects.toThrow();
      // Finished jobs may share the key with each other and with one active job.
      await db().insert(jobs).values({ ...base, status: "done", finishedAt: T0 });
      await db().insert(jobs).values({ ...base, status: "failed", finishedAt: T0 });
      expect((await queueStats(db(), { userId: null, kind })).total).toBe(3);
    });
  });

  describe("claim", () => {
    it("takes due queued jobs: running, locked by the worker until now + lease, one attempt", async () => {
      const kind = newKind();
      const userId = await runner();
      const due = await enqueue(db(), { kind, userId, payload: {} }, T0);
      const later = await enqueue(db(), { kind, userId: null, payload: {}, runAfter: at(10 * MINUTE) }, T0);
      const claimed = await claim(db(), { workerId: "w1", kinds: [kind], now: at(SECOND), leaseMs: 30 * SECOND, limit: 10 });
      expect(claimed.map((j) => j.id)).toEqual([due]);
      expect(claimed[0]).toMatchObject({ status: "running", lockedBy: "w1", lockedUntil: at(31 * SECOND), attempts: 1, updatedAt: at(SECOND) });
      // Nobody else gets it while the lease holds, and the future job waits for its time.
      expect(await claim(db(), { workerId: "w2", kinds: [kind], now: at(2 * SECOND), leaseMs: 30 * SECOND, limit: 10 })).toEqual([]);
      expect(await complete(db(), { id: due, workerId: "w1" }, at(3 * SECOND))).toBe(true);
      const [then] = await claim(db(), { workerId: "w2", kinds: [kind], now: at(10 * MINUTE), leaseMs: 30 * SECOND, limit: 10 });
      expect(then?.id).toBe(later);
    });

    it("takes only the kinds asked for", async () => {
      const [a, b] = [newKind("a"), newKind("b")];
      await enqueue(db(), { kind: a, userId: null, payload: {} }, T0);
      const idB = await enqueue(db(), { kind: b, userId: null, payload: {} }, T0);
      expect(await claim(db(), { workerId: "w", kinds: [], now: T0, leaseMs: MINUTE, limit: 5 })).toEqual([]);
      expect((await claim(db(), { workerId: "w", kinds: [b], now: T0, leaseMs: MINUTE, limit: 5 })).map((j) => j.id)).toEqual([idB]);
    });

    it("orders one runner's jobs by priority, then run_after, then id", async () => {
      const kind = newKind();
      const userId = await runner();
      const old = await enqueue(db(), { kind, userId, payload: "old" }, T0);
      const newer = await enqueue(db(), { kind, userId, payload: "newer" }, at(SECOND));
      const urgent = await enqueue(db(), { kind, userId, payload: "urgent", priority: 10 }, at(2 * SECOND));
      const order: number[] = [];
      for (let i = 0; i < 3; i++) {
        const got = await claim(db(), { workerId: "w", kinds: [kind], now: at(MINUTE), leaseMs: MINUTE, limit: 10 });
        expect(got).toHaveLength(1); // one per runner per claim
        order.push(got[0]!.id);
        await complete(db(), { id: got[0]!.id, workerId: "w" }, at(MINUTE));
      }
      expect(order).toEqual([urgent, old, newer]);
    });

    it("orders runners by their head's priority, then the smaller backlog, then the longer wait", async () => {
      const kind = newKind();
      const [big, small, early, vip] = [await runner(), await runner(), await runner(), await runner()];
      await enqueueMany(5, { kind, userId: big }, at(2 * SECOND));
      const smallId = await enqueue(db(), { kind, userId: small, payload: {} }, at(3 * SECOND));
      const earlyId = await enqueue(db(), { kind, userId: early, payload: {} }, at(SECOND));
      const vipId = await enqueue(db(), { kind, userId: vip, payload: {}, priority: 1 }, at(4 * SECOND));
      const got = await claim(db(), { workerId: "w", kinds: [kind], now: at(MINUTE), leaseMs: MINUTE, limit: 10 });
      expect(got.map((j) => j.userId)).toEqual([vip, early, small, big]);
      expect(got.map((j) => j.id).slice(0, 3)).toEqual([vipId, earlyId, smallId]);
    });
  });

  describe("fairness", () => {
    it("puts runner B's single job in the first claim although runner A has 200 queued before it", async () => {
      const kind = newKind();
      const [a, b] = [await runner(), await runner()];
      await enqueueMany(200, { kind, userId: a });
      const bJob = await enqueue(db(), { kind, userId: b, payload: {} }, at(MINUTE));
      const first = await claim(db(), { workerId: "w", kinds: [kind], now: at(2 * MINUTE), leaseMs: MINUTE, limit: 10 });
      expect(first.map((j) => j.id)).toContain(bJob);
      // At most one job per runner per claim.
      expect(first.filter((j) => j.userId === a)).toHaveLength(1);
      expect(first).toHaveLength(2);
    });

    it("serves a newcomer first even when more runners have backlogs than a claim takes", async () => {
      const kind = newKind();
      const busy = [await runner(), await runner(), await runner(), await runner(), await runner()];
      for (const userId of busy) await enqueueMany(20, { kind, userId });
      const newcomer = await runner();
      const single = await enqueue(db(), { kind, userId: newcomer, payload: {} }, at(MINUTE));
      const first = await claim(db(), { workerId: "w", kinds: [kind], now: at(2 * MINUTE), leaseMs: MINUTE, limit: 2 });
      expect(first.map((j) => j.id)).toContain(single);
      expect(new Set(first.map((j) => j.userId)).size).toBe(first.length);
    });

    it("shares among jobs without a runner too: one per kind per claim", async () => {
      const [sweep, other] = [newKind("sweep"), newKind("other")];
      await enqueueMany(50, { kind: sweep, userId: null });
      const otherId = await enqueue(db(), { kind: other, userId: null, payload: {} }, at(MINUTE));
      const userId = await runner();
      const mine = await enqueue(db(), { kind: sweep, userId, payload: {} }, at(MINUTE));
      const first = await claim(db(), { workerId: "w", kinds: [sweep, other], now: at(2 * MINUTE), leaseMs: MINUTE, limit: 10 });
      expect(first).toHaveLength(3);
      expect(first.map((j) => j.id)).toEqual(expect.arrayContaining([otherId, mine]));
      expect(first.filter((j) => j.kind === sweep && j.userId === null)).toHaveLength(1);
    });
  });

  describe("leases", () => {
    it("gives a crashed worker's job to another once the lease expires, and refuses the late worker", async () => {
      const kind = newKind();
      const userId = await runner();
      const id = await enqueue(db(), { kind, userId, payload: {} }, T0);
      const [mine] = await claim(db(), { workerId: "crashed", kinds: [kind], now: T0, leaseMs: 30 * SECOND, limit: 1 });
      expect(mine?.id).toBe(id);
      // "crashed" never answers. Until its lease ends, the job stays its own.
      expect(await claim(db(), { workerId: "rescuer", kinds: [kind], now: at(30 * SECOND), leaseMs: 30 * SECOND, limit: 1 })).toEqual([]);
      const [taken] = await claim(db(), { workerId: "rescuer", kinds: [kind], now: at(31 * SECOND), leaseMs: 30 * SECOND, limit: 1 });
      expect(taken).toMatchObject({ id, status: "running", lockedBy: "rescuer", attempts: 2, lockedUntil: at(61 * SECOND) });
      expect(taken?.lastError).toMatch(/lease expired: worker crashed did not finish attempt 1/);

      // The late worker can do nothing to the job any more.
      expect(await extendLease(db(), { id, workerId: "crashed", leaseMs: MINUTE }, at(32 * SECOND))).toBe(false);
      expect(await reschedule(db(), { id, workerId: "crashed", runAfter: at(HOUR) }, at(32 * SECOND))).toBe(false);
      expect(await fail(db(), { id, workerId: "crashed", error: "late", retryAt: at(HOUR) }, at(32 * SECOND))).toBe(false);
      expect(await complete(db(), { id, workerId: "crashed" }, at(33 * SECOND))).toBe(false);
      expect(await job(id)).toMatchObject({ status: "running", lockedBy: "rescuer", attempts: 2 });

      expect(await complete(db(), { id, workerId: "rescuer" }, at(40 * SECOND))).toBe(true);
      expect(await job(id)).toMatchObject({ status: "done", lockedBy: null, lockedUntil: null, finishedAt: at(40 * SECOND) });
      expect(await complete(db(), { id, workerId: "crashed" }, at(41 * SECOND))).toBe(false);
      expect(await complete(db(), { id, workerId: "rescuer" }, at(41 * SECOND))).toBe(false);
    });

    it("keeps a job whose lease is extended", async () => {
      const kind = newKind();
      const id = await enqueue(db(), { kind, userId: null, payload: {} }, T0);
      await claim(db(), { workerId: "slow", kinds: [kind], now: T0, leaseMs: 30 * SECOND, limit: 1 });
      expect(await extendLease(db(), { id, workerId: "slow", leaseMs: 30 * SECOND }, at(20 * SECOND))).toBe(true);
      expect((await job(id)).lockedUntil).toEqual(at(50 * SECOND));
      expect(await claim(db(), { workerId: "other", kinds: [kind], now: at(45 * SECOND), leaseMs: 30 * SECOND, limit: 1 })).toEqual([]);
      // A lease that expired but that nobody took over is still the worker's.
      expect(await complete(db(), { id, workerId: "slow" }, at(55 * SECOND))).toBe(true);
    });

    it("fails a job whose last attempt's lease expired, instead of running it again", async () => {
      const kind = newKind();
      const id = await enqueue(db(), { kind, userId: null, payload: {}, maxAttempts: 2 }, T0);
      for (const [i, workerId] of ["w1", "w2"].entries()) {
        const got = await claim(db(), { workerId, kinds: [kind], now: at(i * MINUTE), leaseMs: 10 * SECOND, limit: 1 });
        expect(got.map((j) => j.id)).toEqual([id]);
      }
      expect(await claim(db(), { workerId: "w3", kinds: [kind], now: at(2 * MINUTE), leaseMs: 10 * SECOND, limit: 1 })).toEqual([]);
      expect(await job(id)).toMatchObject({
        status: "failed",
        attempts: 2,
        lockedBy: null,
        lockedUntil: null,
        finishedAt: at(2 * MINUTE),
        lastError: "lease expired: worker w2 did not finish attempt 2 of 2",
      });
    });
  });

  describe("retries", () => {
    it("retries a throwing handler with exponential backoff, then fails it after max_attempts", async () => {
      const kind = newKind();
      const userId = await runner();
      const id = await enqueue(db(), { kind, userId, payload: {}, maxAttempts: 3, dedupeKey: `retry:${kind}` }, T0);
      const clock = manualClock();
      const seen: number[] = [];
      const worker = createWorker({
        db: db(),
        workerId: "w",
        clock,
        leaseMs: MINUTE,
        batch: 5,
        logger: quiet,
        handlers: {
          [kind]: async (j) => {
            seen.push(j.attempts);
            throw new Error(`Strava said 500\u0000\n\tat attempt ${j.attempts}`);
          },
        },
      });

      expect(await worker.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
      const delay1 = backoffMs(1, id);
      expect(delay1).toBeGreaterThanOrEqual(0.75 * BACKOFF_BASE_MS);
      expect(delay1).toBeLessThanOrEqual(BACKOFF_BASE_MS);
      expect(await job(id)).toMatchObject({ status: "queued", attempts: 1, runAfter: at(delay1), lockedBy: null, lastError: "Error: Strava said 500 at attempt 1" });

      // Not before its time.
      clock.set(at(delay1 - 1));
      expect((await worker.runOnce()).claimed).toBe(0);
      clock.set(at(delay1));
      expect(await worker.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
      const delay2 = backoffMs(2, id);
      expect(delay2).toBeGreaterThan(delay1);
      expect((await job(id)).runAfter).toEqual(at(delay1 + delay2));

      clock.set(at(delay1 + delay2));
      expect(await worker.runOnce()).toMatchObject({ claimed: 1, failed: 1 });
      expect(await job(id)).toMatchObject({ status: "failed", attempts: 3, finishedAt: at(delay1 + delay2), lockedBy: null, lockedUntil: null });
      expect(seen).toEqual([1, 2, 3]);
      clock.advance(10 * 3_600_000);
      expect((await worker.runOnce()).claimed).toBe(0);
      // The key is free again.
      expect(await enqueue(db(), { kind, userId, payload: {}, dedupeKey: `retry:${kind}` }, clock())).not.toBe(id);
    });

    it("stores the error text cut to 2,000 characters, without control characters", async () => {
      const kind = newKind();
      const id = await enqueue(db(), { kind, userId: null, payload: {} }, T0);
      await claim(db(), { workerId: "w", kinds: [kind], now: T0, leaseMs: MINUTE, limit: 1 });
      const error = `bad\u0000\u0007\u001b[31m\u202eevil\r\n${"é".repeat(5_000)}`;
      expect(await fail(db(), { id, workerId: "w", error, retryAt: at(MINUTE) }, at(SECOND))).toBe("queued");
      const { lastError } = await job(id);
      expect(Array.from(lastError!)).toHaveLength(MAX_ERROR_CHARS);
      expect(lastError!.startsWith("bad[31mevil éé")).toBe(true);
      expect(lastError!.endsWith("…")).toBe(true);
      expect(lastError).not.toMatch(/\p{Cc}/u);
    });

    it("does not count a reschedule (a pause) as an attempt", async () => {
      const kind = newKind();
      const id = await enqueue(db(), { kind, userId: null, payload: {}, maxAttempts: 1 }, T0);
      for (let i = 0; i < 5; i++) {
        const now = at(i * MINUTE);
        const [got] = await claim(db(), { workerId: "w", kinds: [kind], now, leaseMs: 10 * SECOND, limit: 1 });
        expect(got).toMatchObject({ id, attempts: 1 });
        expect(await reschedule(db(), { id, workerId: "w", runAfter: at((i + 1) * MINUTE) }, now)).toBe(true);
        expect(await job(id)).toMatchObject({ status: "queued", attempts: 0, runAfter: at((i + 1) * MINUTE), lockedBy: null, finishedAt: null });
        expect(await claim(db(), { workerId: "w", kinds: [kind], now, leaseMs: 10 * SECOND, limit: 1 })).toEqual([]);
      }
      // Its one real attempt is still there to spend.
      await claim(db(), { workerId: "w", kinds: [kind], now: at(5 * MINUTE), leaseMs: 10 * SECOND, limit: 1 });
      expect(await fail(db(), { id, workerId: "w", error: "boom", retryAt: at(6 * MINUTE) }, at(5 * MINUTE))).toBe("failed");
    });
  });

  describe("worker", () => {
    it("applies each outcome: done, retry, pause, throw, and an invalid one", async () => {
      const kind = newKind();
      const clock = manualClock();
      const users5 = await Promise.all(Array.from({ length: 5 }, () => runner()));
      const plan = ["done", "retry", "pause", "throw", "invalid"] as const;
      const ids = new Map<string, number>();
      for (const [i, what] of plan.entries()) ids.set(what, await enqueue(db(), { kind, userId: users5[i]!, payload: { what } }, T0));
      const handler: JobHandler = async (j) => {
        const { what } = j.payload as { what: (typeof plan)[number] };
        if (what === "done") return "done";
        if (what === "retry") return { retryAt: at(HOUR), error: "upstream 503" };
        if (what === "pause") return { pauseUntil: at(15 * MINUTE) };
        if (what === "throw") throw new TypeError("cannot read properties of undefined");
        return { nonsense: true } as never;
      };
      const worker = createWorker({ db: db(), workerId: "w", handlers: { [kind]: handler }, clock, leaseMs: MINUTE, batch: 10, logger: quiet });
      expect(await worker.runOnce()).toEqual({ claimed: 5, done: 1, retried: 3, failed: 0, paused: 1, lost: 0, unrecorded: 0 });
      expect(await job(ids.get("done")!)).toMatchObject({ status: "done", finishedAt: T0 });
      expect(await job(ids.get("retry")!)).toMatchObject({ status: "queued", attempts: 1, runAfter: at(HOUR), lastError: "upstream 503" });
      expect(await job(ids.get("pause")!)).toMatchObject({ status: "queued", attempts: 0, runAfter: at(15 * MINUTE), lastError: null });
      const thrown = await job(ids.get("throw")!);
      expect(thrown).toMatchObject({ status: "queued", attempts: 1, lastError: "TypeError: cannot read properties of undefined" });
      expect(thrown.runAfter).toEqual(at(backoffMs(1, thrown.id)));
      expect((await job(ids.get("invalid")!)).lastError).toMatch(/invalid outcome/);
    });

    it("hands handlers extendLease, which answers false once the job is no longer theirs", async () => {
      const kind = newKind();
      const userId = await runner();
      const id = await enqueue(db(), { kind, userId, payload: {} }, T0);
      const clock = manualClock();
      const answers: boolean[] = [];
      const worker = createWorker({
        db: db(),
        workerId: "w",
        clock,
        leaseMs: 30 * SECOND,
        batch: 1,
        logger: quiet,
        handlers: {
          [kind]: async (_job, ctx) => {
            clock.advance(20 * SECOND);
            answers.push(await ctx.extendLease());
            expect((await job(id)).lockedUntil).toEqual(at(50 * SECOND));
            answers.push(await ctx.extendLease(5 * MINUTE));
            await cancelJobs(db(), { userId }, clock());
            answers.push(await ctx.extendLease());
            return "done";
          },
        },
      });
      expect(await worker.runOnce()).toMatchObject({ claimed: 1, lost: 1, done: 0 });
      expect(answers).toEqual([true, true, false]);
      expect((await job(id)).status).toBe("cancelled");
    });

    it("never lets a handler's error escape, even a non-Error or a synchronous throw", async () => {
      const kind = newKind();
      await enqueueMany(3, { kind, userId: null });
      const other = newKind();
      await enqueue(db(), { kind: other, userId: null, payload: {} }, T0);
      const worker = createWorker({
        db: db(),
        workerId: "w",
        clock: () => at(MINUTE),
        leaseMs: MINUTE,
        batch: 10,
        logger: quiet,
        handlers: {
          [kind]: (() => {
            throw "a string";
          }) as unknown as JobHandler,
          [other]: async () => Promise.reject(null),
        },
      });
      const summary = await worker.runOnce();
      expect(summary).toMatchObject({ claimed: 2, retried: 2 });
      const rows = await db().select().from(jobs).where(and(inArray(jobs.kind, [kind, other]), eq(jobs.status, "queued"), sql`${jobs.attempts} = 1`));
      expect(rows.map((r) => r.lastError).sort()).toEqual(["a string", "null"]);
    });

    it("start() drains the queue; stop() waits for the running round", async () => {
      const kind = newKind();
      const owners = await Promise.all(Array.from({ length: 4 }, () => runner()));
      for (const userId of owners) await enqueueMany(5, { kind, userId });
      const ran: number[] = [];
      const worker = createWorker({
        db: db(),
        workerId: "w",
        clock: () => at(MINUTE),
        leaseMs: MINUTE,
        batch: 3,
        logger: quiet,
        handlers: {
          [kind]: async (j) => {
            ran.push(j.id);
            return "done";
          },
        },
      });
      worker.start(5);
      expect(() => worker.start(5)).toThrow(/already started/);
      const deadline = Date.now() + stretch(20_000);
      while (ran.length < 20 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      await worker.stop();
      expect(ran).toHaveLength(20);
      expect(new Set(ran).size).toBe(20);
      for (const userId of owners) expect(await queueStats(db(), { userId, kind })).toMatchObject({ done: 5, queued: 0, running: 0 });

      // Stopping in the middle of a handler resolves only after it finished and was recorded.
      const slowKind = newKind();
      const id = await enqueue(db(), { kind: slowKind, userId: null, payload: {} }, T0);
      const started = deferred();
      const release = deferred();
      const slow = createWorker({
        db: db(),
        workerId: "slow",
        clock: () => at(MINUTE),
        leaseMs: MINUTE,
        batch: 1,
        logger: quiet,
        handlers: {
          [slowKind]: async () => {
            started.resolve();
            await release.promise;
            return "done";
          },
        },
      });
      slow.start(1_000);
      await started.promise;
      let stopped = false;
      const stopping = slow.stop().then(() => (stopped = true));
      await new Promise((r) => setTimeout(r, 50));
      expect(stopped).toBe(false);
      release.resolve();
      await stopping;
      expect((await job(id)).status).toBe("done");
      await slow.stop(); // stopping twice is harmless
    });
  });

  describe("cancel and stats", () => {
    it("cancels a runner's active jobs (one kind, or all), counts them, and leaves others alone", async () => {
      const [sync, streams] = [newKind("sync"), newKind("streams")];
      const [me, you] = [await runner(), await runner()];
      await enqueueMany(3, { kind: sync, userId: me });
      await enqueueMany(2, { kind: streams, userId: me });
      const [running] = await claim(db(), { workerId: "w", kinds: [sync], now: at(SECOND), leaseMs: MINUTE, limit: 10 });
      const yours = await enqueue(db(), { kind: sync, userId: you, payload: {} }, at(SECOND));
      const [done] = await claim(db(), { workerId: "w", kinds: [streams], now: at(SECOND), leaseMs: MINUTE, limit: 10 });
      await complete(db(), { id: done!.id, workerId: "w" }, at(2 * SECOND));

      expect(await queueStats(db(), { userId: me })).toEqual({ queued: 3, running: 1, done: 1, failed: 0, cancelled: 0, total: 5 });
      expect(await queueStats(db(), { userId: me, kind: sync })).toEqual({ queued: 2, running: 1, done: 0, failed: 0, cancelled: 0, total: 3 });

      expect(await cancelJobs(db(), { userId: me, kind: sync }, at(3 * SECOND))).toBe(3);
      expect(await queueStats(db(), { userId: me })).toEqual({ queued: 1, running: 0, done: 1, failed: 0, cancelled: 3, total: 5 });
      // The worker running the cancelled job finds it is no longer its own.
      expect(await complete(db(), { id: running!.id, workerId: "w" }, at(4 * SECOND))).toBe(false);
      expect(await job(running!.id)).toMatchObject({ status: "cancelled", finishedAt: at(3 * SECOND), lockedBy: null });
      expect(await job(yours)).toMatchObject({ status: "queued" });

      expect(await cancelJobs(db(), { userId: me }, at(5 * SECOND))).toBe(1);
      expect(await queueStats(db(), { userId: me })).toMatchObject({ queued: 0, cancelled: 4, done: 1 });
      expect(await claim(db(), { workerId: "w", kinds: [sync, streams], now: at(HOUR), leaseMs: MINUTE, limit: 10 })).toEqual([
        expect.objectContaining({ id: yours }),
      ]);
    });

    it("prunes finished jobs older than asked", async () => {
      const kind = newKind();
      const [a, b] = await enqueueMany(2, { kind, userId: null });
      await enqueueMany(1, { kind, userId: null });
      for (const id of [a!, b!]) {
        await claim(db(), { workerId: "w", kinds: [kind], now: T0, leaseMs: MINUTE, limit: 1 });
        await complete(db(), { id, workerId: "w" }, id === a ? at(SECOND) : at(HOUR));
      }
      expect(await pruneFinishedJobs(db(), { finishedBefore: at(MINUTE) })).toBeGreaterThanOrEqual(1);
      expect(await getJob(db(), a!)).toBeNull();
      expect(await getJob(db(), b!)).not.toBeNull();
      expect((await queueStats(db(), { userId: null, kind })).queued).toBe(1);
    });
  });

  it("deletes a runner's jobs with the runner", async () => {
    const kind = newKind();
    const [gone, stays] = [await runner(), await runner()];
    await enqueueMany(4, { kind, userId: gone });
    await claim(db(), { workerId: "w", kinds: [kind], now: T0, leaseMs: MINUTE, limit: 1 });
    await enqueue(db(), { kind, userId: stays, payload: {} }, T0);
    await enqueue(db(), { kind, userId: null, payload: {} }, T0);
    await db().delete(users).where(eq(users.id, gone));
    const left = await db().select({ userId: jobs.userId }).from(jobs).where(eq(jobs.kind, kind));
    expect(left.map((r) => r.userId).sort()).toEqual([null, stays].sort());
  });

  describe("concurrency", () => {
    const extra: DbHandle[] = [];
    afterAll(async () => {
      for (const h of extra) await h.close();
    });

    /** Two database handles: on PostgreSQL two separate connection pools (as two processes would have), on PGlite the one handle. */
    async function twoHandles(): Promise<[Db, Db]> {
      if (dbKind === "pglite") return [db(), db()];
      const url = test().url!;
      const first = await openPostgres(url, { max: 2 });
      const second = await openPostgres(url, { max: 2 });
      extra.push(first, second);
      return [first.db, second.db];
    }

    it("processes each of 300 jobs exactly once with two workers claiming at the same time", async () => {
      const kind = newKind("concurrent");
      const owners = await Promise.all(Array.from({ length: 10 }, () => runner()));
      const ids: number[] = [];
      for (const [i, userId] of owners.entries()) {
        for (let n = 0; n < 27; n++) ids.push(await enqueue(db(), { kind, userId, payload: { n }, priority: n % 3 }, at(i * 100 + n)));
      }
      for (let n = 0; n < 30; n++) ids.push(await enqueue(db(), { kind, userId: null, payload: { n } }, at(5_000 + n)));
      expect(ids).toHaveLength(300);

      const processed = new Map<number, number>();
      const byWorker = new Map<string, number>();
      const [dbA, dbB] = await twoHandles();
      const handler: JobHandler = async (j, ctx) => {
        processed.set(j.id, (processed.get(j.id) ?? 0) + 1);
        byWorker.set(ctx.workerId, (byWorker.get(ctx.workerId) ?? 0) + 1);
        // Give the other worker a chance to claim in the middle of this batch.
        await new Promise((r) => setImmediate(r));
        return "done";
      };
      const make = (handle: Db, workerId: string) =>
        createWorker({ db: handle, workerId, handlers: { [kind]: handler }, clock: () => at(HOUR), leaseMs: 10 * MINUTE, batch: 7, logger: quiet });
      const workers = [make(dbA, "worker-a"), make(dbB, "worker-b")];

      const drain = async (worker: (typeof workers)[number]) => {
        let idle = 0;
        for (let round = 0; round < 2_000 && idle < 3; round++) {
          const summary = await worker.runOnce();
          expect(summary.lost + summary.unrecorded + summary.retried + summary.failed).toBe(0);
          idle = summary.claimed === 0 ? idle + 1 : 0;
        }
      };
      await Promise.all(workers.map(drain));

      expect(processed.size).toBe(300);
      expect([...processed.values()].every((n) => n === 1)).toBe(true);
      expect(new Set(processed.keys())).toEqual(new Set(ids));
      const rows = await db().select({ status: jobs.status, attempts: jobs.attempts }).from(jobs).where(eq(jobs.kind, kind));
      expect(rows).toHaveLength(300);
      expect(rows.every((r) => r.status === "done" && r.attempts === 1)).toBe(true);
      if (dbKind === "postgres") expect(byWorker.size).toBe(2);
    }, stretch(90_000));

    it("never hands the same job to two of many simultaneous claims", async () => {
      const kind = newKind("race");
      const owners = await Promise.all(Array.from({ length: 40 }, () => runner()));
      for (const userId of owners) await enqueueMany(3, { kind, userId });
      const [dbA, dbB] = await twoHandles();
      const claims = await Promise.all(
        Array.from({ length: 16 }, (_, i) => claim(i % 2 ? dbA : dbB, { workerId: `w${i}`, kinds: [kind], now: at(HOUR), leaseMs: MINUTE, limit: 5 })),
      );
      const all: Job[] = claims.flat();
      expect(all.length).toBeGreaterThan(0);
      expect(new Set(all.map((j) => j.id)).size).toBe(all.length);
      // What each claim got is what the table says it holds.
      for (const [i, got] of claims.entries()) {
        expect(new Set(got.map((j) => j.userId)).size).toBe(got.length);
        for (const j of got) expect((await job(j.id)).lockedBy).toBe(`w${i}`);
      }
    });
  });
});
