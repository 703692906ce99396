import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { deleteActivity } from "@/db/queries/activities";
import { getStravaConnection, getStravaConnectionByAthlete, purgeStravaData } from "@/db/queries/strava";
import { getUserSettings } from "@/db/queries/users";
import { activities } from "@/db/schema";
import { enqueueJob } from "@/lib/jobs/queue";
import type { JobHandler } from "@/lib/jobs/worker";
import { log } from "@/lib/log";
import { cleanOneLine } from "@/lib/validation/text";
import { classifySurface } from "@/lib/surface/classify";
import { StravaError } from "./client";
import { accessTokenFor, NotConnected, QuotaWait, ReconnectNeeded, stravaRequest, type StravaDeps } from "./api";
import { findStravaActivity, insertStravaActivities, validActivities } from "./import";
import { sportFromStrava } from "./mapping";

/**
 * Strava's webhook events (strava-api.md §5). The route (app/api/strava/webhook) only validates and
 * queues an event — Strava wants a 200 within 2 s — and this module's job handler does the work:
 *
 *   activity create → fetch the activity (1 request) and store it, unless it is stored already
 *   activity update → title and type from the event itself (no request); privacy: Strava sends
 *                     delete/create instead when Patella may not see private activities
 *   activity delete → delete it (check-ins stay, unlinked)
 *   athlete update {authorized: "false"} → the runner revoked access on Strava: purge everything
 *                     that came from Strava, as Strava's terms require
 *
 * Events carry no signature; they only name ids, and everything Patella stores is fetched from
 * the API with the runner's own token, so a forged event can at most trigger a re-fetch — except
 * deauthorization, which is confirmed with Strava before purging (a refused token proves it).
 */

export const EVENT_JOB = "strava.event";

export const webhookEventSchema = z.object({
  object_type: z.enum(["activity", "athlete"]),
  object_id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  aspect_type: z.enum(["create", "update", "delete"]),
  owner_id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  subscription_id: z.number().int().optional(),
  event_time: z.number().int().nonnegative().optional(),
  // Titles are the athlete's free text: control characters (NUL included, which jsonb refuses) go.
  updates: z
    .record(
      // Strava's keys are plain identifiers (title, type, private, authorized): nothing else is
      // accepted (a NUL or a lone surrogate in a key could not even be stored as jsonb).
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,49}$/, "update keys are identifiers"),
      z.union([z.string().max(1_000).transform((v) => cleanOneLine(v, 1_000)), z.number(), z.boolean()]),
    )
    .refine((u) => Object.keys(u).length <= 20, "too many updates")
    .optional(),
});
export type WebhookEvent = z.infer<typeof webhookEventSchema>;

/**
 * Queues an event for the runner it belongs to. Events for athletes Patella does not know
 * (never connected, or already purged) are dropped: a harmless no-op. Strava's retries of the same
 * event share a dedupe key and queue once.
 */
export async function queueWebhookEvent(db: Db, event: WebhookEvent, now: Date): Promise<{ queued: boolean }> {
  const conn = await getStravaConnectionByAthlete(db, event.owner_id);
  if (!conn) return { queued: false };
  const key = `strava:event:${conn.userId}:${event.object_type}:${event.object_id}:${event.aspect_type}:${event.event_time ?? now.getTime()}`;
  // Deauthorization first: nothing else should run on a revoked connection.
  const priority = event.object_type === "athlete" ? 10 : 0;
  await enqueueJob(db, { kind: EVENT_JOB, userId: conn.userId, payload: event, dedupeKey: key, priority, maxAttempts: 8 }, now);
  return { queued: true };
}

function isDeauthorization(e: WebhookEvent): boolean {
  return e.object_type === "athlete" && String(e.updates?.authorized ?? "") === "false";
}

async function fetchAndStore(deps: StravaDeps, userId: string, stravaId: number): Promise<"stored" | "gone"> {
  let json: unknown;
  try {
    json = await stravaRequest(deps, userId, `/activities/${stravaId}`, "background");
  } catch (err) {
    // Deleted since, or private and Patella may not see it.
    if (err instanceof StravaError && err.kind === "not_found") return "gone";
    throw err;
  }
  const { valid } = validActivities([json]);
  if (valid.length === 0) return "gone";
  const settings = await getUserSettings(deps.db, userId);
  await deps.db.transaction((txn) => insertStravaActivities(txn as unknown as Db, userId, valid, settings?.timeZone ?? "UTC"));
  return "stored";
}

async function applyUpdate(db: Db, userId: string, stored: { id: string; sport: string; surfaceSource: string | null }, updates: WebhookEvent["updates"]) {
  const title = typeof updates?.title === "string" ? cleanOneLine(updates.title, 200) : null;
  const type = typeof updates?.type === "string" ? updates.type : null;
  const set: Partial<typeof activities.$inferInsert> = {};
  if (title) set.name = title;
  if (type) {
    // The event does not say `trainer`: a treadmill run stays one when its type is still a run.
    const keepTreadmill = stored.sport === "treadmill_run" && ["run", "trail_run"].includes(sportFromStrava(type, false));
    const sport = keepTreadmill ? "treadmill_run" : sportFromStrava(type, false);
    set.sport = sport;
    if (stored.surfaceSource !== "user" && sport !== stored.sport) {
      const label = classifySurface({ sport, source: "strava", trainer: sport === "treadmill_run", typeHint: type, name: title, distanceM: 0, lat: null, lon: null }, []);
      set.surface = label.surface;
      set.surfaceSource = label.source;
      set.surfaceConfidence = label.confidence;
      set.surfaceSplit = label.split;
    }
  }
  if (Object.keys(set).length === 0) return;
  await db.update(activities).set(set).where(and(eq(activities.userId, userId), eq(activities.id, stored.id)));
}

export function eventHandler(deps: StravaDeps): JobHandler {
  const { db } = deps;
  return async (job) => {
    const parsed = webhookEventSchema.safeParse(job.payload);
    if (!parsed.success || !job.userId) return "done";
    const event = parsed.data;
    const userId = job.userId;
    const conn = await getStravaConnection(db, userId);
    // Disconnected since, or the athlete now belongs to someone else: nothing to do.
    if (!conn || conn.athleteId !== event.owner_id) return "done";

    try {
      if (isDeauthorization(event)) {
        // Confirm first: if Strava still honours the tokens, the event is not genuine.
        const revoked = await accessTokenFor(deps, userId, { force: true }).then(
          () => false,
          (err: unknown) => {
            if (err instanceof ReconnectNeeded || err instanceof NotConnected) return true;
            throw err;
          },
        );
        if (!revoked) {
          log.warn("ignored a deauthorization event that Strava's token endpoint contradicts", { userId });
          return "done";
        }
        const counts = await purgeStravaData(db, userId, deps.now());
        log.info("strava access revoked by the athlete: Strava data purged", { userId, ...counts });
        return "done";
      }
      if (event.object_type !== "activity") return "done";
      const stravaId = String(event.object_id);
      const stored = await findStravaActivity(db, userId, stravaId);

      if (event.aspect_type === "delete") {
        if (stored) await deleteActivity(db, { userId, id: stored.id });
        return "done";
      }
      if (event.aspect_type === "update" && stored) {
        if (String(event.updates?.private ?? "") === "true" && !(conn.scopes ?? "").split(",").includes("activity:read_all")) {
          await deleteActivity(db, { userId, id: stored.id });
          return "done";
        }
        await applyUpdate(db, userId, stored, event.updates);
        return "done";
      }
      if (stored) return "done"; // a repeated create
      // The event does not say when the activity started, so whether the history import would
      // reach it is unknown: fetch it now. If the import gets there later, the copy is ignored.
      await fetchAndStore(deps, userId, event.object_id);
      return "done";
    } catch (err) {
      if (err instanceof QuotaWait) return { pauseUntil: err.resumeAt };
      if (err instanceof ReconnectNeeded || err instanceof NotConnected) return "done";
      throw err;
    }
  };
}
