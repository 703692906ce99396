import { listActivities } from "@/db/queries/activities";
import { apiRoute } from "@/lib/api/guard";
import { listActivitiesQuery } from "@/lib/validation/activities";

export const GET = apiRoute({ query: listActivitiesQuery }, async ({ db, userId, query }) => {
  const { items, total } = await listActivities(db, { userId, ...query });
  return { items, total, limit: query.limit, offset: query.offset };
});
