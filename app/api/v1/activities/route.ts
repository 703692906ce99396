import { listActivities } from "@/db/queries/activities";
import { getUserSettings } from "@/db/queries/users";
import { apiRoute } from "@/lib/api/guard";
import { notFound } from "@/lib/api/errors";
import { listActivitiesQuery } from "@/lib/validation/activities";

export const GET = apiRoute({ query: listActivitiesQuery }, async ({ db, userId, query }) => {
  const settings = await getUserSettings(db, userId);
  if (!settings) throw notFound("user");
  const { items, total } = await listActivities(db, { userId, timeZone: settings.timeZone, ...query });
  return { items, total, limit: query.limit, offset: query.offset };
});
