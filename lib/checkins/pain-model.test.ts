import { describe, expect, it } from "vitest";
import { evaluatePainModel } from "./pain-model";
import type { CheckinFact, PainTiming, RunFact } from "./types";

// Everything in UTC, so a check-in's localDate is the date part of its instant.
const TODAY = "2026-11-20"; // window [2026-11-14, 2026-11-20]

function checkin(id: string, iso: string, pain: number, timing: PainTiming, activityId: string | null = null): CheckinFact {
  return { id, at: new Date(iso), localDate: iso.slice(0, 10), pain, timing, activityId, redFlags: [] };
}

function run(id: string, iso: string, distanceM = 10_000): RunFact {
  return { id, startTime: new Date(iso), localDate: iso.slice(0, 10), distanceM, spike: false, surface: null, gearId: null };
}

describe("window", () => {
  it("needs a check-in in the last 7 days", () => {
    expect(evaluatePainModel([], [], TODAY)).toEqual({ status: "not_enough_data", breaks: [], checkins: 0, highestPain: null });
    // 2026-11-13 = today − 7: outside the window, even with pain 8 during a run.
    expect(evaluatePainModel([checkin("a", "2026-11-13T18:00:00Z", 8, "during")], [], TODAY)).toEqual({
      status: "not_enough_data",
      breaks: [],
      checkins: 0,
      highestPain: null,
    });
  });

  it("reads today − 6 to today and leaves today − 7 out", () => {
    const result = evaluatePainModel(
      [checkin("old", "2026-11-13T18:00:00Z", 8, "during"), checkin("first", "2026-11-14T00:00:00Z", 1, "at_rest"), checkin("last", "2026-11-20T23:59:00Z", 2, "at_rest")],
      [],
      TODAY,
    );
    // The 8 is in the previous week (median 8), this week's median is 1.5: a fall, not a rise.
    expect(result).toEqual({ status: "ok", breaks: [], checkins: 2, highestPain: 2 });
  });
});

describe("R-PAIN-1: pain with running above 5/10", () => {
  it("allows exactly 5", () => {
    const result = evaluatePainModel([checkin("d", "2026-11-19T07:30:00Z", 5, "during"), checkin("a", "2026-11-19T09:00:00Z", 5, "after")], [], TODAY);
    expect(result).toEqual({ status: "ok", breaks: [], checkins: 2, highestPain: 5 });
  });

  it("breaks at 6, during or after", () => {
    const result = evaluatePainModel([checkin("d", "2026-11-18T07:30:00Z", 6, "during"), checkin("a", "2026-11-19T09:00:00Z", 7, "after")], [], TODAY);
    expect(result.status).toBe("reduce_load");
    expect(result.highestPain).toBe(7);
    expect(result.breaks).toEqual([
      {
        kind: "over_5_with_running",
        checkinId: "d",
        localDate: "2026-11-18",
        pain: 6,
        comparedWith: 5,
        reason: "Pain 6/10 during the run on 2026-11-18: the pain-monitoring model allows up to 5/10.",
      },
      {
        kind: "over_5_with_running",
        checkinId: "a",
        localDate: "2026-11-19",
        pain: 7,
        comparedWith: 5,
        reason: "Pain 7/10 after the run on 2026-11-19: the pain-monitoring model allows up to 5/10.",
      },
    ]);
  });

  it("does not apply to morning pain (R-PAIN-2 reads it)", () => {
    const result = evaluatePainModel([checkin("m", "2026-11-19T07:00:00Z", 7, "next_morning")], [], TODAY);
    // No run in the 36 hours before: nothing to compare with.
    expect(result).toEqual({ status: "ok", breaks: [], checkins: 1, highestPain: 7 });
  });
});

describe("pain at rest above 5/10", () => {
  it("allows 5 at rest", () => {
    expect(evaluatePainModel([checkin("r", "2026-11-19T20:00:00Z", 5, "at_rest")], [], TODAY)).toEqual({ status: "ok", breaks: [], checkins: 1, highestPain: 5 });
  });

  it("breaks on three evenings of 8/10 at rest (they no longer read as a mere weekly rise)", () => {
    const evenings = ["2026-11-18", "2026-11-19", "2026-11-20"].map((d, i) => checkin(`e${i}`, `${d}T20:00:00Z`, 8, "at_rest"));
    const result = evaluatePainModel(evenings, [], TODAY);
    expect(result.status).toBe("reduce_load");
    expect(result.breaks.map((b) => [b.kind, b.checkinId, b.pain, b.comparedWith])).toEqual([
      ["over_5_at_rest", "e0", 8, 5],
      ["over_5_at_rest", "e1", 8, 5],
      ["over_5_at_rest", "e2", 8, 5],
    ]);
    expect(result.breaks[0]!.reason).toBe("Pain 8/10 at rest on 2026-11-18: more than the 5/10 the pain-monitoring model allows even while running.");
  });
});

describe("R-PAIN-2: next-morning pain above the pain before the run", () => {
  it("takes the baseline from an at_rest check-in 3 days before the run", () => {
    const runs = [run("R", "2026-11-18T07:00:00Z")];
    const before = checkin("rest", "2026-11-15T07:00:00Z", 2, "at_rest");
    // A pain during an earlier run is not a resting pain: it does not lower the baseline.
    const during = checkin("dur", "2026-11-16T07:30:00Z", 0, "during");

    const higher = evaluatePainModel([before, during, checkin("nm", "2026-11-19T07:00:00Z", 3, "next_morning")], runs, TODAY);
    expect(higher.status).toBe("reduce_load");
    expect(higher.breaks).toEqual([
      {
        kind: "not_settled_next_morning",
        checkinId: "nm",
        localDate: "2026-11-19",
        pain: 3,
        comparedWith: 2,
        reason:
          "Pain 3/10 on the morning of 2026-11-19, after the run on 2026-11-18. Your lowest pain in the 7 days before that run was 2/10: the pain-monitoring model expects pain to settle back by the next morning.",
      },
    ]);

    // Pain equal to the baseline has settled.
    const equal = evaluatePainModel([before, during, checkin("nm", "2026-11-19T07:00:00Z", 2, "next_morning")], runs, TODAY);
    expect(equal).toEqual({ status: "ok", breaks: [], checkins: 3, highestPain: 2 });
  });

  it("uses the lowest resting or morning pain of [start − 7 days, start)", () => {
    const runs = [run("R", "2026-11-18T07:00:00Z")];
    const nm = checkin("nm", "2026-11-19T07:00:00Z", 2, "next_morning");
    // 2026-11-11 07:00 is exactly 7 × 24 h before the start: in. Baseline min(1, 3) = 1 → 2 > 1 breaks.
    const edgeIn = evaluatePainModel([checkin("x", "2026-11-11T07:00:00Z", 1, "next_morning"), checkin("y", "2026-11-17T20:00:00Z", 3, "at_rest"), nm], runs, TODAY);
    // (x also makes a weekly rise, W1 median 1 → W0 median 2.5; only R-PAIN-2 is read here.)
    const settled = (r: ReturnType<typeof evaluatePainModel>) => r.breaks.filter((b) => b.kind === "not_settled_next_morning");
    expect(settled(edgeIn).map((b) => b.comparedWith)).toEqual([1]);
    // One minute earlier: out. Baseline 3 → 2 does not break.
    const edgeOut = evaluatePainModel([checkin("x", "2026-11-11T06:59:00Z", 1, "next_morning"), checkin("y", "2026-11-17T20:00:00Z", 3, "at_rest"), nm], runs, TODAY);
    expect(settled(edgeOut)).toEqual([]);
  });

  it("assumes 0 when no pain was recorded before the run", () => {
    const result = evaluatePainModel([checkin("nm", "2026-11-19T07:00:00Z", 1, "next_morning")], [run("R", "2026-11-18T07:00:00Z")], TODAY);
    expect(result.status).toBe("reduce_load");
    expect(result.breaks).toHaveLength(1);
    expect(result.breaks[0]).toMatchObject({ kind: "not_settled_next_morning", checkinId: "nm", pain: 1, comparedWith: 0 });
    expect(result.breaks[0]!.reason).toContain("No pain was recorded in the 7 days before that run, so 0/10 is assumed");

    // 0 after a run with no baseline: 0 > 0 is false.
    const zero = evaluatePainModel([checkin("nm", "2026-11-19T07:00:00Z", 0, "next_morning")], [run("R", "2026-11-18T07:00:00Z")], TODAY);
    expect(zero.status).toBe("ok");
  });

  describe("which run a next-morning check-in follows", () => {
    // A at 11-17 07:00 has no pain recorded before it → baseline 0.
    // B at 11-18 19:00 has the resting 3 of 11-17 12:00 before it → baseline 3.
    const runs = [run("A", "2026-11-17T07:00:00Z"), run("B", "2026-11-18T19:00:00Z")];
    const rest = checkin("rest", "2026-11-17T12:00:00Z", 3, "at_rest");

    it("uses the linked run, even when a later run is closer", () => {
      const result = evaluatePainModel([rest, checkin("nm", "2026-11-19T07:00:00Z", 2, "next_morning", "A")], runs, TODAY);
      expect(result.breaks.map((b) => [b.kind, b.checkinId, b.comparedWith])).toEqual([["not_settled_next_morning", "nm", 0]]);
      expect(result.breaks[0]!.reason).toContain("after the run on 2026-11-17");
    });

    it("otherwise finds the latest run in the 36 hours before", () => {
      // B is 12 h before: baseline 3, and 2 ≤ 3.
      expect(evaluatePainModel([rest, checkin("nm", "2026-11-19T07:00:00Z", 2, "next_morning")], runs, TODAY).breaks).toEqual([]);
      // A link to a run not in the list falls back to the same search.
      expect(evaluatePainModel([rest, checkin("nm", "2026-11-19T07:00:00Z", 2, "next_morning", "gone")], runs, TODAY).breaks).toEqual([]);
    });

    it("judges a run exactly 36 hours before and not one 37 hours before", () => {
      const nm = checkin("nm", "2026-11-19T07:00:00Z", 2, "next_morning");
      // 11-17 19:00 → 11-19 07:00 = 36 h: judged against baseline 0.
      const at36 = evaluatePainModel([nm], [run("R", "2026-11-17T19:00:00Z")], TODAY);
      expect(at36.breaks.map((b) => b.kind)).toEqual(["not_settled_next_morning"]);
      // 11-17 18:00 → 11-19 07:00 = 37 h: no run to judge against.
      const at37 = evaluatePainModel([nm], [run("R", "2026-11-17T18:00:00Z")], TODAY);
      expect(at37).toEqual({ status: "ok", breaks: [], checkins: 1, highestPain: 2 });
    });

    it("does not judge a next-morning check-in without a run before it", () => {
      // The only run starts after the check-in.
      const result = evaluatePainModel([checkin("nm", "2026-11-19T07:00:00Z", 4, "next_morning")], [run("R", "2026-11-19T08:00:00Z")], TODAY);
      expect(result.status).toBe("ok");
    });
  });
});

describe("R-PAIN-3: weekly median rising", () => {
  // W0 = [11-14, 11-20], W1 = [11-07, 11-13], W2 = [10-31, 11-06]. at_rest pain, so no other rule applies.
  const w2 = [checkin("w2", "2026-11-01T08:00:00Z", 1, "at_rest")];
  const w1 = [checkin("w1a", "2026-11-07T08:00:00Z", 2, "at_rest"), checkin("w1b", "2026-11-13T08:00:00Z", 2, "at_rest")];
  const w0 = [checkin("w0b", "2026-11-20T08:00:00Z", 3, "at_rest"), checkin("w0a", "2026-11-14T08:00:00Z", 3, "at_rest")];

  it("watches a single rise of 1", () => {
    // median W1 = 2, median W0 = 3: 3 − 2 = 1; W2 has no check-in, so no earlier rise.
    const result = evaluatePainModel([...w1, ...w0], [], TODAY);
    expect(result.status).toBe("watch");
    expect(result.breaks).toEqual([
      {
        kind: "rising_week_to_week",
        checkinId: "w0b", // the latest of W0 by time, though listed first
        localDate: "2026-11-20",
        pain: 3,
        comparedWith: 2,
        reason: "Your median pain over the last 7 days was 3/10, up from 2/10 the 7 days before: one rise; the model asks that pain does not keep rising from week to week.",
      },
    ]);
  });

  it("reduces load after two rises in a row", () => {
    // 1 → 2 → 3: two rises of 1.
    const result = evaluatePainModel([...w2, ...w1, ...w0], [], TODAY);
    expect(result.status).toBe("reduce_load");
    expect(result.breaks).toHaveLength(1);
    expect(result.breaks[0]).toMatchObject({ kind: "rising_week_to_week", pain: 3, comparedWith: 2 });
    expect(result.breaks[0]!.reason).toContain("two weeks in a row");
  });

  it("does not count a rise of 0.5", () => {
    // W1: 2, 3 → median 2.5; W0: 3, 3 → 3; 3 − 2.5 = 0.5 < 1.
    const result = evaluatePainModel([w1[0]!, checkin("w1c", "2026-11-10T08:00:00Z", 3, "at_rest"), ...w0], [], TODAY);
    expect(result).toEqual({ status: "ok", breaks: [], checkins: 2, highestPain: 3 });
  });

  it("does not count an earlier rise alone", () => {
    // 1 → 2 → 2: W2 → W1 rose, W1 → W0 did not.
    const result = evaluatePainModel([...w2, ...w1, checkin("w0", "2026-11-15T08:00:00Z", 2, "at_rest")], [], TODAY);
    expect(result.status).toBe("ok");
  });

  it("takes every timing into the median and puts the rise after the other breaks", () => {
    // W1: at_rest 1 → median 1. W0: at_rest 11-15 (1), next-morning 11-16 (2, after run R: baseline 1 → break),
    // during 11-17 (6 → break). W0 median of 1, 2, 6 = 2: 2 − 1 = 1, a rise.
    const result = evaluatePainModel(
      [
        checkin("dur", "2026-11-17T07:30:00Z", 6, "during"),
        checkin("nm", "2026-11-16T07:00:00Z", 2, "next_morning"),
        checkin("rest", "2026-11-15T07:00:00Z", 1, "at_rest"),
        checkin("w1", "2026-11-10T07:00:00Z", 1, "at_rest"),
      ],
      [run("R", "2026-11-15T17:00:00Z")],
      TODAY,
    );
    expect(result.status).toBe("reduce_load");
    expect(result.checkins).toBe(3);
    expect(result.highestPain).toBe(6);
    expect(result.breaks.map((b) => [b.kind, b.checkinId, b.pain, b.comparedWith])).toEqual([
      ["not_settled_next_morning", "nm", 2, 1],
      ["over_5_with_running", "dur", 6, 5],
      ["rising_week_to_week", "dur", 2, 1],
    ]);
  });
});

describe("R-PAIN-3 across a week without check-ins", () => {
  // W0 = [11-14, 11-20], W1 = [11-07, 11-13] (empty), W2 = [10-31, 11-06], W3 = [10-24, 10-30].
  it("compares with the latest earlier week that has check-ins", () => {
    // W2 median 2, W1 nothing, W0 median 4: a rise of 2, named with W2's dates.
    const result = evaluatePainModel(
      [checkin("w2", "2026-11-02T08:00:00Z", 2, "at_rest"), checkin("w0", "2026-11-19T08:00:00Z", 4, "at_rest")],
      [],
      TODAY,
    );
    expect(result.status).toBe("watch");
    expect(result.breaks).toEqual([
      {
        kind: "rising_week_to_week",
        checkinId: "w0",
        localDate: "2026-11-19",
        pain: 4,
        comparedWith: 2,
        reason:
          "Your median pain over the last 7 days was 4/10, up from 2/10 in 2026-10-31 to 2026-11-06, the latest earlier 7 days with check-ins: one rise; the model asks that pain does not keep rising from week to week.",
      },
    ]);
  });

  it("finds two rises in a row across empty weeks", () => {
    // W3 median 1, W2 median 2, W1 empty, W0 median 3: 1 → 2 → 3.
    const result = evaluatePainModel(
      [checkin("w3", "2026-10-25T08:00:00Z", 1, "at_rest"), checkin("w2", "2026-11-02T08:00:00Z", 2, "at_rest"), checkin("w0", "2026-11-19T08:00:00Z", 3, "at_rest")],
      [],
      TODAY,
    );
    expect(result.status).toBe("reduce_load");
    expect(result.breaks[0]!.reason).toContain("two weeks in a row");
  });

  it("looks back at most 8 weeks", () => {
    // W9 = [09-12, 09-18] median 1, nothing between, W0 median 4: too far back to compare.
    const result = evaluatePainModel([checkin("w9", "2026-09-15T08:00:00Z", 1, "at_rest"), checkin("w0", "2026-11-19T08:00:00Z", 4, "at_rest")], [], TODAY);
    expect(result).toEqual({ status: "ok", breaks: [], checkins: 1, highestPain: 4 });
  });
});
