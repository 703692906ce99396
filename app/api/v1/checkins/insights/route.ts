import { getUserSettings } from "@/db/queries/users";
import { apiRoute } from "@/lib/api/guard";
import { notFound } from "@/lib/api/errors";
import { painInsightsFor } from "@/lib/checkins/for-runner";
import { loadQuery } from "@/lib/validation/load";

/** GET /api/v1/checkins/insights?from=&to= — pain by day, episodes, the pain-monitoring model, patterns, warning signs, OSTRC. */
export const GET = apiRoute({ query: loadQuery }, async ({ db, userId, query }) => {
  const settings = await getUserSettings(db, userId);
  if (!settings) throw notFound("user");
  return painInsightsFor(db, userId, settings, query);
});
