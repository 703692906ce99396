import { getUserSettings } from "@/db/queries/users";
import { apiRoute } from "@/lib/api/guard";
import { notFound } from "@/lib/api/errors";
import { painInsightsFor } from "@/lib/checkins/for-runner";
import { checkedRange } from "@/lib/load/for-runner";
import { localDateOf } from "@/lib/load/weeks";
import { loadQuery } from "@/lib/validation/load";

/** GET /api/v1/checkins/insights?from=&to= — pain by day, episodes, the pain-monitoring model, patterns, warning signs, OSTRC. */
export const GET = apiRoute({ query: loadQuery }, async ({ db, userId, query }) => {
  const settings = await getUserSettings(db, userId);
  if (!settings) throw notFound("user");
  checkedRange(query, localDateOf(new Date(), settings.timeZone)); // the same range rules as GET /api/v1/load
  return painInsightsFor(db, userId, settings, query);
});
