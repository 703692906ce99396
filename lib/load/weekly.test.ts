import { describe, expect, it } from "vitest";
import type { LoadActivity, LoadMethod, SessionLoad, WeekSummary } from "./types";
import { changeBand, longestStreak, monotonyAndStrain, weeklySummaries, type WeeklyInput } from "./weekly";
import { mondayOf, startOfLocalDay } from "./weeks";
import { testActivity } from "./test-activity";

// Calendar (2026-01-01 is a Thursday): 2026-03-23, 03-30, 04-27, 05-04, 06-01, 06-08, … are Mondays;
// 2026-03-29 (Paris DST starts: 02:00 CET → 03:00 CEST) and 2026-05-03 are Sundays.
const HOUR = 3_600_000;

let nextId = 0;
function act(
  sport: LoadActivity["sport"],
  startTime: Date,
  opts: { distanceM?: number; movingS?: number; elevGainM?: number | null; timeZone?: string } = {},
): LoadActivity {
  nextId += 1;
  return testActivity(
    startTime,
    { id: `a${nextId}`, name: `${sport} ${nextId}`, sport, distanceM: opts.distanceM ?? 0, movingS: opts.movingS ?? 1800, elevGainM: opts.elevGainM ?? null },
    opts.timeZone ?? "UTC",
  );
}

/** A UTC activity at 07:00 on a date. */
function on(date: string, sport: LoadActivity["sport"], opts: Parameters<typeof act>[2] = {}): LoadActivity {
  return act(sport, new Date(`${date}T07:00:00Z`), opts);
}

function sessionsFor(activities: LoadActivity[], load = 0, method: LoadMethod = "duration"): SessionLoad[] {
  return activities.map((a) => ({ activityId: a.id, load, method }));
}

function summaries(activities: LoadActivity[], overrides: Partial<WeeklyInput> & Pick<WeeklyInput, "from" | "to">): WeekSummary[] {
  return weeklySummaries({
    activities,
    sessions: sessionsFor(activities),
    today: "2030-01-01",
    dataStart: "2020-01-01",
    ...overrides,
  });
}

describe("week bucketing", () => {
  it("buckets by local date across the Europe/Paris DST change (2026-03-29)", () => {
    const tz = "Europe/Paris";
    // Mon 03-23 07:00 CET = 06:00Z
    const monday = act("run", new Date("2026-03-23T06:00:00Z"), { distanceM: 4000, timeZone: tz });
    // Sun 03-29 01:30 CET = 00:30Z (before the jump)
    const early = act("run", new Date("2026-03-29T00:30:00Z"), { distanceM: 5000, timeZone: tz });
    // Sun 03-29 23:50 CEST = 21:50Z (after the jump)
    const late = act("run", new Date("2026-03-29T21:50:00Z"), { distanceM: 6000, timeZone: tz });
    // Mon 03-30 00:20 CEST = Sun 03-29 22:20Z: UTC says Sunday, Paris says Monday
    const nextMonday = act("run", new Date("2026-03-29T22:20:00Z"), { distanceM: 7000, timeZone: tz });
    expect([monday, early, late, nextMonday].map((a) => a.localDate)).toEqual(["2026-03-23", "2026-03-29", "2026-03-29", "2026-03-30"]);
    // The Sunday 23:50 start is 23 h 50 min after midnight on the clock but only 22 h 50 min of time.
    expect(late.startTime.getTime() - startOfLocalDay("2026-03-29", tz).getTime()).toBe(22 * HOUR + 50 * 60_000);

    const weeks = summaries([monday, early, late, nextMonday], { from: "2026-03-23", to: "2026-04-05", today: "2026-04-05", dataStart: "2026-03-01" });
    expect(weeks.map((w) => w.weekStart)).toEqual(["2026-03-23", "2026-03-30"]);
    // Week 03-23: 4000 + 5000 + 6000 = 15000 m, 3 runs, longest 6000; run days Mon and Sun → streak 1;
    // rest days Tue–Sat = 5 (the 23-hour Sunday is one day like any other).
    expect(weeks[0]).toMatchObject({ runDistanceM: 15_000, runs: 3, longestRunM: 6000, maxRunStreakDays: 1, restDays: 5 });
    // Week 03-30: 7000 m; 7000 / 15000 − 1 = −0.5333… → decrease; rest days Tue–Sun = 6.
    expect(weeks[1]).toMatchObject({ runDistanceM: 7000, runs: 1, restDays: 6, changeBand: "decrease" });
    expect(weeks[1]!.distanceChange).toBeCloseTo(7 / 15 - 1, 12);
  });

  it("puts a run starting 23:50 local on Sunday in Sunday's week, though UTC says Monday", () => {
    const tz = "America/New_York";
    // Sun 2026-05-03 23:50 EDT (UTC−4) = Mon 2026-05-04 03:50Z
    const sundayLate = act("run", new Date("2026-05-04T03:50:00Z"), { distanceM: 5000, timeZone: tz });
    // Mon 2026-05-04 06:00 EDT = 10:00Z
    const mondayMorning = act("run", new Date("2026-05-04T10:00:00Z"), { distanceM: 8000, timeZone: tz });
    expect(sundayLate.localDate).toBe("2026-05-03");
    expect(mondayOf(sundayLate.localDate)).toBe("2026-04-27");

    const weeks = summaries([sundayLate, mondayMorning], { from: "2026-04-27", to: "2026-05-10" });
    expect(weeks.map((w) => [w.weekStart, w.runs, w.runDistanceM])).toEqual([
      ["2026-04-27", 1, 5000],
      ["2026-05-04", 1, 8000],
    ]);
  });

  it("lists every Monday from `from` to the week of `to`, even a mid-week `to`", () => {
    expect(summaries([], { from: "2026-06-01", to: "2026-06-17" }).map((w) => w.weekStart)).toEqual([
      "2026-06-01",
      "2026-06-08",
      "2026-06-15",
    ]);
    expect(summaries([], { from: "2026-06-08", to: "2026-06-07" })).toEqual([]);
  });
});

describe("running, cross-training and load totals", () => {
  const week = [
    on("2026-06-01", "run", { distanceM: 8000, movingS: 2400, elevGainM: 50 }),
    on("2026-06-02", "trail_run", { distanceM: 12_000, movingS: 4200, elevGainM: 400 }),
    on("2026-06-03", "treadmill_run", { distanceM: 5000, movingS: 1500, elevGainM: null }),
    on("2026-06-03", "ride", { distanceM: 30_000, movingS: 3600, elevGainM: 300 }),
    on("2026-06-04", "swim", { distanceM: 1500, movingS: 1800 }),
    on("2026-06-05", "walk", { distanceM: 4000, movingS: 1200 }),
    on("2026-06-05", "hike", { distanceM: 6000, movingS: 2400, elevGainM: 500 }),
    on("2026-06-06", "strength", { movingS: 600 }),
    on("2026-06-06", "other", { movingS: 300 }),
  ];
  const loads: [number, LoadMethod][] = [
    [100, "srpe"],
    [150, "trimp"],
    [25, "duration"],
    [60, "duration"],
    [90, "srpe"],
    [20, "duration"],
    [40, "duration"],
    [30, "srpe"],
    [5, "duration"],
  ];
  const sessions: SessionLoad[] = week.map((a, i) => ({ activityId: a.id, load: loads[i]![0], method: loads[i]![1] }));

  it("separates running from every other sport", () => {
    const [w] = weeklySummaries({ activities: week, sessions, from: "2026-06-01", to: "2026-06-07", today: "2026-06-30", dataStart: "2026-01-01" });
    expect(w).toMatchObject({
      weekStart: "2026-06-01",
      runDistanceM: 25_000, // 8000 + 12000 + 5000
      runMovingS: 8100, // 2400 + 4200 + 1500
      runs: 3,
      longestRunM: 12_000,
      elevGainM: 450, // 50 + 400 + 0 (null); ride and hike climbing are not running
      crossTrainingMin: 165, // (3600 + 1800 + 1200 + 2400 + 600 + 300) s = 9900 s = 165 min
      restDays: 1, // Sunday only
      maxRunStreakDays: 3, // Mon–Wed
    });
  });

  it("sums session loads of all sports, counts methods, and computes monotony and strain", () => {
    const [w] = weeklySummaries({ activities: week, sessions, from: "2026-06-01", to: "2026-06-07", today: "2026-06-30", dataStart: "2026-01-01" });
    // 100 + 150 + 25 + 60 + 90 + 20 + 40 + 30 + 5 = 520
    expect(w!.load).toBe(520);
    expect(w!.loadMethods).toEqual({ srpe: 3, trimp: 1, duration: 5 });
    // Daily loads Mon..Sun: 100, 150, 25+60 = 85, 90, 20+40 = 60, 30+5 = 35, 0.
    // mean = 520/7 = 74.2857; Σx² = 10000 + 22500 + 7225 + 8100 + 3600 + 1225 + 0 = 52650;
    // variance = 52650/7 − (520/7)² = 7521.4286 − 5518.3673 = 2003.0612; SD = 44.75557;
    // monotony = 74.2857 / 44.75557 = 1.659809; strain = 520 × 1.659809 = 863.1008
    expect(w!.monotony).toBeCloseTo(1.659809, 5);
    expect(w!.strain).toBeCloseTo(863.1008, 3);
  });
});

describe("rest days and run streaks", () => {
  it("counts only days up to today in the current week", () => {
    // Mon run, Tue nothing, Wed ride, Thu run; today = Thu 06-04 → Tue is the only rest day so far.
    const acts = [on("2026-06-01", "run"), on("2026-06-03", "ride"), on("2026-06-04", "run")];
    const [w] = summaries(acts, { from: "2026-06-01", to: "2026-06-04", today: "2026-06-04" });
    expect(w!.restDays).toBe(1);
    // Same when the range runs to the end of the week but today is Thursday.
    expect(summaries(acts, { from: "2026-06-01", to: "2026-06-07", today: "2026-06-04" })[0]!.restDays).toBe(1);
    // A week later the whole week is observed: Tue, Fri, Sat, Sun = 4.
    expect(summaries(acts, { from: "2026-06-01", to: "2026-06-07", today: "2026-06-11" })[0]!.restDays).toBe(4);
  });

  it("does not count days after `to` (not observed) as rest", () => {
    // Range ends Wed 06-03 in the past: Mon run, Tue nothing, Wed nothing → 2; Thu–Sun not counted.
    const [w] = summaries([on("2026-06-01", "run")], { from: "2026-06-01", to: "2026-06-03", today: "2026-07-01" });
    expect(w!.restDays).toBe(2);
  });

  it("does not count days before the runner's first activity", () => {
    // dataStart Wed 06-03; runs Wed and Fri → rest Thu, Sat, Sun = 3 (Mon, Tue before any data).
    const acts = [on("2026-06-03", "run"), on("2026-06-05", "run")];
    const [w] = summaries(acts, { from: "2026-06-01", to: "2026-06-07", today: "2026-06-30", dataStart: "2026-06-03" });
    expect(w!.restDays).toBe(3);
    // The week before dataStart has no rest days; the week after, with no activity, has 7.
    const weeks = summaries(acts, { from: "2026-05-25", to: "2026-06-14", today: "2026-06-30", dataStart: "2026-06-03" });
    expect(weeks.map((x) => x.restDays)).toEqual([0, 3, 7]);
  });

  it("has no rest days at all without data", () => {
    expect(summaries([], { from: "2026-06-01", to: "2026-06-07", dataStart: null })[0]!.restDays).toBe(0);
  });

  it("finds the longest streak of run days inside each week", () => {
    // Runs Mon, Tue, Thu, Fri (twice), Sat → streaks 2 and 3 → 3; a Wed ride breaks the run streak.
    const acts = [
      on("2026-06-01", "run"),
      on("2026-06-02", "run"),
      on("2026-06-03", "ride"),
      on("2026-06-04", "trail_run"),
      on("2026-06-05", "run"),
      act("run", new Date("2026-06-05T18:00:00Z")),
      on("2026-06-06", "treadmill_run"),
    ];
    expect(summaries(acts, { from: "2026-06-01", to: "2026-06-07" })[0]!.maxRunStreakDays).toBe(3);
    // Sat + Sun, then Mon + Tue: four days in a row, but each week sees 2.
    const across = [on("2026-06-06", "run"), on("2026-06-07", "run"), on("2026-06-08", "run"), on("2026-06-09", "run")];
    expect(summaries(across, { from: "2026-06-01", to: "2026-06-14" }).map((w) => w.maxRunStreakDays)).toEqual([2, 2]);
    expect(summaries([], { from: "2026-06-01", to: "2026-06-07" })[0]!.maxRunStreakDays).toBe(0);
  });

  it("longestStreak", () => {
    expect(longestStreak([true, true, false, true, true, true, false])).toBe(3);
    expect(longestStreak([false, false])).toBe(0);
    expect(longestStreak([true, true, true, true, true, true, true])).toBe(7);
  });
});

describe("week-over-week change", () => {
  it("compares each week's running distance with the previous week's, including the week before `from`", () => {
    const acts = [
      on("2026-06-01", "run", { distanceM: 8000 }), // week before `from`
      on("2026-06-08", "run", { distanceM: 10_000 }),
      on("2026-06-15", "run", { distanceM: 11_000 }),
      on("2026-06-22", "run", { distanceM: 14_300 }),
      on("2026-06-29", "run", { distanceM: 14_300 }),
      on("2026-07-06", "ride", { distanceM: 40_000 }), // no running this week
      on("2026-07-13", "run", { distanceM: 5000 }),
      on("2026-07-20", "run", { distanceM: 6501 }),
      on("2026-07-27", "run", { distanceM: 6600 }),
    ];
    const weeks = summaries(acts, { from: "2026-06-08", to: "2026-07-29" });
    expect(weeks.map((w) => w.weekStart)).toEqual([
      "2026-06-08",
      "2026-06-15",
      "2026-06-22",
      "2026-06-29",
      "2026-07-06",
      "2026-07-13",
      "2026-07-20",
      "2026-07-27",
    ]);
    expect(weeks.map((w) => w.changeBand)).toEqual([
      "10_to_30", // 10000 / 8000 − 1 = 0.25
      "up_to_10", // 11000 / 10000 − 1 = 0.10 (edge)
      "10_to_30", // 14300 / 11000 − 1 = 0.30 (edge)
      "decrease", // 14300 / 14300 − 1 = 0
      "decrease", // 0 / 14300 − 1 = −1 (the ride does not count)
      null, // previous week had 0 m
      "over_30", // 6501 / 5000 − 1 = 0.3002
      "up_to_10", // 6600 / 6501 − 1 = 0.01523
    ]);
    const changes = weeks.map((w) => w.distanceChange);
    expect(changes[0]).toBeCloseTo(0.25, 12);
    expect(changes[3]).toBe(0);
    expect(changes[4]).toBe(-1);
    expect(changes[5]).toBeNull();
    expect(changes[7]).toBeCloseTo(0.015228, 6);
  });

  it("has no change for the first week when nothing was run the week before", () => {
    const [w] = summaries([on("2026-06-08", "run", { distanceM: 5000 })], { from: "2026-06-08", to: "2026-06-14" });
    expect(w).toMatchObject({ distanceChange: null, changeBand: null });
  });

  it("changeBand edges", () => {
    expect(changeBand(null)).toBeNull();
    expect(changeBand(-0.2)).toBe("decrease");
    expect(changeBand(0)).toBe("decrease");
    expect(changeBand(0.0001)).toBe("up_to_10");
    expect(changeBand(0.1)).toBe("up_to_10");
    expect(changeBand(0.1001)).toBe("10_to_30");
    expect(changeBand(0.3)).toBe("10_to_30");
    expect(changeBand(0.3001)).toBe("over_30");
  });
});

describe("monotony and strain", () => {
  it("are mean / population SD and load × monotony", () => {
    // 60 on 4 of 7 days: mean = 240/7; SD = 60·√(p(1−p)) with p = 4/7; mean/SD = √(p/(1−p)) = √(4/3)
    // = 1.1547005; strain = 240 × 1.1547005 = 277.12813
    const a = monotonyAndStrain([60, 0, 60, 0, 60, 0, 60]);
    expect(a.monotony).toBeCloseTo(1.1547005, 6);
    expect(a.strain).toBeCloseTo(277.12813, 4);
    // One session of 100: p = 1/7 → √(1/6) = 0.4082483; strain = 100 × 0.4082483 = 40.82483
    const b = monotonyAndStrain([100, 0, 0, 0, 0, 0, 0]);
    expect(b.monotony).toBeCloseTo(0.4082483, 6);
    expect(b.strain).toBeCloseTo(40.82483, 4);
  });

  it("are null for a zero-variance week", () => {
    expect(monotonyAndStrain([50, 50, 50, 50, 50, 50, 50])).toEqual({ monotony: null, strain: null });
    expect(monotonyAndStrain([0, 0, 0, 0, 0, 0, 0])).toEqual({ monotony: null, strain: null });
    // 33.3 is not exact in binary; the rounding noise must not become a monotony of ~10^15.
    expect(monotonyAndStrain(Array(7).fill(33.3))).toEqual({ monotony: null, strain: null });
  });

  it("come out of weeklySummaries from the 7 daily loads", () => {
    const everyDay = ["2026-06-01", "2026-06-02", "2026-06-03", "2026-06-04", "2026-06-05", "2026-06-06", "2026-06-07"].map((d) => on(d, "run"));
    const alternate = ["2026-06-08", "2026-06-10", "2026-06-12", "2026-06-14"].map((d) => on(d, "run"));
    const acts = [...everyDay, ...alternate];
    const weeks = weeklySummaries({ activities: acts, sessions: sessionsFor(acts, 60), from: "2026-06-01", to: "2026-06-21", today: "2026-06-30", dataStart: "2026-01-01" });
    // Week 1: 60 every day → SD 0 → null. Week 2: 60 on Mon, Wed, Fri, Sun → √(4/3), 240·√(4/3).
    // Week 3: no load → null.
    expect(weeks.map((w) => [w.load, w.monotony, w.strain])).toEqual([
      [420, null, null],
      [240, expect.closeTo(1.1547005, 6), expect.closeTo(277.12813, 4)],
      [0, null, null],
    ]);
  });
});
