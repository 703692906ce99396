import { and, eq, isNull, lte, max, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { getStravaConnection, updateBackfill } from "@/db/queries/strava";
import { getUserSettings } from "@/db/queries/users";
import { activities, stravaConnections } from "@/db/schema";
import { env } from "@/lib/env";
import { enqueueJob } from "@/lib/jobs/queue";
import type { JobHandler } from "@/lib/jobs/worker";
import { log } from "@/lib/log";
import { StravaError } from "./client";
import { NotConnected, QuotaWait, ReconnectNeeded, stravaRequest, type StravaDeps } from "./api";
import { insertStravaActivities, validActivities } from "./import";

/**
 * The incremental sync: what Strava has that started after the newest Strava activity stored,
 * minus an overlap (SYNC_OVERLAP_S), so a run whose webhook never arrived (the app was down, the
 * server is not reachable from the internet, the connection needed a reconnect) is imported anyway.
 * Storing is idempotent (lib/strava/import.ts), so the overlap never stores a run twice.
 *
 * When it runs (always as a `strava.sync` job in the durable queue, one at a time per runner):
 * - on a schedule: every app worker looks once a minute for active connections whose history is
 *   imported and whose last sync (or history page) is STRAVA_SYNC_MINUTES (default 60) old or more,
 *   and queues their sync (enqueueDueSyncs; the job's dedupe key makes two instances queue it once,
 *   and the time of the last sync lives in the database, so a restart keeps the rhythm);
 * - at once on a reconnect (once the history is imported; the history import itself covers a first
 *   connect), and from Settings' "Sync now" (POST /api/v1/strava/sync).
 * Its requests are background work: they stop at the quota's interactive reserve
 * (lib/strava/quota.ts). Usually one request: a page of up to 200 activities.
 */

export const SYNC_JOB = "strava.sync";
/** A day of overlap: an activity uploaded late (a watch synced the next morning) still falls inside. */
export const SYNC_OVERLAP_S = 24 * 3600;
export const SYNC_PAGE_SIZE = 200;
/** Pages per sync run at most (2,000 activities); the next run carries on. */
const MAX_PAGES = 10;
/** Transient failures are retried with back-off this many times; the next scheduled sync tries again. */
const MAX_ATTEMPTS = 4;

export const syncDedupeKey = (userId: string) => `strava:sync:${userId}`;

export function syncIntervalMs(): number {
  return env().STRAVA_SYNC_MINUTES * 60_000;
}

/** Queues a sync to run now; answers false when one is already waiting or running. */
export async function scheduleSync(db: Db, userId: string, now: Date): Promise<boolean> {
  const { created } = await enqueueJob(db, { kind: SYNC_JOB, userId, payload: { userId }, dedupeKey: syncDedupeKey(userId), maxAttempts: MAX_ATTEMPTS }, now);
  return created;
}

/**
 * Queues the sync of every active connection whose history is imported and whose last contact
 * with Strava's list (sync or history page) is `intervalMs` old or more; answers how many were
 * queued (not counting those already waiting).
 */
export async function enqueueDueSyncs(db: Db, now: Date, intervalMs: number = syncIntervalMs()): Promise<number> {
  const due = new Date(now.getTime() - intervalMs);
  const rows = await db
    .select({ userId: stravaConnections.userId })
    .from(stravaConnections)
    .where(
      and(
        eq(stravaConnections.status, "active"),
        eq(stravaConnections.backfillStatus, "done"),
        or(isNull(stravaConnections.lastSyncAt), lte(stravaConnections.lastSyncAt, due)),
      ),
    );
  let queued = 0;
  for (const r of rows) if (await scheduleSync(db, r.userId, now)) queued += 1;
  return queued;
}

/**
 * Strava's `after` (epoch seconds) for the runner: the newest Strava start stored minus the
 * overlap; with nothing stored yet, the start of the history import minus the overlap (the import
 * covers everything before it); null when neither exists (the import will bring everything).
 */
export function syncAfter(newestStart: Date | null, backfillStartedAt: Date | null): number | null {
  const anchor = newestStart ?? backfillStartedAt;
  if (!anchor) return null;
  return Math.max(0, Math.floor(anchor.getTime() / 1000) - SYNC_OVERLAP_S);
}

async function newestStravaStart(db: Db, userId: string): Promise<Date | null> {
  const [row] = await db
    .select({ newest: max(activities.startTime) })
    .from(activities)
    .where(and(eq(activities.userId, userId), eq(activities.source, "strava")));
  return row?.newest ? new Date(row.newest) : null;
}

export function syncHandler(deps: StravaDeps): JobHandler {
  const { db } = deps;
  return async (job) => {
    const userId = job.userId;
    if (!userId) return "done";
    const conn = await getStravaConnection(db, userId);
    // Disconnected, or waiting for a reconnect (which schedules the sync again).
    if (!conn || conn.status !== "active") return "done";
    const after = syncAfter(await newestStravaStart(db, userId), conn.backfillStartedAt);
    if (after === null) return "done";
    const timeZone = (await getUserSettings(db, userId))?.timeZone ?? "UTC";

    let inserted = 0;
    for (let page = 1; page <= MAX_PAGES; page++) {
      let list: unknown;
      try {
        list = await stravaRequest(deps, userId, `/athlete/activities?after=${after}&per_page=${SYNC_PAGE_SIZE}&page=${page}`, "background");
      } catch (err) {
        if (err instanceof QuotaWait) return { pauseUntil: err.resumeAt };
        if (err instanceof ReconnectNeeded || err instanceof NotConnected) return "done";
        if (err instanceof StravaError && !err.transient) {
          // Not retried now (e.g. the grant lacks activity:read): the next scheduled sync tries again.
          log.warn("strava sync refused", { userId, kind: err.kind });
          await updateBackfill(db, userId, { lastSyncAt: deps.now() });
          return "done";
        }
        throw err;
      }
      if (!Array.isArray(list)) throw new StravaError("bad_response", "Strava's activity list is not a list.");
      const { valid } = validActivities(list);
      if (valid.length > 0) {
        const outcome = await db.transaction(async (txn) => insertStravaActivities(txn as unknown as Db, userId, valid, timeZone));
        inserted += outcome.inserted;
      }
      if (list.length < SYNC_PAGE_SIZE) break;
    }
    await updateBackfill(db, userId, { lastSyncAt: deps.now() });
    if (inserted > 0) log.info("strava sync imported activities", { userId, count: inserted });
    return "done";
  };
}
