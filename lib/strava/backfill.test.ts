import { describe, expect, it } from "vitest";
import { nextCursor } from "./backfill";

// 2024-01-01T00:00:00Z = 1,704,067,200 s. 2024-04-30 is 31 + 29 + 31 + 29 = 120 days later
// (2024 is a leap year): 1,704,067,200 + 120 × 86,400 = 1,714,435,200; 06:30 adds 23,400 s.
const APR30_0630 = 1_714_458_600;
// 2024-05-01T07:00:00Z: one day and 30 minutes later.
const MAY01_0700 = APR30_0630 + 86_400 + 1_800;

describe("nextCursor", () => {
  it("the constants match the calendar", () => {
    expect(APR30_0630).toBe(Date.UTC(2024, 3, 30, 6, 30) / 1000);
    expect(MAY01_0700).toBe(Date.UTC(2024, 4, 1, 7, 0) / 1000);
  });

  it("is the oldest start on the page, in epoch seconds", () => {
    const page = [
      { id: 3, start_date: "2024-05-01T07:00:00Z" },
      { id: 2, start_date: "2024-04-30T06:30:00Z" },
      { id: 1, start_date: "2024-04-30T18:00:00Z" },
    ];
    expect(nextCursor(page, null)).toBe(APR30_0630);
    expect(nextCursor(page, 1_800_000_000)).toBe(APR30_0630);
  });

  it("does not depend on the order of the page", () => {
    const page = [{ start_date: "2024-04-30T06:30:00Z" }, { start_date: "2024-05-01T07:00:00Z" }];
    expect(nextCursor(page, null)).toBe(APR30_0630);
    expect(nextCursor([...page].reverse(), null)).toBe(APR30_0630);
  });

  it("rounds a fractional second down", () => {
    expect(nextCursor([{ start_date: "2024-04-30T06:30:00.999Z" }], null)).toBe(APR30_0630);
  });

  it("reads an offset as the instant it names", () => {
    expect(nextCursor([{ start_date: "2024-04-30T08:30:00+02:00" }], null)).toBe(APR30_0630);
  });

  it("is the one start of a single-activity page", () => {
    expect(nextCursor([{ start_date: "2024-05-01T07:00:00Z" }], APR30_0630)).toBe(MAY01_0700);
  });

  it("ignores items with a missing or invalid start_date", () => {
    const page: unknown[] = [
      { id: 1 },
      { start_date: null },
      { start_date: 1_600_000_000 },
      { start_date: "" },
      { start_date: "yesterday" },
      { start_date: "2024-13-45T99:00:00Z" },
      null,
      42,
      "2000-01-01T00:00:00Z",
      { start_date: "2024-05-01T07:00:00Z" },
    ];
    expect(nextCursor(page, null)).toBe(MAY01_0700);
  });

  it("keeps the previous cursor when no item has a valid start", () => {
    expect(nextCursor([], 1_700_000_000)).toBe(1_700_000_000);
    expect(nextCursor([], null)).toBeNull();
    expect(nextCursor([{ id: 1 }, { start_date: "nope" }, null], 1_700_000_000)).toBe(1_700_000_000);
    expect(nextCursor([{ start_date: 5 }], null)).toBeNull();
  });
});
