import { describe, expect, it } from "vitest";
import { completeWeeks, findSpike, formatPercent, lastCompleteWeek, longestRunStreak, measureCadence, median } from "./measures";
import { report, run } from "./test-factories";

describe("the windows the rules read", () => {
  it("counts a week as complete only after its Sunday", () => {
    // 2026-05-17 is the Sunday of the week from 2026-05-11: that week is still in progress.
    expect(lastCompleteWeek(report({ today: "2026-05-17" }), "2026-05-17")?.weekStart).toBe("2026-05-04");
    expect(lastCompleteWeek(report({ today: "2026-05-18" }), "2026-05-18")?.weekStart).toBe("2026-05-11");
    expect(completeWeeks(report(), "2026-05-13")).toHaveLength(11);
  });

  it("takes the last 7 days as today and the 6 days before it", () => {
    expect(findSpike(report({ spikes: [run("2026-05-07", 15, 10)] }), "2026-05-13")).toMatchObject({ kind: "spike" });
    expect(findSpike(report({ spikes: [run("2026-05-06", 15, 10)] }), "2026-05-13")).toEqual({ kind: "no_runs_last_7_days" });
  });

  it("takes the last 30 days as today and the 29 days before it", () => {
    expect(findSpike(report({ spikes: [run("2026-04-14", 10, 10)] }), "2026-05-13")).toEqual({ kind: "no_runs_last_7_days" });
    expect(findSpike(report({ spikes: [run("2026-04-13", 10, 10)] }), "2026-05-13")).toEqual({ kind: "no_recent_runs" });
  });

  it("ignores runs dated after today", () => {
    expect(findSpike(report({ spikes: [run("2026-05-14", 30, 10)] }), "2026-05-13")).toEqual({ kind: "no_recent_runs" });
  });

  it("picks the latest of equally large spikes", () => {
    const finding = findSpike(report({ spikes: [run("2026-05-08", 12, 10), run("2026-05-11", 14, 12)] }), "2026-05-13");
    expect(finding).toMatchObject({ kind: "spike", otherSpikes: 1, run: { localDate: "2026-05-11" } });
  });
});

describe("longestRunStreak", () => {
  it("counts consecutive days across week and month boundaries, once per day", () => {
    const runs = ["2026-04-29", "2026-04-30", "2026-05-01", "2026-05-01", "2026-05-02", "2026-05-04", "2026-05-05"].map((d) => run(d, 5, 5));
    expect(longestRunStreak(runs)).toBe(4);
    expect(longestRunStreak([])).toBe(0);
  });
});

describe("cadence", () => {
  it("averages the last 28 days and takes the median of earlier runs, skipping runs without cadence", () => {
    const spikes = [
      run("2026-03-02", 10, 10, { avgCadenceSpm: 150 }),
      run("2026-03-09", 10, 10, { avgCadenceSpm: 160 }),
      run("2026-03-10", 10, 10, { avgCadenceSpm: null }),
      run("2026-04-16", 10, 10, { avgCadenceSpm: 170 }), // first day of the 28-day window ending 2026-05-13
      run("2026-05-13", 10, 10, { avgCadenceSpm: 174 }),
      run("2026-05-12", 10, 10),
    ];
    expect(measureCadence(report({ spikes }), "2026-05-13")).toEqual({ recentSpm: 172, recentRuns: 2, baselineSpm: 155, baselineRuns: 2 });
  });

  it("has nothing to say without cadence", () => {
    expect(measureCadence(report({ spikes: [run("2026-05-12", 10, 10)] }), "2026-05-13")).toEqual({
      recentSpm: null,
      recentRuns: 0,
      baselineSpm: null,
      baselineRuns: 0,
    });
  });

  it("median of odd and even counts", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

it("formats fractions as whole percentages", () => {
  expect(formatPercent(1.5)).toBe("150%");
  expect(formatPercent(0.4449)).toBe("44%");
  expect(formatPercent(-0.2)).toBe("20%");
});
