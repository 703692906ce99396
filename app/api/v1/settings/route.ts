import { getUserSettings, updateUserSettings, type UserSettings } from "@/db/queries/users";
import { apiRoute } from "@/lib/api/guard";
import { ApiError, notFound } from "@/lib/api/errors";
import { stravaStatus } from "@/lib/strava/status";
import { settingsPatchSchema } from "@/lib/validation/settings";

/** What the runner sees of their settings (not the internal data versions). */
function publicSettings({ activitiesVersion: _activities, checkinsVersion: _checkins, ...settings }: UserSettings) {
  return settings;
}

export const GET = apiRoute({}, async ({ db, userId }) => {
  const settings = await getUserSettings(db, userId);
  if (!settings) throw notFound("user");
  return { settings: publicSettings(settings), strava: await stravaStatus(db, userId) };
});

export const PATCH = apiRoute({ body: settingsPatchSchema }, async ({ db, userId, body }) => {
  const current = await getUserSettings(db, userId);
  if (!current) throw notFound("user");
  // Check the heart rates as they will be stored, not only the ones in this request.
  const hrRest = body.hrRest === undefined ? current.hrRest : body.hrRest;
  const hrMax = body.hrMax === undefined ? current.hrMax : body.hrMax;
  if (hrRest !== null && hrMax !== null && hrMax <= hrRest + 20) {
    throw new ApiError(400, "bad_request:body", "hrMax: Maximum heart rate must be well above the resting one.");
  }
  const settings = await updateUserSettings(db, userId, body);
  if (!settings) throw notFound("user");
  return { settings: publicSettings(settings) };
});
