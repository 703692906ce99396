import { getUserSettings } from "@/db/queries/users";
import { apiRoute } from "@/lib/api/guard";
import { notFound } from "@/lib/api/errors";
import { checkedRange, loadReportFor } from "@/lib/load/for-runner";
import { localDateOf } from "@/lib/load/weeks";
import { loadQuery } from "@/lib/validation/load";

/**
 * GET /api/v1/load?from=YYYY-MM-DD&to=YYYY-MM-DD — weeks (Monday–Sunday in the runner's zone)
 * with every load figure, each run's spike band, and the daily ratios and fitness curves.
 * Defaults to the last 12 weeks up to today; `to` stops at today.
 */
export const GET = apiRoute({ query: loadQuery }, async ({ db, userId, query }) => {
  const settings = await getUserSettings(db, userId);
  if (!settings) throw notFound("user");
  checkedRange(query, localDateOf(new Date(), settings.timeZone));
  const report = await loadReportFor(db, userId, settings, { from: query.from, to: query.to });
  return { units: settings.units, ...report };
});
