import "server-only";
import type { Db } from "@/db/client";
import { surfaceRuns } from "@/db/queries/surfaces";
import { VersionedLru } from "@/lib/cache/versioned-lru";
import type { UserSettings } from "@/db/queries/users";
import { isDefaultRange, resolveRange } from "@/lib/load/for-runner";
import { addDays, localDateOf, startOfLocalDay, weekStartsBetween } from "@/lib/load/weeks";
import { surfaceMix, type SurfaceMix } from "./mix";

/** Days before today the mix compares: the last 4 weeks and the 4 before. */
const COMPARED_DAYS = 56;

type MixForRange = SurfaceMix & { from: string; to: string };

/** Mixes of the default range, reused while the runner's activities do not change. */
const cache = new VersionedLru<MixForRange>(500);

/** A runner's surface mix for a range of weeks (the load report's range rules) and the last 8 weeks. */
export async function surfaceMixFor(
  db: Db,
  userId: string,
  settings: Pick<UserSettings, "timeZone" | "activitiesVersion">,
  range: { from?: string; to?: string; weeks?: number },
  now: Date = new Date(),
): Promise<MixForRange> {
  const { timeZone } = settings;
  const today = localDateOf(now, timeZone);
  const { from, to } = resolveRange(range, today);
  const key = isDefaultRange(range) ? [userId, from, to, today, timeZone].join("|") : null;
  return cache.getOrCompute(key, String(settings.activitiesVersion), async () => {
    const earliest = [from, addDays(today, -COMPARED_DAYS)].sort()[0]!;
    const runs = await surfaceRuns(db, { userId, timeZone, from: startOfLocalDay(earliest, timeZone), to: startOfLocalDay(addDays(today > to ? today : to, 1), timeZone) });
    return { from, to, ...surfaceMix(runs, weekStartsBetween(from, to), today) };
  });
}
