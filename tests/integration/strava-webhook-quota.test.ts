import { beforeEach, expect, it } from "vitest";
import { readQuota } from "@/db/queries/strava-quota";
import { stravaQuota } from "@/db/schema";
import { takeQuota, type QuotaDecision } from "@/lib/strava/quota";
import type { QuotaUse } from "@/lib/strava/rate-limit";
import { describeEachDatabase } from "../support/db";

/**
 * Webhooks' share of Strava's limits (lib/strava/quota.ts), on a real database. With Strava's
 * default read limits (100 per 15 minutes, 1,000 a day) and the default share of 20 %, webhook
 * work may take floor(100 × 0.2) = 20 requests a window and floor(1,000 × 0.2) = 200 a day, on top
 * of being background work (which stops at 90 a window and 900 a day).
 */

const T = new Date("2031-03-01T10:05:00.000Z"); // window 10:00–10:15, UTC day 2031-03-01
const SHARE = 0.2;

describeEachDatabase("webhooks' share of the Strava quota", ({ db }) => {
  beforeEach(async () => {
    await db().delete(stravaQuota);
  });

  const take = async (n: number, now: Date, use: QuotaUse, share = SHARE) => {
    const out: QuotaDecision[] = [];
    for (let i = 0; i < n; i++) out.push(await takeQuota(db(), now, use, share));
    return out;
  };
  const granted = (ds: QuotaDecision[]) => ds.filter((d) => d.ok).length;

  it("webhook work stops at 20 of a window's 100, and other work still has its own room", async () => {
    expect(granted(await take(20, T, "webhook"))).toBe(20);
    expect(await takeQuota(db(), T, "webhook", SHARE)).toEqual({ ok: false, resumeAt: new Date("2031-03-01T10:15:00.000Z"), dailyExhausted: false });
    // The refusal counted nothing; background work goes on to its own limit (90, webhooks' 20 included).
    expect(await readQuota(db())).toMatchObject({ used15: 20, usedDay: 20, webhookUsed15: 20, webhookUsedDay: 20 });
    expect(granted(await take(75, T, "background"))).toBe(70);
    expect(granted(await take(12, T, "interactive"))).toBe(10);
  });

  it("webhook work counts in the shared window too: it stops at the background reserve", async () => {
    expect(granted(await take(85, T, "background"))).toBe(85);
    // 5 left before the reserve of 10: webhooks get those 5, not their 20.
    expect(granted(await take(20, T, "webhook"))).toBe(5);
  });

  it("the next window gives webhooks a new 20, until the day's 200 are spent (then 00:00 UTC)", async () => {
    let granted15 = 0;
    for (let w = 0; w < 11; w++) {
      const now = new Date(T.getTime() + w * 15 * 60_000);
      granted15 += granted(await take(21, now, "webhook"));
    }
    // 10 windows of 20 = 200: the eleventh window gets nothing.
    expect(granted15).toBe(200);
    const later = new Date(T.getTime() + 11 * 15 * 60_000);
    expect(await takeQuota(db(), later, "webhook", SHARE)).toEqual({ ok: false, resumeAt: new Date("2031-03-02T00:00:00.000Z"), dailyExhausted: true });
    // Other background work still has the day (200 of 900 used).
    expect((await takeQuota(db(), later, "background", SHARE)).ok).toBe(true);
  });

  it("a share of 1 % of 100 still allows one request a window", async () => {
    expect(granted(await take(3, T, "webhook", 0.01))).toBe(1);
  });
});
