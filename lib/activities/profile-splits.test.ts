import { describe, expect, it } from "vitest";
import { profileSplits } from "./profile-splits";

describe("profileSplits", () => {
  it("gives one row per whole unit and a shorter last row", () => {
    const samples = [0, 0.5, 1, 1.5, 2, 2.4].map((d, i) => ({ distance: d, value: i * 10 }));
    expect(profileSplits(samples, "last")).toEqual([
      { end: 1, value: 20 },
      { end: 2, value: 40 },
      { end: 2.4, value: 50 },
    ]);
  });

  it("weights by distance for pace, so a split's pace is its time over its distance", () => {
    // 0.8 km at 300 s/km then 0.2 km at 400 s/km: 240 + 80 = 320 s for the kilometre.
    const samples = [
      { distance: 0, value: null },
      { distance: 0.8, value: 300 },
      { distance: 1, value: 400 },
    ];
    expect(profileSplits(samples, "distance")).toEqual([{ end: 1, value: 320 }]);
    expect(profileSplits(samples, "mean")).toEqual([{ end: 1, value: 350 }]);
  });

  it("leaves a split without values empty, and skips gaps", () => {
    const samples = [
      { distance: 0.2, value: 140 },
      { distance: 0.9, value: 150 },
      { distance: 1.5, value: null },
      { distance: 2, value: null },
      { distance: 3, value: 160 },
    ];
    expect(profileSplits(samples, "mean")).toEqual([
      { end: 1, value: 145 },
      { end: 2, value: null },
      { end: 3, value: 160 },
    ]);
  });

  it("has no rows without distance", () => {
    expect(profileSplits([], "mean")).toEqual([]);
    expect(profileSplits([{ distance: 0, value: 3 }], "mean")).toEqual([]);
  });
});
