import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import { cleanErrorText } from "@/lib/jobs/error-text";
import type { Db } from "../client";
import { type Job, JOB_STATUSES, type JobStatus, jobs } from "../schema";

/**
 * The job table's SQL. Callers use lib/jobs/queue.ts, which validates arguments and documents the
 * semantics; everything here takes the clock (`now`) as an argument and never reads its own.
 *
 * Invariants kept by every statement: `locked_by` and `locked_until` are set exactly while a job is
 * running (a check constraint says so too); `finished_at` is set exactly when it is done, failed or
 * cancelled; `attempts` counts the times a worker started the job.
 */

const ACTIVE: JobStatus[] = ["queued", "running"];
/** Must read exactly as the predicate of jobs_dedupe_active_uq, for ON CONFLICT to find that index. */
const ACTIVE_PREDICATE = sql`status in ('queued', 'running')`;

export interface NewJob {
  kind: string;
  userId: string | null;
  payload: unknown;
  dedupeKey?: string | null;
  runAfter?: Date;
  priority?: number;
  maxAttempts?: number;
}

/**
 * Inserts a queued job. With a dedupe key that an active (queued or running) job already holds,
 * inserts nothing and answers that job's id with `created: false`.
 */
export async function insertJob(db: Db, job: NewJob, now: Date): Promise<{ id: number; created: boolean }> {
  const values = {
    kind: job.kind,
    userId: job.userId,
    payload: job.payload,
    dedupeKey: job.dedupeKey ?? null,
    status: "queued" as const,
    priority: job.priority ?? 0,
    runAfter: job.runAfter ?? now,
    maxAttempts: job.maxAttempts ?? 8,
    createdAt: now,
    updatedAt: now,
  };
  if (values.dedupeKey === null) {
    const [row] = await db.insert(jobs).values(values).returning({ id: jobs.id });
    return { id: row!.id, created: true };
  }
  // The holder of the key can finish between our insert and our look-up, freeing the key: try again.
  for (let round = 0; round < 5; round++) {
    const [row] = await db
      .insert(jobs)
      .values(values)
      .onConflictDoNothing({ target: jobs.dedupeKey, where: ACTIVE_PREDICATE })
      .returning({ id: jobs.id });
    if (row) return { id: row.id, created: true };
    const [holder] = await db
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(eq(jobs.dedupeKey, values.dedupeKey), inArray(jobs.status, ACTIVE)))
      .limit(1);
    if (holder) return { id: holder.id, created: false };
  }
  throw new Error(`Could not enqueue a job with dedupe key ${JSON.stringify(values.dedupeKey)}: it keeps changing hands`);
}

/**
 * The fairness lane of a job: its runner, or — for jobs without one — its kind. DISTINCT ON over
 * (user_id, lane_kind) never mixes the two: a runner's lane has lane_kind null, a system lane has
 * user_id null.
 */
const laneKind = sql`(case when ${jobs.userId} is null then ${jobs.kind} end)`;

/**
 * Status tests are written as literals, not parameters: a prepared statement's generic plan can use
 * the partial indexes (`where status = 'queued'`, `… = 'running'`) only if the query says the same.
 */
const isQueued = sql`${jobs.status} = 'queued'`;
const isRunning = sql`${jobs.status} = 'running'`;

function claimable(kinds: string[], now: Date) {
  return and(
    inArray(jobs.kind, kinds),
    or(
      and(isQueued, lte(jobs.runAfter, now)),
      // A lease that expired: its worker crashed or stalled. Taken over while attempts remain.
      and(isRunning, lt(jobs.lockedUntil, now), lt(jobs.attempts, jobs.maxAttempts)),
    ),
  );
}

export interface ClaimArgs {
  workerId: string;
  kinds: string[];
  now: Date;
  leaseMs: number;
  limit: number;
}

/**
 * Claims up to `limit` jobs for `workerId`: they become running, locked until now + leaseMs, with
 * attempts + 1. One transaction:
 *
 * 1. Running jobs of these kinds whose lease expired with no attempts left become failed
 *    (a job that kills its worker every time must stop somewhere).
 * 2. The lanes' heads: among claimable jobs, each lane's first by priority (higher first), then
 *    run_after (older first), then id — at most one job per runner (or per kind, for jobs without a
 *    runner) per claim, so 2,000 queued jobs of one runner take one slot of a batch, not all of it.
 * 3. The heads in order — priority (higher first); then the lane's backlog (fewer claimable jobs
 *    first, so a runner's single job goes before the 1,999th of a long backfill even when there are
 *    more lanes than the batch holds); then run_after (longest waiting first); then id — are locked
 *    with FOR UPDATE SKIP LOCKED, up to `limit`. Rows another claim holds are skipped, never waited
 *    for, and the claimable condition is re-checked on the locked row, so two workers (two
 *    connections, two processes, two instances) can never claim the same job.
 * 4. The locked rows are updated and returned, in the order of step 3.
 */
export async function claimJobs(db: Db, { workerId, kinds, now, leaseMs, limit }: ClaimArgs): Promise<Job[]> {
  if (kinds.length === 0 || limit <= 0) return [];
  const lockedUntil = new Date(now.getTime() + leaseMs);
  return db.transaction(async (tx) => {
    const exhausted = await tx
      .select({ id: jobs.id })
      .from(jobs)
      .where(
        and(
          inArray(jobs.kind, kinds),
          isRunning,
          lt(jobs.lockedUntil, now),
          gte(jobs.attempts, jobs.maxAttempts),
        ),
      )
      .limit(100)
      .for("update", { skipLocked: true });
    if (exhausted.length > 0) {
      await tx
        .update(jobs)
        .set({
          status: "failed",
          lastError: sql`concat('lease expired: worker ', ${jobs.lockedBy}::text, ' did not finish attempt ', ${jobs.attempts}::text, ' of ', ${jobs.maxAttempts}::text)`,
          lockedBy: null,
          lockedUntil: null,
          finishedAt: now,
          updatedAt: now,
        })
        .where(
          inArray(
            jobs.id,
            exhausted.map((r) => r.id),
          ),
        );
    }

    const heads = tx.$with("heads").as(
      tx
        .selectDistinctOn([jobs.userId, laneKind], {
          headId: sql<number>`${jobs.id}`.as("head_id"),
          headPriority: sql<number>`${jobs.priority}`.as("head_priority"),
          headRunAfter: sql<Date>`${jobs.runAfter}`.as("head_run_after"),
          backlog: sql<number>`count(*) over (partition by ${jobs.userId}, ${laneKind})`.as("backlog"),
        })
        .from(jobs)
        .where(claimable(kinds, now))
        .orderBy(jobs.userId, laneKind, desc(jobs.priority), asc(jobs.runAfter), asc(jobs.id)),
    );
    const locked = await tx
      .with(heads)
      .select({ id: jobs.id })
      .from(jobs)
      .innerJoin(heads, eq(heads.headId, jobs.id))
      .where(claimable(kinds, now))
      .orderBy(desc(heads.headPriority), asc(heads.backlog), asc(heads.headRunAfter), asc(jobs.id))
      .limit(limit)
      .for("update", { of: jobs, skipLocked: true });
    if (locked.length === 0) return [];

    const ids = locked.map((r) => r.id);
    const claimed = await tx
      .update(jobs)
      .set({
        status: "running",
        attempts: sql`${jobs.attempts} + 1`,
        // Say why a running job starts again: its previous worker never finished it.
        lastError: sql`case when ${jobs.status} = 'running'
          then concat('lease expired: worker ', ${jobs.lockedBy}::text, ' did not finish attempt ', ${jobs.attempts}::text)
          else ${jobs.lastError} end`,
        lockedBy: workerId,
        lockedUntil,
        updatedAt: now,
      })
      .where(inArray(jobs.id, ids))
      .returning();
    const rank = new Map(ids.map((id, i) => [id, i]));
    return claimed.sort((a, b) => rank.get(a.id)! - rank.get(b.id)!);
  });
}

/** Only the worker that holds the job may act on it: a job taken over or cancelled is not its any more. */
const heldBy = (id: number, workerId: string) => and(eq(jobs.id, id), eq(jobs.status, "running"), eq(jobs.lockedBy, workerId));

export async function completeJob(db: Db, { id, workerId }: { id: number; workerId: string }, now: Date): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({ status: "done", lockedBy: null, lockedUntil: null, finishedAt: now, updatedAt: now })
    .where(heldBy(id, workerId))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/**
 * A failed attempt: back to queued at `retryAt` while attempts < max_attempts, otherwise failed for
 * good. Answers the job's new status, or false when the worker no longer holds the job.
 */
export async function failJob(
  db: Db,
  { id, workerId, error, retryAt }: { id: number; workerId: string; error: string; retryAt: Date },
  now: Date,
): Promise<"queued" | "failed" | false> {
  const exhausted = sql`${jobs.attempts} >= ${jobs.maxAttempts}`;
  const rows = await db
    .update(jobs)
    .set({
      status: sql`case when ${exhausted} then 'failed' else 'queued' end`,
      runAfter: sql`case when ${exhausted} then ${jobs.runAfter} else ${retryAt.toISOString()}::timestamptz end`,
      finishedAt: sql`case when ${exhausted} then ${now.toISOString()}::timestamptz end`,
      lastError: cleanErrorText(error),
      lockedBy: null,
      lockedUntil: null,
      updatedAt: now,
    })
    .where(heldBy(id, workerId))
    .returning({ status: jobs.status });
  const status = rows[0]?.status;
  return status === "queued" || status === "failed" ? status : false;
}

/**
 * Puts a running job back to queued until `runAfter` without spending an attempt (the claim's
 * increment is given back): for waits that are not the job's fault, such as a rate limit.
 */
export async function rescheduleJob(
  db: Db,
  { id, workerId, runAfter }: { id: number; workerId: string; runAfter: Date },
  now: Date,
): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({
      status: "queued",
      runAfter,
      attempts: sql`greatest(${jobs.attempts} - 1, 0)`,
      lockedBy: null,
      lockedUntil: null,
      updatedAt: now,
    })
    .where(heldBy(id, workerId))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/** Moves the lease of a job the worker holds to now + leaseMs. */
export async function extendJobLease(
  db: Db,
  { id, workerId, leaseMs }: { id: number; workerId: string; leaseMs: number },
  now: Date,
): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({ lockedUntil: new Date(now.getTime() + leaseMs), updatedAt: now })
    .where(heldBy(id, workerId))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/**
 * Cancels a runner's queued and running jobs (of one kind, or all). A worker still running one finds
 * out when its complete/fail/extendLease answers false. Answers how many were cancelled.
 */
export async function cancelUserJobs(db: Db, { userId, kind }: { userId: string; kind?: string }, now: Date): Promise<number> {
  const rows = await db
    .update(jobs)
    .set({ status: "cancelled", lockedBy: null, lockedUntil: null, finishedAt: now, updatedAt: now })
    .where(and(eq(jobs.userId, userId), inArray(jobs.status, ACTIVE), kind === undefined ? undefined : eq(jobs.kind, kind)))
    .returning({ id: jobs.id });
  return rows.length;
}

export type JobCounts = Record<JobStatus, number> & { total: number };

/** How many of a runner's jobs (of one kind, or all) are in each status; `userId: null` counts system jobs. */
export async function countJobs(db: Db, { userId, kind }: { userId: string | null; kind?: string }): Promise<JobCounts> {
  const rows = await db
    .select({ status: jobs.status, n: sql<number>`count(*)::int` })
    .from(jobs)
    .where(and(userId === null ? isNull(jobs.userId) : eq(jobs.userId, userId), kind === undefined ? undefined : eq(jobs.kind, kind)))
    .groupBy(jobs.status);
  const counts = Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as Record<JobStatus, number>;
  let total = 0;
  for (const row of rows) {
    const n = Number(row.n);
    counts[row.status] = n;
    total += n;
  }
  return { ...counts, total };
}

/** How many of a runner's jobs of one kind are queued or running, counting no further than `atMost`. */
export async function countPendingJobs(db: Db, { userId, kind, atMost }: { userId: string; kind: string; atMost: number }): Promise<number> {
  const pending = db
    .select({ one: sql`1` })
    .from(jobs)
    .where(and(eq(jobs.userId, userId), eq(jobs.kind, kind), inArray(jobs.status, ["queued", "running"])))
    .limit(atMost)
    .as("pending");
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(pending);
  return Number(row?.n ?? 0);
}

export async function findJob(db: Db, id: number): Promise<Job | null> {
  const [row] = await db.select().from(jobs).where(eq(jobs.id, id));
  return row ?? null;
}

/** Deletes up to `limit` done, failed or cancelled jobs that finished before `finishedBefore`. */
export async function deleteFinishedJobs(db: Db, { finishedBefore, limit }: { finishedBefore: Date; limit: number }): Promise<number> {
  const doomed = db.select({ id: jobs.id }).from(jobs).where(lt(jobs.finishedAt, finishedBefore)).limit(limit);
  const rows = await db.delete(jobs).where(inArray(jobs.id, doomed)).returning({ id: jobs.id });
  return rows.length;
}
