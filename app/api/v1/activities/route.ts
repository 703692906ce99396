import { listActivities } from "@/db/queries/activities";
import { getUserSettings } from "@/db/queries/users";
import { apiRoute } from "@/lib/api/guard";
import { notFound } from "@/lib/api/errors";
import { addDays, startOfLocalDay } from "@/lib/load/weeks";
import { spikesOf } from "@/lib/today/for-runner";
import { createManualActivity } from "@/lib/activities/manual";
import { listActivitiesQuery, manualActivitySchema } from "@/lib/validation/activities";

/**
 * GET /api/v1/activities?limit=&offset=&sort=date|distance|moving_time&dir=asc|desc&sport=&surface=&source=&from=&to=
 * — one page of the runner's activities and how many match. `from` and `to` are local dates in
 * the runner's time zone, both included. Each run carries its `spike` (band, spike, 30-day longest),
 * read by the same function as the load report and the Today card; other sports carry null.
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
  const spikes = await spikesOf(db, userId, timeZone, items);
  return { items: items.map((a) => ({ ...a, spike: spikes.get(a.id) ?? null })), total, limit: query.limit, offset: query.offset };
});

/**
 * POST /api/v1/activities — an activity entered by hand (no file): `{ start, sport, durationS,
 * distanceM, name?, surface?, rpe?, notes? }`, `start` a date and time in the runner's zone. 201
 * with the stored activity (source "manual"); a bad value is a 400 and nothing is written.
 */
export const POST = apiRoute({ body: manualActivitySchema }, async ({ db, userId, body }) => {
  const settings = await getUserSettings(db, userId);
  if (!settings) throw notFound("user");
  const activity = await createManualActivity(db, userId, settings.timeZone, body);
  return Response.json({ activity }, { status: 201 });
});
