import { describe, expect, it } from "vitest";
import { DEFAULT_EPISODE_OPTIONS, dailyPain, detectEpisodes, latestCheckin, meaningfulFall, returnToRun } from "./episodes";
import type { CheckinFact, DailyPain, Episode, PainTiming, RunFact } from "./types";

let nextId = 0;
function checkin(localDate: string, pain: number, time = "12:00", timing: PainTiming = "at_rest"): CheckinFact {
  nextId += 1;
  return { id: `c${nextId}`, at: new Date(`${localDate}T${time}:00Z`), localDate, pain, timing, activityId: null, redFlags: [] };
}

/** One check-in per [date, pain]. */
function days(...entries: [string, number][]): CheckinFact[] {
  return entries.map(([d, p]) => checkin(d, p));
}

function run(id: string, localDate: string, distanceM: number): RunFact {
  return { id, startTime: new Date(`${localDate}T07:00:00Z`), localDate, distanceM, spike: false, surface: null, gearId: null };
}

function episode(start: string, end: string, ongoing = false): Episode {
  return { start, end, painfulDays: 2, peakPain: 5, ongoing };
}

function daily(...entries: [string, number][]): DailyPain[] {
  return entries.map(([date, pain]) => ({ date, pain, checkins: 1 }));
}

describe("dailyPain", () => {
  it("keeps the highest pain and the count of each day, in date order", () => {
    const result = dailyPain([checkin("2026-11-02", 2, "08:00"), checkin("2026-11-01", 4), checkin("2026-11-02", 5, "20:00"), checkin("2026-11-02", 1, "22:00")]);
    expect(result).toEqual([
      { date: "2026-11-01", pain: 4, checkins: 1 },
      { date: "2026-11-02", pain: 5, checkins: 3 },
    ]);
    expect(dailyPain([])).toEqual([]);
  });
});

describe("detectEpisodes", () => {
  const FAR = "2027-01-01"; // a `today` far after every episode: none is ongoing

  it("has the documented defaults", () => {
    expect(DEFAULT_EPISODE_OPTIONS).toEqual({ threshold: 3, maxGapDays: 3, minDays: 2 });
  });

  it("joins painful days 3 calendar days apart and splits at 4", () => {
    // 11-01 → 11-04: 3 days, one episode. 11-04 → 11-08: 4 days, a new one.
    const result = detectEpisodes(days(["2026-11-01", 4], ["2026-11-04", 6], ["2026-11-08", 3], ["2026-11-09", 3]), FAR);
    expect(result).toEqual([
      { start: "2026-11-01", end: "2026-11-04", painfulDays: 2, peakPain: 6, ongoing: false },
      { start: "2026-11-08", end: "2026-11-09", painfulDays: 2, peakPain: 3, ongoing: false },
    ]);
  });

  it("counts calendar days across month ends and DST changes", () => {
    // 01-30 → 02-02: 31st, 1st, 2nd = 3 days (joins). 2026 is not a leap year: 02-28 → 03-03 = 3 days (joins),
    // 02-28 → 03-04 would be 4. 10-24 → 10-27 spans the EU clock change of 10-25: still 3 days (joins).
    expect(detectEpisodes(days(["2026-01-30", 4], ["2026-02-02", 4]), FAR).map((e) => [e.start, e.end])).toEqual([["2026-01-30", "2026-02-02"]]);
    expect(detectEpisodes(days(["2026-02-28", 4], ["2026-03-03", 4]), FAR).map((e) => [e.start, e.end])).toEqual([["2026-02-28", "2026-03-03"]]);
    expect(detectEpisodes(days(["2026-02-28", 4], ["2026-03-04", 4]), FAR)).toEqual([]); // two single days, both dropped
    expect(detectEpisodes(days(["2026-10-24", 4], ["2026-10-27", 4]), FAR).map((e) => [e.start, e.end])).toEqual([["2026-10-24", "2026-10-27"]]);
    // 2028 is: 02-28 → 03-02 is 3 days (the 29th, 1st, 2nd).
    expect(detectEpisodes(days(["2028-02-28", 4], ["2028-03-02", 4]), FAR)).toHaveLength(1);
    expect(detectEpisodes(days(["2028-02-28", 4], ["2028-03-03", 4]), FAR)).toHaveLength(0);
  });

  it("splits at a recorded day below the threshold, even within the gap", () => {
    // 11-02 has pain 2 < 3: 11-01 stays alone (dropped), 11-03 starts anew.
    const checkins = days(["2026-11-01", 5], ["2026-11-02", 2], ["2026-11-03", 4], ["2026-11-04", 3]);
    expect(detectEpisodes(checkins, FAR)).toEqual([{ start: "2026-11-03", end: "2026-11-04", painfulDays: 2, peakPain: 4, ongoing: false }]);
    expect(detectEpisodes(checkins, FAR, { ...DEFAULT_EPISODE_OPTIONS, minDays: 1 }).map((e) => [e.start, e.end])).toEqual([
      ["2026-11-01", "2026-11-01"],
      ["2026-11-03", "2026-11-04"],
    ]);
  });

  it("reads a day by its highest pain, and 3 is painful", () => {
    // 11-01: 1 and 3 → 3, painful. 11-02: 2, not.
    const result = detectEpisodes([checkin("2026-11-01", 1, "08:00"), checkin("2026-11-01", 3, "20:00"), checkin("2026-10-31", 3), checkin("2026-11-02", 2)], FAR);
    expect(result).toEqual([{ start: "2026-10-31", end: "2026-11-01", painfulDays: 2, peakPain: 3, ongoing: false }]);
  });

  it("drops an episode of a single painful day", () => {
    expect(detectEpisodes(days(["2026-11-01", 8]), FAR)).toEqual([]);
    expect(detectEpisodes(days(["2026-11-01", 2], ["2026-11-02", 8], ["2026-11-03", 1]), FAR)).toEqual([]);
  });

  describe("ongoing", () => {
    const checkins = days(["2026-11-10", 4], ["2026-11-11", 2], ["2026-11-15", 4], ["2026-11-17", 5]);
    // [11-10] is dropped (single day, closed by 11-11); [11-15, 11-17] is the last episode.

    it("is true within maxGapDays of the end", () => {
      expect(detectEpisodes(checkins, "2026-11-17")[0]!.ongoing).toBe(true); // 0 days
      expect(detectEpisodes(checkins, "2026-11-20")[0]!.ongoing).toBe(true); // 3 days
    });

    it("is false once too old", () => {
      expect(detectEpisodes(checkins, "2026-11-21")).toEqual([{ start: "2026-11-15", end: "2026-11-17", painfulDays: 2, peakPain: 5, ongoing: false }]); // 4 days
    });

    it("is false when a low day closed it", () => {
      expect(detectEpisodes([...checkins, checkin("2026-11-18", 1)], "2026-11-18")[0]!.ongoing).toBe(false);
    });

    it("is only ever the last episode", () => {
      const result = detectEpisodes(days(["2026-11-01", 4], ["2026-11-02", 4], ["2026-11-06", 4], ["2026-11-07", 4]), "2026-11-07");
      expect(result.map((e) => e.ongoing)).toEqual([false, true]);
    });
  });
});

describe("returnToRun", () => {
  const TODAY = "2026-11-20";

  it("is null without a recent episode", () => {
    expect(returnToRun([], [], [], TODAY)).toBeNull();
    // 11-20 − 31 days = 10-20 (20 days back to 10-31, 11 more): too old.
    expect(returnToRun([episode("2026-10-15", "2026-10-20")], [], [], TODAY)).toBeNull();
    // 11-20 − 30 days = 10-21: still read.
    expect(returnToRun([episode("2026-10-15", "2026-10-21")], [], [], TODAY)?.episode.end).toBe("2026-10-21");
  });

  it("reads the latest episode, its days, runs and distance since its start", () => {
    const latest = episode("2026-10-30", "2026-11-19", true);
    const runs = [run("before", "2026-10-29", 5_000), run("first", "2026-10-30", 4_000), run("mid", "2026-11-10", 6_500), run("after", "2026-11-21", 9_000)];
    const result = returnToRun([episode("2026-09-01", "2026-09-05"), latest], daily(["2026-10-30", 6], ["2026-11-18", 5]), runs, TODAY);
    expect(result).toEqual({
      episode: latest,
      daysSinceStart: 21, // 10-30 → 10-31 is 1, → 11-20 is 20 more
      firstWeekMedian: 6,
      lastWeekMedian: 5,
      trend: "unchanged", // 6 − 5 = 1, and 1/6 = 17% < 30%
      latest: null,
      runsSince: 2, // 10-30 and 11-10; 10-29 is before, 11-21 after today
      distanceSinceM: 10_500, // 4000 + 6500
    });
  });

  describe("trend", () => {
    // Episode from 11-01: first week [11-01, 11-07]; last week [11-14, 11-20].
    const ep = episode("2026-11-01", "2026-11-16");
    const trend = (...entries: [string, number][]) => returnToRun([ep], daily(...entries), [], TODAY);

    it("is improving when the last week is at least 2 lower", () => {
      // first: 6, 5, 7 → 6; last: 4, 3 → 3.5; 6 − 3.5 = 2.5
      expect(trend(["2026-11-01", 6], ["2026-11-02", 5], ["2026-11-07", 7], ["2026-11-14", 4], ["2026-11-16", 3])).toMatchObject({
        firstWeekMedian: 6,
        lastWeekMedian: 3.5,
        trend: "improving",
      });
      // exactly 2: 5 − 3
      expect(trend(["2026-11-01", 5], ["2026-11-15", 3])?.trend).toBe("improving");
    });

    it("is improving on a fall of 30% below 2 points (Farrar's other half)", () => {
      // 5 − 3.5 = 1.5 = 30% of 5; the 11-08 day is in neither week.
      expect(trend(["2026-11-01", 5], ["2026-11-08", 9], ["2026-11-15", 3], ["2026-11-16", 4])).toMatchObject({ lastWeekMedian: 3.5, trend: "improving" });
      // 4 → 2.5: 1.5 points, 37.5%.
      expect(trend(["2026-11-01", 4], ["2026-11-15", 2], ["2026-11-16", 3])?.trend).toBe("improving");
    });

    it("is unchanged below 2 points and 30% either way", () => {
      // 6 → 4.5: 1.5 points, 25%.
      expect(trend(["2026-11-01", 6], ["2026-11-15", 4], ["2026-11-16", 5])).toMatchObject({ lastWeekMedian: 4.5, trend: "unchanged" });
      // 4 → 5.5: a rise of 1.5 (Patella reads a rise as worse at 2 points only).
      expect(trend(["2026-11-01", 4], ["2026-11-15", 5], ["2026-11-16", 6])?.trend).toBe("unchanged");
    });

    it("is not improving while the latest check-in is back at the first week's level", () => {
      // first week 6; last 7 days 3, 3, 6 → median 3 (a fall of 3), but today's check-in is 6/10.
      const entries: [string, number][] = [["2026-11-01", 6], ["2026-11-14", 3], ["2026-11-16", 3], ["2026-11-20", 6]];
      const latest = { localDate: "2026-11-20", pain: 6, timing: "after" as const };
      expect(returnToRun([ep], daily(...entries), [], TODAY, latest)).toMatchObject({ lastWeekMedian: 3, trend: "unchanged", latest });
      // The same week with a latest check-in of 3/10 reads as improving.
      expect(returnToRun([ep], daily(...entries), [], TODAY, { ...latest, pain: 3 })?.trend).toBe("improving");
    });

    it("is worse when the last week is at least 2 higher", () => {
      // 5 − 3 = 2
      expect(trend(["2026-11-01", 3], ["2026-11-20", 5])?.trend).toBe("worse");
    });

    it("is null when a week has no check-in", () => {
      expect(trend(["2026-11-01", 5], ["2026-11-13", 3])).toMatchObject({ firstWeekMedian: 5, lastWeekMedian: null, trend: null });
      expect(trend(["2026-11-08", 5], ["2026-11-15", 3])).toMatchObject({ firstWeekMedian: null, lastWeekMedian: 3, trend: null });
    });
  });
});

describe("meaningfulFall and latestCheckin", () => {
  it("is Farrar's 2 points or 30%", () => {
    expect(meaningfulFall(8, 6)).toBe(true); // 2 points (25%)
    expect(meaningfulFall(3, 2)).toBe(true); // 1 point, 33%
    expect(meaningfulFall(8, 6.5)).toBe(false); // 1.5 points, 19%
    expect(meaningfulFall(0, 0)).toBe(false);
    expect(meaningfulFall(3, 4)).toBe(false);
  });

  it("finds the latest check-in by time, up to today", () => {
    const list = [checkin("2026-11-19", 2, "20:00"), checkin("2026-11-20", 6, "07:00", "after"), checkin("2026-11-20", 3, "06:00"), checkin("2026-11-21", 1)];
    expect(latestCheckin(list, "2026-11-20")).toEqual({ localDate: "2026-11-20", pain: 6, timing: "after" });
    expect(latestCheckin([], "2026-11-20")).toBeNull();
  });
});
