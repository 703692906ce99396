import { describe, expect, it } from "vitest";
import { OSTRC_POINTS, OSTRC_QUESTIONS, type OstrcAnswers, ostrcVerdict, scoreOstrc, substantialStreak } from "./ostrc";

describe("OSTRC-O2 questions", () => {
  it("asks the four knee questions over the past 7 days, each with four options", () => {
    expect(OSTRC_QUESTIONS.map((q) => q.id)).toEqual(["participation", "training", "performance", "pain"]);
    for (const q of OSTRC_QUESTIONS) {
      expect(q.text).toContain("knee");
      expect(q.text).toContain("past 7 days");
      expect(q.options).toHaveLength(4);
    }
    expect(OSTRC_QUESTIONS[0]!.options[0]).toBe("Full participation without knee problems");
    expect(OSTRC_POINTS).toEqual([0, 8, 17, 25]);
  });
});

describe("scoreOstrc", () => {
  it("scores nothing after full participation without problems (the O2 gatekeeper)", () => {
    expect(scoreOstrc([0, 3, 3, 3])).toEqual({ points: [0, 0, 0, 0], severity: 0, problem: false, substantial: false });
    expect(scoreOstrc([0, 0, 0, 0])).toEqual({ points: [0, 0, 0, 0], severity: 0, problem: false, substantial: false });
  });

  it("adds the points: 25 + 25 + 25 + 25 = 100", () => {
    expect(scoreOstrc([3, 3, 3, 3])).toEqual({ points: [25, 25, 25, 25], severity: 100, problem: true, substantial: true });
  });

  it("is substantial when Q1 is 25, or Q2 or Q3 reach 17", () => {
    // Q1 8, Q2 17: 8 + 17 = 25, substantial through Q2 alone.
    expect(scoreOstrc([1, 2, 0, 0])).toEqual({ points: [8, 17, 0, 0], severity: 25, problem: true, substantial: true });
    // Q3 17 alone.
    expect(scoreOstrc([1, 0, 2, 0]).substantial).toBe(true);
    // Could not participate: 25 + 0 + 0 + 0.
    expect(scoreOstrc([3, 0, 0, 0])).toMatchObject({ severity: 25, substantial: true });
  });

  it("is not substantial on minor answers or on pain alone", () => {
    // 17 + 8 + 8 + 25 = 58: reduced participation, minor effects, severe pain — a problem, not substantial.
    expect(scoreOstrc([2, 1, 1, 3])).toEqual({ points: [17, 8, 8, 25], severity: 58, problem: true, substantial: false });
    // 8 + 8 + 8 + 0 = 24
    expect(scoreOstrc([1, 1, 1, 0])).toEqual({ points: [8, 8, 8, 0], severity: 24, problem: true, substantial: false });
  });

  it("rejects an answer outside 0–3 or not an integer", () => {
    expect(() => scoreOstrc([4, 0, 0, 0])).toThrow(RangeError);
    expect(() => scoreOstrc([1, -1, 0, 0])).toThrow(RangeError);
    expect(() => scoreOstrc([1, 0, 1.5, 0])).toThrow(RangeError);
    expect(() => scoreOstrc([1, 0, 0, Number.NaN])).toThrow(RangeError);
    // Checked even when the gatekeeper ignores the answer.
    expect(() => scoreOstrc([0, 0, 0, 7] as OstrcAnswers)).toThrow(RangeError);
  });
});

describe("substantialStreak", () => {
  const CURRENT = "2026-11-16"; // a Monday
  const week = (weekStart: string, substantial: boolean | null) => ({ weekStart, substantial });

  it("counts back from the current week", () => {
    expect(substantialStreak([week("2026-11-02", true), week("2026-11-09", true), week("2026-11-16", true)], CURRENT)).toBe(3);
  });

  it("counts back from last week when this week has no answer yet", () => {
    expect(substantialStreak([week("2026-11-02", true), week("2026-11-09", true)], CURRENT)).toBe(2);
  });

  it("stops at a missing week", () => {
    // 10-26 true, 11-02 missing, 11-09 and 11-16 true: 2.
    expect(substantialStreak([week("2026-10-26", true), week("2026-11-09", true), week("2026-11-16", true)], CURRENT)).toBe(2);
  });

  it("stops at a skipped or non-substantial week", () => {
    expect(substantialStreak([week("2026-11-02", true), week("2026-11-09", null), week("2026-11-16", true)], CURRENT)).toBe(1);
    expect(substantialStreak([week("2026-11-02", true), week("2026-11-09", false), week("2026-11-16", true)], CURRENT)).toBe(1);
    // The latest answered week itself skipped: 0, even with substantial weeks before it.
    expect(substantialStreak([week("2026-11-09", true), week("2026-11-16", null)], CURRENT)).toBe(0);
  });

  it("is 0 when the latest answer is 2 weeks old", () => {
    expect(substantialStreak([week("2026-10-26", true), week("2026-11-02", true)], CURRENT)).toBe(0);
    expect(substantialStreak([], CURRENT)).toBe(0);
  });

  it("counts across a year end, in any order", () => {
    // Mondays 2026-12-21, 2026-12-28, 2027-01-04.
    expect(substantialStreak([week("2027-01-04", true), week("2026-12-21", true), week("2026-12-28", true)], "2027-01-04")).toBe(3);
  });
});

describe("ostrcVerdict", () => {
  it("never reads severe pain as an all-clear", () => {
    // Q1 minor (8), Q2 none, Q3 minor (8), Q4 severe (25): severity 41, not substantial.
    const severe = scoreOstrc([1, 0, 1, 3]);
    expect(severe).toMatchObject({ severity: 41, substantial: false });
    const v = ostrcVerdict(severe);
    expect(v.verdict).toBe("severe_pain");
    expect(v.words).not.toMatch(/no substantial problem/i);
    expect(v.words).toContain("book an appointment");
  });

  it("keeps substantial first, then a problem, then none", () => {
    expect(ostrcVerdict(scoreOstrc([3, 0, 0, 3])).verdict).toBe("substantial");
    expect(ostrcVerdict(scoreOstrc([1, 1, 1, 2])).verdict).toBe("problem");
    // The gatekeeper: full participation without problems scores nothing, whatever Q4 says.
    expect(ostrcVerdict(scoreOstrc([0, 0, 0, 3]))).toEqual({ verdict: "none", words: "No knee problem this week." });
  });
});
