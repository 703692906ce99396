import { and, asc, count, desc, eq, gte, isNotNull, isNull, lt, ne, sql } from "drizzle-orm";
import type { ActivitySort, SortDirection } from "@/lib/validation/activities";
import type { Db } from "../client";
import { activities, checkins, users, type ActivitySource, type NewActivity, type Sport, type Surface } from "../schema";

/** Columns the API returns for an activity (never the polyline or internal bookkeeping). */
const publicColumns = {
  id: activities.id,
  source: activities.source,
  /** The Strava activity id for a Strava activity (for "View on Strava"); a file's sha256 otherwise. */
  sourceRef: activities.sourceRef,
  sport: activities.sport,
  name: activities.name,
  startTime: activities.startTime,
  /** The zone the activity was recorded in (Strava's, the file's, or the runner's at import). */
  timeZone: activities.timeZone,
  distanceM: activities.distanceM,
  movingS: activities.movingS,
  elapsedS: activities.elapsedS,
  elevGainM: activities.elevGainM,
  elevLossM: activities.elevLossM,
  avgHr: activities.avgHr,
  maxHr: activities.maxHr,
  avgCadenceSpm: activities.avgCadenceSpm,
  avgPowerW: activities.avgPowerW,
  duplicateOf: activities.duplicateOf,
  /** Part of the sample history (shown with a "Sample" badge). */
  sample: activities.sample,
  surface: activities.surface,
  surfaceSource: activities.surfaceSource,
  surfaceConfidence: activities.surfaceConfidence,
  surfaceSplit: activities.surfaceSplit,
  /** Perceived exertion (0–10): the latest check-in's for the run, or the runner's edit. */
  rpe: activities.rpe,
  notes: activities.notes,
  /** Fields the runner edited here ("name", "sport"), kept through Strava's updates. */
  editedFields: activities.editedFields,
  createdAt: activities.createdAt,
};

/** The runner's CURRENT zone, read with the row: weeks (and so `localDate`) follow a change of zone at once. */
const runnerZone = sql`(select ${users.timeZone} from ${users} where ${users.id} = ${activities.userId})`;

/**
 * Figures computed on read. `localDate` is the start date in the runner's current zone — the date
 * weeks, the load report, the list and the export use — never the date frozen at import;
 * `weekTimeZone` names that zone. `startLocal` is the start's wall-clock time ("YYYY-MM-DDTHH:MM")
 * in the zone the activity was recorded in (`timeZone`), for showing it as it was run.
 */
const derivedColumns = {
  localDate: sql<string>`to_char(${activities.startTime} at time zone ${runnerZone}, 'YYYY-MM-DD')`.as("local_date"),
  weekTimeZone: sql<string>`${runnerZone}`.as("week_time_zone"),
  startLocal: sql<string>`to_char(${activities.startTime} at time zone ${activities.timeZone}, 'YYYY-MM-DD"T"HH24:MI')`.as("start_local"),
};

const viewColumns = { ...publicColumns, ...derivedColumns };

export type ActivityView = {
  [K in keyof typeof publicColumns]: (typeof publicColumns)[K]["_"]["notNull"] extends true
    ? (typeof publicColumns)[K]["_"]["data"]
    : (typeof publicColumns)[K]["_"]["data"] | null;
} & { localDate: string; weekTimeZone: string; startLocal: string };

export interface ActivityListOptions {
  userId: string;
  /** The runner's current zone: `localDate` is the start date there. */
  timeZone: string;
  limit: number;
  offset: number;
  sort?: ActivitySort;
  dir?: SortDirection;
  sport?: Sport;
  surface?: Surface;
  source?: ActivitySource;
  /** Activities that started at or after `startFrom` and before `startBefore`. */
  startFrom?: Date;
  startBefore?: Date;
}

const SORT_COLUMNS = { date: activities.startTime, distance: activities.distanceM, moving_time: activities.movingS } as const;

/**
 * One page of the runner's activities, filtered and sorted, and how many match. `localDate` is
 * the start date in the runner's current zone (`timeZone` here, `weekTimeZone` in each row), so the
 * list agrees with the weekly charts, the detail and the export even after the zone changes. Both statements narrow by user (and start time) through
 * activities_user_start_idx; sorting by distance or time sorts one runner's rows only, too few for
 * an index of its own to pay off. Ties fall back to the newest first, so pages never overlap.
 */
export async function listActivities(
  db: Db,
  { userId, timeZone, limit, offset, sort = "date", dir = "desc", sport, surface, source, startFrom, startBefore }: ActivityListOptions,
): Promise<{ items: ActivityView[]; total: number }> {
  const where = and(
    eq(activities.userId, userId),
    sport ? eq(activities.sport, sport) : undefined,
    surface ? eq(activities.surface, surface) : undefined,
    source ? eq(activities.source, source) : undefined,
    startFrom ? gte(activities.startTime, startFrom) : undefined,
    startBefore ? lt(activities.startTime, startBefore) : undefined,
  );
  const order = dir === "asc" ? asc : desc;
  const orderBy = sort === "date" ? [order(activities.startTime), order(activities.id)] : [order(SORT_COLUMNS[sort]), desc(activities.startTime), desc(activities.id)];
  const [items, totals] = await Promise.all([
    db
      .select({
        ...viewColumns,
        localDate: sql<string>`to_char(${activities.startTime} at time zone ${timeZone}, 'YYYY-MM-DD')`,
        weekTimeZone: sql<string>`${timeZone}::text`,
      })
      .from(activities)
      .where(where)
      .orderBy(...orderBy)
      .limit(limit)
      .offset(offset),
    db.select({ n: count() }).from(activities).where(where),
  ]);
  return { items, total: totals[0]?.n ?? 0 };
}

/** The runner's own activity, or null — also for another runner's id, so callers answer 404. */
export async function getActivity(db: Db, { userId, id }: { userId: string; id: string }): Promise<ActivityView | null> {
  const rows = await db
    .select(viewColumns)
    .from(activities)
    .where(and(eq(activities.userId, userId), eq(activities.id, id)))
    .limit(1);
  return rows[0] ?? null;
}

/**
 * Deletes the runner's activity. Its check-ins stay (unlinked by the foreign key), but the effort
 * rating they gave belongs to the run and goes with it.
 */
export async function deleteActivity(db: Db, { userId, id }: { userId: string; id: string }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .delete(activities)
      .where(and(eq(activities.userId, userId), eq(activities.id, id)))
      .returning({ id: activities.id });
    if (rows.length === 0) return false;
    await tx
      .update(checkins)
      .set({ rpe: null })
      .where(and(eq(checkins.userId, userId), isNull(checkins.activityId), isNotNull(checkins.rpe)));
    return true;
  });
}

export async function findBySourceRef(
  db: Db,
  { userId, source, sourceRef }: { userId: string; source: NewActivity["source"]; sourceRef: string },
) {
  const rows = await db
    .select({ id: activities.id, name: activities.name })
    .from(activities)
    .where(and(eq(activities.userId, userId), eq(activities.source, source), eq(activities.sourceRef, sourceRef)))
    .limit(1);
  return rows[0] ?? null;
}

/** Inserts unless the same source reference exists; returns the new id, or null for a duplicate. */
export async function insertActivity(db: Db, values: NewActivity): Promise<string | null> {
  const rows = await db
    .insert(activities)
    .values(values)
    .onConflictDoNothing({ target: [activities.userId, activities.source, activities.sourceRef] })
    .returning({ id: activities.id });
  return rows[0]?.id ?? null;
}

/**
 * Another of the runner's activities that is the same run: their times overlap and their
 * distances differ by at most 10%. Only activities that are not themselves duplicates qualify.
 */
export async function findSameRun(
  db: Db,
  {
    userId,
    startTime,
    elapsedS,
    distanceM,
    excludeId,
    excludeSource,
  }: { userId: string; startTime: Date; elapsedS: number; distanceM: number; excludeId?: string; excludeSource?: NewActivity["source"] },
): Promise<{ id: string; name: string; source: string } | null> {
  const end = new Date(startTime.getTime() + Math.max(elapsedS, 1) * 1000);
  const rows = await db
    .select({ id: activities.id, name: activities.name, source: activities.source })
    .from(activities)
    .where(
      and(
        eq(activities.userId, userId),
        isNull(activities.duplicateOf),
        excludeId ? ne(activities.id, excludeId) : undefined,
        excludeSource ? ne(activities.source, excludeSource) : undefined,
        lt(activities.startTime, end),
        sql`${activities.startTime} + make_interval(secs => greatest(${activities.elapsedS}, 1)) > ${startTime.toISOString()}::timestamptz`,
        sql`abs(${activities.distanceM} - ${distanceM}) <= 0.1 * greatest(${activities.distanceM}, ${distanceM})`,
      ),
    )
    .orderBy(activities.createdAt)
    .limit(1);
  return rows[0] ?? null;
}

/** Marks (or, with null, unmarks) the runner's activity as a duplicate of another of theirs. */
export async function setDuplicateOf(db: Db, { userId, id, duplicateOf }: { userId: string; id: string; duplicateOf: string | null }): Promise<boolean> {
  const rows = await db
    .update(activities)
    .set({ duplicateOf })
    .where(and(eq(activities.userId, userId), eq(activities.id, id)))
    .returning({ id: activities.id });
  return rows.length > 0;
}

/** Activities counted in place of this one, or that this one stands in for. */
export async function duplicatesOf(db: Db, { userId, id }: { userId: string; id: string }) {
  return db
    .select({ id: activities.id, name: activities.name, source: activities.source })
    .from(activities)
    .where(and(eq(activities.userId, userId), eq(activities.duplicateOf, id)));
}

/** The runner's edits of an activity (title, sport and its surface, notes, RPE) in one statement. */
export async function editActivity(
  db: Db,
  { userId, id, set }: { userId: string; id: string; set: Partial<Pick<NewActivity, "name" | "sport" | "notes" | "rpe" | "editedFields" | "surface" | "surfaceSource" | "surfaceConfidence" | "surfaceSplit">> },
): Promise<boolean> {
  if (Object.keys(set).length === 0) return true;
  const rows = await db
    .update(activities)
    .set(set)
    .where(and(eq(activities.userId, userId), eq(activities.id, id)))
    .returning({ id: activities.id });
  return rows.length > 0;
}
