import { describe, expect, it } from "vitest";
import { surfaceMix, type SurfaceRun } from "./mix";
import type { Surface, SurfaceSource, SurfaceSplit } from "./types";

// Today is Sunday 2026-03-01. Recent = [today − 27, today] = [2026-02-02, 2026-03-01];
// previous = [today − 55, today − 28] = [2026-01-05, 2026-02-01]. Both start on a Monday.
const TODAY = "2026-03-01";

function run(localDate: string, distanceM: number, surface: Surface | null, source: SurfaceSource | null = "user", split: SurfaceSplit[] | null = null): SurfaceRun {
  return { localDate, distanceM, surface, source, split };
}

const ZERO = { road: 0, trail: 0, track: 0, grass: 0, treadmill: 0, unknown: 0 };
const NO_CHANGE = { sharp: false, note: null };

describe("surfaceMix weeks", () => {
  const runs = [
    run("2026-02-08", 9000, "road"), // Sunday of the week of 02-02: not asked for
    run("2026-02-17", 10_000, "road", "strava"),
    run("2026-02-18", 8200, "mixed", "user", [
      { surface: "road", distanceM: 3000 },
      { surface: "trail", distanceM: 5000 },
    ]),
    run("2026-02-20", 4000, null, null),
    run("2026-02-22", 5000, "road", "assumed"), // Sunday: still the week of 02-16
    run("2026-02-23", 6000, "mixed"), // no split: unknown
    run("2026-02-25", 7000, "treadmill", "geometry"),
    run("2026-03-01", 4000, "track", "file"),
    run("2026-03-02", 1000, "road"), // a week not asked for (and after today)
  ];
  const mix = surfaceMix(runs, ["2026-02-09", "2026-02-16", "2026-02-23"], TODAY);

  it("has one entry per asked week, zeros when empty", () => {
    expect(mix.weeks.map((w) => w.weekStart)).toEqual(["2026-02-09", "2026-02-16", "2026-02-23"]);
    expect(mix.weeks[0]).toEqual({ weekStart: "2026-02-09", distanceM: ZERO, assumedM: 0 });
  });

  it("adds split parts to their surfaces and a null surface to unknown", () => {
    // road 10000 + 3000 (split) + 5000 = 18000; trail 5000 (split; the split's parts are what count,
    // not the run's 8200); unknown 4000 (null); assumed: the 5000 m road run.
    expect(mix.weeks[1]).toEqual({
      weekStart: "2026-02-16",
      distanceM: { ...ZERO, road: 18_000, trail: 5000, unknown: 4000 },
      assumedM: 5000,
    });
    // mixed without a split 6000 → unknown; treadmill 7000; track 4000 (Sunday 03-01).
    expect(mix.weeks[2]).toEqual({
      weekStart: "2026-02-23",
      distanceM: { ...ZERO, unknown: 6000, treadmill: 7000, track: 4000 },
      assumedM: 0,
    });
  });

  it("counts every run of the last 28 days in `recent`, asked week or not", () => {
    // road 9000 + 10000 + 3000 + 5000 = 27000; trail 5000; treadmill 7000; track 4000 → known 43000
    // (10000 unknown left out; 03-02 is after today).
    expect(mix.recent).toEqual({
      from: "2026-02-02",
      to: TODAY,
      knownM: 43_000,
      hardShare: 27_000 / 43_000, // 0.628
      shares: { road: 27_000 / 43_000, trail: 5000 / 43_000, treadmill: 7000 / 43_000, track: 4000 / 43_000 },
      dominant: "road",
    });
  });

  it("gives nulls and no change for a period with nothing known", () => {
    expect(mix.previous).toEqual({ from: "2026-01-05", to: "2026-02-01", knownM: 0, hardShare: null, shares: {}, dominant: null });
    expect(mix.change).toEqual({ ...NO_CHANGE, from: null, to: "road" });

    // Only unknown metres (null surface, mixed without split) count as nothing known too.
    const unknownOnly = surfaceMix([run("2026-02-10", 5000, null, null), run("2026-02-11", 5000, "mixed")], [], TODAY);
    expect(unknownOnly.recent).toMatchObject({ knownM: 0, hardShare: null, shares: {}, dominant: null });
    expect(unknownOnly.change).toEqual({ ...NO_CHANGE, from: null, to: null });
    expect(unknownOnly.weeks).toEqual([]);
  });
});

describe("surfaceMix shares", () => {
  it("shares the known metres and ignores unknown ones", () => {
    const mix = surfaceMix(
      [
        run("2026-01-10", 6000, "road"),
        run("2026-01-20", 2000, "trail"),
        run("2026-02-01", 2000, "grass"), // today − 28: the last day of `previous`
        run("2026-02-02", 3000, "road"), // today − 27: the first day of `recent`
        run("2026-02-15", 1000, "treadmill"),
        run("2026-02-20", 5000, null, null),
        run("2026-01-04", 9000, "trail"), // today − 56: before both periods
      ],
      [],
      TODAY,
    );
    // previous: known 6000 + 2000 + 2000 = 10000 → road 0.6, trail 0.2, grass 0.2.
    expect(mix.previous).toMatchObject({ knownM: 10_000, hardShare: 0.6, shares: { road: 0.6, trail: 0.2, grass: 0.2 }, dominant: "road" });
    // recent: known 3000 + 1000 = 4000 → road 0.75, treadmill 0.25.
    expect(mix.recent).toMatchObject({ knownM: 4000, hardShare: 0.75, shares: { road: 0.75, treadmill: 0.25 }, dominant: "road" });
    // Shifts: road +0.15, treadmill +0.25, trail −0.2, grass −0.2: none reaches 0.3.
    expect(mix.change).toEqual({ ...NO_CHANGE, from: "road", to: "road" });
  });

  it("breaks a tie for the main surface alphabetically", () => {
    const mix = surfaceMix([run("2026-02-10", 5000, "road"), run("2026-02-11", 5000, "grass")], [], TODAY);
    expect(mix.recent).toMatchObject({ hardShare: 0.5, dominant: "grass" });
  });
});

describe("surfaceMix change", () => {
  it("calls a trail → road switch sharp and says so plainly", () => {
    const mix = surfaceMix(
      [
        run("2026-01-06", 9000, "trail"),
        run("2026-01-07", 1000, "road"),
        run("2026-02-03", 8000, "road"),
        run("2026-02-04", 2000, "trail"),
      ],
      [],
      TODAY,
    );
    // previous trail 0.9, road 0.1; recent road 0.8, trail 0.2: the main surface moved to one with ≥ 0.5.
    expect(mix.change).toEqual({
      sharp: true,
      from: "trail",
      to: "road",
      note:
        "Most of your running moved from trail to road in the last 4 weeks (road: 80% of your distance, up from 10%). " +
        "A new surface is a new load for your legs: change gradually (expert opinion).",
    });
  });

  it("does not call a steady mix sharp", () => {
    const mix = surfaceMix(
      [run("2026-01-06", 7000, "road"), run("2026-01-07", 3000, "trail"), run("2026-02-03", 6500, "road"), run("2026-02-04", 3500, "trail")],
      [],
      TODAY,
    );
    // road 0.7 → 0.65, trail 0.3 → 0.35.
    expect(mix.change).toEqual({ ...NO_CHANGE, from: "road", to: "road" });
  });

  it("calls a 30-point shift sharp even when the main surface stays", () => {
    const mix = surfaceMix([run("2026-01-06", 10_000, "road"), run("2026-02-03", 6000, "road"), run("2026-02-04", 4000, "trail")], [], TODAY);
    // road 1.0 → 0.6 and trail 0 → 0.4: both moved 40 points; the note names the one that grew.
    expect(mix.change).toEqual({
      sharp: true,
      from: "road",
      to: "road",
      note:
        "More of your running was on trail in the last 4 weeks (trail: 40% of your distance, up from 0%). " +
        "A new surface is a new load for your legs: change gradually (expert opinion).",
    });
  });

  it("counts a shift of exactly 30 points despite floating point", () => {
    const mix = surfaceMix(
      [
        run("2026-01-06", 7000, "road"),
        run("2026-01-07", 3000, "grass"),
        run("2026-02-03", 4000, "road"),
        run("2026-02-04", 3000, "grass"),
        run("2026-02-05", 3000, "trail"),
      ],
      [],
      TODAY,
    );
    // road 0.7 → 0.4 (0.29999999999999993 in binary) and trail 0 → 0.3.
    expect(mix.change).toMatchObject({ sharp: true, from: "road", to: "road" });
    expect(mix.change.note).toContain("More of your running was on trail in the last 4 weeks (trail: 30% of your distance, up from 0%).");
  });

  it("names a surface that lost ground when no single one gained 30 points", () => {
    const mix = surfaceMix(
      [run("2026-01-06", 10_000, "road"), run("2026-02-03", 6000, "road"), run("2026-02-04", 2000, "trail"), run("2026-02-05", 2000, "grass")],
      [],
      TODAY,
    );
    // road 1.0 → 0.6 (−40 points); trail and grass +20 each.
    expect(mix.change.note).toContain("Less of your running was on road in the last 4 weeks (road: 60% of your distance, down from 100%).");
  });

  it("does not count a new main surface under half the distance, without a 30-point shift", () => {
    const mix = surfaceMix(
      [
        run("2026-01-06", 4500, "road"),
        run("2026-01-07", 3500, "trail"),
        run("2026-01-08", 2000, "grass"),
        run("2026-02-03", 3500, "road"),
        run("2026-02-04", 4000, "trail"),
        run("2026-02-05", 2500, "grass"),
      ],
      [],
      TODAY,
    );
    // road 0.45 → 0.35, trail 0.35 → 0.40 (now the largest, but under 0.5), grass 0.20 → 0.25.
    expect(mix.change).toEqual({ ...NO_CHANGE, from: "road", to: "trail" });
  });
});
