import { and, count, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../client";
import { activities, checkins, gear, jobs, stravaConnections, type StravaConnection } from "../schema";

export interface StravaTokensInput {
  userId: string;
  athleteId: number;
  accessTokenEnc: string;
  refreshTokenEnc: string;
  expiresAt: Date;
  scopes: string | null;
  athleteCreatedAt?: Date | null;
}

/**
 * Stores the newest tokens of a runner's Strava connection in one statement (insert or replace).
 * A reconnect makes the connection active again and keeps the history import where it was.
 */
export async function upsertStravaConnection(db: Db, input: StravaTokensInput): Promise<void> {
  const { userId: _userId, athleteCreatedAt, ...rest } = input;
  await db
    .insert(stravaConnections)
    .values({ ...input, athleteCreatedAt: athleteCreatedAt ?? null })
    .onConflictDoUpdate({
      target: stravaConnections.userId,
      set: {
        ...rest,
        ...(athleteCreatedAt ? { athleteCreatedAt } : {}),
        status: "active",
        lastError: null,
        updatedAt: new Date(),
      },
    });
}

export async function getStravaConnection(db: Db, userId: string): Promise<StravaConnection | null> {
  const rows = await db.select().from(stravaConnections).where(eq(stravaConnections.userId, userId)).limit(1);
  return rows[0] ?? null;
}

export async function getStravaConnectionByAthlete(db: Db, athleteId: number): Promise<StravaConnection | null> {
  const rows = await db.select().from(stravaConnections).where(eq(stravaConnections.athleteId, athleteId)).limit(1);
  return rows[0] ?? null;
}

/** The connection row, locked until the end of the transaction (serialises token refreshes). */
export async function lockStravaConnection(tx: Db, userId: string): Promise<StravaConnection | null> {
  const rows = await tx.select().from(stravaConnections).where(eq(stravaConnections.userId, userId)).for("update").limit(1);
  return rows[0] ?? null;
}

export async function updateStravaTokens(
  db: Db,
  { userId, accessTokenEnc, refreshTokenEnc, expiresAt }: { userId: string; accessTokenEnc: string; refreshTokenEnc: string; expiresAt: Date },
): Promise<void> {
  await db
    .update(stravaConnections)
    .set({ accessTokenEnc, refreshTokenEnc, expiresAt, updatedAt: new Date() })
    .where(eq(stravaConnections.userId, userId));
}

/**
 * Strava refused the tokens: the runner must reconnect. Only while the refresh token is still the
 * one that was refused (a newer one stored meanwhile means someone already recovered).
 */
export async function markReconnectNeeded(db: Db, { userId, refreshTokenEnc, reason }: { userId: string; refreshTokenEnc: string; reason: string }): Promise<boolean> {
  const rows = await db
    .update(stravaConnections)
    .set({ status: "reconnect_needed", lastError: reason, updatedAt: new Date() })
    .where(and(eq(stravaConnections.userId, userId), eq(stravaConnections.refreshTokenEnc, refreshTokenEnc)))
    .returning({ userId: stravaConnections.userId });
  return rows.length > 0;
}

export type BackfillUpdate = Partial<
  Pick<
    StravaConnection,
    | "backfillStatus"
    | "backfillBefore"
    | "backfillLastPage"
    | "backfillPausedUntil"
    | "backfillStartedAt"
    | "backfillFinishedAt"
    | "lastSyncAt"
    | "lastError"
  >
> & { addImported?: number; addPages?: number; /** Back to 0 imported and 0 pages (a new history import). */ resetCounts?: boolean };

export async function updateBackfill(db: Db, userId: string, update: BackfillUpdate): Promise<void> {
  const { addImported, addPages, resetCounts, ...set } = update;
  await db
    .update(stravaConnections)
    .set({
      ...set,
      ...(resetCounts ? { backfillImported: 0, backfillPages: 0, backfillLastPage: null } : {}),
      ...(addImported ? { backfillImported: sql`${stravaConnections.backfillImported} + ${addImported}` } : {}),
      ...(addPages ? { backfillPages: sql`${stravaConnections.backfillPages} + ${addPages}` } : {}),
      updatedAt: new Date(),
    })
    .where(eq(stravaConnections.userId, userId));
}

export async function countStravaActivities(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(activities)
    .where(and(eq(activities.userId, userId), eq(activities.source, "strava")));
  return row?.n ?? 0;
}

export interface PurgeCounts {
  activities: number;
  gear: number;
  jobs: number;
}

/**
 * Deletes everything that came from Strava for the runner, in one transaction: the activities
 * (streams follow by cascade; check-ins stay, unlinked, without the run's effort rating), the
 * gear, the pending Strava jobs and the connection with its tokens. Uploaded files and everything
 * the runner entered stay.
 */
export async function purgeStravaData(db: Db, userId: string, now: Date): Promise<PurgeCounts> {
  return db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    const cancelled = await tx
      .update(jobs)
      .set({ status: "cancelled", lockedBy: null, lockedUntil: null, finishedAt: now, updatedAt: now })
      .where(and(eq(jobs.userId, userId), sql`${jobs.kind} like 'strava.%'`, inArray(jobs.status, ["queued", "running"])))
      .returning({ id: jobs.id });
    const deleted = await tx
      .delete(activities)
      .where(and(eq(activities.userId, userId), eq(activities.source, "strava")))
      .returning({ id: activities.id });
    if (deleted.length > 0) {
      await tx
        .update(checkins)
        .set({ rpe: null })
        .where(and(eq(checkins.userId, userId), sql`${checkins.activityId} is null`, sql`${checkins.rpe} is not null`));
    }
    const gone = await tx.delete(gear).where(and(eq(gear.userId, userId), eq(gear.source, "strava"))).returning({ ref: gear.sourceRef });
    await tx.delete(stravaConnections).where(eq(stravaConnections.userId, userId));
    return { activities: deleted.length, gear: gone.length, jobs: cancelled.length };
  });
}
