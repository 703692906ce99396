import "server-only";
import type { Db } from "@/db/client";
import { checkinFacts, openRedFlagCheckins } from "@/db/queries/checkins";
import { latestRunStart, loadActivities } from "@/db/queries/load";
import type { UserSettings } from "@/db/queries/users";
import { checkinsOfActivity, type CheckinView } from "@/db/queries/checkins";
import { VersionedLru } from "@/lib/cache/versioned-lru";
import { CHECKIN_LOOKBACK_DAYS } from "@/lib/checkins/insights";
import { SPIKE_WINDOW_MS } from "@/lib/load/spikes";
import { sessionLoad } from "@/lib/load/session-load";
import type { RunSpike, SessionLoad } from "@/lib/load/types";
import { addDays, localDateOf, startOfLocalDay } from "@/lib/load/weeks";
import { allRunSpikes, buildToday, type Today } from "./today";

/**
 * Today answers, per runner, reused while neither activities nor check-ins change (the same
 * database-bumped versions as the load report and the insights) and until the answer's own
 * `validUntil` (the ceiling's next change, the end of a check-in ask, local midnight).
 */
const cache = new VersionedLru<Today>(500);

/** Activities back far enough for every window buildToday reads (TodayInput.activities). */
function activitiesFrom(now: Date, latest: Date | null, timeZone: string): Date {
  const today = localDateOf(now, timeZone);
  // Episodes start within the check-in lookback; their runs need their own 30-day windows too.
  const episodes = startOfLocalDay(addDays(today, -CHECKIN_LOOKBACK_DAYS - 31), timeZone).getTime();
  const latestWindow = latest ? latest.getTime() - SPIKE_WINDOW_MS - 86_400_000 : episodes;
  return new Date(Math.min(episodes, latestWindow));
}

export async function todayFor(
  db: Db,
  userId: string,
  settings: Pick<UserSettings, "timeZone" | "activitiesVersion" | "checkinsVersion">,
  now: Date = new Date(),
): Promise<Today> {
  const { timeZone } = settings;
  const key = `${userId}|${timeZone}`;
  const version = `${settings.activitiesVersion}.${settings.checkinsVersion}`;
  const cached = cache.get(key, version);
  if (cached && cached.validUntil.getTime() > now.getTime() && cached.today === localDateOf(now, timeZone)) return cached;
  const today = localDateOf(now, timeZone);
  const until = new Date(now.getTime() + 1);
  const [latest, checkins, open] = await Promise.all([
    latestRunStart(db, { userId }),
    checkinFacts(db, { userId, from: startOfLocalDay(addDays(today, -CHECKIN_LOOKBACK_DAYS), timeZone), to: until }),
    openRedFlagCheckins(db, userId),
  ]);
  const activities = await loadActivities(db, { userId, timeZone, from: activitiesFrom(now, latest, timeZone), to: until });
  const answer = buildToday({
    now,
    timeZone,
    activities,
    checkins,
    openRedFlags: open.map((c) => ({ checkinId: c.id, localDate: c.localDate, redFlags: c.redFlags })),
  });
  cache.set(key, version, answer);
  return answer;
}

/** What a badge needs of a run's spike (runSpikes' reading, in the JSON API as `spike`). */
export type SpikeView = Pick<RunSpike, "band" | "spike" | "longestPrev30dM">;

/**
 * The spike of each given activity that is a counted run (others get null), read by runSpikes over
 * the 30 days before each. Activities are grouped where their windows meet, one read per group, so a
 * page sorted by distance across ten years reads its runs' windows, not the whole history.
 */
export async function spikesOf(
  db: Db,
  userId: string,
  timeZone: string,
  items: readonly { id: string; startTime: Date }[],
): Promise<Map<string, SpikeView>> {
  const out = new Map<string, SpikeView>();
  const sorted = [...items].sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
  const groups: { from: number; to: number; ids: Set<string> }[] = [];
  for (const a of sorted) {
    const t = a.startTime.getTime();
    const last = groups.at(-1);
    if (last && t - SPIKE_WINDOW_MS <= last.to) {
      last.to = t;
      last.ids.add(a.id);
    } else groups.push({ from: t - SPIKE_WINDOW_MS, to: t, ids: new Set([a.id]) });
  }
  const read = await Promise.all(
    groups.map((g) => loadActivities(db, { userId, timeZone, from: new Date(g.from), to: new Date(g.to + 1) }).then((rows) => ({ g, rows }))),
  );
  for (const { g, rows } of read) {
    for (const s of allRunSpikes(rows)) {
      if (g.ids.has(s.activityId)) out.set(s.activityId, { band: s.band, spike: s.spike, longestPrev30dM: s.longestPrev30dM });
    }
  }
  return out;
}

export interface ThisRun {
  spike: SpikeView | null;
  /** The session load and the method it was computed with (null for a merged duplicate). */
  session: SessionLoad | null;
  checkins: CheckinView[];
}

/** The activity page's "This run" strip: the spike, the session load and the check-ins linked to the run. */
export async function thisRunFor(
  db: Db,
  userId: string,
  settings: Pick<UserSettings, "timeZone" | "sex" | "hrRest" | "hrMax">,
  activity: { id: string; startTime: Date },
): Promise<ThisRun> {
  const { timeZone } = settings;
  const [activities, checkins] = await Promise.all([
    loadActivities(db, { userId, timeZone, from: new Date(activity.startTime.getTime() - SPIKE_WINDOW_MS), to: new Date(activity.startTime.getTime() + 1) }),
    checkinsOfActivity(db, { userId, activityId: activity.id }),
  ]);
  const own = activities.find((a) => a.id === activity.id);
  const spike = allRunSpikes(activities).find((s) => s.activityId === activity.id);
  return {
    spike: spike ? { band: spike.band, spike: spike.spike, longestPrev30dM: spike.longestPrev30dM } : null,
    session: own ? sessionLoad(own, { timeZone, sex: settings.sex, hrRest: settings.hrRest, hrMax: settings.hrMax }) : null,
    checkins,
  };
}
