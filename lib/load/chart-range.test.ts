import { describe, expect, it } from "vitest";
import { checkedRange, resolveRange } from "./for-runner";
import { CHART_RANGES, chartRangeDates, parseChartRange } from "./chart-range";
import { addDays, weekStartsBetween } from "./weeks";

// Thursday 2026-04-16; its week starts on Monday 2026-04-13.
const TODAY = "2026-04-16";

const weeksShown = (from: string | undefined) => weekStartsBetween(resolveRange({ from }, TODAY).from, TODAY).length;

describe("chartRangeDates", () => {
  it("asks for the default 12 weeks without dates (the API's cached default)", () => {
    expect(chartRangeDates("12w", TODAY, "2020-01-01")).toEqual({ clipped: false });
    expect(weeksShown(undefined)).toBe(12);
  });

  it("starts 4, 26 and 52 whole weeks back on a Monday, counting this week", () => {
    expect(chartRangeDates("4w", TODAY, null)).toEqual({ from: "2026-03-23", clipped: false });
    expect(weeksShown("2026-03-23")).toBe(4);
    expect(weeksShown(chartRangeDates("6m", TODAY, null).from)).toBe(26);
    expect(weeksShown(chartRangeDates("1y", TODAY, null).from)).toBe(52);
  });

  it("starts 'all' on the Monday of the first activity", () => {
    expect(chartRangeDates("all", TODAY, "2023-06-15")).toEqual({ from: "2023-06-12", clipped: false });
  });

  it("shows at least 4 weeks for 'all', and the default when there is no activity", () => {
    expect(chartRangeDates("all", TODAY, "2026-04-14")).toEqual({ from: "2026-03-23", clipped: false });
    expect(chartRangeDates("all", TODAY, null)).toEqual({ clipped: false });
  });

  it("cuts 'all' to what the API accepts, and says so", () => {
    const r = chartRangeDates("all", TODAY, "1995-03-01");
    expect(r.clipped).toBe(true);
    expect(r.from! > "2016-04-01").toBe(true);
    expect(weeksShown(r.from)).toBeGreaterThan(520);
  });

  it("gives ranges the API accepts, even when the API's today is a day later", () => {
    for (const today of ["2026-04-13", "2026-04-16", "2026-04-19", "2028-02-29"]) {
      for (const range of CHART_RANGES) {
        const { from } = chartRangeDates(range, today, "1990-01-01");
        expect(() => checkedRange({ from }, today)).not.toThrow();
        expect(() => checkedRange({ from }, addDays(today, 1))).not.toThrow();
      }
    }
  });
});

describe("parseChartRange", () => {
  it("reads the range from the URL and falls back to 12 weeks", () => {
    expect(parseChartRange("1y")).toBe("1y");
    expect(parseChartRange(["all", "4w"])).toBe("all");
    expect(parseChartRange("2y")).toBe("12w");
    expect(parseChartRange(undefined)).toBe("12w");
  });
});
