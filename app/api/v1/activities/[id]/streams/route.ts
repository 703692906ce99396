import { getActivity } from "@/db/queries/activities";
import { getStreams } from "@/db/queries/streams";
import { downsample, unpackStreams } from "@/lib/activities/streams";
import { apiRoute } from "@/lib/api/guard";
import { notFound } from "@/lib/api/errors";
import { stravaConfigured } from "@/lib/env";
import { fetchStravaStreams, type StreamsFetch } from "@/lib/strava/activity-streams";
import { appStravaDeps } from "@/lib/strava/runtime";
import { activityIdParams, streamsQuery } from "@/lib/validation/activities";

/**
 * Downsampled distance, time, altitude, heart rate, pace and route of an activity, for its page.
 * A Strava activity's streams are fetched from Strava the first time its page asks (one request,
 * allowed to use the quota's reserve); `unavailable` then says why there are none.
 */
export const GET = apiRoute({ params: activityIdParams, query: streamsQuery }, async ({ db, userId, params, query }) => {
  const activity = await getActivity(db, { userId, id: params.id });
  if (!activity) throw notFound("activity");
  let packed = await getStreams(db, { userId, activityId: params.id });
  let fetched: StreamsFetch | null = null;
  if (!packed && activity.source === "strava" && stravaConfigured()) {
    fetched = await fetchStravaStreams(appStravaDeps(db), userId, activity, "interactive");
    if (fetched.status === "stored") packed = await getStreams(db, { userId, activityId: params.id });
  }
  if (!packed) return { series: null, unavailable: fetched && fetched.status !== "stored" ? unavailableText(fetched) : null };
  return { series: downsample(unpackStreams(packed), query.points) };
});

function unavailableText(f: Exclude<StreamsFetch, { status: "stored" }>): string {
  switch (f.status) {
    case "none":
      return "Strava has no recorded points for this activity (entered by hand, or deleted on Strava).";
    case "rate_limited":
      return `Strava's request limit is used up for the moment; the chart can load after ${f.resumeAt.toISOString().slice(11, 16)} UTC.`;
    case "reconnect_needed":
      return "Reconnect Strava in Settings to load this activity's chart.";
    case "unavailable":
      return `Strava could not send this activity's points right now (${f.message}). Try again later.`;
  }
}
