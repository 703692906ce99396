import { listGear } from "@/db/queries/gear";
import { getUserSettings } from "@/db/queries/users";
import { apiRoute } from "@/lib/api/guard";
import { notFound } from "@/lib/api/errors";
import { painInsightsFor } from "@/lib/checkins/for-runner";
import { evaluateGuidance, summarizeGuidance } from "@/lib/guidance/evaluate";
import { guidanceGear } from "@/lib/guidance/rules/gear-and-surface";
import { loadReportFor } from "@/lib/load/for-runner";
import { localDateOf } from "@/lib/load/weeks";
import { surfaceMixFor } from "@/lib/surface/for-runner";

/**
 * GET /api/v1/guidance — every rule of the guidance document with its status for this runner.
 * Warning signs the runner reported and has not marked as seen come first (`openRedFlags`, and the
 * red-flag rules lead the list).
 */
export const GET = apiRoute({}, async ({ db, userId }) => {
  const settings = await getUserSettings(db, userId);
  if (!settings) throw notFound("user");
  const now = new Date();
  const report = await loadReportFor(db, userId, settings, { weeks: 12 }, now);
  const [checkins, surfaces, gear] = await Promise.all([
    painInsightsFor(db, userId, settings, { weeks: 12 }, now, report),
    surfaceMixFor(db, userId, settings, { weeks: 12 }, now),
    listGear(db, userId),
  ]);
  const today = localDateOf(now, settings.timeZone);
  const rules = evaluateGuidance({
    report,
    profile: { timeZone: settings.timeZone, sex: settings.sex, hrRest: settings.hrRest, hrMax: settings.hrMax },
    units: settings.units,
    today,
    checkins,
    gear: guidanceGear(gear),
    surfaces,
  });
  return { today, summary: summarizeGuidance(rules), openRedFlags: checkins.openRedFlags, rules };
});
