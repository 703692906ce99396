import { describe, expect, it } from "vitest";
import { addDays } from "@/lib/load/weeks";
import { MIN_PATTERN_OBSERVATIONS, painPatterns } from "./patterns";
import type { CheckinFact, PainTiming, RunFact } from "./types";

function run(id: string, localDate: string, options: Partial<RunFact> = {}): RunFact {
  return { id, startTime: new Date(`${localDate}T07:00:00Z`), localDate, distanceM: 10_000, spike: false, surface: null, gearId: null, ...options };
}

function morning(id: string, localDate: string, pain: number, activityId: string | null = null, timing: PainTiming = "next_morning"): CheckinFact {
  return { id, at: new Date(`${localDate}T07:00:00Z`), localDate, pain, timing, activityId, redFlags: [] };
}

/** Runs on consecutive days from 2026-10-01, each with a linked next-morning check-in of the given pain. */
function observed(specs: { pain: number; run?: Partial<RunFact> }[]): { runs: RunFact[]; checkins: CheckinFact[] } {
  const runs = specs.map((s, i) => run(`r${i}`, addDays("2026-10-01", i), s.run));
  const checkins = specs.map((s, i) => morning(`m${i}`, addDays("2026-10-02", i), s.pain, `r${i}`));
  return { runs, checkins };
}

function factor(result: ReturnType<typeof painPatterns>, name: string) {
  return result.filter((c) => c.factor === name);
}

describe("next-morning pain of a run", () => {
  it("prefers linked check-ins to unlinked ones of the next day", () => {
    const runs = [run("A", "2026-11-01", { spike: true }), run("B", "2026-11-03"), run("C", "2026-11-05")];
    const checkins = [
      morning("a1", "2026-11-02", 2, "A"), // linked to A
      morning("a2", "2026-11-02", 6), // unlinked, same morning: ignored for A because A has a link
      morning("b1", "2026-11-04", 3), // unlinked, the day after B
      morning("b2", "2026-11-04", 5), // … the higher of the two counts
      morning("b3", "2026-11-04", 9, "elsewhere"), // linked to another run: not B's
      morning("b4", "2026-11-04", 8, null, "at_rest"), // not a next-morning check-in
      morning("c1", "2026-11-07", 4), // two days after C: not its next morning
    ];
    const spike = factor(painPatterns(checkins, runs, 1), "spike");
    expect(spike).toEqual([
      {
        factor: "spike",
        with: { label: "Runs with a spike", n: 1, median: 2 }, // A
        without: { label: "Runs without a spike", n: 1, median: 5 }, // B; C has no next-morning pain
        difference: -3, // 2 − 5
        enoughData: true,
      },
    ]);
  });

  it("takes the highest of several linked check-ins", () => {
    const runs = [run("A", "2026-11-01")];
    const checkins = [morning("a1", "2026-11-02", 2, "A"), morning("a2", "2026-11-02", 4, "A")];
    expect(factor(painPatterns(checkins, runs, 1), "spike")[0]!.without).toEqual({ label: "Runs without a spike", n: 1, median: 4 });
  });
});

describe("comparisons", () => {
  it("always has spike and long_run, in that order, with null medians when empty", () => {
    expect(painPatterns([], [])).toEqual([
      { factor: "spike", with: { label: "Runs with a spike", n: 0, median: null }, without: { label: "Runs without a spike", n: 0, median: null }, difference: null, enoughData: false },
      { factor: "long_run", with: { label: "Long runs (≥ your 75th percentile)", n: 0, median: null }, without: { label: "Other runs", n: 0, median: null }, difference: null, enoughData: false },
    ]);
  });

  it("needs 5 observations on each side", () => {
    expect(MIN_PATTERN_OBSERVATIONS).toBe(5);
    const spikes = (count: number, pain: number) => Array.from({ length: count }, () => ({ pain, run: { spike: true } }));
    const plain = (count: number, pain: number) => Array.from({ length: count }, () => ({ pain }));

    // 4 with a spike, 6 without: not enough.
    const four = observed([...spikes(4, 4), ...plain(6, 2)]);
    expect(factor(painPatterns(four.checkins, four.runs), "spike")[0]).toMatchObject({ with: { n: 4, median: 4 }, without: { n: 6, median: 2 }, difference: null, enoughData: false });

    // 5 and 5: medians 4 and 2, difference 2.
    const five = observed([...spikes(5, 4), ...plain(5, 2)]);
    expect(factor(painPatterns(five.checkins, five.runs), "spike")[0]).toMatchObject({ with: { n: 5 }, without: { n: 5 }, difference: 2, enoughData: true });
  });

  describe("long runs by the nearest-rank 75th percentile", () => {
    it("with n = 4 takes index ceil(3) − 1 = 2", () => {
      // Sorted 5000, 8000, 10000, 12000 → index 2 → 10000: 10 and 12 km are long.
      const { runs, checkins } = observed([
        { pain: 1, run: { distanceM: 12_000 } },
        { pain: 2, run: { distanceM: 5_000 } },
        { pain: 3, run: { distanceM: 10_000 } },
        { pain: 4, run: { distanceM: 8_000 } },
      ]);
      expect(factor(painPatterns(checkins, runs, 1), "long_run")[0]).toMatchObject({
        with: { n: 2, median: 2 }, // pains 1, 3
        without: { n: 2, median: 3 }, // pains 2, 4
        difference: -1,
      });
    });

    it("ranks among all runs, with or without a next-morning check-in", () => {
      // Plus an unobserved 20 km: n = 5, index ceil(3.75) − 1 = 3 of 5, 8, 10, 12, 20 → 12000. Only 12 km is long.
      const { runs, checkins } = observed([
        { pain: 1, run: { distanceM: 12_000 } },
        { pain: 2, run: { distanceM: 5_000 } },
        { pain: 3, run: { distanceM: 10_000 } },
        { pain: 4, run: { distanceM: 8_000 } },
      ]);
      const result = painPatterns(checkins, [...runs, run("far", "2026-12-01", { distanceM: 20_000 })], 1);
      expect(factor(result, "long_run")[0]).toMatchObject({ with: { n: 1, median: 1 }, without: { n: 3, median: 3 } });
    });

    it("never calls a run of 0 m long", () => {
      const { runs, checkins } = observed([{ pain: 1, run: { distanceM: 0 } }, { pain: 2, run: { distanceM: 0 } }]);
      expect(factor(painPatterns(checkins, runs, 1), "long_run")[0]).toMatchObject({ with: { n: 0 }, without: { n: 2 } });
    });
  });

  describe("surface and shoes", () => {
    it("compares each surface with the other known surfaces, leaving runs without one out", () => {
      const { runs, checkins } = observed([
        { pain: 1, run: { surface: "road" } },
        { pain: 2, run: { surface: "road" } },
        { pain: 6, run: { surface: "road" } },
        { pain: 3, run: { surface: "trail" } },
        { pain: 5, run: { surface: "trail" } },
        { pain: 4, run: { surface: "track" } },
        { pain: 4, run: { surface: "track" } },
        { pain: 9, run: { surface: null } },
        { pain: 9, run: { surface: null } },
      ]);
      const surface = factor(painPatterns(checkins, runs, 2), "surface");
      // road first (3 runs); trail and track tie at 2, by name: "track" < "trail" ("c" < "i").
      expect(surface).toEqual([
        // others: trail 3, 5, track 4, 4 → median of 3, 4, 4, 5 = 4; road 1, 2, 6 → 2
        { factor: "surface", with: { label: "road", n: 3, median: 2 }, without: { label: "Other surfaces", n: 4, median: 4 }, difference: -2, enoughData: true },
        // others: road 1, 2, 6, trail 3, 5 → 3
        { factor: "surface", with: { label: "track", n: 2, median: 4 }, without: { label: "Other surfaces", n: 5, median: 3 }, difference: 1, enoughData: true },
        // others: road 1, 2, 6, track 4, 4 → 4; trail (3 + 5) / 2 = 4
        { factor: "surface", with: { label: "trail", n: 2, median: 4 }, without: { label: "Other surfaces", n: 5, median: 4 }, difference: 0, enoughData: true },
      ]);
      expect(factor(painPatterns(checkins, runs, 2), "shoes")).toEqual([]); // no gear at all
    });

    it("has no comparison with a single observed value", () => {
      // "trail" only on a run without a next-morning check-in: one observed surface, "road".
      const { runs, checkins } = observed([{ pain: 1, run: { surface: "road", gearId: "g1" } }, { pain: 2, run: { surface: null, gearId: "g2" } }]);
      const result = painPatterns(checkins, [...runs, run("x", "2026-12-01", { surface: "trail" })], 1);
      expect(factor(result, "surface")).toEqual([]);
      expect(result.map((c) => c.factor)).toEqual(["spike", "long_run", "shoes", "shoes"]);
      expect(factor(result, "shoes").map((c) => [c.with.label, c.without.label, c.difference])).toEqual([
        ["g1", "Other shoes", -1], // 1 − 2
        ["g2", "Other shoes", 1],
      ]);
    });
  });
});
