import { and, eq, max } from "drizzle-orm";
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
 * When it runs:
 * - on a schedule: every STRAVA_SYNC_MINUTES (default 60) per connected runner, a durable job that
 *   puts itself back in the queue at the next interval (lib/jobs run_after), started when the history
 *   import finishes, on a reconnect, and for every active connection when an app worker starts;
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

export const syncDedupeKey = (userId: string) => `strava:sync:${userId}`;
export const syncNowDedupeKey = (userId: string) => `strava:sync-now:${userId}`;

export function syncIntervalMs(): number {
  return env().STRAVA_SYNC_MINUTES * 60_000;
}

interface SyncPayload {
  userId: string;
  /** The periodic job (puts itself back); false for a one-off ("Sync now", a reconnect). */
  scheduled: boolean;
}

function readPayload(raw: unknown): SyncPayload | null {
  if (!raw || typeof raw !== "object") return null;
  const p = raw as Record<string, unknown>;
  if (typeof p.userId !== "string") return null;
  return { userId: p.userId, scheduled: p.scheduled === true };
}

/** Queues the periodic sync at `runAfter` (default: one interval from now). Idempotent while one is queued. */
export async function schedulePeriodicSync(db: Db, userId: string, now: Date, runAfter = new Date(now.getTime() + syncIntervalMs())): Promise<void> {
  await enqueueJob(db, { kind: SYNC_JOB, userId, payload: { userId, scheduled: true }, dedupeKey: syncDedupeKey(userId), runAfter }, now);
}

/** Queues a sync to run now; answers false when one is already waiting or running. */
export async function scheduleSyncNow(db: Db, userId: string, now: Date): Promise<boolean> {
  const { created } = await enqueueJob(db, { kind: SYNC_JOB, userId, payload: { userId, scheduled: false }, dedupeKey: syncNowDedupeKey(userId), priority: 1 }, now);
  return created;
}

/** The periodic sync of every active connection (an app worker starting: connections made before it existed). */
export async function scheduleAllPeriodicSyncs(db: Db, now: Date): Promise<number> {
  const rows = await db
    .select({ userId: stravaConnections.userId })
    .from(stravaConnections)
    .where(and(eq(stravaConnections.status, "active"), eq(stravaConnections.backfillStatus, "done")));
  for (const r of rows) await schedulePeriodicSync(db, r.userId, now);
  return rows.length;
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
    const payload = readPayload(job.payload);
    if (!payload) return "done";
    const { userId, scheduled } = payload;
    const again = (): { pauseUntil: Date } | "done" => (scheduled ? { pauseUntil: new Date(deps.now().getTime() + syncIntervalMs()) } : "done");
    const conn = await getStravaConnection(db, userId);
    // Disconnected, or waiting for a reconnect (which schedules the sync again).
    if (!conn || conn.status !== "active") return "done";
    const after = syncAfter(await newestStravaStart(db, userId), conn.backfillStartedAt);
    if (after === null) return again();
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
          log.warn("strava sync refused", { userId, kind: err.kind });
          return again();
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
    return again();
  };
}
