import { describe, expect, it } from "vitest";
import { dailyLoadSeries } from "./daily";
import type { SessionLoad } from "./types";

const s = (activityId: string, load: number): SessionLoad => ({ activityId, load, method: "duration" });

describe("dailyLoadSeries", () => {
  it("sums loads per local date and fills missing days with 0", () => {
    const activities = [
      { id: "a", localDate: "2026-03-02" },
      { id: "b", localDate: "2026-03-02" },
      { id: "c", localDate: "2026-03-04" },
      { id: "before", localDate: "2026-02-28" },
      { id: "after", localDate: "2026-03-06" },
    ];
    const sessions = [s("a", 30), s("b", 20), s("c", 10), s("before", 100), s("after", 100)];
    // 03-01: 0; 03-02: 30 + 20 = 50; 03-03: 0; 03-04: 10; 03-05: 0 (out-of-range activities ignored)
    expect(dailyLoadSeries(activities, sessions, "2026-03-01", "2026-03-05")).toEqual([
      { date: "2026-03-01", load: 0 },
      { date: "2026-03-02", load: 50 },
      { date: "2026-03-03", load: 0 },
      { date: "2026-03-04", load: 10 },
      { date: "2026-03-05", load: 0 },
    ]);
  });

  it("crosses a month end and a DST change day by calendar date", () => {
    // 2026 is not a leap year: Feb 27, Feb 28, Mar 1, Mar 2. Mar 29 (Paris DST) is one day like any other.
    expect(dailyLoadSeries([], [], "2026-02-27", "2026-03-02").map((d) => d.date)).toEqual([
      "2026-02-27",
      "2026-02-28",
      "2026-03-01",
      "2026-03-02",
    ]);
    expect(dailyLoadSeries([], [], "2026-03-28", "2026-03-30").map((d) => d.date)).toEqual([
      "2026-03-28",
      "2026-03-29",
      "2026-03-30",
    ]);
  });

  it("ignores activities without a session load and returns nothing for an empty range", () => {
    expect(dailyLoadSeries([{ id: "x", localDate: "2026-03-01" }], [], "2026-03-01", "2026-03-01")).toEqual([
      { date: "2026-03-01", load: 0 },
    ]);
    expect(dailyLoadSeries([], [], "2026-03-02", "2026-03-01")).toEqual([]);
  });
});
