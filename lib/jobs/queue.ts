import type { Db } from "@/db/client";
import {
  cancelUserJobs,
  claimJobs,
  completeJob,
  countJobs,
  deleteFinishedJobs,
  extendJobLease,
  failJob,
  findJob,
  insertJob,
  type JobCounts,
  rescheduleJob,
} from "@/db/queries/jobs";
import type { Job } from "@/db/schema";

export { backoffMs } from "./backoff";
export type { Job, JobStatus } from "@/db/schema";
export type { JobCounts } from "@/db/queries/jobs";

/**
 * The durable job queue: a PostgreSQL table (`jobs`) that any number of app instances share.
 * Nothing lives in memory, so a second instance (or a restarted one) sees the same queue.
 *
 * Life of a job:
 *
 *   enqueue ──► queued ──claim──► running ──complete──► done
 *                 ▲                  │ ├──fail (attempts left)──► queued at retryAt
 *                 │                  │ ├──fail (none left)──────► failed
 *                 └──reschedule──────┘ └──lease expires──► claimable again (counts as an attempt)
 *   cancelJobs: queued or running ──► cancelled
 *
 * - `attempts` is the number of times a worker has started the job: claim adds one, including
 *   the take-over of an expired lease (so a crashed attempt counts). `reschedule` gives it back.
 *   A job runs at most `max_attempts` times; an expired lease with no attempts left makes it failed.
 * - complete, fail, reschedule and extendLease act only while the job is running under that
 *   worker's id; otherwise (lease taken over by another worker, job cancelled) they change nothing
 *   and answer false. A lease that expired but that nobody has taken over yet still counts as held.
 * - Every function takes the time (`now`) from its caller: the queue never reads the clock.
 * - Worker ids must be unique among live workers (see newWorkerId in ./worker).
 *
 * Claim order and fairness: see claimJobs in db/queries/jobs.ts. In short, each claim takes at
 * most one job per runner (jobs without a runner: one per kind), each runner's job being their
 * highest-priority, then oldest, claimable job; among runners, higher priority first, then the
 * runner with fewer claimable jobs, then the longest waiting.
 */

export const DEFAULT_MAX_ATTEMPTS = 8;
export const MAX_CLAIM_LIMIT = 1_000;
/** Keys live in a b-tree index, whose entries must stay well under 2.7 kB. */
export const MAX_DEDUPE_KEY_LENGTH = 500;
const INT4_MAX = 2_147_483_647;

export interface EnqueueArgs {
  kind: string;
  /** The runner the job works for (deleting the runner deletes the job); null for system work. */
  userId: string | null;
  /** Any JSON value; handlers should validate it (it outlives the code that wrote it). */
  payload: unknown;
  /**
   * At most one queued or running job holds a key at a time; enqueueing again returns that job's
   * id. Keys are global: include the runner (e.g. `strava:event:${userId}:${activityId}`). A running
   * job holds its key too, so work that must happen again after the current run needs a key of its
   * own (e.g. with the event's time in it).
   */
  dedupeKey?: string;
  /** Not before this instant (default: now). */
  runAfter?: Date;
  /** Higher runs first (default 0). */
  priority?: number;
  /** How many times it may be started (default 8). */
  maxAttempts?: number;
}

function assertTime(value: Date, name: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new TypeError(`${name} must be a valid Date`);
}

function assertInteger(value: number, name: string, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${name} must be an integer in [${min}, ${max}]`);
}

function assertText(value: string, name: string, max: number): void {
  if (typeof value !== "string" || value.length === 0 || value.length > max) throw new TypeError(`${name} must be a non-empty string of at most ${max} characters`);
}

function assertJson(payload: unknown): void {
  let text: string | undefined;
  try {
    text = JSON.stringify(payload);
  } catch (err) {
    throw new TypeError(`payload must be JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (text === undefined) throw new TypeError("payload must be JSON (got undefined or a function)");
  // PostgreSQL's jsonb has no place for \u0000.
  if (text.includes("\\u0000")) throw new TypeError("payload must not contain NUL characters");
}

/** Adds a job; returns its id, or the id of the active job that already holds `dedupeKey`. */
export async function enqueue(db: Db, args: EnqueueArgs, now: Date): Promise<number> {
  return (await enqueueJob(db, args, now)).id;
}

/** As enqueue, also saying whether a job was created (false: the dedupe key was taken). */
export async function enqueueJob(db: Db, args: EnqueueArgs, now: Date): Promise<{ id: number; created: boolean }> {
  assertTime(now, "now");
  assertText(args.kind, "kind", 100);
  if (args.userId !== null) assertText(args.userId, "userId", 200);
  assertJson(args.payload);
  if (args.dedupeKey !== undefined) assertText(args.dedupeKey, "dedupeKey", MAX_DEDUPE_KEY_LENGTH);
  if (args.runAfter !== undefined) assertTime(args.runAfter, "runAfter");
  if (args.priority !== undefined) assertInteger(args.priority, "priority", -INT4_MAX, INT4_MAX);
  if (args.maxAttempts !== undefined) assertInteger(args.maxAttempts, "maxAttempts", 1, 1_000);
  return insertJob(
    db,
    {
      kind: args.kind,
      userId: args.userId,
      payload: args.payload,
      dedupeKey: args.dedupeKey ?? null,
      runAfter: args.runAfter,
      priority: args.priority,
      maxAttempts: args.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    },
    now,
  );
}

export interface ClaimOptions {
  workerId: string;
  /** The kinds this worker can run. */
  kinds: readonly string[];
  now: Date;
  /** How long the worker may hold each job before another may take it over. */
  leaseMs: number;
  /** At most this many jobs (fewer when fewer runners have work: one job per runner per claim). */
  limit: number;
}

/**
 * Takes jobs to run: queued ones whose run_after has come, and running ones whose lease expired
 * (their worker crashed; counts as an attempt). They come back running, locked by `workerId`
 * until now + leaseMs, in claim order. Safe to call from any number of workers at once.
 */
export async function claim(db: Db, { workerId, kinds, now, leaseMs, limit }: ClaimOptions): Promise<Job[]> {
  assertText(workerId, "workerId", 200);
  assertTime(now, "now");
  assertInteger(leaseMs, "leaseMs", 1, 7 * 24 * 3_600_000);
  assertInteger(limit, "limit", 1, MAX_CLAIM_LIMIT);
  for (const kind of kinds) assertText(kind, "kind", 100);
  if (kinds.length === 0) return [];
  return claimJobs(db, { workerId, kinds: [...new Set(kinds)], now, leaseMs, limit });
}

/** The job is done. False when the worker no longer holds it (taken over, or cancelled). */
export async function complete(db: Db, { id, workerId }: { id: number; workerId: string }, now: Date): Promise<boolean> {
  assertTime(now, "now");
  return completeJob(db, { id, workerId }, now);
}

/**
 * The attempt failed: the job is queued again at `retryAt` while attempts < max_attempts,
 * otherwise it is failed for good. `error` is stored as last_error (control characters removed,
 * at most 2,000 characters). Answers the new status, or false when the worker no longer holds it.
 */
export async function fail(
  db: Db,
  { id, workerId, error, retryAt }: { id: number; workerId: string; error: string; retryAt: Date },
  now: Date,
): Promise<"queued" | "failed" | false> {
  assertTime(now, "now");
  assertTime(retryAt, "retryAt");
  return failJob(db, { id, workerId, error: String(error), retryAt }, now);
}

/**
 * Not now, through no fault of the job (a rate limit, a dependency not ready): queued again at
 * `runAfter`, and the attempt is not counted. False when the worker no longer holds it.
 */
export async function reschedule(
  db: Db,
  { id, workerId, runAfter }: { id: number; workerId: string; runAfter: Date },
  now: Date,
): Promise<boolean> {
  assertTime(now, "now");
  assertTime(runAfter, "runAfter");
  return rescheduleJob(db, { id, workerId, runAfter }, now);
}

/** Keeps a long job: its lease now ends at now + leaseMs. False when the worker no longer holds it (stop work). */
export async function extendLease(
  db: Db,
  { id, workerId, leaseMs }: { id: number; workerId: string; leaseMs: number },
  now: Date,
): Promise<boolean> {
  assertTime(now, "now");
  assertInteger(leaseMs, "leaseMs", 1, 7 * 24 * 3_600_000);
  return extendJobLease(db, { id, workerId, leaseMs }, now);
}

/** Cancels a runner's queued and running jobs (e.g. on Strava disconnect), of one kind or all. Answers how many. */
export async function cancelJobs(db: Db, { userId, kind }: { userId: string; kind?: string }, now: Date): Promise<number> {
  assertTime(now, "now");
  assertText(userId, "userId", 200);
  return cancelUserJobs(db, { userId, kind }, now);
}

/** Counts of a runner's jobs by status, for a progress bar (`userId: null`: jobs without a runner). */
export async function queueStats(db: Db, { userId, kind }: { userId: string | null; kind?: string }): Promise<JobCounts> {
  return countJobs(db, { userId, kind });
}

export async function getJob(db: Db, id: number): Promise<Job | null> {
  return findJob(db, id);
}

/** Deletes finished (done, failed, cancelled) jobs older than `finishedBefore`, `limit` at a time. */
export async function pruneFinishedJobs(db: Db, { finishedBefore, limit = 1_000 }: { finishedBefore: Date; limit?: number }): Promise<number> {
  assertTime(finishedBefore, "finishedBefore");
  assertInteger(limit, "limit", 1, 100_000);
  return deleteFinishedJobs(db, { finishedBefore, limit });
}
