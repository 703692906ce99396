import { getUserSettings, updateUserSettings, type UserSettings } from "@/db/queries/users";
import { apiRoute } from "@/lib/api/guard";
import { notFound } from "@/lib/api/errors";
import { stravaStatus } from "@/lib/strava/tokens";
import { settingsPatchSchema } from "@/lib/validation/settings";

/** What the runner sees of their settings (not the internal activities version). */
function publicSettings({ activitiesVersion: _version, ...settings }: UserSettings) {
  return settings;
}

export const GET = apiRoute({}, async ({ db, userId }) => {
  const settings = await getUserSettings(db, userId);
  if (!settings) throw notFound("user");
  return { settings: publicSettings(settings), strava: await stravaStatus(db, userId) };
});

export const PATCH = apiRoute({ body: settingsPatchSchema }, async ({ db, userId, body }) => {
  const settings = await updateUserSettings(db, userId, body);
  if (!settings) throw notFound("user");
  return { settings: publicSettings(settings) };
});
