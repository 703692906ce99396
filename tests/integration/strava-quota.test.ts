import { beforeEach, describe, expect, it } from "vitest";
import { openPostgres, type Db } from "@/db/client";
import { readQuota } from "@/db/queries/strava-quota";
import { stravaQuota } from "@/db/schema";
import { markWindowExhausted, recordRateReading, takeQuota, type QuotaDecision } from "@/lib/strava/quota";
import type { QuotaUse } from "@/lib/strava/rate-limit";
import { describeEachDatabase } from "../support/db";

/**
 * lib/strava/quota.ts on a real database. The defaults are Strava's read limits, 100 per 15
 * minutes and 1,000 a day. Background work keeps back max(2, ⌈10 %⌉) of the window (10 of 100:
 * 90 usable) and max(10, ⌈10 %⌉) of the day (100 of 1,000: 900 usable); interactive work may use
 * everything.
 */

const T = new Date("2031-03-01T10:05:00.000Z"); // window 10:00–10:15, UTC day 2031-03-01
const at = (iso: string) => new Date(iso);

async function takeMany(db: Db, n: number, now: Date, use: QuotaUse): Promise<QuotaDecision[]> {
  const out: QuotaDecision[] = [];
  for (let i = 0; i < n; i++) out.push(await takeQuota(db, now, use));
  return out;
}

const granted = (ds: QuotaDecision[]) => ds.filter((d) => d.ok).length;

describeEachDatabase("strava quota", ({ db, kind, test }) => {
  beforeEach(async () => {
    await db().delete(stravaQuota);
  });

  const row = async () => {
    const r = await readQuota(db());
    if (!r) throw new Error("no strava_quota row");
    return { windowStart: r.windowStart.toISOString(), day: r.day, used15: r.used15, usedDay: r.usedDay, limit15: r.limit15, limitDay: r.limitDay };
  };

  describe("takeQuota", () => {
    it("the first request creates the row with Strava's default limits", async () => {
      expect(await readQuota(db())).toBeNull();
      expect(await takeQuota(db(), T, "background")).toEqual({ ok: true, used15: 1, limit15: 100 });
      expect(await row()).toEqual({ windowStart: "2031-03-01T10:00:00.000Z", day: "2031-03-01", used15: 1, usedDay: 1, limit15: 100, limitDay: 1000 });
    });

    it("background use stops at the limit less the reserve: 90 of 100, then the next quarter hour", async () => {
      const ds = await takeMany(db(), 90, T, "background");
      expect(ds).toEqual(Array.from({ length: 90 }, (_, i) => ({ ok: true, used15: i + 1, limit15: 100 })));
      expect(await takeQuota(db(), T, "background")).toEqual({ ok: false, resumeAt: at("2031-03-01T10:15:00.000Z"), dailyExhausted: false });
      // A refusal counts nothing.
      expect(await takeQuota(db(), at("2031-03-01T10:14:59.999Z"), "background")).toEqual({
        ok: false,
        resumeAt: at("2031-03-01T10:15:00.000Z"),
        dailyExhausted: false,
      });
      expect(await row()).toMatchObject({ used15: 90, usedDay: 90 });
    });

    it("interactive use may take the reserve, up to the full 100", async () => {
      await takeMany(db(), 90, T, "background");
      const ds = await takeMany(db(), 10, T, "interactive");
      expect(ds).toEqual(Array.from({ length: 10 }, (_, i) => ({ ok: true, used15: 91 + i, limit15: 100 })));
      expect(await takeQuota(db(), T, "interactive")).toEqual({ ok: false, resumeAt: at("2031-03-01T10:15:00.000Z"), dailyExhausted: false });
      expect(await takeQuota(db(), T, "background")).toEqual({ ok: false, resumeAt: at("2031-03-01T10:15:00.000Z"), dailyExhausted: false });
      expect(await row()).toMatchObject({ used15: 100, usedDay: 100 });
    });

    it("interactive requests alone also reach 100, not more", async () => {
      expect(granted(await takeMany(db(), 105, T, "interactive"))).toBe(100);
      expect(await row()).toMatchObject({ used15: 100, usedDay: 100 });
    });

    it("interactive use leaves less for background work in the same window", async () => {
      await takeMany(db(), 85, T, "interactive");
      expect(granted(await takeMany(db(), 10, T, "background"))).toBe(5);
      expect(await row()).toMatchObject({ used15: 90 });
    });

    it("a new window resets the 15-minute count but not the daily count", async () => {
      await takeMany(db(), 90, T, "background");
      expect((await takeQuota(db(), at("2031-03-01T10:14:59.999Z"), "background")).ok).toBe(false);
      // 10:15:00 exactly opens the next window.
      expect(await takeQuota(db(), at("2031-03-01T10:15:00.000Z"), "background")).toEqual({ ok: true, used15: 1, limit15: 100 });
      expect(await row()).toEqual({ windowStart: "2031-03-01T10:15:00.000Z", day: "2031-03-01", used15: 1, usedDay: 91, limit15: 100, limitDay: 1000 });
      // A later window, skipping some: still the same day.
      expect(await takeQuota(db(), at("2031-03-01T13:31:00.000Z"), "background")).toEqual({ ok: true, used15: 1, limit15: 100 });
      expect(await row()).toMatchObject({ windowStart: "2031-03-01T13:30:00.000Z", used15: 1, usedDay: 92 });
    });

    it("a new UTC day resets both counts", async () => {
      const late = at("2031-03-01T23:59:59.999Z");
      await takeMany(db(), 7, late, "background");
      expect(await row()).toMatchObject({ windowStart: "2031-03-01T23:45:00.000Z", day: "2031-03-01", used15: 7, usedDay: 7 });
      expect(await takeQuota(db(), at("2031-03-02T00:00:00.000Z"), "background")).toEqual({ ok: true, used15: 1, limit15: 100 });
      expect(await row()).toMatchObject({ windowStart: "2031-03-02T00:00:00.000Z", day: "2031-03-02", used15: 1, usedDay: 1 });
    });

    it("the daily default: background stops at 900 of 1,000, then the next 00:00 UTC", async () => {
      // Ten windows of 90 background requests: 900 for the day.
      for (let w = 0; w < 10; w++) {
        const now = new Date(Date.parse("2031-03-01T00:01:00.000Z") + w * 15 * 60_000);
        expect(granted(await takeMany(db(), 90, now, "background"))).toBe(90);
      }
      expect(await row()).toMatchObject({ windowStart: "2031-03-01T02:15:00.000Z", used15: 90, usedDay: 900 });
      // A fresh window, but the day's background share is spent.
      const next = at("2031-03-01T02:31:00.000Z");
      expect(await takeQuota(db(), next, "background")).toEqual({ ok: false, resumeAt: at("2031-03-02T00:00:00.000Z"), dailyExhausted: true });
      // Interactive use still may.
      expect(await takeQuota(db(), next, "interactive")).toEqual({ ok: true, used15: 1, limit15: 100 });
    });

    it("daily exhaustion with small live limits (20 per window, 25 a day)", async () => {
      // Background: window reserve max(2, ⌈2⌉) = 2 → 18; day reserve max(10, ⌈2.5⌉) = 10 → 15.
      await recordRateReading(db(), T, { limit15: 20, limitDay: 25, usage15: 0, usageDay: 0 });
      expect(await row()).toEqual({ windowStart: "2031-03-01T10:00:00.000Z", day: "2031-03-01", used15: 0, usedDay: 0, limit15: 20, limitDay: 25 });

      const ds = await takeMany(db(), 15, T, "background");
      expect(ds.at(-1)).toEqual({ ok: true, used15: 15, limit15: 20 });
      expect(granted(ds)).toBe(15);
      // The window has room (15 < 18); the day does not.
      expect(await takeQuota(db(), T, "background")).toEqual({ ok: false, resumeAt: at("2031-03-02T00:00:00.000Z"), dailyExhausted: true });
      // Nor in the next window.
      expect(await takeQuota(db(), at("2031-03-01T10:20:00.000Z"), "background")).toEqual({
        ok: false,
        resumeAt: at("2031-03-02T00:00:00.000Z"),
        dailyExhausted: true,
      });

      // Interactive: the rest of the day, 10 more, then refused until midnight too.
      const inter = await takeMany(db(), 10, at("2031-03-01T10:20:00.000Z"), "interactive");
      expect(inter).toEqual(Array.from({ length: 10 }, (_, i) => ({ ok: true, used15: i + 1, limit15: 20 })));
      expect(await takeQuota(db(), at("2031-03-01T10:21:00.000Z"), "interactive")).toEqual({
        ok: false,
        resumeAt: at("2031-03-02T00:00:00.000Z"),
        dailyExhausted: true,
      });
      expect(await row()).toMatchObject({ used15: 10, usedDay: 25 });

      // Refused just before midnight; granted at midnight (the live limits stay).
      expect((await takeQuota(db(), at("2031-03-01T23:59:59.999Z"), "background")).ok).toBe(false);
      expect(await takeQuota(db(), at("2031-03-02T00:00:00.000Z"), "background")).toEqual({ ok: true, used15: 1, limit15: 20 });
      expect(await row()).toEqual({ windowStart: "2031-03-02T00:00:00.000Z", day: "2031-03-02", used15: 1, usedDay: 1, limit15: 20, limitDay: 25 });
    });

    it("a window refusal is not a daily one while the day has room", async () => {
      // 20 per window (background: 18), 1,000 a day (background: 900).
      await recordRateReading(db(), T, { limit15: 20, limitDay: 1000, usage15: 0, usageDay: 0 });
      expect(granted(await takeMany(db(), 18, T, "background"))).toBe(18);
      expect(await takeQuota(db(), T, "background")).toEqual({ ok: false, resumeAt: at("2031-03-01T10:15:00.000Z"), dailyExhausted: false });
    });
  });

  describe("recordRateReading", () => {
    it("creates the row from a first reading", async () => {
      await recordRateReading(db(), T, { limit15: 600, limitDay: 30000, usage15: 4, usageDay: 44 });
      expect(await row()).toEqual({ windowStart: "2031-03-01T10:00:00.000Z", day: "2031-03-01", used15: 4, usedDay: 44, limit15: 600, limitDay: 30000 });
    });

    it("raises the counts to Strava's higher usage and adopts the new limits", async () => {
      await takeMany(db(), 5, T, "background");
      await recordRateReading(db(), T, { limit15: 200, limitDay: 2000, usage15: 40, usageDay: 300 });
      expect(await row()).toEqual({ windowStart: "2031-03-01T10:00:00.000Z", day: "2031-03-01", used15: 40, usedDay: 300, limit15: 200, limitDay: 2000 });
      expect(await takeQuota(db(), T, "background")).toEqual({ ok: true, used15: 41, limit15: 200 });
    });

    it("never lowers the counts within the same window and day, but still adopts the limits", async () => {
      await takeMany(db(), 30, T, "background");
      await recordRateReading(db(), T, { limit15: 150, limitDay: 1500, usage15: 12, usageDay: 20 });
      expect(await row()).toMatchObject({ used15: 30, usedDay: 30, limit15: 150, limitDay: 1500 });
    });

    it("background work then stops at the new limit less its reserve", async () => {
      // Limit 200: reserve max(2, 20) = 20, so background may count up to 180.
      await recordRateReading(db(), T, { limit15: 200, limitDay: 2000, usage15: 179, usageDay: 179 });
      expect(await takeQuota(db(), T, "background")).toEqual({ ok: true, used15: 180, limit15: 200 });
      expect(await takeQuota(db(), T, "background")).toEqual({ ok: false, resumeAt: at("2031-03-01T10:15:00.000Z"), dailyExhausted: false });
      expect(await takeQuota(db(), T, "interactive")).toEqual({ ok: true, used15: 181, limit15: 200 });
    });

    it("a lowered limit below the count refuses at once", async () => {
      await takeMany(db(), 60, T, "background");
      await recordRateReading(db(), T, { limit15: 50, limitDay: 1000, usage15: 60, usageDay: 60 });
      expect(await takeQuota(db(), T, "interactive")).toEqual({ ok: false, resumeAt: at("2031-03-01T10:15:00.000Z"), dailyExhausted: false });
    });

    it("in a new window Strava's usage replaces the old window's count; in a new day, the daily count", async () => {
      await takeMany(db(), 50, T, "background");
      await recordRateReading(db(), at("2031-03-01T10:20:00.000Z"), { limit15: 100, limitDay: 1000, usage15: 3, usageDay: 40 });
      // New window: 3 (not max(50, 3)); same day: max(50, 40) = 50.
      expect(await row()).toEqual({ windowStart: "2031-03-01T10:15:00.000Z", day: "2031-03-01", used15: 3, usedDay: 50, limit15: 100, limitDay: 1000 });
      await recordRateReading(db(), at("2031-03-02T00:03:00.000Z"), { limit15: 100, limitDay: 1000, usage15: 2, usageDay: 2 });
      expect(await row()).toEqual({ windowStart: "2031-03-02T00:00:00.000Z", day: "2031-03-02", used15: 2, usedDay: 2, limit15: 100, limitDay: 1000 });
    });
  });

  describe("markWindowExhausted", () => {
    it("uses up the window, keeps the day's count, and the next window is open again", async () => {
      await takeMany(db(), 3, T, "background");
      await markWindowExhausted(db(), at("2031-03-01T10:06:00.000Z"));
      expect(await row()).toEqual({ windowStart: "2031-03-01T10:00:00.000Z", day: "2031-03-01", used15: 100, usedDay: 3, limit15: 100, limitDay: 1000 });
      expect(await takeQuota(db(), at("2031-03-01T10:07:00.000Z"), "interactive")).toEqual({
        ok: false,
        resumeAt: at("2031-03-01T10:15:00.000Z"),
        dailyExhausted: false,
      });
      expect(await takeQuota(db(), at("2031-03-01T10:15:00.000Z"), "background")).toEqual({ ok: true, used15: 1, limit15: 100 });
      expect(await row()).toMatchObject({ used15: 1, usedDay: 4 });
    });

    it("on an empty table: the window is used up at the default limit", async () => {
      await markWindowExhausted(db(), T);
      expect(await row()).toEqual({ windowStart: "2031-03-01T10:00:00.000Z", day: "2031-03-01", used15: 100, usedDay: 0, limit15: 100, limitDay: 1000 });
      expect(await takeQuota(db(), T, "interactive")).toEqual({ ok: false, resumeAt: at("2031-03-01T10:15:00.000Z"), dailyExhausted: false });
    });

    it("uses the live limit, moves a stale row to the current window, and resets a past day's count", async () => {
      await recordRateReading(db(), T, { limit15: 30, limitDay: 300, usage15: 5, usageDay: 50 });
      await markWindowExhausted(db(), at("2031-03-02T08:40:00.000Z"));
      expect(await row()).toEqual({ windowStart: "2031-03-02T08:30:00.000Z", day: "2031-03-02", used15: 30, usedDay: 0, limit15: 30, limitDay: 300 });
      expect((await takeQuota(db(), at("2031-03-02T08:44:59.999Z"), "interactive")).ok).toBe(false);
      expect(await takeQuota(db(), at("2031-03-02T08:45:00.000Z"), "interactive")).toEqual({ ok: true, used15: 1, limit15: 30 });
    });
  });

  describe("concurrency", () => {
    it("150 background requests at once: exactly 90 granted", async () => {
      let second: Awaited<ReturnType<typeof openPostgres>> | undefined;
      try {
        const dbs: Db[] = [db()];
        if (kind === "postgres") {
          // A second pool, as a second app instance would have.
          second = await openPostgres(test().url!, { max: 8 });
          dbs.push(second.db);
        }
        const ds = await Promise.all(Array.from({ length: 150 }, (_, i) => takeQuota(dbs[i % dbs.length]!, T, "background")));
        const ok = ds.filter((d): d is Extract<QuotaDecision, { ok: true }> => d.ok);
        expect(ok).toHaveLength(90);
        // Each grant saw a count of its own: 1 … 90, each once.
        expect(ok.map((d) => d.used15).sort((a, b) => a - b)).toEqual(Array.from({ length: 90 }, (_, i) => i + 1));
        for (const d of ds) if (!d.ok) expect(d).toEqual({ ok: false, resumeAt: at("2031-03-01T10:15:00.000Z"), dailyExhausted: false });
        expect(await row()).toMatchObject({ used15: 90, usedDay: 90 });
      } finally {
        await second?.close();
      }
    });

    it("mixed use at once: background stops at 90, interactive fills up to 100", async () => {
      let second: Awaited<ReturnType<typeof openPostgres>> | undefined;
      try {
        const dbs: Db[] = [db()];
        if (kind === "postgres") {
          second = await openPostgres(test().url!, { max: 8 });
          dbs.push(second.db);
        }
        // 80 background first (no contention with the reserve), then 60 background and 60 interactive at once.
        await takeMany(db(), 80, T, "background");
        const ds = await Promise.all(
          Array.from({ length: 120 }, (_, i) => takeQuota(dbs[i % dbs.length]!, T, i % 2 === 0 ? "background" : "interactive")),
        );
        const ok = ds.filter((d) => d.ok).length;
        expect(ok).toBe(20);
        expect(await row()).toMatchObject({ used15: 100, usedDay: 100 });
      } finally {
        await second?.close();
      }
    });
  });
});
