import { describe, expect, it } from "vitest";
import type { CheckinFact, PainTiming } from "@/lib/checkins/types";
import { testActivity } from "@/lib/load/test-activity";
import { buildToday, type TodayInput } from "./today";
import { ceilingSentences, dayLabel, spikeBadgeText, spikeSentence, todayText } from "./words";

// 2026-12-08 is a Tuesday; 2026-11-17 a Tuesday, 2026-12-17 a Thursday, 2026-11-15 a Sunday.
const run = (id: string, iso: string, km: number, timeZone = "UTC") => testActivity(new Date(iso), { id, name: id, distanceM: km * 1000 }, timeZone);
const checkin = (id: string, iso: string, pain: number, timing: PainTiming, activityId: string | null = null): CheckinFact => ({
  id,
  at: new Date(iso),
  localDate: iso.slice(0, 10),
  pain,
  timing,
  activityId,
  redFlags: [],
});
const input = (now: string, activities: TodayInput["activities"], checkins: CheckinFact[] = [], extra: Partial<TodayInput> = {}): TodayInput => ({
  now: new Date(now),
  timeZone: "UTC",
  activities,
  checkins,
  openRedFlags: [],
  ...extra,
});

describe("dayLabel", () => {
  it("names the weekday, day and month", () => {
    expect(dayLabel("2026-12-17")).toBe("Thu 17 Dec");
    expect(dayLabel("2026-11-15")).toBe("Sun 15 Nov");
  });
});

describe("the next-run ceiling", () => {
  // Saturdays at 08:00: 10 km; Sunday 22 Nov 09:00: 12 km.
  const steady = [
    run("s1", "2026-11-14T08:00:00Z", 10),
    run("s2", "2026-11-21T08:00:00Z", 10),
    run("long", "2026-11-22T09:00:00Z", 12),
    run("s3", "2026-11-28T08:00:00Z", 10),
    run("s4", "2026-12-05T08:00:00Z", 10),
  ];

  it("steady history: 1.10 × the 30-day longest, and when it leaves the window", () => {
    const t = buildToday(input("2026-12-08T12:00:00Z", steady));
    expect(t.ceiling.basis).toBe("longest_30d");
    expect(t.ceiling.reference?.activityId).toBe("long");
    expect(t.ceiling.ceilingM).toBeCloseTo(13_200, 6); // 1.1 × 12,000
    // 12 km run started 2026-11-22 09:00 + 30 d = 2026-12-22 09:00; then the 10 km runs of 11-28 and 12-05 remain: 11.0 km.
    expect(t.ceiling.nextChange?.at.toISOString()).toBe("2026-12-22T09:00:00.000Z");
    expect(t.ceiling.nextChange?.localDate).toBe("2026-12-22");
    expect(t.ceiling.nextChange?.ceilingM).toBeCloseTo(11_000, 6);
    const words = ceilingSentences(t.ceiling, "km");
    expect(words.headline).toBe("Your next run can be up to 13.2 km without a spike.");
    expect(words.reason).toBe("That is 1.10 × your 12.0 km run of Sun 22 Nov, the longest of the last 30 days.");
    expect(words.change).toBe("From Tue 22 Dec, when the 12.0 km run leaves the 30-day window: 11.0 km.");
    // Latest run, 12-05: 10 / 12 − 1 = −16.7 %: within the recent longest.
    expect(t.latestRun?.activityId).toBe("s4");
    expect(t.latestRun?.band).toBe("none");
    expect(spikeSentence(t.latestRun!, "km")).toBe("10.0 km — within your recent longest (12.0 km in the previous 30 days): no spike.");
    // Answer holds until local midnight (before the 12-22 change).
    expect(t.validUntil.toISOString()).toBe("2026-12-09T00:00:00.000Z");
  });

  it("in miles", () => {
    const t = buildToday(input("2026-12-08T12:00:00Z", steady));
    const words = ceilingSentences(t.ceiling, "mi");
    // 13,200 / 1,609.344 = 8.202 mi; 12,000 m = 7.456 mi; 11,000 m = 6.835 mi.
    expect(words.headline).toBe("Your next run can be up to 8.2 mi without a spike.");
    expect(words.reason).toBe("That is 1.10 × your 7.5 mi run of Sun 22 Nov, the longest of the last 30 days.");
    expect(words.change).toBe("From Tue 22 Dec, when the 7.5 mi run leaves the 30-day window: 6.8 mi.");
  });

  // 23.0 km on Tue 17 Nov 08:00, then 12, 10 and 8 km.
  const longThenShort = [
    run("r23", "2026-11-17T08:00:00Z", 23),
    run("r12", "2026-11-20T08:00:00Z", 12),
    run("r10", "2026-11-27T08:00:00Z", 10),
    run("r8", "2026-12-04T08:00:00Z", 8),
  ];

  it("the day before the longest run leaves: 25.3 km, then 13.2 km from Thu 17 Dec", () => {
    const t = buildToday(input("2026-12-16T12:00:00Z", longThenShort));
    expect(t.ceiling.ceilingM).toBeCloseTo(25_300, 6);
    expect(ceilingSentences(t.ceiling, "km").change).toBe("From Thu 17 Dec, when the 23.0 km run leaves the 30-day window: 13.2 km.");
  });

  it("the day the longest run leaves the window: still counted at exactly +30 days, gone a moment later", () => {
    expect(buildToday(input("2026-12-17T08:00:00Z", longThenShort)).ceiling.ceilingM).toBeCloseTo(25_300, 6);
    const t = buildToday(input("2026-12-17T12:00:00Z", longThenShort));
    expect(t.ceiling.reference?.activityId).toBe("r12");
    expect(t.ceiling.ceilingM).toBeCloseTo(13_200, 6);
    // The 12 km run (11-20 08:00) leaves on 12-20 08:00; the 10 and 8 km runs remain: 11.0 km.
    expect(t.ceiling.nextChange?.localDate).toBe("2026-12-20");
    expect(t.ceiling.nextChange?.ceilingM).toBeCloseTo(11_000, 6);
  });

  it("no runs in the last 30 days: says so, and gives no number", () => {
    const t = buildToday(input("2026-12-08T12:00:00Z", [run("old", "2026-10-01T08:00:00Z", 15)]));
    expect(t.ceiling.basis).toBe("no_recent_runs");
    expect(t.ceiling.ceilingM).toBeNull();
    expect(t.ceiling.nextChange).toBeNull();
    const words = ceilingSentences(t.ceiling, "km");
    expect(words.headline).toBe("No run in the last 30 days, so there is no recent longest run to measure the next one against.");
    expect(`${words.headline} ${words.reason}`).not.toMatch(/\d (km|mi)\b/);
    expect(t.latestRun?.activityId).toBe("old");
  });

  it("the last run hours ago is a spike: 27.0 km against 23.0 km is +17%, small", () => {
    const t = buildToday(input("2026-12-08T12:00:00Z", [run("r23", "2026-11-17T08:00:00Z", 23), run("r27", "2026-12-08T07:00:00Z", 27)]));
    expect(t.latestRun?.spike).toBeCloseTo(4 / 23, 9); // 27 / 23 − 1 = 0.1739
    expect(t.latestRun?.band).toBe("small");
    expect(todayText(t, "km").latestRun).toBe("Tue 8 Dec: 27.0 km — 17% longer than your longest run of the previous 30 days (23.0 km): small spike.");
    expect(spikeBadgeText("small", t.latestRun!.spike)).toBe("small spike +17%");
    // The new run is now the longest: 1.1 × 27 = 29.7 km.
    expect(t.ceiling.ceilingM).toBeCloseTo(29_700, 6);
    // It has no check-in, and is inside the 36 h: asked about until 12-09 19:00.
    expect(t.checkinDue?.activityId).toBe("r27");
    expect(t.validUntil.toISOString()).toBe("2026-12-09T00:00:00.000Z");
  });
});

describe("the ceiling after a pain episode", () => {
  // The sample history's shape: 23.0 km on Sun 15 Nov, knee pain from the next morning (3 days ≥ 3/10,
  // settling on 11-19), then three weeks of runs of at most 11 km, each followed by a settled morning.
  const runs = [
    run("r23", "2026-11-15T09:00:00Z", 23),
    run("a", "2026-11-21T09:00:00Z", 6),
    run("b", "2026-11-25T09:00:00Z", 8),
    run("c", "2026-11-29T09:00:00Z", 10),
    run("d", "2026-12-03T09:00:00Z", 11),
    run("e", "2026-12-06T09:00:00Z", 9),
  ];
  const pain = [
    checkin("p1", "2026-11-16T07:00:00Z", 5, "next_morning", "r23"),
    checkin("p2", "2026-11-17T07:00:00Z", 4, "at_rest"),
    checkin("p3", "2026-11-18T07:00:00Z", 3, "at_rest"),
    checkin("p4", "2026-11-19T07:00:00Z", 1, "at_rest"),
    checkin("m-a", "2026-11-22T07:00:00Z", 1, "next_morning", "a"),
    checkin("m-b", "2026-11-26T07:00:00Z", 1, "next_morning", "b"),
    checkin("m-c", "2026-11-30T07:00:00Z", 1, "next_morning", "c"),
    checkin("m-e", "2026-12-07T07:00:00Z", 0, "next_morning", "e"),
  ];

  it("follows the longest run since the episode began, not 1.1 × 23.0 = 25.3 km", () => {
    const settledD = checkin("m-d", "2026-12-04T07:00:00Z", 1, "next_morning", "d");
    const t = buildToday(input("2026-12-08T12:00:00Z", runs, [...pain, settledD]));
    expect(t.ceiling.basis).toBe("after_pain");
    expect(t.ceiling.episode).toEqual({ start: "2026-11-16", end: "2026-11-18", ongoing: false, peakPain: 5 });
    expect(t.ceiling.reference?.activityId).toBe("d");
    expect(t.ceiling.ceilingM).toBeCloseTo(12_100, 6); // 1.1 × 11,000, not 25,300
    // The episode stops counting 31 days after it ended (returnToRun reads 30): 11-18 + 31 = 12-19.
    // Then the 30-day window [11-19, 12-19) no longer holds the 23 km run: 1.1 × 11 km again.
    expect(t.ceiling.nextChange?.localDate).toBe("2026-12-19");
    expect(t.ceiling.nextChange?.ceilingM).toBeCloseTo(12_100, 6);
    const words = ceilingSentences(t.ceiling, "km");
    expect(words.headline).toBe("Your next run can be up to 12.1 km without a spike.");
    expect(words.reason).toBe(
      "Because of the knee pain you had from Mon 16 Nov to Wed 18 Nov, the reference is your longest run since then that did not leave the next morning worse — your 11.0 km run of Thu 3 Dec, not your 30-day longest (23.0 km).",
    );
  });

  it("leaves out a run followed by a worse next morning", () => {
    // 3/10 the morning after the 11 km run, above the lowest 1/10 of the 7 days before it.
    const worseD = checkin("m-d", "2026-12-04T07:00:00Z", 3, "next_morning", "d");
    const t = buildToday(input("2026-12-08T12:00:00Z", runs, [...pain, worseD]));
    expect(t.ceiling.reference?.activityId).toBe("c");
    expect(t.ceiling.excluded?.activityId).toBe("d");
    expect(t.ceiling.ceilingM).toBeCloseTo(11_000, 6); // 1.1 × 10,000
    expect(ceilingSentences(t.ceiling, "km").reason).toContain("your 10.0 km run of Sun 29 Nov, not the 11.0 km run that was followed by more pain.");
  });

  it("with no run since the episode began: says so, no number", () => {
    const ongoing = [checkin("q1", "2026-12-06T07:00:00Z", 4, "at_rest"), checkin("q2", "2026-12-07T07:00:00Z", 5, "at_rest")];
    const t = buildToday(input("2026-12-08T12:00:00Z", [run("r", "2026-12-05T08:00:00Z", 10)], ongoing));
    expect(t.ceiling.basis).toBe("no_run_since_pain");
    expect(t.ceiling.ceilingM).toBeNull();
    expect(ceilingSentences(t.ceiling, "km").headline).toBe(
      "You have not run since your knee pain began on Sun 6 Dec, so there is no reference run yet and Patella gives no number.",
    );
  });
});

describe("the rest of the card", () => {
  it("holds the ceiling while a warning sign is open", () => {
    const t = buildToday(
      input("2026-12-08T12:00:00Z", [run("r", "2026-12-05T08:00:00Z", 10)], [], {
        openRedFlags: [{ checkinId: "k", localDate: "2026-12-07", redFlags: ["swelling"] }],
      }),
    );
    expect(t.ceiling.basis).toBe("held");
    expect(t.ceiling.ceilingM).toBeNull();
    const text = todayText(t, "km");
    expect(text.ceiling.headline).toBe("See a healthcare professional before your next run.");
    expect(text.warningSign).toContain("You reported swelling.");
    expect(JSON.stringify(text.ceiling)).not.toMatch(/can be up to/);
  });

  it("week so far against last week, never as a finished week", () => {
    // Today Tue 8 Dec: this week Mon 7 – Tue 8; last week Mon 30 Nov – Sun 6 Dec.
    const t = buildToday(
      input("2026-12-08T12:00:00Z", [
        run("w1", "2026-11-30T08:00:00Z", 5),
        run("w2", "2026-12-03T08:00:00Z", 8),
        run("w3", "2026-12-06T20:00:00Z", 12),
        run("n1", "2026-12-07T08:00:00Z", 6),
        testActivity(new Date("2026-12-08T07:00:00Z"), { id: "ride", sport: "ride", distanceM: 30_000 }),
      ]),
    );
    expect(t.week.soFar).toEqual({ weekStart: "2026-12-07", distanceM: 6_000, runs: 1 });
    expect(t.week.lastWeek).toEqual({ weekStart: "2026-11-30", distanceM: 25_000, runs: 3 });
    expect(t.week.lastWeekToSameDayM).toBe(5_000); // Mon 30 Nov – Tue 1 Dec
    expect(todayText(t, "km").week).toBe("This week so far: 6.0 km in 1 run. Last week: 25.0 km in 3 runs (5.0 km by this day).");
  });

  it("the last check-in, and asks for one after a run of the last 36 hours", () => {
    const runs = [run("r1", "2026-12-06T08:00:00Z", 10), run("r2", "2026-12-07T18:00:00Z", 8)];
    const before = checkin("c1", "2026-12-06T20:00:00Z", 2, "after", "r1");
    const t = buildToday(input("2026-12-08T12:00:00Z", runs, [before]));
    expect(t.lastCheckin).toMatchObject({ checkinId: "c1", pain: 2, localDate: "2026-12-06" });
    expect(t.checkinDue?.activityId).toBe("r2");
    expect(todayText(t, "km").checkinDue).toBe("Your 8.0 km run of Mon 7 Dec has no check-in yet: how is the knee?");
    // 12-07 18:00 + 36 h = 12-09 06:00, after local midnight: the answer holds until midnight.
    expect(t.validUntil.toISOString()).toBe("2026-12-09T00:00:00.000Z");
    // A check-in after the run answers the ask, linked or not.
    expect(buildToday(input("2026-12-08T12:00:00Z", runs, [before, checkin("c2", "2026-12-08T07:00:00Z", 1, "next_morning")])).checkinDue).toBeNull();
    // A run older than 36 h is not asked about.
    expect(buildToday(input("2026-12-09T07:00:00Z", runs, [before])).checkinDue).toBeNull();
  });

  it("no runs at all", () => {
    const t = buildToday(input("2026-12-08T12:00:00Z", []));
    expect(t.latestRun).toBeNull();
    expect(t.ceiling.basis).toBe("no_recent_runs");
    expect(todayText(t, "km").latestRun).toBe("No runs yet.");
  });
});
