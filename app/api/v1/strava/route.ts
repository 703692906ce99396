import { apiRoute } from "@/lib/api/guard";
import { noStravaConnection } from "@/lib/api/errors";
import { disconnectStrava } from "@/lib/strava/disconnect";
import { appStravaDeps } from "@/lib/strava/runtime";
import { stravaStatus } from "@/lib/strava/status";

/** The runner's Strava connection and the history import's progress (never a token). */
export const GET = apiRoute({}, async ({ db, userId }) => stravaStatus(db, userId));

/**
 * Disconnects Strava: revokes Patella's access at Strava and deletes every activity, shoe and
 * pending job that came from Strava. Answers what was deleted.
 */
export const DELETE = apiRoute({}, async ({ db, userId }) => {
  const result = await disconnectStrava(appStravaDeps(db), userId);
  if (!result) throw noStravaConnection();
  return { deleted: { activities: result.activities, gear: result.gear }, stravaNotified: result.stravaNotified };
});
