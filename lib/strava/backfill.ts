import type { Db } from "@/db/client";
import { getStravaConnection, updateBackfill } from "@/db/queries/strava";
import { getUserSettings } from "@/db/queries/users";
import { enqueueJob } from "@/lib/jobs/queue";
import type { JobHandler } from "@/lib/jobs/worker";
import { log } from "@/lib/log";
import { StravaError } from "./client";
import { NotConnected, QuotaWait, ReconnectNeeded, stravaRequest, type StravaDeps } from "./api";
import { scheduleRecentStreams } from "./activity-streams";
import { insertStravaActivities, validActivities } from "./import";

/**
 * The history import ("backfill"): every activity of the runner's Strava account, from summaries
 * only (200 per request; no per-activity calls), newest first.
 *
 * Why newest first: the runner's recent weeks, which the dashboard shows first, arrive in the
 * first minutes, and Strava's list is newest first by default. Paging is by time, not by page
 * number: each request asks for activities that started `before` the oldest one stored so far,
 * so activities uploaded meanwhile cannot shift the pages and open gaps (webhooks bring those).
 *
 * Checkpoint: one job runs one page. The page's activities and the new cursor are written in one
 * transaction, so a crash, a restart or a 429 resumes exactly after the last stored page; a page
 * fetched twice stores nothing twice (unique index). The history is complete when a page comes
 * back empty (Strava may return short pages before the end).
 *
 * Quota and fairness: pages are background work (lib/strava/quota.ts keeps a reserve). After each
 * page the job is put back in the queue rather than looping, so every connected runner's import
 * moves a page at a time (the queue claims one job per runner, fewest waiting first). Out of quota,
 * the job waits for the next window and the connection shows "paused until".
 */

export const BACKFILL_JOB = "strava.backfill";
export const PAGE_SIZE = 200;
/** Transient failures (5xx, timeouts) over the whole import are retried with back-off up to this many times; then the runner can resume it. */
const MAX_ATTEMPTS = 12;

export const backfillDedupeKey = (userId: string) => `strava:backfill:${userId}`;

/** Queues the import (again). Idempotent while one is queued or running. */
export async function scheduleBackfill(db: Db, userId: string, now: Date): Promise<void> {
  const conn = await getStravaConnection(db, userId);
  if (!conn) return;
  if (conn.backfillStatus === "pending") await updateBackfill(db, userId, { backfillStatus: "running", backfillStartedAt: now, lastError: null });
  if (conn.backfillStatus === "done") return;
  await enqueueJob(db, { kind: BACKFILL_JOB, userId, payload: { userId }, dedupeKey: backfillDedupeKey(userId), maxAttempts: MAX_ATTEMPTS }, now);
}

/**
 * The `before` of the next page: the oldest start on this one (Strava's `before` is exclusive).
 * Two activities that started in the very same second on either side of a page boundary would lose
 * the second one; fetching that second again instead would cost an overlap on every page (a 12th
 * request for 2,000 activities), for a case that only arises with the same run uploaded twice.
 */
export function nextCursor(items: readonly unknown[], previous: number | null): number | null {
  let oldest = Infinity;
  for (const item of items) {
    const start = (item as { start_date?: unknown } | null)?.start_date;
    const ms = typeof start === "string" ? Date.parse(start) : NaN;
    if (Number.isFinite(ms)) oldest = Math.min(oldest, Math.floor(ms / 1000));
  }
  if (!Number.isFinite(oldest)) return previous;
  return oldest;
}

export function backfillHandler(deps: StravaDeps): JobHandler {
  const { db } = deps;
  return async (job) => {
    const userId = job.userId;
    if (!userId) return "done";
    const conn = await getStravaConnection(db, userId);
    // Disconnected, waiting for a reconnect (which schedules the import again), or finished.
    if (!conn || conn.status !== "active" || conn.backfillStatus === "done") return "done";
    const settings = await getUserSettings(db, userId);
    const timeZone = settings?.timeZone ?? "UTC";

    const before = conn.backfillBefore;
    const path = `/athlete/activities?per_page=${PAGE_SIZE}${before !== null ? `&before=${before}` : ""}`;
    let page: unknown;
    try {
      page = await stravaRequest(deps, userId, path, "background");
    } catch (err) {
      if (err instanceof QuotaWait) {
        await updateBackfill(db, userId, { backfillPausedUntil: err.resumeAt });
        return { pauseUntil: err.resumeAt };
      }
      if (err instanceof ReconnectNeeded || err instanceof NotConnected) return "done";
      if (err instanceof StravaError && err.kind === "missing_scope") {
        await updateBackfill(db, userId, { lastError: "Patella may not read your activities: reconnect Strava and keep “View data about your activities” ticked." });
        return "done";
      }
      if (err instanceof StravaError && !err.transient) {
        await updateBackfill(db, userId, { lastError: err.message });
        return "done";
      }
      await updateBackfill(db, userId, { lastError: err instanceof Error ? err.message : "Strava could not be reached." });
      throw err;
    }

    if (!Array.isArray(page)) throw new StravaError("bad_response", "Strava's activity list is not a list.");
    const now = deps.now();
    if (page.length === 0) {
      await updateBackfill(db, userId, { backfillStatus: "done", backfillFinishedAt: now, backfillPausedUntil: null, lastSyncAt: now, lastError: null, addPages: 1 });
      log.info("strava history import finished", { userId });
      await scheduleRecentStreams(db, userId, now);
      return "done";
    }

    const { valid, invalid } = validActivities(page);
    const cursor = nextCursor(page, before);
    // A page that moves the cursor nowhere would be fetched for ever.
    if (cursor === null || (before !== null && cursor >= before)) {
      log.error("strava history import cannot move past a page", { userId, before });
      await updateBackfill(db, userId, { lastError: "Strava returned a page Patella cannot move past; the import stopped." });
      return "done";
    }
    const stored = await db.transaction(async (txn) => {
      const tx = txn as unknown as Db;
      const outcome = await insertStravaActivities(tx, userId, valid, timeZone);
      await updateBackfill(tx, userId, {
        backfillBefore: cursor,
        backfillLastPage: page.length,
        backfillPausedUntil: null,
        lastSyncAt: now,
        lastError: null,
        addImported: outcome.inserted,
        addPages: 1,
      });
      return outcome;
    });
    if (invalid + stored.invalid > 0) log.warn("strava history page had activities Patella could not read", { userId, count: invalid + stored.invalid });
    // Next page: back in the queue so other runners' imports get their turn.
    return { pauseUntil: now };
  };
}
