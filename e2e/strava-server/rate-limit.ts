/**
 * Strava's rate limits (§4 of the reference): per application, an overall limit and a "read"
 * (non-upload) limit, each with a 15-minute window that resets at :00, :15, :30 and :45 and a
 * daily window that resets at 00:00 UTC. Every request counts, including the ones refused with
 * 429 (they "still count toward the daily limit"), and every API response carries the four
 * headers, each "15-min,daily".
 */

export interface WindowLimits {
  fifteenMinute: number;
  daily: number;
}

export interface RateLimits {
  overall: WindowLimits;
  read: WindowLimits;
}

/** The defaults of Strava's rate-limits page. */
export const STRAVA_DEFAULT_RATE_LIMITS: RateLimits = {
  overall: { fifteenMinute: 200, daily: 2000 },
  read: { fifteenMinute: 100, daily: 1000 },
};

export type RateLimitsInput = { overall?: Partial<WindowLimits>; read?: Partial<WindowLimits> };

export function mergeLimits(base: RateLimits, input: RateLimitsInput | undefined): RateLimits {
  return {
    overall: { ...base.overall, ...input?.overall },
    read: { ...base.read, ...input?.read },
  };
}

const QUARTER = 15 * 60;
const DAY = 24 * 3600;

class Bucket {
  private quarter = -1;
  private quarterCount = 0;
  private day = -1;
  private dayCount = 0;

  constructor(public limits: WindowLimits) {}

  /** Rolls the windows to `now`: epoch seconds are UTC, so flooring aligns them as Strava does. */
  private roll(now: number) {
    const q = Math.floor(now / QUARTER);
    if (q !== this.quarter) {
      this.quarter = q;
      this.quarterCount = 0;
    }
    const d = Math.floor(now / DAY);
    if (d !== this.day) {
      this.day = d;
      this.dayCount = 0;
    }
  }

  hit(now: number) {
    this.roll(now);
    this.quarterCount++;
    this.dayCount++;
  }

  usage(now: number): [number, number] {
    this.roll(now);
    return [this.quarterCount, this.dayCount];
  }

  exceeded(now: number): boolean {
    const [q, d] = this.usage(now);
    return q > this.limits.fifteenMinute || d > this.limits.daily;
  }

  reset() {
    this.quarter = -1;
    this.day = -1;
  }
}

export interface RateLimitUsage {
  overall: [number, number];
  read: [number, number];
}

export class RateLimiter {
  private readonly overall: Bucket;
  private readonly read: Bucket;

  constructor(limits: RateLimits) {
    this.overall = new Bucket({ ...limits.overall });
    this.read = new Bucket({ ...limits.read });
  }

  get limits(): RateLimits {
    return { overall: { ...this.overall.limits }, read: { ...this.read.limits } };
  }

  setLimits(input: RateLimitsInput) {
    const next = mergeLimits(this.limits, input);
    this.overall.limits = next.overall;
    this.read.limits = next.read;
  }

  resetUsage() {
    this.overall.reset();
    this.read.reset();
  }

  usage(now: number): RateLimitUsage {
    return { overall: this.overall.usage(now), read: this.read.usage(now) };
  }

  /**
   * Counts one request (a read request also counts in the read bucket) and says whether it is
   * over a limit, with the headers to send either way.
   */
  record(now: number, isRead: boolean): { limited: boolean; headers: Record<string, string> } {
    this.overall.hit(now);
    if (isRead) this.read.hit(now);
    const limited = this.overall.exceeded(now) || (isRead && this.read.exceeded(now));
    return { limited, headers: this.headers(now) };
  }

  headers(now: number): Record<string, string> {
    const o = this.overall.limits;
    const r = this.read.limits;
    return {
      "X-RateLimit-Limit": `${o.fifteenMinute},${o.daily}`,
      "X-RateLimit-Usage": this.overall.usage(now).join(","),
      "X-ReadRateLimit-Limit": `${r.fifteenMinute},${r.daily}`,
      "X-ReadRateLimit-Usage": this.read.usage(now).join(","),
    };
  }
}
