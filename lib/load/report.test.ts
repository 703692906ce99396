import { describe, expect, it } from "vitest";
import { buildLoadReport } from "./report";
import type { LoadActivity, LoadInput, RunnerProfile } from "./types";
import { addDays, startOfLocalDay } from "./weeks";
import { testActivity } from "./test-activity";

const HOUR = 3_600_000;
const TZ = "Europe/Paris";
const profile: RunnerProfile = { timeZone: TZ, sex: "male", hrRest: 50, hrMax: 190 };

/** An activity starting `hour` hours after local midnight of `date` in Paris. */
function act(id: string, date: string, hour: number, sport: LoadActivity["sport"], fields: Partial<LoadActivity>): LoadActivity {
  return testActivity(new Date(startOfLocalDay(date, TZ).getTime() + hour * HOUR), { id, name: id, sport, ...fields }, TZ);
}

describe("buildLoadReport on a small history", () => {
  // L  Tue 03-10 run 10 km, RPE 5, 50 min        → srpe 5 × 50 = 250 (lookback)
  // X  Mon 03-23 run 11 km, avg HR 120, 60 min   → trimp, HRr (120−50)/140 = 0.5 → 50.14457
  // Y  Sun 03-29 ride 90 min at 23:50 CEST       → duration 90 (DST day; still Sunday)
  // Z  Tue 03-31 trail run 16.5 km, RPE 7, 100 min → srpe 700
  // W  Thu 04-02 run (after `to`)                 → ignored
  const activities = [
    act("Z", "2026-03-31", 7, "trail_run", { distanceM: 16_500, movingS: 6000, rpe: 7 }),
    act("L", "2026-03-10", 7, "run", { distanceM: 10_000, movingS: 3000, rpe: 5 }),
    act("X", "2026-03-23", 7, "run", { distanceM: 11_000, movingS: 3600, avgHr: 120 }),
    // 03-29 begins at 00:00 CET and the clock jumps at 02:00, so 23:50 CEST is 22 h 50 min after midnight.
    act("Y", "2026-03-29", 22 + 50 / 60, "ride", { movingS: 5400 }),
    act("W", "2026-04-02", 7, "run", { distanceM: 5000 }),
  ];
  const input: LoadInput = { activities, profile, from: "2026-03-25", to: "2026-04-01", today: "2026-04-01", dataStart: "2026-01-01" };

  it("normalises `from` to its Monday and keeps the profile's time zone", () => {
    const r = buildLoadReport(input);
    expect(activities.find((a) => a.id === "Y")!.localDate).toBe("2026-03-29");
    expect(r).toMatchObject({ timeZone: TZ, from: "2026-03-23", to: "2026-04-01", dataStart: "2026-01-01" });
  });

  it("lists the sessions in range, in time order, with their methods", () => {
    const r = buildLoadReport(input);
    expect(r.sessions).toEqual([
      { activityId: "X", load: expect.closeTo(50.14457, 4), method: "trimp" },
      { activityId: "Y", load: 90, method: "duration" },
      { activityId: "Z", load: 700, method: "srpe" },
    ]);
  });

  it("reports the spikes of the runs in range, using the lookback run", () => {
    const r = buildLoadReport(input);
    // X: 11000 / 10000 (L, 13 days before) − 1 = 0.10 → none; Z: 16500 / 11000 − 1 = 0.5 → moderate
    expect(r.spikes.map((s) => [s.activityId, s.longestPrev30dM, s.band])).toEqual([
      ["X", 10_000, "none"],
      ["Z", 11_000, "moderate"],
    ]);
  });

  it("builds the weeks from `from` to the week of `to`", () => {
    const r = buildLoadReport(input);
    expect(r.weeks.map((w) => w.weekStart)).toEqual(["2026-03-23", "2026-03-30"]);
    // Week 03-23: X + Y. Previous week (03-16) had no run → change null. Rest Tue–Sat = 5.
    expect(r.weeks[0]).toMatchObject({
      runs: 1,
      runDistanceM: 11_000,
      crossTrainingMin: 90,
      load: expect.closeTo(140.14457, 4), // 50.14457 + 90
      loadMethods: { srpe: 0, trimp: 1, duration: 1 },
      distanceChange: null,
      restDays: 5,
    });
    // Week 03-30 up to today (Wed 04-01): Z only (W is after `to`); 16500 / 11000 − 1 = 0.5 → over_30;
    // rest days Mon and Wed = 2.
    expect(r.weeks[1]).toMatchObject({ runs: 1, runDistanceM: 16_500, distanceChange: 0.5, changeBand: "over_30", restDays: 2 });
  });

  it("gives one daily point per day in range with the ratios", () => {
    const r = buildLoadReport(input);
    // 2026-03-23 … 2026-04-01 = 9 days of March + 1 = 10
    expect(r.daily.map((d) => d.date)).toEqual(Array.from({ length: 10 }, (_, i) => addDays("2026-03-23", i)));
    expect(r.daily.map((d) => d.load)).toEqual([expect.closeTo(50.14457, 4), 0, 0, 0, 0, 0, 90, 0, 700, 0]);
    const apr1 = r.daily[9]!;
    // Acute Mar 26–Apr 1: 90 + 700 = 790. 28 days Mar 5–Apr 1: 250 + 50.14457 + 90 + 700 = 1090.14457.
    // Coupled = 790 / (1090.14457 / 4) = 790 / 272.53614 = 2.898698.
    // Uncoupled: days 8–28 = Mar 5–Mar 25: 250 + 50.14457 = 300.14457 → / 3 = 100.04819 → 7.896195.
    expect(apr1.acwrCoupled).toBeCloseTo(2.898698, 5);
    expect(apr1.acwrUncoupled).toBeCloseTo(7.896195, 5);
    expect(apr1.acwrEwma).not.toBeNull();
  });

  it("takes dataStart from the activities when the input has none (and ratios wait 28 days)", () => {
    const r = buildLoadReport({ ...input, dataStart: null });
    expect(r.dataStart).toBe("2026-03-10");
    // 2026-03-10 + 28 days = 2026-04-07, after the range → every ratio null.
    expect(r.daily.every((d) => d.acwrCoupled === null && d.acwrUncoupled === null && d.acwrEwma === null)).toBe(true);
  });

  it("handles a runner with no activities", () => {
    const r = buildLoadReport({ activities: [], profile, from: "2026-03-23", to: "2026-03-29", today: "2026-03-29", dataStart: null });
    expect(r).toMatchObject({ dataStart: null, spikes: [], sessions: [] });
    expect(r.weeks).toHaveLength(1);
    expect(r.weeks[0]).toMatchObject({ runs: 0, restDays: 0, distanceChange: null, monotony: null, strain: null });
    expect(r.daily).toHaveLength(7);
    expect(r.daily.every((d) => d.load === 0 && d.fitness === 0 && d.acwrCoupled === null)).toBe(true);
  });
});

describe("buildLoadReport on a 10-year synthetic history", () => {
  // 522 weeks from Monday 2016-01-04 (2016-01-01 was a Friday) plus 20 weeks of lookback before.
  // Every week: Mon 8 km, Tue 10 km, Wed 5 + 5 km, Thu 12 km, Fri 6 + 6 km, Sat 20 km (8 runs, 72 km),
  // Sun a 60-minute ride. Pace 5 min/km (movingS = distance × 3 / 10), no RPE or heart rate → duration
  // loads Mon..Sun: 40, 50, 50, 60, 60, 100, 60 = 420 AU a week.
  const WEEKS = 522;
  const LOOKBACK_WEEKS = 20;
  const from = "2016-01-04";
  const to = addDays(from, WEEKS * 7 - 1);
  const first = addDays(from, -LOOKBACK_WEEKS * 7);
  const plan: [number, number, number][] = [
    // [day offset from Monday, local hour, distance m]
    [0, 7, 8000],
    [1, 7, 10_000],
    [2, 7, 5000],
    [2, 18, 5000],
    [3, 7, 12_000],
    [4, 7, 6000],
    [4, 18, 6000],
    [5, 8, 20_000],
  ];
  const activities: LoadActivity[] = [];
  for (let w = 0; w < WEEKS + LOOKBACK_WEEKS; w++) {
    const monday = addDays(first, 7 * w);
    for (const [offset, hour, distanceM] of plan) {
      activities.push(act(`r${w}-${offset}-${hour}`, addDays(monday, offset), hour, "run", { distanceM, movingS: (distanceM * 3) / 10 }));
    }
    activities.push(act(`ride${w}`, addDays(monday, 6), 10, "ride", { distanceM: 30_000, movingS: 3600 }));
  }

  it("completes and returns the expected counts and steady-state values", () => {
    expect(activities).toHaveLength((WEEKS + LOOKBACK_WEEKS) * 9); // 542 × 9 = 4878
    const r = buildLoadReport({ activities, profile: { ...profile, hrRest: null, hrMax: null }, from, to, today: to, dataStart: first });

    expect(r.weeks).toHaveLength(WEEKS);
    expect(r.spikes).toHaveLength(WEEKS * 8); // 4176 runs
    expect(r.sessions).toHaveLength(WEEKS * 9); // 4698 sessions
    expect(r.daily).toHaveLength(WEEKS * 7); // 3654 days
    expect(r.daily[0]!.date).toBe(from);
    expect(r.daily.at(-1)!.date).toBe(to);

    // Every run's 30-day window holds a 20 km Saturday run (the lookback covers the first weeks):
    // the longest is 20000 and no run exceeds it → spike ≤ 0 → none.
    expect(r.spikes.every((s) => s.longestPrev30dM === 20_000 && s.band === "none")).toBe(true);

    // Every week is the same: 72 km in 8 runs, longest 20 km, 6 run days in a row, no rest day,
    // 60 min of cross-training, load 420, 0 % change (the week before `from` is in the lookback).
    // Monotony: mean 60, deviations −20, −10, −10, 0, 0, 40, 0 → Σ² = 2200, SD = √(2200/7) = 17.728105,
    // monotony = 60 / 17.728105 = 3.384456, strain = 420 × 3.384456 = 1421.4717.
    for (const w of r.weeks) {
      expect(w).toMatchObject({
        runs: 8,
        runDistanceM: 72_000,
        longestRunM: 20_000,
        maxRunStreakDays: 6,
        restDays: 0,
        crossTrainingMin: 60,
        load: 420,
        loadMethods: { srpe: 0, trimp: 0, duration: 9 },
        distanceChange: 0,
        changeBand: "decrease",
      });
      expect(w.monotony).toBeCloseTo(3.384456, 5);
      expect(w.strain).toBeCloseTo(1421.4717, 3);
    }

    // Any 7 consecutive days hold each weekday once: acute = 420, 28 days = 1680 → coupled 420 / 420 = 1,
    // uncoupled 420 / (1260 / 3) = 1, on every day.
    expect(r.daily.every((d) => d.acwrCoupled === 1 && d.acwrUncoupled === 1)).toBe(true);
    // CTL settles around the mean daily load of 60; its weekly ripple is at most Σ|deviation| / 42 = 80/42 < 2.
    const last = r.daily.at(-1)!;
    expect(last.fitness).toBeGreaterThan(58);
    expect(last.fitness).toBeLessThan(62);
  });
});
