import { eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { stravaQuota } from "../schema";

/**
 * The shared Strava request counter (one row, id 1). See lib/strava/quota.ts for the rules; these
 * statements are each atomic, so any number of app instances can take requests at once without
 * together exceeding a window.
 */

export interface TakeQuotaArgs {
  now: Date;
  windowStart: Date;
  day: string;
  /** Requests kept back in the window / day (0 for interactive use). */
  reserveFraction: number;
  reserveMin15: number;
  reserveMinDay: number;
  /** Used for the very first row, before any response has told the live limits. */
  defaultLimit15: number;
  defaultLimitDay: number;
  /**
   * Webhook work: at most this fraction of each limit (15 minutes and day) may go to webhook
   * events, counted in their own columns; unset for other work.
   */
  webhookShare?: number;
}

export interface QuotaRow {
  windowStart: Date;
  day: string;
  used15: number;
  usedDay: number;
  limit15: number;
  limitDay: number;
  webhookDay: string | null;
  webhookUsedDay: number;
}

/**
 * Counts one request in the current window and day if both still have room above the reserve;
 * answers the counts after it, or null when there is no room (nothing is counted then).
 */
export async function takeQuotaSlot(db: Db, a: TakeQuotaArgs): Promise<QuotaRow | null> {
  const ws = a.windowStart.toISOString();
  const used15 = sql`(case when ${stravaQuota.windowStart} = ${ws}::timestamptz then ${stravaQuota.used15} else 0 end)`;
  const usedDay = sql`(case when ${stravaQuota.day} = ${a.day}::date then ${stravaQuota.usedDay} else 0 end)`;
  const reserve15 = a.reserveFraction === 0 ? sql`0` : sql`greatest(${a.reserveMin15}::int, ceil(${stravaQuota.limit15} * ${a.reserveFraction}::float8)::int)`;
  const reserveDay = a.reserveFraction === 0 ? sql`0` : sql`greatest(${a.reserveMinDay}::int, ceil(${stravaQuota.limitDay} * ${a.reserveFraction}::float8)::int)`;
  const room = sql`${used15} < ${stravaQuota.limit15} - ${reserve15} and ${usedDay} < ${stravaQuota.limitDay} - ${reserveDay}`;
  const share = a.webhookShare;
  if (share === undefined) {
    const rows = await db
      .insert(stravaQuota)
      .values({ id: 1, windowStart: a.windowStart, day: a.day, used15: 1, usedDay: 1, limit15: a.defaultLimit15, limitDay: a.defaultLimitDay, updatedAt: a.now })
      .onConflictDoUpdate({
        target: stravaQuota.id,
        set: { used15: sql`${used15} + 1`, usedDay: sql`${usedDay} + 1`, windowStart: a.windowStart, day: a.day, updatedAt: a.now },
        setWhere: room,
      })
      .returning();
    return rows[0] ?? null;
  }
  // Webhook work also needs room in its own share (at least one request per window and day).
  const hook15 = sql`(case when ${stravaQuota.webhookWindowStart} = ${ws}::timestamptz then ${stravaQuota.webhookUsed15} else 0 end)`;
  const hookDay = sql`(case when ${stravaQuota.webhookDay} = ${a.day}::date then ${stravaQuota.webhookUsedDay} else 0 end)`;
  const cap15 = sql`greatest(1, floor(${stravaQuota.limit15} * ${share}::float8)::int)`;
  const capDay = sql`greatest(1, floor(${stravaQuota.limitDay} * ${share}::float8)::int)`;
  const rows = await db
    .insert(stravaQuota)
    .values({
      id: 1,
      windowStart: a.windowStart,
      day: a.day,
      used15: 1,
      usedDay: 1,
      limit15: a.defaultLimit15,
      limitDay: a.defaultLimitDay,
      webhookWindowStart: a.windowStart,
      webhookUsed15: 1,
      webhookDay: a.day,
      webhookUsedDay: 1,
      updatedAt: a.now,
    })
    .onConflictDoUpdate({
      target: stravaQuota.id,
      set: {
        used15: sql`${used15} + 1`,
        usedDay: sql`${usedDay} + 1`,
        windowStart: a.windowStart,
        day: a.day,
        webhookUsed15: sql`${hook15} + 1`,
        webhookUsedDay: sql`${hookDay} + 1`,
        webhookWindowStart: a.windowStart,
        webhookDay: a.day,
        updatedAt: a.now,
      },
      setWhere: sql`${room} and ${hook15} < ${cap15} and ${hookDay} < ${capDay}`,
    })
    .returning();
  return rows[0] ?? null;
}

/**
 * Brings the counter in line with what Strava reported (its usage may be higher: other clients of
 * the same application, or requests Patella lost count of), and adopts the live limits.
 */
export async function recordQuotaReading(
  db: Db,
  r: { now: Date; windowStart: Date; day: string; limit15: number; limitDay: number; usage15: number; usageDay: number },
): Promise<void> {
  const ws = r.windowStart.toISOString();
  await db
    .insert(stravaQuota)
    .values({ id: 1, windowStart: r.windowStart, day: r.day, used15: r.usage15, usedDay: r.usageDay, limit15: r.limit15, limitDay: r.limitDay, updatedAt: r.now })
    .onConflictDoUpdate({
      target: stravaQuota.id,
      set: {
        used15: sql`case when ${stravaQuota.windowStart} = ${ws}::timestamptz then greatest(${stravaQuota.used15}, ${r.usage15}::int) else ${r.usage15}::int end`,
        usedDay: sql`case when ${stravaQuota.day} = ${r.day}::date then greatest(${stravaQuota.usedDay}, ${r.usageDay}::int) else ${r.usageDay}::int end`,
        windowStart: r.windowStart,
        day: r.day,
        limit15: r.limit15,
        limitDay: r.limitDay,
        updatedAt: r.now,
      },
    });
}

/** Marks the current window as used up (a 429 that carried no rate headers). */
export async function exhaustQuotaWindow(db: Db, r: { now: Date; windowStart: Date; day: string; defaultLimit15: number; defaultLimitDay: number }): Promise<void> {
  await db
    .insert(stravaQuota)
    .values({ id: 1, windowStart: r.windowStart, day: r.day, used15: r.defaultLimit15, usedDay: 0, limit15: r.defaultLimit15, limitDay: r.defaultLimitDay, updatedAt: r.now })
    .onConflictDoUpdate({
      target: stravaQuota.id,
      set: {
        used15: sql`${stravaQuota.limit15}`,
        usedDay: sql`case when ${stravaQuota.day} = ${r.day}::date then ${stravaQuota.usedDay} else 0 end`,
        windowStart: r.windowStart,
        day: r.day,
        updatedAt: r.now,
      },
    });
}

export async function readQuota(db: Db): Promise<QuotaRow | null> {
  const rows = await db.select().from(stravaQuota).where(eq(stravaQuota.id, 1)).limit(1);
  return rows[0] ?? null;
}
