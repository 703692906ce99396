import { getUserSettings } from "@/db/queries/users";
import { apiRoute } from "@/lib/api/guard";
import { notFound } from "@/lib/api/errors";
import { todayFor } from "@/lib/today/for-runner";
import { todayText } from "@/lib/today/words";

/**
 * GET /api/v1/today — the dashboard's Today card: the latest run with its spike, the next-run
 * ceiling with its reference and when it next changes, the week so far, the last check-in, any
 * open warning sign (which holds the ceiling), and the card's sentences in the runner's units.
 */
export const GET = apiRoute({}, async ({ db, userId }) => {
  const settings = await getUserSettings(db, userId);
  if (!settings) throw notFound("user");
  const today = await todayFor(db, userId, settings);
  return { units: settings.units, ...today, text: todayText(today, settings.units) };
});
