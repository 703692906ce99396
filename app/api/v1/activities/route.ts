import { listActivities } from "@/db/queries/activities";
import { getUserSettings } from "@/db/queries/users";
import { apiRoute } from "@/lib/api/guard";
import { notFound } from "@/lib/api/errors";
import { addDays, startOfLocalDay } from "@/lib/load/weeks";
import { listActivitiesQuery } from "@/lib/validation/activities";

/**
 * GET /api/v1/activities?limit=&offset=&sort=date|distance|moving_time&dir=asc|desc&sport=&surface=&source=&from=&to=
 * — one page of the runner's activities and how many match. `from` and `to` are local dates in
 * the runner's time zone, both included.
 */
export const GET = apiRoute({ query: listActivitiesQuery }, async ({ db, userId, query }) => {
  const settings = await getUserSettings(db, userId);
  if (!settings) throw notFound("user");
  const { timeZone } = settings;
  const { from, to, ...rest } = query;
  const { items, total } = await listActivities(db, {
    userId,
    timeZone,
    ...rest,
    startFrom: from ? startOfLocalDay(from, timeZone) : undefined,
    startBefore: to ? startOfLocalDay(addDays(to, 1), timeZone) : undefined,
  });
  return { items, total, limit: query.limit, offset: query.offset };
});
