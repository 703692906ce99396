import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { deleteActivity } from "@/db/queries/activities";
import { getStravaConnection, getStravaConnectionByAthlete, purgeStravaData } from "@/db/queries/strava";
import { getUserSettings } from "@/db/queries/users";
import { activities } from "@/db/schema";
import { countPendingJobs } from "@/db/queries/jobs";
import { env } from "@/lib/env";
import { enqueueJob, getJob } from "@/lib/jobs/queue";
import type { JobHandler } from "@/lib/jobs/worker";
import { log } from "@/lib/log";
import { cleanOneLine } from "@/lib/validation/text";
import { StravaError } from "./client";
import { accessTokenFor, NotConnected, QuotaWait, ReconnectNeeded, stravaRequest, type StravaDeps } from "./api";
import { findStravaActivity, insertStravaActivities, validActivities } from "./import";
import { activityFromStrava } from "./mapping";
import type { StravaDetailedActivity } from "./types";

/**
 * Strava's webhook events (strava-api.md §5). The route (app/api/strava/webhook/[secret]) checks
 * the secret path and the subscription (lib/strava/webhook.ts) and queues the event — Strava wants
 * a 200 within 2 s — and this module's job handler does the work. Events are unsigned, so an event
 * is only a hint to look: nothing changes on its word.
 *
 *   activity create → fetch the activity (1 request) and store it, unless it is stored already
 *   activity update → fetch it (1 request): title and type come from Strava's answer, never the
 *                     event; a 404 (deleted, or turned private for a runner who did not grant
 *                     private activities) deletes it
 *   activity delete → fetch it (1 request): only a 404 deletes it (check-ins stay, unlinked)
 *   update or delete of an activity Patella does not have: nothing, no request
 *   athlete update {authorized: "false"} → the runner revoked access on Strava: confirmed with
 *                     Strava (a refused token proves it), then everything that came from Strava
 *                     is purged, as Strava's terms require
 *
 * Every answer from Strava must name the event's owner as the activity's athlete. Limits:
 * - events are deduplicated per (runner, activity) — create apart from update/delete, plus one
 *   more look when an event arrives while that activity's job runs — not by the sender's event_time;
 * - at most STRAVA_WEBHOOK_MAX_PENDING (default 50) activity events wait per runner; more are
 *   dropped, genuine ones too (a run uploaded during a flood aimed at its runner may be missed);
 * - the requests they cause use the "webhook" share of the quota (STRAVA_WEBHOOK_QUOTA_PERCENT,
 *   default 20 %, lib/strava/quota.ts).
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

export interface WebhookLimits {
  /** Activity event jobs that may wait (queued or running) per runner. */
  maxPending: number;
}

export function webhookLimits(): WebhookLimits {
  return { maxPending: env().STRAVA_WEBHOOK_MAX_PENDING };
}

function dedupeKey(userId: string, event: WebhookEvent): string {
  if (event.object_type === "athlete") return `strava:event:${userId}:athlete`;
  // The handler reads the activity's state from Strava whatever the aspect, so an update and a
  // delete of one activity are the same work; a create differs only in fetching what is not stored.
  return `strava:event:${userId}:activity:${event.object_id}:${event.aspect_type === "create" ? "create" : "change"}`;
}

/**
 * Queues an event for the runner it belongs to (the caller has checked the path and subscription).
 * Dropped: events for athletes Patella does not know (never connected, or already purged), athlete
 * events other than a deauthorization, and activity events beyond the runner's pending cap.
 * Repeats of a waiting event (Strava's retries, or anyone's) queue once.
 */
export async function queueWebhookEvent(db: Db, event: WebhookEvent, now: Date, limits: WebhookLimits = webhookLimits()): Promise<{ queued: boolean }> {
  if (event.object_type === "athlete" && !isDeauthorization(event)) return { queued: false };
  const conn = await getStravaConnectionByAthlete(db, event.owner_id);
  if (!conn) return { queued: false };
  if (event.object_type === "activity" && (await countPendingJobs(db, { userId: conn.userId, kind: EVENT_JOB, atMost: limits.maxPending })) >= limits.maxPending) {
    return { queued: false };
  }
  // Deauthorization first: nothing else should run on a revoked connection.
  const priority = event.object_type === "athlete" ? 10 : 0;
  const key = dedupeKey(conn.userId, event);
  const job = { kind: EVENT_JOB, userId: conn.userId, payload: event, priority, maxAttempts: 8 };
  const first = await enqueueJob(db, { ...job, dedupeKey: key }, now);
  if (first.created) return { queued: true };
  // The job holding the key may already be running, past its look at Strava: a change made since
  // needs one more look, queued under a second key (so at most two jobs per activity and kind).
  if ((await getJob(db, first.id))?.status !== "running") return { queued: false };
  return { queued: (await enqueueJob(db, { ...job, dedupeKey: `${key}:again` }, now)).created };
}

function isDeauthorization(e: WebhookEvent): boolean {
  return e.object_type === "athlete" && String(e.updates?.authorized ?? "") === "false";
}

/** Strava's answer for the activity: the activity, or "gone" (404: deleted, or not visible to Patella). */
async function fetchActivity(deps: StravaDeps, userId: string, stravaId: number): Promise<StravaDetailedActivity | "gone" | "invalid"> {
  let json: unknown;
  try {
    json = await stravaRequest(deps, userId, `/activities/${stravaId}`, "webhook");
  } catch (err) {
    if (err instanceof StravaError && err.kind === "not_found") return "gone";
    throw err;
  }
  const { valid } = validActivities([json]);
  return valid[0] ?? "invalid";
}

/** Title, type (and the surface that follows from it) as Strava now says. */
async function applyStravaState(
  db: Db,
  userId: string,
  stored: { id: string; name: string; sport: string; surfaceSource: string | null; editedFields: string[] },
  activity: StravaDetailedActivity,
  timeZone: string,
) {
  const { values } = activityFromStrava(activity, { userId, fallbackTimeZone: timeZone });
  // What the runner edited in Patella stays theirs until they ask for Strava's values again.
  const name = stored.editedFields.includes("name") ? stored.name : values.name;
  const sport = stored.editedFields.includes("sport") ? stored.sport : values.sport;
  // Nothing changed on Strava (a repeated or forged event): the row stays as it is.
  if (name === stored.name && sport === stored.sport) return;
  const set: Partial<typeof activities.$inferInsert> = { name, sport: sport as typeof values.sport };
  if (stored.surfaceSource !== "user" && sport !== stored.sport) {
    set.surface = values.surface;
    set.surfaceSource = values.surfaceSource;
    set.surfaceConfidence = values.surfaceConfidence;
    set.surfaceSplit = values.surfaceSplit;
  }
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
      // An update or delete of something Patella does not have changes nothing: no request.
      if (!stored && event.aspect_type !== "create") return "done";
      if (stored && event.aspect_type === "create") return "done"; // a repeated create

      const answer = await fetchActivity(deps, userId, event.object_id);
      if (answer === "gone") {
        // Strava confirms it is gone (or no longer visible to Patella).
        if (stored) await deleteActivity(db, { userId, id: stored.id });
        return "done";
      }
      if (answer === "invalid") return "done";
      if (String(answer.id) !== stravaId || String(answer.athlete?.id ?? "") !== String(event.owner_id)) {
        log.warn("ignored a webhook event: Strava's activity does not belong to the event's athlete", { userId, activityId: stravaId });
        return "done";
      }
      const settings = await getUserSettings(db, userId);
      const timeZone = settings?.timeZone ?? "UTC";
      if (stored) {
        await applyStravaState(db, userId, stored, answer, timeZone);
        return "done";
      }
      // The event does not say when the activity started, so whether the history import would
      // reach it is unknown: store it now. If the import gets there later, the copy is ignored.
      await db.transaction((txn) => insertStravaActivities(txn as unknown as Db, userId, [answer], timeZone));
      return "done";
    } catch (err) {
      if (err instanceof QuotaWait) return { pauseUntil: err.resumeAt };
      if (err instanceof ReconnectNeeded || err instanceof NotConnected) return "done";
      throw err;
    }
  };
}

/**
 * "Use Strava's title and sport again": queues the same work as an update event from Strava, so the
 * activity is read from Strava (with the webhook share of the quota) once the runner's edits are
 * forgotten. False when the runner is no longer connected (nothing to read).
 */
export async function refreshFromStrava(db: Db, userId: string, stravaId: string, now: Date): Promise<boolean> {
  const conn = await getStravaConnection(db, userId);
  const objectId = Number(stravaId);
  if (!conn || !Number.isSafeInteger(objectId) || objectId <= 0) return false;
  const event: WebhookEvent = { object_type: "activity", aspect_type: "update", object_id: objectId, owner_id: conn.athleteId };
  return (await queueWebhookEvent(db, event, now)).queued;
}
