import { describe, expect, it } from "vitest";
import { ESCALATION_THRESHOLDS, painEscalations, type EscalationInput } from "./escalation";
import type { OstrcWeek } from "./insights";
import type { CheckinFact, PainTiming, ReturnToRun } from "./types";

/** TODAY is Wednesday 2026-05-13; its week starts 2026-05-11. */
const TODAY = "2026-05-13";
const WEEK = "2026-05-11";

let n = 0;
function c(localDate: string, pain: number, timing: PainTiming, extra: Partial<CheckinFact> = {}): CheckinFact {
  n += 1;
  return { id: `c${n}`, at: new Date(`${localDate}T12:00:00Z`), localDate, pain, timing, activityId: null, redFlags: [], ...extra };
}

function input(partial: Partial<EscalationInput>): EscalationInput {
  return { today: TODAY, checkins: [], ostrc: [], currentWeek: WEEK, returnToRun: null, ...partial };
}

const kinds = (i: Partial<EscalationInput>) => painEscalations(input(i)).map((e) => e.kind);

function episode(daysSinceStart: number, trend: ReturnToRun["trend"], ongoing = true): ReturnToRun {
  return {
    episode: { start: "2026-04-27", end: TODAY, painfulDays: 8, peakPain: 4, ongoing },
    daysSinceStart,
    firstWeekMedian: 4,
    lastWeekMedian: 4,
    trend,
    runsSince: 0,
    distanceSinceM: 0,
    latest: null,
  };
}

describe("painEscalations", () => {
  it("has a source for every threshold", () => {
    expect(ESCALATION_THRESHOLDS.map((t) => t.kind).sort()).toEqual(["ostrc_severe_pain", "pain_at_rest_or_night", "persistent_pain", "severe_pain", "stopped_run"]);
    for (const t of ESCALATION_THRESHOLDS) expect(t.source.length, t.kind).toBeGreaterThan(20);
  });

  it("reads severe pain from 7/10, whatever the timing", () => {
    expect(kinds({ checkins: [c("2026-05-12", 6, "after")] })).toEqual([]);
    expect(kinds({ checkins: [c("2026-05-12", 7, "next_morning")] })).toEqual(["severe_pain"]);
    expect(painEscalations(input({ checkins: [c("2026-05-12", 9, "after")] }))[0]!.reason).toBe("Pain 9/10 on 2026-05-12: 7/10 or more is severe pain.");
  });

  it("reads pain at rest or at night from 4/10", () => {
    expect(kinds({ checkins: [c("2026-05-12", 3, "at_rest")] })).toEqual([]);
    expect(kinds({ checkins: [c("2026-05-12", 4, "at_rest")] })).toEqual(["pain_at_rest_or_night"]);
    expect(kinds({ checkins: [c("2026-05-12", 4, "after")] })).toEqual([]);
    expect(kinds({ checkins: [c("2026-05-12", 4, "next_morning", { redFlags: ["night_pain"] })] })).toEqual(["pain_at_rest_or_night"]);
  });

  it("reads a run stopped by pain above 5/10 during it", () => {
    expect(kinds({ checkins: [c("2026-05-12", 5, "during", { stoppedRun: true })] })).toEqual([]);
    expect(kinds({ checkins: [c("2026-05-12", 6, "during", { stoppedRun: false })] })).toEqual([]);
    expect(kinds({ checkins: [c("2026-05-12", 6, "during", { stoppedRun: true })] })).toEqual(["stopped_run"]);
  });

  it("reads only the last 7 days, newest first", () => {
    expect(kinds({ checkins: [c("2026-05-06", 9, "after")] })).toEqual([]);
    const found = painEscalations(input({ checkins: [c("2026-05-07", 8, "after"), c("2026-05-13", 5, "at_rest")] }));
    expect(found.map((e) => e.localDate)).toEqual(["2026-05-13", "2026-05-07"]);
  });

  it("reads severe pain in this week's or last week's questionnaire, not older", () => {
    const severe = (weekStart: string): OstrcWeek => ({ weekStart, skipped: false, answers: [1, 0, 0, 3], severity: 33, substantial: false });
    expect(kinds({ ostrc: [severe(WEEK)] })).toEqual(["ostrc_severe_pain"]);
    expect(kinds({ ostrc: [severe("2026-05-04")] })).toEqual(["ostrc_severe_pain"]);
    expect(kinds({ ostrc: [severe("2026-04-27")] })).toEqual([]);
    // A newer answer without severe pain replaces it.
    expect(kinds({ ostrc: [severe("2026-05-04"), { ...severe(WEEK), answers: [1, 0, 0, 2] }] })).toEqual([]);
  });

  it("reads pain that persists past 14 days without improving by 2 points", () => {
    expect(kinds({ returnToRun: episode(13, "unchanged") })).toEqual([]);
    expect(kinds({ returnToRun: episode(14, "unchanged") })).toEqual(["persistent_pain"]);
    expect(kinds({ returnToRun: episode(20, "worse") })).toEqual(["persistent_pain"]);
    expect(kinds({ returnToRun: episode(20, "improving") })).toEqual([]);
    expect(kinds({ returnToRun: episode(20, "unchanged", false) })).toEqual([]);
  });
});
