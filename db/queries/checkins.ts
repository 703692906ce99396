import { and, asc, count, desc, eq, gte, inArray, isNotNull, isNull, lt, sql } from "drizzle-orm";
import type { CheckinFact } from "@/lib/checkins/types";
import type { Db } from "../client";
import { activities, checkins, type NewCheckin, RUNNING_SPORTS } from "../schema";

/** Columns the API returns for a check-in, with its wall-clock time in its own time zone and the linked run. */
const viewColumns = {
  id: checkins.id,
  at: checkins.at,
  localDate: checkins.localDate,
  timeZone: checkins.timeZone,
  localDateTime: sql<string>`to_char(${checkins.at} at time zone ${checkins.timeZone}, 'YYYY-MM-DD"T"HH24:MI')`,
  pain: checkins.pain,
  timing: checkins.timing,
  locations: checkins.locations,
  side: checkins.side,
  redFlags: checkins.redFlags,
  redFlagsSeenAt: checkins.redFlagsSeenAt,
  stoppedRun: checkins.stoppedRun,
  rpe: checkins.rpe,
  notes: checkins.notes,
  activityId: checkins.activityId,
  activityName: activities.name,
  createdAt: checkins.createdAt,
  updatedAt: checkins.updatedAt,
};

type CheckinRow = Awaited<ReturnType<typeof selectViews>>[number];

export type CheckinView = Omit<CheckinRow, "activityId" | "activityName"> & { activity: { id: string; name: string } | null };

function toView({ activityId, activityName, ...row }: CheckinRow): CheckinView {
  return { ...row, activity: activityId ? { id: activityId, name: activityName ?? "" } : null };
}

function selectViews(db: Db) {
  return db.select(viewColumns).from(checkins).leftJoin(activities, eq(activities.id, checkins.activityId));
}

/** The runner's check-ins, newest first. */
export async function listCheckins(
  db: Db,
  { userId, limit, offset }: { userId: string; limit: number; offset: number },
): Promise<{ items: CheckinView[]; total: number }> {
  const [rows, totals] = await Promise.all([
    selectViews(db).where(eq(checkins.userId, userId)).orderBy(desc(checkins.at), desc(checkins.id)).limit(limit).offset(offset),
    db.select({ n: count() }).from(checkins).where(eq(checkins.userId, userId)),
  ]);
  return { items: rows.map(toView), total: totals[0]?.n ?? 0 };
}

/** The runner's check-ins linked to one of their activities, oldest first. */
export async function checkinsOfActivity(db: Db, { userId, activityId }: { userId: string; activityId: string }): Promise<CheckinView[]> {
  const rows = await selectViews(db)
    .where(and(eq(checkins.userId, userId), eq(checkins.activityId, activityId)))
    .orderBy(asc(checkins.at));
  return rows.map(toView);
}

/** The runner's own check-in, or null — also for another runner's id, so callers answer 404. */
export async function getCheckin(db: Db, { userId, id }: { userId: string; id: string }): Promise<CheckinView | null> {
  const rows = await selectViews(db)
    .where(and(eq(checkins.userId, userId), eq(checkins.id, id)))
    .limit(1);
  return rows[0] ? toView(rows[0]) : null;
}

/** Check-ins with warning signs the runner has not yet marked as seen by a professional, newest first. */
export async function openRedFlagCheckins(db: Db, userId: string): Promise<CheckinView[]> {
  const rows = await selectViews(db)
    .where(and(eq(checkins.userId, userId), isNull(checkins.redFlagsSeenAt), sql`cardinality(${checkins.redFlags}) > 0`))
    .orderBy(desc(checkins.at));
  return rows.map(toView);
}

/** What the interpretation reads: check-ins in [from, to) (instants), oldest first. */
export async function checkinFacts(db: Db, { userId, from, to }: { userId: string; from: Date; to: Date }): Promise<CheckinFact[]> {
  return db
    .select({
      id: checkins.id,
      at: checkins.at,
      localDate: checkins.localDate,
      pain: checkins.pain,
      timing: checkins.timing,
      activityId: checkins.activityId,
      redFlags: checkins.redFlags,
      stoppedRun: checkins.stoppedRun,
    })
    .from(checkins)
    .where(and(eq(checkins.userId, userId), gte(checkins.at, from), lt(checkins.at, to)))
    .orderBy(asc(checkins.at));
}

/** Whether the activity exists and belongs to the runner (a check-in may only link the runner's own runs). */
export async function ownsActivity(db: Db, { userId, activityId }: { userId: string; activityId: string }): Promise<boolean> {
  const rows = await db
    .select({ id: activities.id })
    .from(activities)
    .where(and(eq(activities.userId, userId), eq(activities.id, activityId)))
    .limit(1);
  return rows.length > 0;
}

/**
 * activities.rpe follows the check-ins: the RPE of the latest check-in that rated the run, or null
 * when none does any more. Called in the same transaction as every check-in change, so the load
 * model (which reads activities.rpe, and whose cache the activities trigger invalidates) never sees
 * a half-made change.
 */
async function syncActivityRpe(db: Db, userId: string, activityIds: readonly (string | null | undefined)[]): Promise<void> {
  const ids = [...new Set(activityIds.filter((id): id is string => typeof id === "string"))];
  if (ids.length === 0) return;
  const latest = db
    .select({ rpe: checkins.rpe })
    .from(checkins)
    .where(and(eq(checkins.activityId, activities.id), isNotNull(checkins.rpe)))
    .orderBy(desc(checkins.at), desc(checkins.createdAt))
    .limit(1);
  await db
    .update(activities)
    .set({ rpe: sql`(${latest})` })
    .where(and(eq(activities.userId, userId), inArray(activities.id, ids)));
}

export type CheckinValues = Omit<NewCheckin, "id" | "userId" | "createdAt" | "updatedAt">;

/** `createdAt`/`updatedAt` only for a check-in restored from an export (it keeps its own). */
export async function insertCheckin(db: Db, userId: string, values: CheckinValues & Partial<Pick<NewCheckin, "createdAt" | "updatedAt">>): Promise<string> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(checkins)
      .values({ ...values, userId })
      .returning({ id: checkins.id });
    await syncActivityRpe(tx, userId, [values.activityId]);
    return row!.id;
  });
}

/** Changes the runner's own check-in; false when there is no such check-in. */
export async function updateCheckin(db: Db, { userId, id, values }: { userId: string; id: string; values: Partial<CheckinValues> }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ activityId: checkins.activityId })
      .from(checkins)
      .where(and(eq(checkins.userId, userId), eq(checkins.id, id)))
      .for("update");
    if (!before) return false;
    if (Object.keys(values).length > 0) {
      await tx
        .update(checkins)
        .set(values)
        .where(and(eq(checkins.userId, userId), eq(checkins.id, id)));
    }
    await syncActivityRpe(tx, userId, [before.activityId, values.activityId]);
    return true;
  });
}

export async function deleteCheckin(db: Db, { userId, id }: { userId: string; id: string }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .delete(checkins)
      .where(and(eq(checkins.userId, userId), eq(checkins.id, id)))
      .returning({ activityId: checkins.activityId });
    if (rows.length === 0) return false;
    await syncActivityRpe(tx, userId, [rows[0]!.activityId]);
    return true;
  });
}

/** Recent runs a check-in can be linked to (the form's list), newest first. */
export async function recentRunsForCheckin(
  db: Db,
  { userId, since, timeZone }: { userId: string; since: Date; timeZone: string },
): Promise<{ id: string; name: string; localDate: string; startTime: Date; distanceM: number }[]> {
  return db
    .select({
      id: activities.id,
      name: activities.name,
      localDate: sql<string>`to_char(${activities.startTime} at time zone ${timeZone}, 'YYYY-MM-DD')`,
      startTime: activities.startTime,
      distanceM: activities.distanceM,
    })
    .from(activities)
    .where(
      and(
        eq(activities.userId, userId),
        gte(activities.startTime, since),
        inArray(activities.sport, [...RUNNING_SPORTS]),
        isNull(activities.duplicateOf),
      ),
    )
    .orderBy(desc(activities.startTime))
    .limit(20);
}
