import "server-only";
import type { Db } from "@/db/client";
import { surfaceRuns } from "@/db/queries/surfaces";
import { VersionedLru } from "@/lib/cache/versioned-lru";
import { resolveRange } from "@/lib/load/for-runner";
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
  timeZone: string,
  range: { from?: string; to?: string; weeks?: number },
  now: Date = new Date(),
  activitiesVersion?: number,
): Promise<MixForRange> {
  const today = localDateOf(now, timeZone);
  const { from, to } = resolveRange(range, today);
  const cacheable = range.from === undefined && range.to === undefined && activitiesVersion !== undefined;
  const key = [userId, from, to, today, timeZone].join("|");
  const version = String(activitiesVersion);
  const cached = cacheable ? cache.get(key, version) : undefined;
  if (cached) return cached;
  const earliest = [from, addDays(today, -COMPARED_DAYS)].sort()[0]!;
  const runs = await surfaceRuns(db, { userId, timeZone, from: startOfLocalDay(earliest, timeZone), to: startOfLocalDay(addDays(today > to ? today : to, 1), timeZone) });
  const mix = { from, to, ...surfaceMix(runs, weekStartsBetween(from, to), today) };
  if (cacheable) cache.set(key, version, mix);
  return mix;
}
