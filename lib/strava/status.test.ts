import { describe, expect, it } from "vitest";
import { estimateRemaining } from "./status";

type Input = Parameters<typeof estimateRemaining>[0];

// Epoch seconds, computed by hand: 2020-01-01 is 18,262 days after 1970-01-01 (50 years, 12 of them
// leap: 1972 … 2016), i.e. 1,577,836,800 s. 2020 is a leap year, so 2024-01-01 is 366 + 3 × 365 =
// 1,461 days later; 2024 is a leap year too, so 2026-01-01 is 366 + 365 = 731 days after that.
const DAY = 86_400;
const S_2020 = 1_577_836_800;
const S_2024 = S_2020 + 1_461 * DAY; // 1,704,067,200
const S_2026 = S_2024 + 731 * DAY; // 1,767,225,600
const S_2021 = S_2020 + 366 * DAY; // 1,609,459,200
const S_2022 = S_2021 + 365 * DAY; // 1,640,995,200
const S_2023 = S_2022 + 365 * DAY; // 1,672,531,200

const base: Input = {
  backfillStatus: "running",
  backfillBefore: null,
  backfillImported: 0,
  backfillStartedAt: new Date("2026-01-01T00:00:00Z"),
  athleteCreatedAt: new Date("2020-01-01T00:00:00Z"),
};

describe("estimateRemaining", () => {
  it("the epoch constants match the calendar", () => {
    expect(S_2020).toBe(Date.UTC(2020, 0, 1) / 1000);
    expect(S_2021).toBe(1_609_459_200);
    expect(S_2022).toBe(1_640_995_200);
    expect(S_2023).toBe(1_672_531_200);
    expect(S_2024).toBe(1_704_067_200);
    expect(S_2026).toBe(1_767_225_600);
  });

  it("done: nothing left, all covered, whatever the other fields say", () => {
    expect(estimateRemaining({ ...base, backfillStatus: "done" })).toEqual({ remaining: 0, fraction: 1 });
    expect(
      estimateRemaining({ backfillStatus: "done", backfillBefore: S_2024, backfillImported: 5, backfillStartedAt: null, athleteCreatedAt: null }),
    ).toEqual({ remaining: 0, fraction: 1 });
  });

  it("no page stored yet: remaining unknown, nothing covered", () => {
    expect(estimateRemaining(base)).toEqual({ remaining: null, fraction: 0 });
    expect(estimateRemaining({ ...base, backfillStatus: "pending", backfillStartedAt: null })).toEqual({ remaining: null, fraction: 0 });
    // Fraction 0 even when the join date is unknown: nothing is covered either way.
    expect(estimateRemaining({ ...base, athleteCreatedAt: null })).toEqual({ remaining: null, fraction: 0 });
  });

  it("without the date the athlete joined Strava: unknown", () => {
    expect(estimateRemaining({ ...base, backfillBefore: S_2024, backfillImported: 600, athleteCreatedAt: null })).toEqual({
      remaining: null,
      fraction: null,
    });
  });

  it("without the import's start time: unknown", () => {
    expect(estimateRemaining({ ...base, backfillBefore: S_2024, backfillImported: 600, backfillStartedAt: null })).toEqual({
      remaining: null,
      fraction: null,
    });
  });

  it("started 2026-01-01, joined 2020-01-01, cursor at 2024-01-01, 600 imported", () => {
    // Covered [2024-01-01, 2026-01-01) = 731 days; left [2020-01-01, 2024-01-01) = 1,461 days.
    // Remaining = 600 × 1461 / 731 = 876,600 / 731 = 1,199 + 131/731 ≈ 1,199.18 → 1,199.
    // Fraction = 731 / (731 + 1461) = 731 / 2192 (a little over 1/3: the leap days are not even).
    const r = estimateRemaining({ ...base, backfillBefore: S_2024, backfillImported: 600 });
    expect(r.remaining).toBe(1_199);
    expect(r.fraction).toBe(731 / 2192);
    expect(r.fraction).toBeGreaterThan(1 / 3);
  });

  it("equal spans without leap days: as many left as imported, half covered", () => {
    // Joined 2021-01-01, cursor 2022-01-01, started 2023-01-01: 365 days each side.
    const r = estimateRemaining({
      ...base,
      backfillBefore: S_2022,
      backfillImported: 150,
      backfillStartedAt: new Date("2023-01-01T00:00:00Z"),
      athleteCreatedAt: new Date("2021-01-01T00:00:00Z"),
    });
    expect(r).toEqual({ remaining: 150, fraction: 0.5 });
  });

  it("rounds to the nearest activity", () => {
    // Covered 3 days, left 1 day, 10 imported: 10 × 1 / 3 = 3.33 → 3; fraction 3/4.
    const started = new Date("2025-06-04T00:00:00Z");
    const r = estimateRemaining({
      ...base,
      backfillBefore: started.getTime() / 1000 - 3 * DAY,
      backfillImported: 10,
      backfillStartedAt: started,
      athleteCreatedAt: new Date("2025-05-31T00:00:00Z"),
    });
    expect(r).toEqual({ remaining: 3, fraction: 0.75 });
    // 20 imported: 6.67 → 7.
    expect(
      estimateRemaining({
        ...base,
        backfillBefore: started.getTime() / 1000 - 3 * DAY,
        backfillImported: 20,
        backfillStartedAt: started,
        athleteCreatedAt: new Date("2025-05-31T00:00:00Z"),
      }).remaining,
    ).toBe(7);
  });

  it("cursor before the join date (activities uploaded from before joining): nothing left, all covered", () => {
    // Cursor 2019-06-01: before the join date, so no time is left.
    const cursor = Date.UTC(2019, 5, 1) / 1000;
    expect(estimateRemaining({ ...base, backfillBefore: cursor, backfillImported: 900 })).toEqual({ remaining: 0, fraction: 1 });
  });

  it("cursor exactly at the join date: nothing left, all covered", () => {
    expect(estimateRemaining({ ...base, backfillBefore: S_2020, backfillImported: 900 })).toEqual({ remaining: 0, fraction: 1 });
  });

  it("nothing covered (cursor at or after the start): unknown", () => {
    expect(estimateRemaining({ ...base, backfillBefore: S_2026, backfillImported: 0 })).toEqual({ remaining: null, fraction: null });
    expect(estimateRemaining({ ...base, backfillBefore: S_2026 + DAY, backfillImported: 3 })).toEqual({ remaining: null, fraction: null });
  });

  it("joined after the import started (clock trouble): unknown", () => {
    expect(
      estimateRemaining({ ...base, backfillBefore: S_2024, backfillImported: 10, athleteCreatedAt: new Date("2026-02-01T00:00:00Z") }),
    ).toEqual({ remaining: null, fraction: null });
  });

  it("a short last page: nothing left, whatever the join date says (the 1,500 of 1,500 case)", () => {
    // 1,500 activities: seven full pages and one of 100. Joined 2020, history from 2024 only: by time
    // alone 1,500 × 1461 / 731 ≈ 2,998 would be "left".
    const seen = { ...base, backfillBefore: S_2024, backfillImported: 1_500 };
    expect(estimateRemaining({ ...seen, backfillLastPage: 200 }).remaining).toBe(2_998);
    expect(estimateRemaining({ ...seen, backfillLastPage: 100 })).toEqual({ remaining: 0, fraction: 1 });
    // Even without a join date.
    expect(estimateRemaining({ ...seen, athleteCreatedAt: null, backfillLastPage: 0 })).toEqual({ remaining: 0, fraction: 1 });
    // No page yet: the last-page count says nothing.
    expect(estimateRemaining({ ...base, backfillLastPage: 100 })).toEqual({ remaining: null, fraction: 0 });
  });
});
