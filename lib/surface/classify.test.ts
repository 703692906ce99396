import { describe, expect, it } from "vitest";
import { classifySurface } from "./classify";
import { routeShape } from "./route";
import { jitter, OVAL_LAP_M, oval, rectangle, toTrack, walk, type TestTrack } from "./test-tracks";
import type { LabelledRoute, RouteShape, Surface, SurfaceInput } from "./types";

// A 3 km loop (1000 × 500 m), the same loop run the other way, and a loop of the same length
// mirrored to the west of the start (not the same route).
const LOOP = toTrack(walk(rectangle(1000, 500), 10));
const LOOP_REVERSED = toTrack(walk([...rectangle(1000, 500)].reverse(), 10));
const OTHER_LOOP = toTrack(walk(rectangle(-1000, 500), 10));
const TRACK_5_LAPS = toTrack(oval(5));

function shape(track: TestTrack): RouteShape {
  const s = routeShape(track.lat, track.lon);
  if (!s) throw new Error("expected a shape");
  return s;
}

function labelled(surface: Surface, track: TestTrack, activityId: string = surface): LabelledRoute {
  return { activityId, surface, shape: shape(track) };
}

/** A 3 km GPX run on LOOP with nothing to go on. */
function input(fields: Partial<SurfaceInput> = {}): SurfaceInput {
  return { sport: "run", source: "gpx", trainer: false, typeHint: null, name: null, distanceM: 3000, ...LOOP, ...fields };
}

describe("classifySurface", () => {
  it("gives non-running sports no surface, whatever else they say", () => {
    for (const sport of ["ride", "swim", "walk", "hike", "strength", "other"] as const) {
      const label = classifySurface(input({ sport, trainer: true, typeHint: "TrailRun" }), [labelled("grass", LOOP)]);
      expect(label).toEqual({ surface: "unknown", source: "assumed", confidence: "low", split: null });
    }
  });

  it("takes a treadmill from the sport or Strava's trainer flag", () => {
    expect(classifySurface(input({ sport: "treadmill_run", source: "strava" }), [])).toEqual({
      surface: "treadmill",
      source: "strava",
      confidence: "high",
      split: null,
    });
    expect(classifySurface(input({ sport: "treadmill_run", source: "fit" }), [])).toMatchObject({ surface: "treadmill", source: "file" });
    // The trainer flag outranks a trail type, a track name and a route memory.
    expect(
      classifySurface(input({ source: "strava", trainer: true, typeHint: "TrailRun", name: "Track" }), [labelled("road", LOOP)]),
    ).toMatchObject({ surface: "treadmill", source: "strava", confidence: "high" });
  });

  it("keeps a trail run trail even when its route was labelled otherwise", () => {
    const label = classifySurface(input({ sport: "trail_run", source: "strava" }), [labelled("road", LOOP)]);
    expect(label).toEqual({ surface: "trail", source: "strava", confidence: "high", split: null });
    expect(classifySurface(input({ sport: "trail_run", source: "archive" }), [])).toMatchObject({ source: "file" });
  });

  it("reads a hint in the type, then the name, at medium confidence", () => {
    expect(classifySurface(input({ source: "strava", typeHint: "VirtualRun" }), [])).toEqual({
      surface: "treadmill",
      source: "strava",
      confidence: "medium",
      split: null,
    });
    expect(classifySurface(input({ source: "manual", name: "Track Tuesday" }), [])).toMatchObject({
      surface: "track",
      source: "file",
      confidence: "medium",
    });
    // A named surface outranks the route memory.
    expect(classifySurface(input({ name: "Sunday trails" }), [labelled("road", LOOP)])).toMatchObject({ surface: "trail", source: "file" });
  });

  it("remembers the surface of the same route, run either way", () => {
    const label = classifySurface(input(LOOP_REVERSED), [labelled("grass", LOOP)]);
    expect(label).toEqual({ surface: "grass", source: "route", confidence: "high", split: null });
  });

  it("takes the newest matching label (the last in the list)", () => {
    const routes = [labelled("road", LOOP, "a"), labelled("trail", LOOP, "b"), labelled("grass", OTHER_LOOP, "c")];
    // "c" is newer but a different route; "b" is the newest match.
    expect(classifySurface(input(), routes)).toMatchObject({ surface: "trail", source: "route" });
    // A label that says "unknown" is not copied; the next newest match is.
    expect(classifySurface(input(), [...routes, labelled("unknown", LOOP, "d")])).toMatchObject({ surface: "trail", source: "route" });
  });

  it("ignores labelled routes that are elsewhere", () => {
    expect(classifySurface(input(), [labelled("trail", OTHER_LOOP)])).toEqual({ surface: "road", source: "assumed", confidence: "low", split: null });
  });

  it("prefers route memory over the shape of the run", () => {
    const run = input({ ...TRACK_5_LAPS, distanceM: 5 * OVAL_LAP_M });
    expect(classifySurface(run, [])).toEqual({ surface: "track", source: "geometry", confidence: "medium", split: null });
    // The runner once said this oval was grass (an infield loop, say): that wins.
    expect(classifySurface(run, [labelled("grass", TRACK_5_LAPS)])).toMatchObject({ surface: "grass", source: "route", confidence: "high" });
  });

  it("reads a treadmill from distance without movement", () => {
    expect(classifySurface(input({ lat: null, lon: null, distanceM: 5000 }), [])).toEqual({
      surface: "treadmill",
      source: "geometry",
      confidence: "medium",
      split: null,
    });
    // GPS left on indoors: ±10 m of jitter around one spot.
    const indoors = toTrack(jitter(Array.from({ length: 300 }, () => ({ x: 0, y: 0 })), 10, 3));
    expect(classifySurface(input({ ...indoors, distanceM: 5000 }), [])).toMatchObject({ surface: "treadmill", source: "geometry" });
  });

  it("assumes road when nothing says otherwise", () => {
    expect(classifySurface(input({ name: "Morning Run", typeHint: "Run" }), [])).toEqual({
      surface: "road",
      source: "assumed",
      confidence: "low",
      split: null,
    });
    // Too short to call a treadmill.
    expect(classifySurface(input({ lat: null, lon: null, distanceM: 300 }), [])).toMatchObject({ surface: "road", source: "assumed" });
  });
});
