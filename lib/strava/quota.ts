import type { Db } from "@/db/client";
import { env } from "@/lib/env";
import { exhaustQuotaWindow, readQuota, recordQuotaReading, takeQuotaSlot } from "@/db/queries/strava-quota";
import { DEFAULT_LIMITS, type QuotaUse, type RateLimitReading, resumeAt, utcDay, windowStart } from "./rate-limit";

/**
 * Patella's side of Strava's rate limits. Every request to the API first takes a slot here; the
 * count lives in PostgreSQL (strava_quota), so every app instance and every runner share it, and
 * each response's X-RateLimit headers correct it. Background work (history import, webhook
 * events) stops a tenth of the window short of the limit, at least 2 requests, so a runner opening
 * an activity page can still fetch its streams; interactive requests may use that reserve.
 * A refused slot says when to try again: the next quarter-hour, or 00:00 UTC when the day is spent.
 *
 * Webhook events are background work with a cap of their own: together they may spend at most
 * STRAVA_WEBHOOK_QUOTA_PERCENT (default 20) % of each limit, at least one request per window and
 * day, so a flood of events (forged or not) cannot pause anyone's import or page.
 */

export const RESERVE = { fraction: 0.1, min15: 2, minDay: 10 } as const;

/** The fraction of Strava's limits webhook events may spend (STRAVA_WEBHOOK_QUOTA_PERCENT / 100). */
export function webhookQuotaShare(): number {
  return env().STRAVA_WEBHOOK_QUOTA_PERCENT / 100;
}

export type QuotaDecision = { ok: true; used15: number; limit15: number } | { ok: false; resumeAt: Date; dailyExhausted: boolean };

export async function takeQuota(db: Db, now: Date, use: QuotaUse, webhookShare: number = webhookQuotaShare()): Promise<QuotaDecision> {
  const ws = windowStart(now);
  const day = utcDay(now);
  const background = use !== "interactive";
  const row = await takeQuotaSlot(db, {
    now,
    windowStart: ws,
    day,
    reserveFraction: background ? RESERVE.fraction : 0,
    reserveMin15: background ? RESERVE.min15 : 0,
    reserveMinDay: background ? RESERVE.minDay : 0,
    defaultLimit15: DEFAULT_LIMITS.limit15,
    defaultLimitDay: DEFAULT_LIMITS.limitDay,
    ...(use === "webhook" ? { webhookShare } : {}),
  });
  if (row) return { ok: true, used15: row.used15, limit15: row.limit15 };
  const current = await readQuota(db);
  // The day is what ran out when today's count is at its (reserved) limit, or webhooks' daily share.
  const usedDay = current && current.day === day ? current.usedDay : 0;
  const limitDay = current?.limitDay ?? DEFAULT_LIMITS.limitDay;
  const reserveDay = background ? Math.max(RESERVE.minDay, Math.ceil(limitDay * RESERVE.fraction)) : 0;
  const hookDay = current && current.webhookDay === day ? current.webhookUsedDay : 0;
  const hookDayOut = use === "webhook" && hookDay >= Math.max(1, Math.floor(limitDay * webhookShare));
  const dailyExhausted = usedDay >= limitDay - reserveDay || hookDayOut;
  return { ok: false, resumeAt: resumeAt(now, dailyExhausted), dailyExhausted };
}

/** Adopts what a response's rate headers said. */
export async function recordRateReading(db: Db, now: Date, reading: RateLimitReading): Promise<void> {
  await recordQuotaReading(db, { now, windowStart: windowStart(now), day: utcDay(now), ...reading });
}

/** A 429 without headers: nothing more this window. */
export async function markWindowExhausted(db: Db, now: Date): Promise<void> {
  await exhaustQuotaWindow(db, {
    now,
    windowStart: windowStart(now),
    day: utcDay(now),
    defaultLimit15: DEFAULT_LIMITS.limit15,
    defaultLimitDay: DEFAULT_LIMITS.limitDay,
  });
}
