import { getStravaConnection } from "@/db/queries/strava";
import { apiRoute } from "@/lib/api/guard";
import { ApiError, noStravaConnection } from "@/lib/api/errors";
import { scheduleBackfill } from "@/lib/strava/backfill";
import { stravaStatus } from "@/lib/strava/status";

/** Resumes the history import after it stopped on an error (it resumes by itself after rate limits). */
export const POST = apiRoute({}, async ({ db, userId }) => {
  const conn = await getStravaConnection(db, userId);
  if (!conn) throw noStravaConnection();
  if (conn.status !== "active") throw new ApiError(409, "conflict:reconnect_needed", "Reconnect Strava first: it no longer accepts Patella's access.");
  if (conn.backfillStatus === "done") throw new ApiError(409, "conflict:import_done", "Your Strava history is already imported; new activities arrive by themselves.");
  await scheduleBackfill(db, userId, new Date());
  return stravaStatus(db, userId);
});
