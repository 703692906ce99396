import "server-only";
import type { Db } from "@/db/client";
import { checkinFacts, openRedFlagCheckins } from "@/db/queries/checkins";
import { ostrcSince } from "@/db/queries/ostrc";
import type { UserSettings } from "@/db/queries/users";
import { VersionedLru } from "@/lib/cache/versioned-lru";
import { isDefaultRange, loadReportFor, resolveRange } from "@/lib/load/for-runner";
import type { LoadReport } from "@/lib/load/types";
import { addDays, localDateOf, mondayOf, startOfLocalDay } from "@/lib/load/weeks";
import { buildPainInsights, checkinLookbackStart, type PainInsights } from "./insights";

/** Weeks of questionnaires read: enough for any streak worth reporting. */
const OSTRC_WEEKS = 26;

/** Insights for the dashboard's default range, reused while neither check-ins nor activities change. */
const cache = new VersionedLru<PainInsights>(500);

/**
 * A runner's pain insights for a range (the same range rules as the load report, whose runs they
 * read: pass the report when the caller already has it).
 */
export async function painInsightsFor(
  db: Db,
  userId: string,
  settings: Pick<UserSettings, "timeZone" | "sex" | "hrRest" | "hrMax" | "activitiesVersion" | "checkinsVersion">,
  range: { from?: string; to?: string; weeks?: number },
  now: Date = new Date(),
  report?: LoadReport,
): Promise<PainInsights> {
  const { timeZone } = settings;
  const today = localDateOf(now, timeZone);
  const { from, to } = resolveRange(range, today);
  const key = isDefaultRange(range) ? [userId, from, to, today, timeZone, settings.sex, settings.hrRest, settings.hrMax].join("|") : null;
  return cache.getOrCompute(key, `${settings.activitiesVersion}.${settings.checkinsVersion}`, async () => {
    const [loadReport, checkins, open, ostrc] = await Promise.all([
      report ?? loadReportFor(db, userId, settings, range, now),
      checkinFacts(db, { userId, from: startOfLocalDay(checkinLookbackStart(from), timeZone), to: startOfLocalDay(addDays(to, 1), timeZone) }),
      openRedFlagCheckins(db, userId),
      ostrcSince(db, { userId, sinceWeek: addDays(mondayOf(today), -7 * OSTRC_WEEKS) }),
    ]);
    return buildPainInsights({
      from,
      to,
      today,
      checkins,
      runs: loadReport.spikes,
      openRedFlags: open.map((c) => ({ checkinId: c.id, localDate: c.localDate, redFlags: c.redFlags })),
      ostrc,
    });
  });
}
