import { describe, expect, it } from "vitest";
import { runSpikes, spikeBand } from "./spikes";
import type { LoadActivity, RunSpike } from "./types";
import { startOfLocalDay } from "./weeks";
import { testActivity } from "./test-activity";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function run(id: string, iso: string | Date, distanceM: number, sport: LoadActivity["sport"] = "run", timeZone = "UTC"): LoadActivity {
  return testActivity(typeof iso === "string" ? new Date(iso) : iso, { id, name: id, sport, distanceM }, timeZone);
}

/** The spike of a run one day after a single earlier run. */
function spikeAgainst(longestM: number, distanceM: number): RunSpike {
  const spikes = runSpikes(
    [run("prev", "2026-01-01T07:00:00Z", longestM), run("this", "2026-01-02T07:00:00Z", distanceM)],
    "2026-01-02",
    "2026-01-02",
  );
  expect(spikes).toHaveLength(1);
  return spikes[0]!;
}

describe("spike bands (Frandsen 2025)", () => {
  it("puts the exact edges 10 %, 30 % and 100 % in the lower band", () => {
    // 11000 / 10000 − 1 = 0.10 → none (in floating point 0.10000000000000009, still "none")
    expect(spikeAgainst(10_000, 11_000)).toMatchObject({ longestPrev30dM: 10_000, band: "none" });
    expect(spikeAgainst(10_000, 11_000).spike).toBeCloseTo(0.1, 12);
    // 13000 / 10000 − 1 = 0.30 → small
    expect(spikeAgainst(10_000, 13_000).band).toBe("small");
    // 14300 / 11000 − 1 = 0.30 → small (1.3 is not exact in binary either)
    expect(spikeAgainst(11_000, 14_300).band).toBe("small");
    // 20000 / 10000 − 1 = 1.00 → moderate
    expect(spikeAgainst(10_000, 20_000).band).toBe("moderate");
  });

  it("moves to the next band just above each edge", () => {
    expect(spikeAgainst(10_000, 11_001).band).toBe("small"); // 0.1001
    expect(spikeAgainst(10_000, 13_001).band).toBe("moderate"); // 0.3001
    expect(spikeAgainst(10_000, 20_001).band).toBe("large"); // 1.0001
    expect(spikeAgainst(10_000, 30_000)).toMatchObject({ spike: 2, band: "large" }); // 3 − 1
  });

  it("calls a shorter or equal run 'none'", () => {
    expect(spikeAgainst(10_000, 10_000)).toMatchObject({ spike: 0, band: "none" });
    expect(spikeAgainst(10_000, 5_000)).toMatchObject({ spike: -0.5, band: "none" });
  });

  it("maps a missing spike to no_recent_runs", () => {
    expect(spikeBand(null)).toBe("no_recent_runs");
    expect(spikeBand(0.1)).toBe("none");
    expect(spikeBand(0.3)).toBe("small");
    expect(spikeBand(1)).toBe("moderate");
  });
});

describe("runSpikes on a constructed history", () => {
  // A  2026-01-01 07:00Z  20 km
  // B  2026-01-10 07:00Z   8 km   window [2025-12-11 07:00, B): A → L 20000, 8000/20000 − 1 = −0.6 → none
  // C  2026-01-31 07:00Z  10 km   exactly 30 × 24 h after A: window [2026-01-01 07:00, C) includes A's
  //                               start → L 20000, 10000/20000 − 1 = −0.5 → none
  // D  2026-01-31 07:00:01Z 12 km 30 d + 1 s after A: A is out; B, C in → L 10000, 0.2 → small
  // E  2026-02-05 a 50 km ride: not a run, never a "longest run", not reported
  // F  2026-02-06 07:00Z  25 km   window [2026-01-07 07:00, F): B, C, D → L 12000,
  //                               25000/12000 − 1 = 1.0833… → large
  // G  2026-04-01 07:00Z   5 km   F was 54 days earlier → no run in the window → no_recent_runs
  const history = [
    run("G", "2026-04-01T07:00:00Z", 5_000),
    run("A", "2026-01-01T07:00:00Z", 20_000),
    run("B", "2026-01-10T07:00:00Z", 8_000),
    run("C", "2026-01-31T07:00:00Z", 10_000),
    run("D", "2026-01-31T07:00:01Z", 12_000),
    run("E", "2026-02-05T07:00:00Z", 50_000, "ride"),
    run("F", "2026-02-06T07:00:00Z", 25_000, "trail_run"),
  ];

  it("reports every run in [from, to] in time order, using earlier runs for the window", () => {
    const spikes = runSpikes(history, "2026-01-10", "2026-04-30");
    expect(spikes.map((s) => s.activityId)).toEqual(["B", "C", "D", "F", "G"]);
    expect(spikes.map((s) => s.longestPrev30dM)).toEqual([20_000, 20_000, 10_000, 12_000, null]);
    expect(spikes.map((s) => s.band)).toEqual(["none", "none", "small", "large", "no_recent_runs"]);
    expect(spikes[0]!.spike).toBeCloseTo(-0.6, 12);
    expect(spikes[2]!.spike).toBeCloseTo(0.2, 12);
    expect(spikes[3]!.spike).toBeCloseTo(25 / 12 - 1, 12);
    expect(spikes[4]!.spike).toBeNull();
    expect(spikes[3]).toMatchObject({ name: "F", localDate: "2026-02-06", distanceM: 25_000 });
  });

  it("leaves out runs outside [from, to] (by local date)", () => {
    expect(runSpikes(history, "2026-01-31", "2026-01-31").map((s) => s.activityId)).toEqual(["C", "D"]);
    expect(runSpikes(history, "2026-02-07", "2026-03-31")).toEqual([]);
  });

  it("says no_recent_runs for the first run ever", () => {
    expect(runSpikes(history, "2026-01-01", "2026-01-01")).toEqual([
      {
        activityId: "A",
        name: "A",
        localDate: "2026-01-01",
        startTime: new Date("2026-01-01T07:00:00Z"),
        distanceM: 20_000,
        movingS: 3600,
        avgCadenceSpm: null,
        surface: null,
        gearId: null,
        longestPrev30dM: null,
        spike: null,
        band: "no_recent_runs",
      },
    ]);
  });

  it("counts treadmill runs but not runs without a distance", () => {
    const spikes = runSpikes(
      [
        run("t0", "2026-01-01T07:00:00Z", 0, "treadmill_run"),
        run("t1", "2026-01-02T07:00:00Z", 6_000, "treadmill_run"),
        run("r", "2026-01-03T07:00:00Z", 6_000),
      ],
      "2026-01-01",
      "2026-01-03",
    );
    // t0: nothing before. t1: only a 0 m run before → no_recent_runs. r: 6000 / 6000 − 1 = 0 → none.
    expect(spikes.map((s) => s.band)).toEqual(["no_recent_runs", "no_recent_runs", "none"]);
  });

  it("does not compare runs that start at the same instant with each other", () => {
    const spikes = runSpikes(
      [run("x", "2026-01-01T07:00:00Z", 5_000), run("y", "2026-01-01T07:00:00Z", 9_000), run("z", "2026-01-02T07:00:00Z", 9_000)],
      "2026-01-01",
      "2026-01-02",
    );
    // x, y: window [t − 30 d, t) is empty for both. z: longest of x, y = 9000 → 0 → none.
    expect(spikes.map((s) => [s.activityId, s.longestPrev30dM, s.band])).toEqual([
      ["x", null, "no_recent_runs"],
      ["y", null, "no_recent_runs"],
      ["z", 9_000, "none"],
    ]);
  });
});

describe("the 30-day window is 30 × 24 h of instants, across DST (Europe/Paris)", () => {
  const tz = "Europe/Paris";

  it("keeps a run 30 calendar days earlier at the same wall-clock time across the spring change", () => {
    // 2026-03-01 08:00 CET = 07:00Z; 2026-03-31 08:00 CEST = 06:00Z: 30 d − 1 h apart → inside.
    const before = new Date(startOfLocalDay("2026-03-01", tz).getTime() + 8 * HOUR);
    const after = new Date(startOfLocalDay("2026-03-31", tz).getTime() + 8 * HOUR);
    expect(before.toISOString()).toBe("2026-03-01T07:00:00.000Z");
    expect(after.toISOString()).toBe("2026-03-31T06:00:00.000Z");
    const spikes = runSpikes([run("a", before, 10_000, "run", tz), run("b", after, 10_500, "run", tz)], "2026-03-31", "2026-03-31");
    // 10500 / 10000 − 1 = 0.05 → none
    expect(spikes).toMatchObject([{ activityId: "b", longestPrev30dM: 10_000, band: "none" }]);
    expect(after.getTime() - before.getTime()).toBe(30 * DAY - HOUR);
  });

  it("drops a run 30 calendar days earlier at the same wall-clock time across the autumn change", () => {
    // 2026-10-01 08:00 CEST = 06:00Z; 2026-10-31 08:00 CET = 07:00Z: 30 d + 1 h apart → outside.
    const before = new Date(startOfLocalDay("2026-10-01", tz).getTime() + 8 * HOUR);
    const after = new Date(startOfLocalDay("2026-10-31", tz).getTime() + 8 * HOUR);
    expect(before.toISOString()).toBe("2026-10-01T06:00:00.000Z");
    expect(after.toISOString()).toBe("2026-10-31T07:00:00.000Z");
    const spikes = runSpikes([run("a", before, 10_000, "run", tz), run("b", after, 10_500, "run", tz)], "2026-10-31", "2026-10-31");
    expect(spikes).toMatchObject([{ activityId: "b", longestPrev30dM: null, spike: null, band: "no_recent_runs" }]);
  });
});

describe("runSpikes against a brute-force window", () => {
  it("agrees with an O(n²) scan on a random history", () => {
    // A small deterministic PRNG (mulberry32), so the history is the same on every run.
    let seed = 42;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const start = Date.parse("2020-01-01T00:00:00Z");
    const activities: LoadActivity[] = [];
    let t = start;
    for (let i = 0; i < 600; i++) {
      t += Math.floor(random() * 5 * DAY); // gaps of up to 5 days
      if (random() < 0.05) t += 40 * DAY; // an occasional break longer than the window
      const sport = random() < 0.2 ? "ride" : "run";
      activities.push(run(`r${i}`, new Date(t), Math.round(random() * 30_000), sport));
    }

    const runs = activities.filter((a) => a.sport === "run");
    const expected = runs.map((r) => {
      const prev = runs.filter(
        (p) =>
          p.distanceM > 0 &&
          p.startTime.getTime() < r.startTime.getTime() &&
          p.startTime.getTime() >= r.startTime.getTime() - 30 * DAY,
      );
      return prev.length === 0 ? null : Math.max(...prev.map((p) => p.distanceM));
    });

    const spikes = runSpikes(activities, "2000-01-01", "2100-01-01");
    expect(spikes.map((s) => s.activityId)).toEqual(runs.map((r) => r.id));
    expect(spikes.map((s) => s.longestPrev30dM)).toEqual(expected);
    // The history must exercise both cases for the comparison to mean anything.
    expect(expected.filter((e) => e === null).length).toBeGreaterThan(5);
    expect(expected.filter((e) => e !== null).length).toBeGreaterThan(300);
  });
});
