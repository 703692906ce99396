import { getUserSettings } from "@/db/queries/users";
import { apiRoute } from "@/lib/api/guard";
import { notFound } from "@/lib/api/errors";
import { evaluateGuidance, summarizeGuidance } from "@/lib/guidance/evaluate";
import { loadReportFor } from "@/lib/load/for-runner";
import { localDateOf } from "@/lib/load/weeks";

/** GET /api/v1/guidance — every rule of the guidance document with its status for this runner. */
export const GET = apiRoute({}, async ({ db, userId }) => {
  const settings = await getUserSettings(db, userId);
  if (!settings) throw notFound("user");
  const report = await loadReportFor(db, userId, settings, { weeks: 12 });
  const today = localDateOf(new Date(), settings.timeZone);
  const rules = evaluateGuidance({
    report,
    profile: { timeZone: settings.timeZone, sex: settings.sex, hrRest: settings.hrRest, hrMax: settings.hrMax },
    units: settings.units,
    today,
    checkins: null,
    gear: null,
    surfaces: null,
  });
  return { today, summary: summarizeGuidance(rules), rules };
});
