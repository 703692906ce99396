import { describe, expect, it } from "vitest";
import { dayNumber, episodeSpans, tickLabel, tickUnitFor, weeksAxis } from "@/app/_components/charts/time-axis";
import { addDays, weekStartsBetween } from "@/lib/load/weeks";

const days = (...dates: string[]) => dates.map(dayNumber);

describe("weeksAxis", () => {
  it("ticks every Monday for up to 16 weeks", () => {
    const weeks = weekStartsBetween("2026-01-05", "2026-03-29");
    const axis = weeksAxis(weeks);
    expect(axis).toMatchObject({ tickUnit: "week", weeks: 12, domain: [dayNumber("2026-01-05"), dayNumber("2026-03-30")] });
    expect(axis.ticks).toEqual(weeks.map(dayNumber));
  });

  it("ticks the first Monday of each month for half a year or a year", () => {
    const axis = weeksAxis(weekStartsBetween("2025-10-06", "2026-04-05"));
    expect(axis.tickUnit).toBe("month");
    expect(axis.ticks).toEqual(days("2025-10-06", "2025-11-03", "2025-12-01", "2026-01-05", "2026-02-02", "2026-03-02"));
  });

  it("ticks quarters for up to three years and years beyond, so ten years of bars keep a readable axis", () => {
    const three = weeksAxis(weekStartsBetween("2023-04-10", "2026-04-05"));
    expect(three.tickUnit).toBe("quarter");
    expect(three.ticks.slice(0, 3)).toEqual(days("2023-07-03", "2023-10-02", "2024-01-01"));
    const ten = weeksAxis(weekStartsBetween("2016-04-18", "2026-04-19"));
    expect(ten.weeks).toBeGreaterThan(520);
    expect(ten.tickUnit).toBe("year");
    expect(ten.ticks).toHaveLength(10);
    expect(ten.ticks[0]).toBe(dayNumber("2017-01-02"));
  });

  it("has no ticks and a one-week domain for a single week, and copes with none", () => {
    expect(weeksAxis(["2026-04-13"])).toMatchObject({ domain: [dayNumber("2026-04-13"), dayNumber("2026-04-20")], weeks: 1 });
    expect(weeksAxis([])).toMatchObject({ weeks: 0, ticks: [] });
  });
});

describe("tickUnitFor", () => {
  it("switches at 16, 60 and 160 weeks", () => {
    expect([1, 16, 17, 26, 52, 60, 61, 160, 161, 522].map(tickUnitFor)).toEqual(["week", "week", "month", "month", "month", "month", "quarter", "quarter", "year", "year"]);
  });
});

describe("tickLabel", () => {
  it("names the tick for its unit, with the year where a month would be ambiguous", () => {
    const d = dayNumber("2026-01-05");
    expect(tickLabel(d, "week")).toBe("5 Jan");
    expect(tickLabel(d, "month")).toBe("Jan 2026");
    expect(tickLabel(dayNumber("2026-03-02"), "month")).toBe("Mar");
    expect(tickLabel(dayNumber("2026-04-06"), "quarter")).toBe("Apr 2026");
    expect(tickLabel(d, "year")).toBe("2026");
  });
});

describe("episodeSpans", () => {
  it("clips episodes to the axis and drops those outside it", () => {
    const axis = weeksAxis(weekStartsBetween("2026-03-02", "2026-03-29"));
    const spans = episodeSpans(
      [
        { start: "2026-02-20", end: "2026-03-03" },
        { start: "2026-03-10", end: "2026-03-12" },
        { start: "2026-01-01", end: "2026-01-05" },
      ],
      axis,
    );
    expect(spans).toEqual([
      { key: "2026-02-20", x1: dayNumber("2026-03-02"), x2: dayNumber("2026-03-04") },
      { key: "2026-03-10", x1: dayNumber("2026-03-10"), x2: dayNumber(addDays("2026-03-12", 1)) },
    ]);
  });
});
