import { getStravaConnection } from "@/db/queries/strava";
import { apiRoute } from "@/lib/api/guard";
import { ApiError, noStravaConnection } from "@/lib/api/errors";
import { scheduleSync } from "@/lib/strava/sync";
import { stravaStatus } from "@/lib/strava/status";

/**
 * "Sync now": queues an incremental sync (lib/strava/sync.ts) at once — what Strava has since the
 * newest activity stored, minus a day. 202 with the connection's status; a second press while one
 * waits queues nothing more.
 */
export const POST = apiRoute({}, async ({ db, userId }) => {
  const conn = await getStravaConnection(db, userId);
  if (!conn) throw noStravaConnection();
  if (conn.status !== "active") throw new ApiError(409, "conflict:reconnect_needed", "Reconnect Strava first: it no longer accepts Patella's access.");
  await scheduleSync(db, userId, new Date());
  return Response.json(await stravaStatus(db, userId), { status: 202 });
});
