import { describe, expect, it } from "vitest";
import { hintSurface } from "./hints";

describe("hintSurface from the activity type", () => {
  it("reads Strava's camel-case sport types", () => {
    expect(hintSurface("TrailRun", null)).toBe("trail");
    expect(hintSurface("VirtualRun", null)).toBe("treadmill");
    expect(hintSurface("Run", null)).toBeNull();
  });

  it("reads file types in any case", () => {
    expect(hintSurface("treadmill_running", null)).toBe("treadmill");
    expect(hintSurface("INDOOR RUNNING", null)).toBe("treadmill");
    expect(hintSurface("track_running", null)).toBe("track");
    expect(hintSurface("trail_running", null)).toBe("trail");
    expect(hintSurface("cross-country", null)).toBe("trail");
  });
});

describe("hintSurface from the name", () => {
  it.each([
    ["Treadmill intervals", "treadmill"],
    ["Laufband 10k", "treadmill"],
    ["Tapis de course", "treadmill"],
    ["Indoor run at the gym", "treadmill"],
    ["Track Tuesday", "track"],
    ["8 x 400 on the track", "track"],
    ["Séance sur piste", "track"],
    ["Bahn 10 x 400", "track"],
    ["Sunday trails", "trail"],
    ["Off-road loop", "trail"],
    ["Fell race", "trail"],
    ["Up the mountain", "trail"],
    ["Cross country relays", "trail"],
    ["XC season opener", "trail"],
    ["Grass strides", "grass"],
    ["Laps of the playing field", "grass"],
    ["Meadow loop", "grass"],
  ] as const)("%s → %s", (name, surface) => {
    expect(hintSurface(null, name)).toBe(surface);
  });

  it("takes the type over the name", () => {
    expect(hintSurface("TrailRun", "Track Tuesday")).toBe("trail");
    expect(hintSurface("VirtualRun", "Grass strides")).toBe("treadmill");
    // A type that names nothing leaves it to the name.
    expect(hintSurface("Run", "Track Tuesday")).toBe("track");
  });

  it("takes the first surface in the list when a name has two", () => {
    expect(hintSurface(null, "Treadmill after the track")).toBe("treadmill");
    expect(hintSurface(null, "Track then grass strides")).toBe("track");
  });

  it("finds nothing in ordinary names and codes", () => {
    for (const text of ["Morning Run", "running", "9", "", "Racetrack city 10k", "Fell over at km 3", "Bahnhof loop"]) {
      expect(hintSurface(text, text)).toBeNull();
    }
    expect(hintSurface(null, null)).toBeNull();
  });
});
