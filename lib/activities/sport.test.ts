import { describe, expect, it } from "vitest";
import { cadenceToSpm, sportFromHint } from "./sport";

const JOG = 3; // m/s, 5:33 per km
const FAST = 8; // m/s, 2:05 per km: faster than any runner

describe("sportFromHint", () => {
  it.each([
    ["running", "run"],
    ["9", "run"], // Strava's GPX type number for runs
    ["Run", "run"],
    [" Running ", "run"],
    ["TrailRun", "trail_run"],
    ["trail_running", "trail_run"],
    ["VirtualRun", "treadmill_run"],
    ["cycling", "ride"],
    ["1", "ride"], // Strava's type number for rides
    ["Hiking", "hike"],
    ["walking", "walk"],
    ["swim", "swim"],
  ] as const)("maps %j to %s", (hint, sport) => {
    expect(sportFromHint(hint, JOG)).toBe(sport);
  });

  it("maps an unknown type to other, even at running speed", () => {
    expect(sportFromHint("kayaking", JOG)).toBe("other");
    expect(sportFromHint("99", JOG)).toBe("other");
  });

  it("without a type, counts a run at running speed and not at car or bike speed", () => {
    expect(sportFromHint(null, JOG)).toBe("run");
    expect(sportFromHint("", JOG)).toBe("run");
    expect(sportFromHint("   ", JOG)).toBe("run");
    expect(sportFromHint(null, FAST)).toBe("other");
  });

  it("trusts a known type over the speed", () => {
    expect(sportFromHint("running", FAST)).toBe("run");
    expect(sportFromHint("cycling", JOG)).toBe("ride");
  });
});

describe("cadenceToSpm", () => {
  it("doubles one-leg cadence for runs", () => {
    expect(cadenceToSpm(85, "run")).toBe(170); // 85 strides/min × 2 legs
    expect(cadenceToSpm(90, "trail_run")).toBe(180);
    expect(cadenceToSpm(80, "treadmill_run")).toBe(160);
  });

  it("keeps a run cadence that is already in steps per minute", () => {
    expect(cadenceToSpm(172, "run")).toBe(172);
  });

  it("never doubles other sports", () => {
    expect(cadenceToSpm(85, "ride")).toBe(85);
    expect(cadenceToSpm(55, "walk")).toBe(55);
  });

  it("passes null through", () => {
    expect(cadenceToSpm(null, "run")).toBeNull();
  });
});

describe("sportFromHint: names and speed when the file has no type", () => {
  it.each([
    ["Evening ride", "ride"],
    ["Trail loop in the hills", "trail_run"],
    ["Treadmill intervals", "treadmill_run"],
    ["Sunday hike", "hike"],
    ["Morning run", "run"],
    ["Bridetown 10k", "run"], // "ride" inside a word is not a ride
  ])("reads %j as %s", (name, sport) => {
    expect(sportFromHint(null, 3, name)).toBe(sport);
  });

  it("does not count an untyped track faster than 5.5 m/s on average as a run", () => {
    expect(sportFromHint(null, 5.4, null)).toBe("run"); // 3:05 per km
    expect(sportFromHint(null, 5.6, null)).toBe("other"); // 20 km/h: a ride or a drive
  });
});

describe("sportFromHint: FIT and TCX hints", () => {
  it("reads FIT's sport/sub_sport", () => {
    expect(sportFromHint("running/treadmill", 3)).toBe("treadmill_run");
    expect(sportFromHint("running/trail", 3)).toBe("trail_run");
    expect(sportFromHint("running/street", 3)).toBe("run");
    expect(sportFromHint("fitness_equipment/treadmill", 3)).toBe("treadmill_run");
    expect(sportFromHint("cycling/indoor_cycling", 8)).toBe("ride");
    expect(sportFromHint("training/strength_training", 0)).toBe("strength");
    expect(sportFromHint("rowing/indoor_rowing", 3)).toBe("other");
  });
  it("takes TCX's Sport=Other as no hint", () => {
    expect(sportFromHint("Other", 3, "Easy jog")).toBe("run");
    expect(sportFromHint("Other", 3, "Evening ride")).toBe("ride");
    expect(sportFromHint("Biking", 8)).toBe("ride");
    expect(sportFromHint("Running", 3)).toBe("run");
  });
});
