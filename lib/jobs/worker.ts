import { randomBytes } from "node:crypto";
import os from "node:os";
import type { Db } from "@/db/client";
import type { Job } from "@/db/schema";
import { errorFields, log } from "../log";
import { backoffMs } from "./backoff";
import { errorText } from "./error-text";
import { claim, complete, extendLease, fail, MAX_CLAIM_LIMIT, reschedule } from "./queue";

/**
 * The job worker: claims batches from the queue (lib/jobs/queue.ts), runs each job's handler and
 * records the outcome. Any number of workers, in any number of processes, may run at once.
 *
 * Not started anywhere yet. To run it in the app, from instrumentation.ts's register() (Node.js
 * runtime, after the database is open):
 *
 *   const { createWorker, newWorkerId } = await import("./lib/jobs/worker");
 *   const worker = createWorker({
 *     db: (await getDbHandle()).db, workerId: newWorkerId(), handlers: { "strava.backfill-page": … },
 *     clock: () => new Date(), leaseMs: 5 * 60_000, batch: 5,
 *   });
 *   worker.start(2_000);
 *   process.once("SIGTERM", () => void worker.stop());
 *
 * The lease should comfortably exceed a handler's usual run time (or the handler calls
 * ctx.extendLease()); a worker that dies loses its jobs to another worker once their leases expire.
 */

/**
 * What a handler says about its job:
 * - `"done"`: finished.
 * - `{ retryAt }`: this attempt failed, try again at retryAt (counts as an attempt; after
 *   max_attempts the job is failed). `error` is stored as last_error.
 * - `{ pauseUntil }`: not now, through no fault of the job (e.g. Strava's rate limit): queued
 *   again at pauseUntil, the attempt not counted.
 * Throwing is a failed attempt retried after backoffMs(attempts, job id).
 */
export type JobOutcome = "done" | { retryAt: Date; error?: string } | { pauseUntil: Date };

export interface JobContext {
  workerId: string;
  /** The worker's clock. */
  now(): Date;
  /**
   * Extends the job's lease to now + ms (default: the worker's leaseMs). Call it from long work,
   * well before the lease runs out. False means the job is no longer this worker's (cancelled, or
   * its lease expired and another worker took it over): stop, and do not write results.
   */
  extendLease(ms?: number): Promise<boolean>;
}

export type JobHandler = (job: Job, ctx: JobContext) => Promise<JobOutcome>;

export interface WorkerLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface WorkerOptions {
  db: Db;
  /** Unique among live workers: a second worker with the same id could act on this one's jobs. */
  workerId: string;
  /** By job kind. The worker claims only these kinds. */
  handlers: Record<string, JobHandler>;
  clock: () => Date;
  /** How long a claimed job is this worker's before another may take it over (extendable by the handler). */
  leaseMs: number;
  /** Jobs claimed per round, run concurrently (at most one per runner, so one runner's jobs never run side by side here). */
  batch: number;
  logger?: WorkerLogger;
}

/** What one round did: jobs claimed, and how each ended. `lost`: the job was no longer ours when its handler finished. */
export interface RoundSummary {
  claimed: number;
  done: number;
  retried: number;
  failed: number;
  paused: number;
  lost: number;
  /** The outcome could not be written (e.g. the database went away); the lease will expire and the job run again. */
  unrecorded: number;
}

export interface Worker {
  readonly workerId: string;
  /**
   * Claims one batch, runs every handler (concurrently) and records each outcome. A handler's
   * error never escapes; only a failed claim (database unreachable) rejects.
   */
  runOnce(): Promise<RoundSummary>;
  /**
   * Runs rounds until stop(): straight away again after a full batch (there is probably more),
   * otherwise after intervalMs. Errors are logged, never thrown.
   */
  start(intervalMs: number): void;
  /** Stops after the running round, and resolves once it has finished. */
  stop(): Promise<void>;
}

/** A worker id unique to this process incarnation: host, pid and random bits. */
export function newWorkerId(prefix = "worker"): string {
  return `${prefix}:${os.hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
}

type Recorded = Exclude<keyof RoundSummary, "claimed">;

function isDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

export function createWorker(options: WorkerOptions): Worker {
  const { db, workerId, handlers, clock, leaseMs, batch } = options;
  const logger = options.logger ?? log;
  const kinds = Object.keys(handlers);
  if (kinds.length === 0) throw new Error("createWorker needs at least one handler");
  if (!workerId) throw new Error("createWorker needs a workerId");
  if (!Number.isInteger(leaseMs) || leaseMs < 1) throw new RangeError("leaseMs must be a positive integer");
  if (!Number.isInteger(batch) || batch < 1 || batch > MAX_CLAIM_LIMIT) throw new RangeError(`batch must be an integer in [1, ${MAX_CLAIM_LIMIT}]`);

  /** A failed attempt: queued again at retryAt while attempts remain, else failed. */
  async function failed(job: Job, error: string, retryAt: Date): Promise<Recorded> {
    const status = await fail(db, { id: job.id, workerId, error, retryAt }, clock());
    return status === false ? "lost" : status === "queued" ? "retried" : "failed";
  }

  const backoffFrom = (job: Job) => new Date(clock().getTime() + backoffMs(job.attempts, job.id));

  async function runJob(job: Job): Promise<Recorded> {
    const handler = handlers[job.kind];
    const ctx: JobContext = {
      workerId,
      now: clock,
      extendLease: (ms = leaseMs) => extendLease(db, { id: job.id, workerId, leaseMs: ms }, clock()),
    };
    let outcome: JobOutcome;
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      outcome = await handler(job, ctx);
    } catch (err) {
      logger.warn("job attempt failed", { jobId: job.id, kind: job.kind, attempt: job.attempts, ...errorFields(err) });
      return failed(job, errorText(err), backoffFrom(job));
    }

    if (outcome === "done") return (await complete(db, { id: job.id, workerId }, clock())) ? "done" : "lost";
    if (typeof outcome === "object" && outcome !== null) {
      if ("pauseUntil" in outcome && isDate(outcome.pauseUntil)) {
        return (await reschedule(db, { id: job.id, workerId, runAfter: outcome.pauseUntil }, clock())) ? "paused" : "lost";
      }
      if ("retryAt" in outcome && isDate(outcome.retryAt)) {
        return failed(job, typeof outcome.error === "string" ? outcome.error : "handler asked to retry", outcome.retryAt);
      }
    }
    // Not a JobOutcome (a handler written in haste): a failed attempt, so it is seen and bounded.
    logger.warn("job handler returned an invalid outcome", { jobId: job.id, kind: job.kind });
    return failed(job, `handler returned an invalid outcome (${outcome === null ? "null" : typeof outcome})`, backoffFrom(job));
  }

  async function runOnce(): Promise<RoundSummary> {
    const claimed = await claim(db, { workerId, kinds, now: clock(), leaseMs, limit: batch });
    const summary: RoundSummary = { claimed: claimed.length, done: 0, retried: 0, failed: 0, paused: 0, lost: 0, unrecorded: 0 };
    const results = await Promise.all(
      claimed.map((job) =>
        runJob(job).catch((err: unknown): Recorded => {
          logger.error("job outcome not recorded", { jobId: job.id, kind: job.kind, ...errorFields(err) });
          return "unrecorded";
        }),
      ),
    );
    for (const result of results) summary[result] += 1;
    if (summary.lost > 0) logger.warn("jobs lost to another worker or cancelled while running", { workerId, lost: summary.lost });
    return summary;
  }

  /** The running loop, if started; each start has its own, so a stop followed by a start cannot revive the old one. */
  let current: { stopping: boolean; wake: () => void; done: Promise<void> } | null = null;

  function pause(ms: number, state: { wake: () => void }): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref?.();
      state.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  return {
    workerId,
    runOnce,
    start(intervalMs: number) {
      if (current) throw new Error(`worker ${workerId} is already started`);
      if (!Number.isFinite(intervalMs) || intervalMs < 0) throw new RangeError("intervalMs must be a non-negative number");
      const state = { stopping: false, wake: () => {}, done: Promise.resolve() };
      state.done = (async () => {
        logger.info("job worker started", { workerId, kinds });
        while (!state.stopping) {
          let full = false;
          try {
            full = (await runOnce()).claimed >= batch;
          } catch (err) {
            logger.error("job worker round failed", { workerId, ...errorFields(err) });
          }
          if (!state.stopping && !full) await pause(intervalMs, state);
        }
        logger.info("job worker stopped", { workerId });
      })();
      current = state;
    },
    async stop() {
      const state = current;
      current = null;
      if (!state) return;
      state.stopping = true;
      state.wake();
      await state.done;
    },
  };
}
