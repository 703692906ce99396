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
  // The window (lookback and range) mixes RPE, heart rate and neither, so every session is rated by
  // duration (moving minutes), the one method that covers them all:
  // L  Tue 03-10 run 10 km, RPE 5, 50 min        → 50 (lookback)
  // X  Mon 03-23 run 11 km, avg HR 120, 60 min   → 60
  // Y  Sun 03-29 ride 90 min at 23:50 CEST       → 90 (DST day; still Sunday)
  // Z  Tue 03-31 trail run 16.5 km, RPE 7, 100 min → 100
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

  it("lists the sessions in range, in time order, all by duration, and says why", () => {
    const r = buildLoadReport(input);
    expect(r.sessions).toEqual([
      { activityId: "X", load: 60, method: "duration" },
      { activityId: "Y", load: 90, method: "duration" },
      { activityId: "Z", load: 100, method: "duration" },
    ]);
    // L, X, Y, Z are in the window (W is after `to`): RPE on L and Z, heart rate on X.
    expect(r.loadMethod).toBe("duration");
    expect(r.loadCoverage).toEqual({ sessions: 4, srpe: 2, trimp: 1 });
  });

  it("uses session-RPE when every session of the window has an RPE", () => {
    // X gets RPE 4 (4 × 60 = 240) and Y RPE 3 (3 × 90 = 270); L 5 × 50 = 250, Z 7 × 100 = 700.
    const rated = activities.map((a) => (a.id === "X" ? { ...a, rpe: 4 } : a.id === "Y" ? { ...a, rpe: 3 } : a));
    const r = buildLoadReport({ ...input, activities: rated });
    expect(r.loadMethod).toBe("srpe");
    expect(r.sessions.map((s) => [s.activityId, s.load, s.method])).toEqual([
      ["X", 240, "srpe"],
      ["Y", 270, "srpe"],
      ["Z", 700, "srpe"],
    ]);
    expect(r.weeks[0]).toMatchObject({ load: 510, loadMethods: { srpe: 2, trimp: 0, duration: 0 } });
  });

  it("uses TRIMP when every session of the window has a heart rate but not all an RPE", () => {
    // Every session at avg HR 120 → HRr 0.5; TRIMP per minute 0.5 × 0.64 × e^0.96 = 0.8357428.
    // X 60 min → 50.14457; Y 90 min → 75.21686.
    const withHr = activities.map((a) => ({ ...a, avgHr: 120 }));
    const r = buildLoadReport({ ...input, activities: withHr });
    expect(r.loadMethod).toBe("trimp");
    expect(r.loadCoverage).toEqual({ sessions: 4, srpe: 2, trimp: 4 });
    expect(r.weeks[0]!.load).toBeCloseTo(50.14457 + 75.21686, 3);
  });

  it("does not move a week's ratio when the runner rates that week's runs and not the others", () => {
    // Rating X and Z (not L and Y): the window is still mixed, so the loads stay duration and the
    // ratios do not move at all (the duration-based load did not change either).
    const partly = activities.map((a) => (a.id === "X" ? { ...a, rpe: 9 } : a));
    const before = buildLoadReport(input);
    const after = buildLoadReport({ ...input, activities: partly });
    expect(after.loadMethod).toBe("duration");
    expect(after.daily.map((d) => d.acwrUncoupled)).toEqual(before.daily.map((d) => d.acwrUncoupled));
    expect(after.weeks.map((w) => w.load)).toEqual(before.weeks.map((w) => w.load));
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
      load: 150, // 60 + 90
      loadMethods: { srpe: 0, trimp: 0, duration: 2 },
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
    expect(r.daily.map((d) => d.load)).toEqual([60, 0, 0, 0, 0, 0, 90, 0, 100, 0]);
    const apr1 = r.daily[9]!;
    // Acute Mar 26–Apr 1: 90 + 100 = 190. 28 days Mar 5–Apr 1: 50 + 60 + 90 + 100 = 300.
    // Coupled = 190 / (300 / 4) = 190 / 75 = 2.5333333.
    // Uncoupled: days 8–28 = Mar 5–Mar 25: 50 + 60 = 110 → / 3 = 36.666667 → 190 / 36.666667 = 5.1818182.
    expect(apr1.acwrCoupled).toBeCloseTo(2.5333333, 6);
    expect(apr1.acwrUncoupled).toBeCloseTo(5.1818182, 6);
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

describe("buildLoadReport for a steady runner", () => {
  it("reads an EWMA ratio within 0.02 of 1 from the 28th day of data", () => {
    // A 40-minute run every day from Monday 2026-01-05 (dataStart) to 2026-04-05: duration 40 AU a day.
    // The report's series starts 120 days before `from`; the EWMAs start on dataStart at the warm-up
    // mean of 40, so every ratio from Feb 1 (the 28th day) on is 40 / 40 = 1.
    const first = "2026-01-05";
    const to = "2026-04-05";
    const activities: LoadActivity[] = [];
    for (let d = first; d <= to; d = addDays(d, 1)) activities.push(act(`r${d}`, d, 7, "run", { distanceM: 8000, movingS: 2400 }));
    const r = buildLoadReport({ activities, profile, from: first, to, today: to, dataStart: first });
    const shown = r.daily.filter((p) => p.acwrEwma !== null);
    expect(shown[0]!.date).toBe("2026-02-01");
    expect(shown.at(-1)!.date).toBe(to);
    expect(shown.every((p) => Math.abs(p.acwrEwma! - 1) <= 0.02)).toBe(true);
  });
});

describe("buildLoadReport when the runner rates one week's runs", () => {
  it("keeps that week's load and ratio in minutes (they moved from 280 to 1680 AU when units were mixed)", () => {
    // Six weeks from Monday 2026-01-05, runs of 70 minutes on Mon, Wed, Fri and Sun: 280 AU of duration a week.
    // Rating the four runs of the last week at RPE 6 would make them 6 × 70 = 420 AU each (1680 a week) by
    // session-RPE; the window still holds unrated runs, so every session stays in minutes.
    const first = "2026-01-05";
    const to = "2026-02-15";
    const activities: LoadActivity[] = [];
    for (let d = first; d <= to; d = addDays(d, 1)) {
      const weekday = (Date.parse(`${d}T00:00:00Z`) / 86_400_000 + 3) % 7; // 0 = Monday
      if ([0, 2, 4, 6].includes(weekday)) activities.push(act(`r${d}`, d, 7, "run", { distanceM: 14_000, movingS: 4200 }));
    }
    const input: LoadInput = { activities, profile, from: first, to, today: to, dataStart: first };
    const rated: LoadInput = { ...input, activities: activities.map((a) => (a.localDate >= "2026-02-09" ? { ...a, rpe: 6 } : a)) };
    const before = buildLoadReport(input);
    const after = buildLoadReport(rated);
    expect(after.loadMethod).toBe("duration");
    expect(after.loadCoverage).toEqual({ sessions: 24, srpe: 4, trimp: 0 });
    expect(after.weeks.at(-1)).toMatchObject({ weekStart: "2026-02-09", load: 280 });
    // The duration-based load did not change, so the ratio may not move at all: 280 / (840 / 3) = 1 on Feb 15.
    expect(after.daily.at(-1)!.acwrUncoupled).toBe(before.daily.at(-1)!.acwrUncoupled);
    expect(after.daily.at(-1)!.acwrUncoupled).toBeCloseTo(1, 12);
    expect(after.daily.map((p) => p.acwrEwma)).toEqual(before.daily.map((p) => p.acwrEwma));
  });
});
