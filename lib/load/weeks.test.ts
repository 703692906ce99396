import { describe, expect, it } from "vitest";
import { addDays, daysBetween, fillWeeks, isCalendarDate, localDateOf, mondayOf, recentWeekStarts, startOfLocalDay, weekStartsBetween } from "./weeks";

// Calendar used below (worked out by hand from 2026-01-01 = Thursday):
//   Feb 1 = Thu + 31 days (31 mod 7 = 3) = Sunday; Feb has 28 days, so Mar 1 = Sunday too.
//   Mar 8, Mar 29 = Sundays.  Oct 1 = Thursday, so Oct 25 = Sunday; Nov 1 = Sunday.
//   Dec 1 = Tuesday, Dec 28 = Monday, Dec 31 = Thursday, 2027-01-03 = Sunday.
const HOUR = 3_600_000;

describe("mondayOf", () => {
  it("maps every day of a Monday–Sunday week to its Monday", () => {
    // 2026-06-01 is a Monday (May 1 = Friday, +31 days = +3 weekdays).
    for (const day of ["2026-06-01", "2026-06-02", "2026-06-03", "2026-06-04", "2026-06-05", "2026-06-06", "2026-06-07"]) {
      expect(mondayOf(day)).toBe("2026-06-01");
    }
    expect(mondayOf("2026-06-08")).toBe("2026-06-08");
    expect(mondayOf("2026-05-31")).toBe("2026-05-25");
  });

  it("crosses the year boundary", () => {
    expect(mondayOf("2026-12-31")).toBe("2026-12-28"); // Thursday
    expect(mondayOf("2027-01-03")).toBe("2026-12-28"); // Sunday of the same week
    expect(mondayOf("2027-01-04")).toBe("2027-01-04"); // next Monday
  });

  it("is correct around 1970-01-01 (a Thursday), including the days before it", () => {
    expect(mondayOf("1970-01-01")).toBe("1969-12-29");
    expect(mondayOf("1969-12-28")).toBe("1969-12-22"); // a Sunday: its Monday is 6 days earlier
    expect(mondayOf("1969-12-29")).toBe("1969-12-29");
  });
});

describe("addDays", () => {
  it("rolls over months, years and leap days", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2027-01-03", -7)).toBe("2026-12-27");
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01"); // 2026 is not a leap year
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29"); // 2028 is
    expect(addDays("2026-03-29", 0)).toBe("2026-03-29");
  });
});

describe("localDateOf", () => {
  it("puts a Sunday 23:30 run in New York in that Sunday's week, although UTC says Monday", () => {
    // Sunday 2026-05-03 23:30 EDT (UTC-4) = Monday 2026-05-04 03:30 UTC.
    const run = new Date("2026-05-04T03:30:00Z");
    expect(localDateOf(run, "America/New_York")).toBe("2026-05-03");
    expect(mondayOf(localDateOf(run, "America/New_York"))).toBe("2026-04-27");
    expect(localDateOf(run, "UTC")).toBe("2026-05-04");
    expect(mondayOf(localDateOf(run, "UTC"))).toBe("2026-05-04");
  });

  it("handles a zone east of UTC (Pacific/Auckland)", () => {
    // Monday 2026-06-01 08:00 NZST (UTC+12) = Sunday 2026-05-31 20:00 UTC.
    const run = new Date("2026-05-31T20:00:00Z");
    expect(localDateOf(run, "Pacific/Auckland")).toBe("2026-06-01");
    expect(mondayOf(localDateOf(run, "Pacific/Auckland"))).toBe("2026-06-01");
    expect(mondayOf(localDateOf(run, "UTC"))).toBe("2026-05-25");
    // New Year in summer time (NZDT, UTC+13): 2026-12-31 11:30 UTC = 2027-01-01 00:30 local.
    expect(localDateOf(new Date("2026-12-31T11:30:00Z"), "Pacific/Auckland")).toBe("2027-01-01");
  });

  it("uses the right offset on both sides of a DST change", () => {
    // Paris, 2026-10-25 (CEST +2 until 01:00 UTC, then CET +1). Each instant would land on another date
    // if the other offset were used.
    expect(localDateOf(new Date("2026-10-24T22:30:00Z"), "Europe/Paris")).toBe("2026-10-25"); // 00:30 CEST (+1 would say 24th)
    expect(localDateOf(new Date("2026-10-25T22:30:00Z"), "Europe/Paris")).toBe("2026-10-25"); // 23:30 CET (+2 would say 26th)
    // New York, 2026-03-08 (EST -5 until 07:00 UTC, then EDT -4).
    expect(localDateOf(new Date("2026-03-08T04:30:00Z"), "America/New_York")).toBe("2026-03-07"); // 23:30 EST (-4 would say 8th)
    expect(localDateOf(new Date("2026-03-09T03:30:00Z"), "America/New_York")).toBe("2026-03-08"); // 23:30 EDT (-5 would say 8th too)
    expect(localDateOf(new Date("2026-03-09T04:30:00Z"), "America/New_York")).toBe("2026-03-09"); // 00:30 EDT (-5 would say 8th)
  });
});

describe("startOfLocalDay", () => {
  // Each case: the local midnight in UTC, and the day length (23 h on spring-forward, 25 h on fall-back).
  it.each([
    // Paris springs forward at 02:00 on 2026-03-29: midnight is still CET (+1) → 23:00 UTC the day before.
    ["Europe/Paris", "2026-03-29", "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z", 23],
    // Paris falls back at 03:00 on 2026-10-25: midnight is still CEST (+2) → 22:00 UTC; the next midnight is CET (+1).
    ["Europe/Paris", "2026-10-25", "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z", 25],
    // New York springs forward at 02:00 on 2026-03-08: midnight EST (-5) = 05:00 UTC, next midnight EDT (-4) = 04:00 UTC.
    ["America/New_York", "2026-03-08", "2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z", 23],
    // New York falls back at 02:00 on 2026-11-01: midnight EDT (-4) = 04:00 UTC, next midnight EST (-5) = 05:00 UTC.
    ["America/New_York", "2026-11-01", "2026-11-01T04:00:00Z", "2026-11-02T05:00:00Z", 25],
    // Auckland in winter (NZST, +12): midnight 2026-06-01 = 12:00 UTC on 2026-05-31.
    ["Pacific/Auckland", "2026-06-01", "2026-05-31T12:00:00Z", "2026-06-01T12:00:00Z", 24],
  ])("%s %s starts at %s, the next day at %s: %i h long", (zone, day, start, nextStart, hours) => {
    expect(startOfLocalDay(day, zone).toISOString()).toBe(new Date(start).toISOString());
    expect(startOfLocalDay(addDays(day, 1), zone).toISOString()).toBe(new Date(nextStart).toISOString());
    expect(startOfLocalDay(addDays(day, 1), zone).getTime() - startOfLocalDay(day, zone).getTime()).toBe(hours * HOUR);
  });

  it("starts at 01:00 on a day whose midnight does not exist (Havana springs forward at 00:00)", () => {
    // 2026-03-08 in Havana: 00:00 CST (-5) jumps to 01:00 CDT (-4), so the day starts at 01:00 -4 = 05:00 UTC,
    // and one millisecond earlier it is still 2026-03-07 23:59:59.999 (-5).
    const start = startOfLocalDay("2026-03-08", "America/Havana");
    expect(start.toISOString()).toBe("2026-03-08T05:00:00.000Z");
    expect(localDateOf(start, "America/Havana")).toBe("2026-03-08");
    expect(localDateOf(new Date(start.getTime() - 1), "America/Havana")).toBe("2026-03-07");
  });

  it("handles the year boundary", () => {
    // Auckland 2027-01-01 midnight NZDT (+13) = 2026-12-31 11:00 UTC.
    expect(startOfLocalDay("2027-01-01", "Pacific/Auckland").toISOString()).toBe("2026-12-31T11:00:00.000Z");
    expect(startOfLocalDay("2027-01-01", "UTC").toISOString()).toBe("2027-01-01T00:00:00.000Z");
  });
});

describe("recentWeekStarts", () => {
  it("lists Mondays oldest first, 7 calendar days apart across the Paris spring-forward", () => {
    // Wednesday 2026-04-01 12:00 Paris; its Monday is 2026-03-30; the 23-hour day 2026-03-29 lies in the range.
    const now = new Date("2026-04-01T10:00:00Z");
    expect(recentWeekStarts(now, "Europe/Paris", 3)).toEqual(["2026-03-16", "2026-03-23", "2026-03-30"]);
  });

  it("uses the local date across the New York fall-back", () => {
    // 2026-11-02 03:30 UTC = Sunday 2026-11-01 22:30 EST (-5, after the change): week of Monday 2026-10-26.
    const now = new Date("2026-11-02T03:30:00Z");
    expect(recentWeekStarts(now, "America/New_York", 2)).toEqual(["2026-10-19", "2026-10-26"]);
    // In UTC it is already Monday 2026-11-02, a new week.
    expect(recentWeekStarts(now, "UTC", 2)).toEqual(["2026-10-26", "2026-11-02"]);
  });

  it("crosses the year boundary", () => {
    // Saturday 2027-01-02 → Monday 2026-12-28.
    expect(recentWeekStarts(new Date("2027-01-02T12:00:00Z"), "UTC", 3)).toEqual(["2026-12-14", "2026-12-21", "2026-12-28"]);
  });

  it("returns exactly `count` weeks", () => {
    expect(recentWeekStarts(new Date("2026-06-03T12:00:00Z"), "UTC", 1)).toEqual(["2026-06-01"]);
    expect(recentWeekStarts(new Date("2026-06-03T12:00:00Z"), "UTC", 12)).toHaveLength(12);
  });
});

describe("fillWeeks", () => {
  it("returns one row per requested week in order, zeros where nothing was run, and drops other weeks", () => {
    const rows = [
      { weekStart: "2026-06-08", distanceM: 21_000, movingS: 6_300, runs: 3 },
      { weekStart: "2026-05-25", distanceM: 5_000, movingS: 1_500, runs: 1 }, // not requested
    ];
    expect(fillWeeks(rows, ["2026-06-01", "2026-06-08", "2026-06-15"])).toEqual([
      { weekStart: "2026-06-01", distanceM: 0, movingS: 0, runs: 0 },
      { weekStart: "2026-06-08", distanceM: 21_000, movingS: 6_300, runs: 3 },
      { weekStart: "2026-06-15", distanceM: 0, movingS: 0, runs: 0 },
    ]);
  });

  it("returns nothing for no requested weeks", () => {
    expect(fillWeeks([{ weekStart: "2026-06-08", distanceM: 1, movingS: 1, runs: 1 }], [])).toEqual([]);
  });
});

describe("weekStartsBetween", () => {
  it("lists the Mondays of the weeks holding from and to, and those between", () => {
    // 2026-03-04 is a Wednesday (week of 03-02); 2026-03-22 a Sunday (week of 03-16).
    expect(weekStartsBetween("2026-03-04", "2026-03-22")).toEqual(["2026-03-02", "2026-03-09", "2026-03-16"]);
    expect(weekStartsBetween("2026-03-02", "2026-03-02")).toEqual(["2026-03-02"]);
  });
});

describe("daysBetween / isCalendarDate", () => {
  it("counts calendar days across a month end and a leap day", () => {
    expect(daysBetween("2026-01-30", "2026-02-02")).toBe(3);
    expect(daysBetween("2028-02-28", "2028-03-01")).toBe(2); // 2028 is a leap year
    expect(daysBetween("2026-02-02", "2026-01-30")).toBe(-3);
  });

  it("knows which dates exist", () => {
    expect(isCalendarDate(2028, 2, 29)).toBe(true);
    expect(isCalendarDate(2026, 2, 29)).toBe(false);
    expect(isCalendarDate(2026, 4, 31)).toBe(false);
    expect(isCalendarDate(2026, 13, 1)).toBe(false);
  });
});
