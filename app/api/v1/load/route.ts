import { getUserSettings } from "@/db/queries/users";
import { apiRoute } from "@/lib/api/guard";
import { ApiError, notFound } from "@/lib/api/errors";
import { loadReportFor, resolveRange } from "@/lib/load/for-runner";
import { addDays, localDateOf } from "@/lib/load/weeks";
import { loadQuery, MAX_RANGE_DAYS } from "@/lib/validation/load";

/**
 * GET /api/v1/load?from=YYYY-MM-DD&to=YYYY-MM-DD — weeks (Monday–Sunday in the runner's zone)
 * with every load figure, each run's spike band, and the daily ratios and fitness curves.
 * Defaults to the last 12 weeks up to today; `to` stops at today.
 */
export const GET = apiRoute({ query: loadQuery }, async ({ db, userId, query }) => {
  const settings = await getUserSettings(db, userId);
  if (!settings) throw notFound("user");
  // The range as it will be computed (defaults filled in) must be sensible too.
  const { from, to } = resolveRange(query, localDateOf(new Date(), settings.timeZone));
  if (from > to) throw new ApiError(400, "bad_request:query", "from: the range starts after today.");
  if (addDays(from, MAX_RANGE_DAYS) < to) {
    throw new ApiError(400, "bad_request:query", `from: ask for at most ${MAX_RANGE_DAYS} days at a time.`);
  }
  const report = await loadReportFor(db, userId, settings, { from: query.from, to: query.to });
  return { units: settings.units, ...report };
});
