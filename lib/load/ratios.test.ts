import { describe, expect, it } from "vitest";
import type { DailyLoad } from "./daily";
import { dailyPoints, warmUpMean } from "./ratios";
import { addDays } from "./weeks";

function series(start: string, loads: number[]): DailyLoad[] {
  return loads.map((load, i) => ({ date: addDays(start, i), load }));
}

describe("ACWR on a constructed series", () => {
  // 2026-01-01 … 2026-01-28 (28 days): 10 AU each; 2026-01-29: 80 AU. dataStart = 2026-01-01.
  const loads = [...Array<number>(28).fill(10), 80];
  const s = series("2026-01-01", loads);
  const points = dailyPoints(s, "2026-01-01", "2026-01-01", "2026-01-29");

  it("is null until the window holds 28 days of data (from the 28th day on)", () => {
    expect(points).toHaveLength(29);
    expect(points.slice(0, 27).every((p) => p.acwrCoupled === null && p.acwrUncoupled === null && p.acwrEwma === null)).toBe(true);
    const jan28 = points[27]!;
    expect(jan28.date).toBe("2026-01-28");
    // 28 days of 10 AU: coupled 70 / (280 / 4) = 1; uncoupled 70 / (210 / 3) = 1.
    expect(jan28.acwrCoupled).toBeCloseTo(1, 12);
    expect(jan28.acwrUncoupled).toBeCloseTo(1, 12);
    // Both EWMAs start at the mean of Jan 1–28 (10) and stay at 10: 10 / 10 = 1. (Seeded at 0 they
    // read 10(1 − 0.75^28) / 10(1 − (27/29)^28) = 0.999683 / 0.864780 = 1.156 here.)
    expect(jan28.acwrEwma).toBeCloseTo(1, 12);
  });

  it("computes coupled and uncoupled ratios on 2026-01-29", () => {
    const p = points[28]!;
    expect(p.date).toBe("2026-01-29");
    expect(p.load).toBe(80);
    // acute = Jan 23–29 = 6 × 10 + 80 = 140
    // coupled chronic = (Jan 2–29) / 4 = (27 × 10 + 80) / 4 = 350 / 4 = 87.5 → 140 / 87.5 = 1.6
    expect(p.acwrCoupled).toBeCloseTo(1.6, 12);
    // uncoupled chronic = (Jan 2–22, days 8–28) / 3 = 21 × 10 / 3 = 70 → 140 / 70 = 2
    expect(p.acwrUncoupled).toBeCloseTo(2, 12);
  });

  it("computes the EWMA ratio on 2026-01-29", () => {
    // Both EWMAs start at the warm-up mean of Jan 1–28 (10) and stay at 10 through Jan 28.
    // Jan 29: acute 0.25 × 80 + 0.75 × 10 = 27.5; chronic (2/29) × 80 + (27/29) × 10 = 430/29 = 14.827586.
    // Ratio = 27.5 × 29 / 430 = 797.5 / 430 = 1.8546512.
    expect(points[28]!.acwrEwma).toBeCloseTo(1.8546512, 6);
  });

  it("is exactly 1 (rolling) for a constant load", () => {
    const flat = dailyPoints(series("2026-01-01", Array<number>(40).fill(10)), "2026-01-01", "2026-02-09", "2026-02-09");
    // acute 70; coupled chronic 280/4 = 70; uncoupled chronic 210/3 = 70
    expect(flat).toMatchObject([{ date: "2026-02-09", acwrCoupled: 1, acwrUncoupled: 1 }]);
  });

  it("is null when the chronic value is 0, and the uncoupled one when only the acute week has load", () => {
    // dataStart Jan 1, nothing until a single 70 AU on Jan 29.
    const p = dailyPoints(series("2026-01-01", [...Array<number>(28).fill(0), 70]), "2026-01-01", "2026-01-28", "2026-01-29");
    // Jan 28: before dataStart + 28 → null anyway.
    expect(p[0]!.acwrCoupled).toBeNull();
    // Jan 29: coupled = 70 / (70 / 4) = 4; uncoupled chronic = 0 / 3 = 0 → null;
    // EWMA = (0.25 × 70) / ((2/29) × 70) = 0.25 × 29 / 2 = 3.625
    expect(p[1]!.acwrCoupled).toBeCloseTo(4, 12);
    expect(p[1]!.acwrUncoupled).toBeNull();
    expect(p[1]!.acwrEwma).toBeCloseTo(3.625, 12);

    // All zeros since long before: every chronic value is 0 → null.
    const zeros = dailyPoints(series("2026-01-01", Array<number>(60).fill(0)), "2025-01-01", "2026-02-20", "2026-02-20");
    expect(zeros).toMatchObject([{ acwrCoupled: null, acwrUncoupled: null, acwrEwma: null }]);
  });

  it("is null without any data", () => {
    const p = dailyPoints(series("2026-01-01", Array<number>(60).fill(10)), null, "2026-02-25", "2026-02-25");
    expect(p).toMatchObject([{ acwrCoupled: null, acwrUncoupled: null, acwrEwma: null }]);
  });

  it("seeds the EWMAs on dataStart when data starts inside the series", () => {
    // Series from Jan 1, first activity Jan 11 (loads before it are 0 as they must be).
    // Seed: the mean of the 28 days Jan 11–Feb 7 = 40 / 28 = 10/7.
    // Jan 11: E_acute = 0.25 × 40 + 0.75 × 10/7 = 77.5/7; E_chronic = (2/29) × 40 + (27/29) × 10/7 = 830/203;
    // ratio (77.5/7) / (830/203) = 77.5 × 29 / 830 = 2.7078313, but that day is before the 28th day of
    // data (Jan 11 + 27 = Feb 7), so null; Feb 6 is null too.
    // Feb 7: ratio = 2.7078313 × (0.75 / (27/29))^27 = 0.0078922; Feb 8: 2.7078313 × (0.75 / (27/29))^28 = 0.0063576.
    // Coupled on Feb 7: acute (Feb 1–7) 0, 28-day window Jan 11–Feb 7 holds the 40 → 0 / 10 = 0;
    // on Feb 8 the window Jan 12–Feb 8 is empty → chronic 0 → null.
    const loads = Array<number>(39).fill(0);
    loads[10] = 40;
    const p = dailyPoints(series("2026-01-01", loads), "2026-01-11", "2026-02-06", "2026-02-08");
    expect(p.map((x) => x.date)).toEqual(["2026-02-06", "2026-02-07", "2026-02-08"]);
    expect(p[0]!.acwrEwma).toBeNull();
    expect(p[1]!.acwrEwma).toBeCloseTo(0.0078922, 6);
    expect(p[1]!.acwrCoupled).toBe(0);
    expect(p[2]!.acwrEwma).toBeCloseTo(0.0063576, 6);
    expect(p[2]!.acwrCoupled).toBeNull();
  });
});

describe("the EWMA seed", () => {
  it("is the mean daily load of the first 28 days of data", () => {
    // Jan 1–28: 7 × 40 on the Mondays-to-be (every 4th day: Jan 1, 5, …, 25) = 280 → 280 / 28 = 10.
    const loads = Array.from({ length: 40 }, (_, i) => (i < 28 && i % 4 === 0 ? 40 : 0));
    expect(warmUpMean(series("2026-01-01", loads), "2026-01-01")).toBe(10);
    // From Jan 5: Jan 5–Feb 1 holds 6 × 40 = 240 → 240 / 28 = 8.5714286.
    expect(warmUpMean(series("2026-01-01", loads), "2026-01-05")).toBeCloseTo(8.5714286, 6);
    // Fewer days left than 28: the mean of the days there are (Feb 8 and 9: 0).
    expect(warmUpMean(series("2026-01-01", loads), "2026-02-08")).toBe(0);
    expect(warmUpMean([], "2026-01-01")).toBe(0);
  });

  it("keeps a steady runner's EWMA ratio within 0.02 of 1 from day 28", () => {
    // 60 AU every day for 90 days: seeded at 60, both EWMAs stay at 60 → exactly 1 every day.
    const steady = dailyPoints(series("2026-01-01", Array<number>(90).fill(60)), "2026-01-01", "2026-01-28", "2026-03-31");
    expect(steady[0]!.date).toBe("2026-01-28");
    expect(steady.every((p) => p.acwrEwma !== null && Math.abs(p.acwrEwma - 1) <= 0.02)).toBe(true);
  });

  it("starts without bias for a steady week-on-week pattern too", () => {
    // Runs of 60 AU on days 0, 2 and 4 of every week, nothing else: mean 180 / 7 = 25.714 AU a day.
    // The acute EWMA follows the week's shape, so the ratio swings from day to day (about 0.76–1.18);
    // what the seed fixes is the start-up bias: on the same weekday, day 28 and day 84 read alike
    // (0.7589 and 0.7666 here; seeded at 0 they read 0.886 and 0.769).
    const loads = Array.from({ length: 90 }, (_, i) => ([0, 2, 4].includes(i % 7) ? 60 : 0));
    const p = dailyPoints(series("2026-01-05", loads), "2026-01-05", "2026-01-05", "2026-04-04");
    const day28 = p[27]!.acwrEwma!;
    const day84 = p[83]!.acwrEwma!;
    expect(Math.abs(day28 - day84)).toBeLessThan(0.02);
  });
});

describe("fitness, fatigue and form", () => {
  it("follow the CTL/ATL recurrences from 0, with form from yesterday's values", () => {
    const p = dailyPoints(series("2026-01-01", [42, 0, 84]), null, "2026-01-01", "2026-01-03");
    // CTL: 0 + 42/42 = 1; 1 + (0 − 1)/42 = 41/42 = 0.9761905; 41/42 + (84 − 41/42)/42 = (41/42)² + 2 = 2.9529478
    expect(p.map((x) => x.fitness)).toEqual([1, expect.closeTo(0.9761905, 6), expect.closeTo(2.9529478, 6)]);
    // ATL: 0 + 42/7 = 6; 6 − 6/7 = 36/7 = 5.1428571; 36/7 · 6/7 + 84/7 = 216/49 + 12 = 16.4081633
    expect(p.map((x) => x.fatigue)).toEqual([6, expect.closeTo(5.1428571, 6), expect.closeTo(16.4081633, 6)]);
    // Form: day 1: 0 − 0 = 0; day 2: 1 − 6 = −5; day 3: 41/42 − 36/7 = (41 − 216)/42 = −4.1666667
    expect(p.map((x) => x.form)).toEqual([0, -5, expect.closeTo(-4.1666667, 6)]);
  });

  it("keep running through the lookback when only part of the series is reported", () => {
    const p = dailyPoints(series("2026-01-01", [42, 0, 84]), null, "2026-01-03", "2026-01-03");
    expect(p).toHaveLength(1);
    expect(p[0]!.date).toBe("2026-01-03");
    expect(p[0]!.fitness).toBeCloseTo(2.9529478, 6);
    expect(p[0]!.form).toBeCloseTo(-4.1666667, 6);
  });
});
