import { getUserSettings } from "@/db/queries/users";
import { apiRoute } from "@/lib/api/guard";
import { notFound } from "@/lib/api/errors";
import { checkedRange } from "@/lib/load/for-runner";
import { localDateOf } from "@/lib/load/weeks";
import { surfaceMixFor } from "@/lib/surface/for-runner";
import { loadQuery } from "@/lib/validation/load";

/**
 * GET /api/v1/surfaces?from=&to= — running distance per week and surface (same range rules as
 * /api/v1/load), the share of hard surface in the last 4 weeks against the 4 before, and a note when
 * the mix changed sharply.
 */
export const GET = apiRoute({ query: loadQuery }, async ({ db, userId, query }) => {
  const settings = await getUserSettings(db, userId);
  if (!settings) throw notFound("user");
  checkedRange(query, localDateOf(new Date(), settings.timeZone));
  return { units: settings.units, ...(await surfaceMixFor(db, userId, settings, query)) };
});
