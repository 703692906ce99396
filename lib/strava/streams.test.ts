import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sport } from "@/db/schema";
import { downsample, NO_POSITION, unpackStreams } from "@/lib/activities/streams";
import type { ActivityRecord } from "@/e2e/strava-server/activities";
import { api, connect, startTestServer, type TestServer, type Tokens } from "@/e2e/strava-server/test-helpers";
import { sportFromStrava } from "./mapping";
import { MAX_STREAM_POINTS, STRAVA_STREAM_KEYS, packedFromStravaStreams, parseStravaStreams, type StravaStreams } from "./streams";

const START = new Date("2026-03-15T07:02:11Z");

/** One stream as Strava writes it (key_by_type=true). */
const st = (data: unknown[]) => ({ data, series_type: "distance", original_size: data.length, resolution: "high" });

function parsed(json: unknown): StravaStreams {
  const r = parseStravaStreams(json);
  if (!r.ok) throw new Error(r.error);
  return r.streams;
}

function refusal(json: unknown): string {
  const r = parseStravaStreams(json);
  if (r.ok) throw new Error("expected a refusal");
  return r.error;
}

function unpacked(json: unknown, sport: Sport) {
  const { packed, pointCount } = packedFromStravaStreams(parsed(json), { startTime: START, sport });
  expect(pointCount).toBe(packed.pointCount);
  return unpackStreams(packed);
}

/** Float32 columns compared to hand-written values (float32 keeps about 7 significant digits). */
function expectColumn(actual: ArrayLike<number> | null, expected: number[], digits = 3) {
  expect(actual).not.toBeNull();
  expect(actual!.length).toBe(expected.length);
  expected.forEach((v, i) => {
    if (Number.isNaN(v)) expect(actual![i]).toBeNaN();
    else expect(actual![i]).toBeCloseTo(v, digits);
  });
}

/** A 5-point run along the Seine with every stream, a power meter that drops a sample or two. */
const RUN = {
  time: st([0, 1, 2, 4, 5]),
  distance: st([0, 2.8, 5.6, 11.3, 14.1]),
  latlng: st([
    [48.8566, 2.3522],
    [48.85662, 2.35223],
    [48.85664, 2.35227],
    [48.85669, 2.35234],
    [48.85671, 2.35238],
  ]),
  altitude: st([35, 35.2, 35.4, 35.1, 35]),
  heartrate: st([120, 125, 130, 132, 131]),
  cadence: st([0, 85, 86, 87, 88.5]),
  watts: st([null, 210, 220, null, 230]),
  moving: st([false, true, true, true, true]),
  // Types Patella does not read are ignored, even malformed.
  velocity_smooth: st([0, 2.8, 2.8, "fast", 2.8]),
  temp: { data: "warm" },
};

describe("packedFromStravaStreams", () => {
  it("packs a run with every stream: Strava's times and distances, positions, HR, cadence × 2", () => {
    const s = parsed(RUN);
    expect(s.moving).toEqual([false, true, true, true, true]);
    expect(s.watts).toEqual([NaN, 210, 220, NaN, 230]);

    const u = unpacked(RUN, "run");
    expect(u.pointCount).toBe(5);
    expectColumn(u.timeS, [0, 1, 2, 4, 5]);
    expectColumn(u.distanceM, [0, 2.8, 5.6, 11.3, 14.1]);
    expectColumn(u.lat, [48.8566, 48.85662, 48.85664, 48.85669, 48.85671], 7);
    expectColumn(u.lon, [2.3522, 2.35223, 2.35227, 2.35234, 2.35238], 7);
    expectColumn(u.altitudeM, [35, 35.2, 35.4, 35.1, 35]);
    expectColumn(u.heartRate, [120, 125, 130, 132, 131]);
    expectColumn(u.cadence, [0, 170, 172, 174, 177]); // strides per minute × 2 = steps per minute
    expectColumn(u.powerW, [NaN, 210, 220, NaN, 230]);
    expect([...u.segmentStarts]).toEqual([0]);
  });

  it("keeps Strava's first distance when it is not 0, and doubles cadence for trail runs too", () => {
    const u = unpacked({ time: st([0, 3]), distance: st([1.5, 9.5]), cadence: st([80, 90]) }, "trail_run");
    expectColumn(u.distanceM, [1.5, 9.5]);
    expectColumn(u.cadence, [160, 180]);
  });

  it("packs a treadmill run without positions: distances from Strava, positions stored as missing", () => {
    const treadmill = {
      time: st([0, 10, 20, 30]),
      distance: st([0, 28, 57, 85]),
      heartrate: st([110, 128, 135, 139]),
      cadence: st([0, 84, 85, 86]),
      moving: st([false, true, true, true]),
    };
    const { packed } = packedFromStravaStreams(parsed(treadmill), { startTime: START, sport: "treadmill_run" });
    const u = unpackStreams(packed);
    expectColumn(u.timeS, [0, 10, 20, 30]);
    expectColumn(u.distanceM, [0, 28, 57, 85]);
    expectColumn(u.cadence, [0, 168, 170, 172]);
    expectColumn(u.heartRate, [110, 128, 135, 139]);
    expect(u.altitudeM).toBeNull();
    expect(u.powerW).toBeNull();
    // No position: NO_POSITION in the Int32 column, NaN again when unpacked; the route is empty.
    expect(packed.latLon.byteLength).toBe(4 * 2 * 4);
    expect([...new Int32Array(new Uint8Array(packed.latLon).buffer)]).toEqual(Array(8).fill(NO_POSITION));
    expect([...u.lat].every(Number.isNaN)).toBe(true);
    expect([...u.lon].every(Number.isNaN)).toBe(true);
    expect(downsample(u, 10).route).toEqual([]);
  });

  it("without a distance stream: from positions as summarizeTrack measures them, else zeros", () => {
    // Along the equator's meridian 0.001° apart: R·0.001·π/180 = 6,371,008.8 × 1.7453e-5 = 111.195 m.
    const gps = { time: st([0, 30, 60]), latlng: st([[0, 0], [0.001, 0], [0.002, 0]]) };
    expectColumn(unpacked(gps, "run").distanceM, [0, 111.195, 222.39]);
    expectColumn(unpacked({ time: st([0, 30, 60]), heartrate: st([100, 110, 120]) }, "run").distanceM, [0, 0, 0]);
  });

  it("leaves a ride's cadence alone (pedal revolutions per minute), and walks' too", () => {
    const ride = { time: st([0, 1, 2]), distance: st([0, 8, 16]), cadence: st([0, 85, 90]), watts: st([0, 180, 240]) };
    expectColumn(unpacked(ride, "ride").cadence, [0, 85, 90]);
    expectColumn(unpacked(ride, "ride").powerW, [0, 180, 240]);
    expectColumn(unpacked(ride, "walk").cadence, [0, 85, 90]); // as lib/strava/mapping.ts: running sports only
  });
});

describe("parseStravaStreams", () => {
  it("refuses what is not an object keyed by type, including the older list form", () => {
    for (const json of [null, undefined, "streams", 42, [], [{ type: "time", data: [0, 1] }]]) {
      expect(refusal(json)).toBe("Strava streams refused: Strava streams must be a JSON object keyed by stream type (ask with key_by_type=true)");
    }
  });

  it("refuses streams without time, or with an empty one", () => {
    expect(refusal({ distance: st([0, 1]) })).toBe("Strava streams refused: time: is missing");
    expect(refusal({})).toBe("Strava streams refused: time: is missing");
    expect(refusal({ time: st([]) })).toBe("Strava streams refused: time has no points");
    expect(refusal({ time: { data: null } })).toBe("Strava streams refused: time.data: must be an array");
    expect(refusal({ time: [0, 1] })).toBe("Strava streams refused: time: must be an object with a data array");
  });

  it("refuses data arrays of another length than time, and names them", () => {
    expect(refusal({ ...RUN, heartrate: st([120, 125, 130, 132]) })).toBe("Strava streams refused: heartrate has 4 points but time has 5");
    expect(refusal({ ...RUN, latlng: st([[48.8566, 2.3522]]), moving: st([true, true, true, true, true, true]) })).toBe(
      "Strava streams refused: latlng has 1 points but time has 5; moving has 6 points but time has 5",
    );
  });

  it("refuses numbers that are not finite, strings, and positions off the globe", () => {
    expect(refusal({ ...RUN, heartrate: st([120, NaN, 130, 132, 131]) })).toBe("Strava streams refused: heartrate.data.1: must be a finite number or null");
    expect(refusal({ ...RUN, distance: st([0, 2.8, Infinity, 11.3, 14.1]) })).toBe("Strava streams refused: distance.data.2: must be a finite number");
    expect(refusal({ ...RUN, time: st([0, 1, "2", 4, 5]) })).toBe("Strava streams refused: time.data.2: must be a finite number");
    expect(refusal({ ...RUN, time: st([0, 1, null, 4, 5]) })).toBe("Strava streams refused: time.data.2: must be a finite number");
    expect(refusal({ ...RUN, moving: st([0, 1, 1, 1, 1]) })).toMatch(/^Strava streams refused: moving\.data\.0: must be true or false; /);
    expect(refusal({ ...RUN, latlng: st([[91, 2], [48.8, 2.3], [48.8], [48.8, 2.3], [48.8, 2.3]]) })).toBe(
      "Strava streams refused: latlng.data.0.0: must be a latitude (−90 to 90); latlng.data.2: must be a [lat, lng] pair",
    );
  });

  it("spells out the first five problems only", () => {
    const error = refusal({ time: st(Array.from({ length: 12 }, (_, i) => String(i))) });
    expect(error).toMatch(/^Strava streams refused: time\.data\.0: must be a finite number; (.*; ){3}time\.data\.4: must be a finite number; and 7 more$/);
  });

  it("takes null sensor samples as missing (NaN)", () => {
    const s = parsed({ time: st([0, 1, 2]), heartrate: st([null, 120, 121]), altitude: st([10, null, 11]), cadence: st([null, null, 80]) });
    expect(s.heartrate).toEqual([NaN, 120, 121]);
    expect(s.altitude).toEqual([10, NaN, 11]);
    expect(s.cadence).toEqual([NaN, NaN, 80]);
    expect(s.distance).toBeNull();
    expect(s.latlng).toBeNull();
  });

  it("accepts MAX_STREAM_POINTS points and refuses one more, before checking any of them", () => {
    const many = Array.from({ length: MAX_STREAM_POINTS }, (_, i) => i);
    expect(parseStravaStreams({ time: st(many), heartrate: st(many.map(() => 140)) }).ok).toBe(true);
    expect(refusal({ time: st([...many, MAX_STREAM_POINTS]) })).toBe("Strava streams refused: time has 250001 points, more than the 250000 Patella accepts");
    const junk = new Array<string>(MAX_STREAM_POINTS + 1).fill("x");
    expect(refusal({ time: st([0, 1]), watts: st(junk) })).toBe("Strava streams refused: watts has 250001 points, more than the 250000 Patella accepts");
  });
});

describe("against the local Strava stand-in's generator", () => {
  let t: TestServer;
  let token: Tokens;

  beforeAll(async () => {
    t = await startTestServer({
      athletes: [{ id: 42, firstname: "Ada", lastname: "Runner", history: { activities: 150, years: 0.5 } }],
      rateLimits: { overall: { fifteenMinute: 100_000 }, read: { fifteenMinute: 100_000, daily: 100_000 } },
    });
    token = await connect(t.server, 42, ["read", "activity:read_all"]);
  });
  afterAll(() => t.server.close());

  const find = (pred: (a: ActivityRecord) => boolean): ActivityRecord => {
    const found = t.server.control.activities(42).find(pred);
    if (!found) throw new Error("no such activity in the generated history");
    return found;
  };
  const streamsOf = (a: ActivityRecord) => api(t.server, token.access_token, `/api/v3/activities/${a.id}/streams?keys=${STRAVA_STREAM_KEYS.join(",")}&key_by_type=true`);

  it("packs a GPS run, a treadmill run and a ride to Strava's point count and final distance", async () => {
    const gpsRun = find((a) => a.sportType === "Run" && !a.manual && a.route !== null && a.averageCadence !== null);
    const treadmill = find((a) => a.sportType === "VirtualRun");
    const ride = find((a) => a.sportType === "Ride" && a.averageCadence !== null);
    for (const activity of [gpsRun, treadmill, ride]) {
      const res = await streamsOf(activity);
      expect(res.status).toBe(200);
      const streams = parsed(res.body);
      const sport = sportFromStrava(activity.sportType, activity.trainer);
      const { packed, pointCount } = packedFromStravaStreams(streams, { startTime: new Date(activity.startEpoch * 1000), sport });
      const u = unpackStreams(packed);
      const n = streams.time.length;
      expect(pointCount).toBe(n);
      expect(u.distanceM.length).toBe(n);
      expect(Math.abs(u.distanceM[n - 1]! - streams.distance![n - 1]!)).toBeLessThan(1);
      expect(Math.abs(u.distanceM[n - 1]! - activity.distance)).toBeLessThan(1);
      expect(u.timeS[n - 1]).toBe(activity.elapsedTime);
      const factor = sport === "ride" ? 1 : 2;
      expect(u.cadence![n - 1]).toBe(streams.cadence![n - 1]! * factor);
      if (activity === treadmill) {
        expect(streams.latlng).toBeNull();
        expect(u.lat.every(Number.isNaN) && u.lon.every(Number.isNaN)).toBe(true);
      } else {
        expect(u.lat[n - 1]).toBeCloseTo(streams.latlng![n - 1]![0], 6);
      }
    }
  });

  it("has nothing to pack for a manual activity: Strava answers 404", async () => {
    const manual = find((a) => a.manual);
    expect((await streamsOf(manual)).status).toBe(404);
  });
});
