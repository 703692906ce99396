/**
 * Strava's rate limits, pure (strava-api.md §4). Limits are per application, with a 15-minute window
 * that resets at :00, :15, :30 and :45 and a daily window that resets at 00:00 UTC. Every API
 * response carries the live limits and usage as "15-min,daily" pairs, for all requests
 * (X-RateLimit-*) and for reads (X-ReadRateLimit-*). Patella only reads, and a read counts in both
 * buckets, so what Patella may use is the lower of the two limits against the higher of the two usages.
 */

export const FIFTEEN_MIN_MS = 15 * 60_000;
const DAY_MS = 24 * 3_600_000;

/** Strava's documented defaults for the read bucket, used until a response says otherwise. */
export const DEFAULT_LIMITS = { limit15: 100, limitDay: 1_000 } as const;

export interface RateLimitReading {
  limit15: number;
  limitDay: number;
  usage15: number;
  usageDay: number;
}

function pair(value: string | null): [number, number] | null {
  if (!value) return null;
  const m = /^\s*(\d{1,9})\s*,\s*(\d{1,9})\s*$/.exec(value);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** The limits and usage a response reports, or null when it carries no (readable) rate headers. */
export function readRateHeaders(headers: Headers): RateLimitReading | null {
  const overallLimit = pair(headers.get("x-ratelimit-limit"));
  const overallUsage = pair(headers.get("x-ratelimit-usage"));
  const readLimit = pair(headers.get("x-readratelimit-limit"));
  const readUsage = pair(headers.get("x-readratelimit-usage"));
  const limits = [overallLimit, readLimit].filter((p): p is [number, number] => p !== null);
  const usages = [overallUsage, readUsage].filter((p): p is [number, number] => p !== null);
  if (limits.length === 0 || usages.length === 0) return null;
  return {
    limit15: Math.min(...limits.map((p) => p[0])),
    limitDay: Math.min(...limits.map((p) => p[1])),
    usage15: Math.max(...usages.map((p) => p[0])),
    usageDay: Math.max(...usages.map((p) => p[1])),
  };
}

/** The start of the 15-minute window `now` falls in. */
export function windowStart(now: Date): Date {
  return new Date(Math.floor(now.getTime() / FIFTEEN_MIN_MS) * FIFTEEN_MIN_MS);
}

/** When the next 15-minute window opens. */
export function nextWindow(now: Date): Date {
  return new Date(windowStart(now).getTime() + FIFTEEN_MIN_MS);
}

/** The UTC calendar day `now` falls in, as YYYY-MM-DD. */
export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** The next 00:00 UTC. */
export function nextUtcMidnight(now: Date): Date {
  return new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS + DAY_MS);
}

/**
 * Background or interactive: interactive requests may use the reserve. Webhook work is background
 * work that may also spend no more than its share of the limits (lib/strava/quota.ts).
 */
export type QuotaUse = "background" | "interactive" | "webhook";

/**
 * When work refused for lack of quota can try again: the next window, or the next UTC day when the
 * daily allowance is what ran out.
 */
export function resumeAt(now: Date, dailyExhausted: boolean): Date {
  return dailyExhausted ? nextUtcMidnight(now) : nextWindow(now);
}
