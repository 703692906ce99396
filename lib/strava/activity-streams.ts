import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { insertStreamsOnce } from "@/db/queries/streams";
import { activities, activityStreams, RUNNING_SPORTS, type Sport } from "@/db/schema";
import { enqueueJob } from "@/lib/jobs/queue";
import type { JobHandler } from "@/lib/jobs/worker";
import { StravaError } from "./client";
import { NotConnected, QuotaWait, ReconnectNeeded, stravaRequest, type StravaDeps } from "./api";
import type { QuotaUse } from "./rate-limit";
import { type PackedStreams, streamsFromThread } from "@/lib/activities/streams";
import { runHeavyTask } from "@/lib/workers/pool";
import { STRAVA_STREAM_KEYS } from "./streams";

/**
 * Streams (the recorded points) of Strava activities are fetched only when needed — one request
 * each, so never for the whole history: when the runner opens an activity (interactive: may use
 * the quota's reserve), and in the background for the few most recent runs once the history import
 * is done (RECENT_RUNS_WITH_STREAMS).
 */

export const STREAMS_JOB = "strava.streams";
export const RECENT_RUNS_WITH_STREAMS = 5;

export type StreamsFetch =
  | { status: "stored" }
  /** Strava has none: a manual activity, or deleted since. */
  | { status: "none" }
  | { status: "rate_limited"; resumeAt: Date }
  | { status: "reconnect_needed" }
  | { status: "unavailable"; message: string };

/** Activities Strava said have no streams, remembered for this process so a page view does not ask again. */
const noStreams = new Set<string>();

export async function fetchStravaStreams(
  deps: StravaDeps,
  userId: string,
  activity: { id: string; sourceRef: string; sport: Sport; startTime: Date },
  use: QuotaUse,
): Promise<StreamsFetch> {
  if (noStreams.has(activity.id)) return { status: "none" };
  let json: unknown;
  try {
    json = await stravaRequest(deps, userId, `/activities/${encodeURIComponent(activity.sourceRef)}/streams?keys=${STRAVA_STREAM_KEYS.join(",")}&key_by_type=true`, use);
  } catch (err) {
    if (err instanceof QuotaWait) return { status: "rate_limited", resumeAt: err.resumeAt };
    if (err instanceof ReconnectNeeded || err instanceof NotConnected) return { status: "reconnect_needed" };
    if (err instanceof StravaError && err.kind === "not_found") {
      if (noStreams.size > 10_000) noStreams.clear();
      noStreams.add(activity.id);
      return { status: "none" };
    }
    if (err instanceof StravaError) return { status: "unavailable", message: err.message };
    throw err;
  }
  // Checked and packed on a heavy-work thread: up to 250,000 points of every stream.
  const p = await runHeavyTask<PackedStreams | null>("stravaStreams", { json, startTime: activity.startTime, sport: activity.sport });
  if (!p) return { status: "unavailable", message: "Strava sent streams Patella cannot read." };
  await insertStreamsOnce(deps.db, { ...streamsFromThread(p), activityId: activity.id, userId });
  return { status: "stored" };
}

/** Queues background stream fetches for the runner's most recent Strava runs that have none. */
export async function scheduleRecentStreams(db: Db, userId: string, now: Date): Promise<number> {
  const recent = await db
    .select({ id: activities.id })
    .from(activities)
    .leftJoin(activityStreams, eq(activityStreams.activityId, activities.id))
    .where(and(eq(activities.userId, userId), eq(activities.source, "strava"), inArray(activities.sport, [...RUNNING_SPORTS]), isNull(activityStreams.activityId)))
    .orderBy(desc(activities.startTime))
    .limit(RECENT_RUNS_WITH_STREAMS);
  for (const { id } of recent) {
    await enqueueJob(db, { kind: STREAMS_JOB, userId, payload: { activityId: id }, dedupeKey: `strava:streams:${id}`, priority: -1 }, now);
  }
  return recent.length;
}

export function streamsHandler(deps: StravaDeps): JobHandler {
  return async (job) => {
    const activityId = (job.payload as { activityId?: unknown } | null)?.activityId;
    if (!job.userId || typeof activityId !== "string") return "done";
    const [activity] = await deps.db
      .select({ id: activities.id, sourceRef: activities.sourceRef, sport: activities.sport, startTime: activities.startTime })
      .from(activities)
      .where(and(eq(activities.userId, job.userId), eq(activities.id, activityId), eq(activities.source, "strava")))
      .limit(1);
    if (!activity) return "done";
    const result = await fetchStravaStreams(deps, job.userId, activity, "background");
    if (result.status === "rate_limited") return { pauseUntil: result.resumeAt };
    if (result.status === "unavailable") throw new Error(result.message);
    return "done";
  };
}
