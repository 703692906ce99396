import { weeklyRunningTotals } from "@/db/queries/load";
import { getUserSettings } from "@/db/queries/users";
import { apiRoute } from "@/lib/api/guard";
import { notFound } from "@/lib/api/errors";
import { addDays, fillWeeks, recentWeekStarts, startOfLocalDay } from "@/lib/load/weeks";
import { weeklyLoadQuery } from "@/lib/validation/activities";

/** Weekly running distance and time for the last `weeks` Monday–Sunday weeks in the runner's zone. */
export const GET = apiRoute({ query: weeklyLoadQuery }, async ({ db, userId, query }) => {
  const settings = await getUserSettings(db, userId);
  if (!settings) throw notFound("user");
  const { timeZone, units } = settings;
  const weekStarts = recentWeekStarts(new Date(), timeZone, query.weeks);
  const first = weekStarts[0]!;
  const last = weekStarts[weekStarts.length - 1]!;
  const rows = await weeklyRunningTotals(db, {
    userId,
    timeZone,
    from: startOfLocalDay(first, timeZone),
    to: startOfLocalDay(addDays(last, 7), timeZone),
  });
  return { timeZone, units, weeks: fillWeeks(rows, weekStarts) };
});
