import { describe, expect, it } from "vitest";
import type { NewActivity } from "@/db/schema";
import { RouteLibrary } from "@/e2e/strava-server/activities";
import { DEFAULT_ATHLETES, type FakeAthlete } from "@/e2e/strava-server/athletes";
import { generateHistory } from "@/e2e/strava-server/history";
import { summaryJson } from "@/e2e/strava-server/summary";
import { localDateOf } from "@/lib/load/weeks";
import { decodeShape } from "@/lib/surface/route";
import { activityFromStrava, sportFromStrava, stravaSportType, type StravaMapOptions } from "./mapping";
import { parseStravaActivity, type StravaDetailedActivity } from "./types";

const OPTIONS: StravaMapOptions = { userId: "user-1", fallbackTimeZone: "Europe/London" };

/** Validates like the sync will, then maps. */
function map(json: unknown, options: StravaMapOptions = OPTIONS) {
  const parsed = parseStravaActivity(json);
  if (!parsed.ok) throw new Error(parsed.error);
  return activityFromStrava(parsed.activity, options);
}

/**
 * A 1.84 km L in Paris: (48.85, 2.35) → 0.01° north → 0.01° east. See polyline.test.ts for the
 * chunks. North: 0.01° of a great circle = 6,371,008.8 m × 0.01 × π/180 = 1,111.95 m; east along
 * 48.86° N: 1,111.95 m × cos 48.86° (0.6579) = 731.6 m. Total 1,843.5 m.
 */
const PARIS_L = "o_diHo~iMo}@??o}@";

/** A Strava run with every field the sync sees, overridable. */
function run(fields: Partial<StravaDetailedActivity> & Record<string, unknown> = {}): Record<string, unknown> {
  return {
    resource_state: 2,
    athlete: { id: 1234567, resource_state: 1 },
    id: 1001,
    name: "Morning Run",
    distance: 1843.5,
    moving_time: 600,
    elapsed_time: 630,
    total_elevation_gain: 4,
    type: "Run",
    sport_type: "Run",
    workout_type: 0,
    start_date: "2026-03-15T05:30:00Z",
    start_date_local: "2026-03-15T06:30:00Z",
    timezone: "(GMT+01:00) Europe/Paris",
    utc_offset: 3600,
    start_latlng: [48.85, 2.35],
    end_latlng: [48.86, 2.36],
    map: { id: "a1001", summary_polyline: PARIS_L, resource_state: 2 },
    trainer: false,
    commute: false,
    manual: false,
    private: false,
    visibility: "everyone",
    flagged: false,
    gear_id: "g123",
    average_speed: 3.073,
    max_speed: 4.1,
    has_heartrate: true,
    average_heartrate: 141.2,
    max_heartrate: 158,
    average_cadence: 85.5,
    suffer_score: 12,
    device_name: "Garmin Forerunner 265",
    ...fields,
  };
}

describe("sportFromStrava", () => {
  it.each([
    ["Run", false, "run"],
    ["Run", true, "treadmill_run"], // a run on a training machine
    ["TrailRun", false, "trail_run"],
    ["TrailRun", true, "treadmill_run"], // indoors, whatever the runner called it
    ["VirtualRun", false, "treadmill_run"], // Zwift and the like: always indoors
    ["VirtualRun", true, "treadmill_run"],
    ["Ride", false, "ride"],
    ["Ride", true, "ride"], // an indoor ride is still a ride
    ["VirtualRide", true, "ride"],
    ["EBikeRide", false, "ride"],
    ["MountainBikeRide", false, "ride"],
    ["GravelRide", false, "ride"],
    ["EMountainBikeRide", false, "ride"],
    ["Velomobile", false, "ride"],
    ["Handcycle", false, "ride"],
    ["Swim", false, "swim"],
    ["Walk", false, "walk"],
    ["Walk", true, "walk"], // a treadmill walk is a walk
    ["Hike", false, "hike"],
    ["WeightTraining", false, "strength"],
    ["Workout", false, "strength"],
    ["Crossfit", false, "strength"],
    ["HighIntensityIntervalTraining", false, "strength"],
    ["Pilates", false, "strength"],
    ["Yoga", false, "other"], // mobility, not resistance
    ["Elliptical", true, "other"],
    ["Rowing", false, "other"],
    ["Wheelchair", false, "other"],
    ["Pickleball", false, "other"],
    ["SomethingStravaAddsIn2027", false, "other"],
    ["", false, "other"],
    // Spelling slips are forgiven: case and separators.
    ["trail_run", false, "trail_run"],
    ["RUN", false, "run"],
  ] as const)("maps %j (trainer %s) to %s", (type, trainer, sport) => {
    expect(sportFromStrava(type, trainer)).toBe(sport);
  });

  it("falls back to the legacy type when sport_type is missing or blank", () => {
    expect(stravaSportType({ sport_type: "TrailRun", type: "Run" })).toBe("TrailRun");
    expect(stravaSportType({ type: "VirtualRun" })).toBe("VirtualRun");
    expect(stravaSportType({ sport_type: null, type: "Ride" })).toBe("Ride");
    expect(stravaSportType({ sport_type: "  ", type: "Walk" })).toBe("Walk");
    expect(stravaSportType({})).toBe("");
  });
});

describe("activityFromStrava", () => {
  it("maps the reference's example run", () => {
    // strava-api.md §3, verbatim. Its polyline is elided ("ki{eFvqfiV..."): not a polyline.
    const example = {
      resource_state: 2,
      athlete: { id: 1234567, resource_state: 1 },
      id: 14876543210,
      name: "Sunday Long Run",
      distance: 21097.5,
      moving_time: 6480,
      elapsed_time: 6712,
      total_elevation_gain: 143.0,
      type: "Run",
      sport_type: "Run",
      workout_type: 2,
      start_date: "2026-03-15T07:02:11Z",
      start_date_local: "2026-03-15T08:02:11Z",
      timezone: "(GMT+01:00) Europe/Paris",
      utc_offset: 3600.0,
      start_latlng: [48.85, 2.35],
      end_latlng: [48.86, 2.34],
      map: { id: "a14876543210", summary_polyline: "ki{eFvqfiV...", resource_state: 2 },
      trainer: false,
      commute: false,
      manual: false,
      private: false,
      visibility: "everyone",
      flagged: false,
      gear_id: "g987654",
      average_speed: 3.256,
      max_speed: 4.9,
      has_heartrate: true,
      average_heartrate: 146.3,
      max_heartrate: 168.0,
      average_cadence: 86.2,
      suffer_score: 112,
      device_name: "Garmin Forerunner 265",
      upload_id: 15912345678,
      upload_id_str: "15912345678",
      external_id: "garmin_ping_321654987",
    };
    const { values, routeShape } = map(example);
    expect(values).toEqual({
      userId: "user-1",
      source: "strava",
      sourceRef: "14876543210",
      sport: "run",
      name: "Sunday Long Run",
      startTime: new Date("2026-03-15T07:02:11Z"),
      localDate: "2026-03-15",
      timeZone: "Europe/Paris",
      distanceM: 21097.5,
      movingS: 6480,
      elapsedS: 6712,
      elevGainM: 143,
      elevLossM: null,
      avgHr: 146.3,
      maxHr: 168,
      avgCadenceSpm: 172.4, // 86.2 strides per minute per leg × 2
      avgPowerW: null,
      rpe: null,
      // No readable route: nothing says treadmill (the polyline was sent, just unreadable), so the
      // default for a run without evidence.
      surface: "road",
      surfaceSource: "assumed",
      surfaceConfidence: "low",
      surfaceSplit: null,
      gearId: "g987654",
      polyline: null,
    });
    expect(routeShape).toBeNull();
    // Every value is a column (tsc checks the assignment).
    const row: NewActivity = { ...values, routeShape };
    expect(row.source).toBe("strava");
  });

  it("maps a Paris morning run: the local date from start_date_local, the route from the polyline", () => {
    const { values, routeShape } = map(run());
    expect(values).toMatchObject({
      sourceRef: "1001",
      sport: "run",
      name: "Morning Run",
      startTime: new Date("2026-03-15T05:30:00Z"),
      localDate: "2026-03-15",
      timeZone: "Europe/Paris",
      distanceM: 1843.5,
      movingS: 600,
      elapsedS: 630,
      elevGainM: 4,
      avgHr: 141.2,
      maxHr: 158,
      avgCadenceSpm: 171, // 85.5 × 2
      gearId: "g123",
      polyline: PARIS_L,
      // An L-shaped street route: not a treadmill (it moves), not a track (not an oval).
      surface: "road",
      surfaceSource: "assumed",
    });
    expect(routeShape).not.toBeNull();
    const shape = decodeShape(routeShape!);
    expect(shape.points[0]).toEqual({ lat: 48.85, lon: 2.35 });
    expect(shape.points.at(-1)).toEqual({ lat: 48.86, lon: 2.36 });
    // 1,843.5 m along the L; the 64 resampled points cut its corner by well under a metre.
    expect(shape.lengthM).toBeGreaterThan(1841);
    expect(shape.lengthM).toBeLessThan(1844);
  });

  it("keeps a run just after local midnight on its local day, a day after its UTC date", () => {
    // 23:20 UTC on 9 January is 00:20 on the 10th in Paris (UTC+1 in winter).
    const { values } = map(run({ start_date: "2026-01-09T23:20:00Z", start_date_local: "2026-01-10T00:20:00Z" }));
    expect(values.startTime.toISOString()).toBe("2026-01-09T23:20:00.000Z");
    expect(values.localDate).toBe("2026-01-10");
  });

  it("keeps a Denver evening run on its local day, a day before its UTC date", () => {
    // 03:30 UTC on 2 July is 21:30 on 1 July in Denver (UTC−6 in summer; the prefix says −7, the
    // standard offset, and is not used).
    const { values } = map(run({ start_date: "2026-07-02T03:30:00Z", start_date_local: "2026-07-01T21:30:00Z", timezone: "(GMT-07:00) America/Denver" }));
    expect(values.localDate).toBe("2026-07-01");
    expect(values.timeZone).toBe("America/Denver");
  });

  it("maps a VirtualRun on a trainer as a treadmill run, with the surface from Strava", () => {
    const { values, routeShape } = map(
      run({ sport_type: "VirtualRun", type: "VirtualRun", trainer: true, name: "Zwift - Run in Watopia", distance: 8040, map: { id: "a1", summary_polyline: "" }, average_cadence: 88.4 }),
    );
    expect(values).toMatchObject({ sport: "treadmill_run", surface: "treadmill", surfaceSource: "strava", surfaceConfidence: "high", polyline: null });
    expect(values.avgCadenceSpm).toBe(176.8); // 88.4 × 2: a virtual run's cadence is per leg too
    expect(routeShape).toBeNull();
  });

  it("maps a Run flagged trainer as a treadmill run", () => {
    const { values } = map(run({ trainer: true, map: { summary_polyline: null } }));
    expect(values).toMatchObject({ sport: "treadmill_run", surface: "treadmill", surfaceSource: "strava", surfaceConfidence: "high" });
  });

  it("maps a TrailRun to trail, whatever the route looks like", () => {
    const { values, routeShape } = map(run({ sport_type: "TrailRun", type: "Run", name: "Forêt de Meudon" }));
    expect(values).toMatchObject({ sport: "trail_run", surface: "trail", surfaceSource: "strava", surfaceConfidence: "high", avgCadenceSpm: 171 });
    expect(routeShape).not.toBeNull();
  });

  it("maps a manual run without a map: no route, no heart rate, and not guessed a treadmill", () => {
    const manual = run({
      manual: true,
      name: "Run (watch died)",
      distance: 8000,
      moving_time: 2880,
      elapsed_time: 2880,
      total_elevation_gain: 0,
      map: { id: "a1001", summary_polyline: null },
      start_latlng: [],
      end_latlng: [],
      has_heartrate: false,
      average_heartrate: undefined,
      max_heartrate: undefined,
      average_cadence: undefined,
      device_name: undefined,
    });
    const { values, routeShape } = map(manual);
    expect(routeShape).toBeNull();
    expect(values).toMatchObject({ sport: "run", distanceM: 8000, movingS: 2880, elevGainM: 0, avgHr: null, maxHr: null, avgCadenceSpm: null, polyline: null });
    // "Distance but no positions" means treadmill only for a recording; a hand entry has none.
    expect(values).toMatchObject({ surface: "road", surfaceSource: "assumed", surfaceConfidence: "low" });
    // A manual entry that names its treadmill still says so.
    expect(map({ ...manual, name: "Treadmill at the gym" }).values).toMatchObject({ surface: "treadmill", surfaceSource: "strava", surfaceConfidence: "medium" });
    // And with no map object at all.
    expect(map({ ...manual, map: undefined }).values.surface).toBe("road");
  });

  it("maps a Ride: cadence in rpm kept as is, power kept, no running surface", () => {
    const { values, routeShape } = map(
      run({ sport_type: "Ride", type: "Ride", name: "Evening Ride", average_cadence: 85, average_watts: 182.3, device_watts: false, gear_id: "b555", workout_type: 10 }),
    );
    expect(values).toMatchObject({ sport: "ride", avgCadenceSpm: 85, avgPowerW: 182.3, gearId: "b555", surface: "unknown", surfaceSource: "assumed", surfaceConfidence: "low" });
    // Rides keep their route shape too (route memory compares running routes only, through labels).
    expect(routeShape).not.toBeNull();
  });

  it("doubles the per-leg cadence of walks and hikes as of runs (56 strides/min is 112 steps/min)", () => {
    expect(map(run({ sport_type: "Walk", type: "Walk", name: "Evening walk", average_cadence: 56 })).values).toMatchObject({ sport: "walk", avgCadenceSpm: 112 });
    expect(map(run({ sport_type: "Hike", type: "Hike", name: "Col de la Croix", average_cadence: 48.5 })).values).toMatchObject({ sport: "hike", avgCadenceSpm: 97 });
    // A swim's stroke rate is no step rate: kept as is.
    expect(map(run({ sport_type: "Swim", type: "Swim", name: "Pool", average_cadence: 30 })).values.avgCadenceSpm).toBe(30);
  });

  it("maps a private activity exactly like a public one (it is the runner's own)", () => {
    const open = map(run());
    const hidden = map(run({ private: true, visibility: "only_me" }));
    expect(hidden).toEqual(open);
  });

  it("maps an activity with only the required fields", () => {
    const { values, routeShape } = map(
      { id: 77, sport_type: "Run", start_date: "2026-03-15T23:30:00Z", distance: 5000, moving_time: 1500.4, elapsed_time: 1500.6 },
      { userId: "u", fallbackTimeZone: "Asia/Tokyo" },
    );
    expect(values).toEqual({
      userId: "u",
      source: "strava",
      sourceRef: "77",
      sport: "run",
      // No start_date_local: 23:30 UTC read in Tokyo (UTC+9) is 08:30 on the 16th.
      name: "Run on 2026-03-16",
      startTime: new Date("2026-03-15T23:30:00Z"),
      localDate: "2026-03-16",
      timeZone: "Asia/Tokyo",
      distanceM: 5000,
      movingS: 1500, // seconds rounded for the integer columns
      elapsedS: 1501,
      elevGainM: null,
      elevLossM: null,
      avgHr: null,
      maxHr: null,
      avgCadenceSpm: null,
      avgPowerW: null,
      rpe: null,
      // A recorded run (not manual) with 5 km and no positions at all: classifySurface reads that
      // as a treadmill, from geometry, at medium confidence.
      surface: "treadmill",
      surfaceSource: "geometry",
      surfaceConfidence: "medium",
      surfaceSplit: null,
      gearId: null,
      polyline: null,
    });
    expect(routeShape).toBeNull();
  });

  it("maps an unknown sport type to other, named as an activity", () => {
    const { values } = map(run({ sport_type: "Pickleball", type: "Workout", name: "  " }));
    expect(values).toMatchObject({ sport: "other", name: "Activity on 2026-03-15", surface: "unknown", avgCadenceSpm: 85.5 });
  });

  it("uses the legacy type when sport_type is missing", () => {
    expect(map(run({ sport_type: undefined, type: "VirtualRun" })).values.sport).toBe("treadmill_run");
    expect(map(run({ sport_type: null, type: "Hike" })).values.sport).toBe("hike");
  });

  it("falls back to the runner's zone for a zone it cannot read, keeping the local date", () => {
    for (const timezone of ["(GMT+01:00) Mars/Olympus_Mons", "", null, undefined, "+01:00"]) {
      const { values } = map(run({ timezone }), { userId: "u", fallbackTimeZone: "America/New_York" });
      expect(values.timeZone).toBe("America/New_York");
      // The date part of start_date_local, not the UTC instant read in New York (which is the
      // 15th too here, 01:30).
      expect(values.localDate).toBe("2026-03-15");
    }
  });

  it("refuses a fallback that is not a time zone (a caller's bug)", () => {
    expect(() => map(run(), { userId: "u", fallbackTimeZone: "Nowhere/Special" })).toThrow(RangeError);
  });

  it("cleans names: control characters out, trimmed, at most 200 UTF-16 units, never half an emoji", () => {
    expect(map(run({ name: "  Tempo\u0000 run\n2 \u0085 " })).values.name).toBe("Tempo run 2");
    // "a" + 150 runners (2 units each) = 301 units: "a" and 99 runners are 199; a 100th would be 201.
    expect(map(run({ name: `a${"🏃".repeat(150)}` })).values.name).toBe(`a${"🏃".repeat(99)}`);
    expect(map(run({ name: "x".repeat(500) })).values.name).toBe("x".repeat(200));
    expect(map(run({ name: "\u0001\u0002" })).values.name).toBe("Run on 2026-03-15");
    expect(map(run({ name: null })).values.name).toBe("Run on 2026-03-15");
  });

  it("keeps heart rate only when Strava says the activity has it, and only plausible figures", () => {
    expect(map(run({ has_heartrate: false })).values).toMatchObject({ avgHr: null, maxHr: null });
    expect(map(run({ has_heartrate: undefined })).values.avgHr).toBeNull();
    expect(map(run({ average_heartrate: 0, max_heartrate: -1 })).values).toMatchObject({ avgHr: null, maxHr: null });
    expect(map(run({ average_cadence: 0 })).values.avgCadenceSpm).toBeNull();
    expect(map(run({ average_watts: null })).values.avgPowerW).toBeNull();
  });

  it("reads perceived exertion (DetailedActivity, 1–10) as a whole RPE from 0 to 10", () => {
    const rpe = (perceived_exertion: number | null | undefined) => map(run({ perceived_exertion })).values.rpe;
    expect(rpe(7)).toBe(7);
    expect(rpe(7.6)).toBe(8); // rounded
    expect(rpe(7.5)).toBe(8); // half rounds up (Math.round)
    expect(rpe(0)).toBe(0);
    expect(rpe(14)).toBe(10); // clamped
    expect(rpe(-3)).toBe(0);
    expect(rpe(null)).toBeNull();
    expect(rpe(undefined)).toBeNull();
  });

  it("prefers the detailed polyline, falls back to the summary one, and keeps ids as digit strings", () => {
    // The detail's full-resolution line: the Paris L with a midpoint on each leg ("g^" is +500:
    // zig-zag 1000 = 8 + 31·32 → chunks 8|32, 31 → 'g', '^').
    const detail = map(run({ id: "18446744073709551615", map: { summary_polyline: "??", polyline: "o_diHo~iMg^?g^??g^?g^" } }));
    expect(detail.values.sourceRef).toBe("18446744073709551615");
    expect(detail.values.polyline).toBe("o_diHo~iMg^?g^??g^?g^");
    expect(decodeShape(detail.routeShape!).points.at(-1)).toEqual({ lat: 48.86, lon: 2.36 });
    // An unreadable detailed line falls back to the summary.
    expect(map(run({ map: { summary_polyline: PARIS_L, polyline: "!!" } })).values.polyline).toBe(PARIS_L);
    // A route shorter than 200 m has no shape, but its polyline is kept.
    const tiny = map(run({ map: { summary_polyline: "??" } }));
    expect(tiny.routeShape).toBeNull();
    expect(tiny.values.polyline).toBe("??");
  });

  it("ignores an empty gear id", () => {
    expect(map(run({ gear_id: "" })).values.gearId).toBeNull();
    expect(map(run({ gear_id: null })).values.gearId).toBeNull();
  });
});

describe("activityFromStrava on the local Strava double's histories", () => {
  const END = Date.UTC(2026, 6, 1) / 1000;
  const FOOT_TYPES = new Set(["Run", "TrailRun", "VirtualRun", "Walk", "Hike"]);

  it("maps every one of 3,600 generated activities (Paris with trips, and Denver)", () => {
    let mapped = 0;
    let withRoute = 0;
    for (const athlete of DEFAULT_ATHLETES as FakeAthlete[]) {
      const count = athlete.history?.activities ?? 0;
      const history = generateHistory(athlete, { count, end: END, salt: 0 }, new RouteLibrary(athlete.history?.seed ?? athlete.id));
      for (const rec of history) {
        // Through JSON, as the wire delivers it.
        const json = JSON.parse(JSON.stringify(summaryJson(rec))) as ReturnType<typeof summaryJson>;
        const { values, routeShape } = map(json, { userId: "u", fallbackTimeZone: "UTC" });
        mapped++;
        if (routeShape) withRoute++;

        expect(values.sourceRef).toBe(String(json.id));
        // The local date is start_date_local's date, which is the UTC start read in the activity's zone.
        expect(values.localDate).toBe(json.start_date_local.slice(0, 10));
        expect(values.localDate).toBe(localDateOf(values.startTime, rec.zone));
        expect(values.timeZone).toBe(rec.zone);
        expect(values.startTime.toISOString().replace(".000Z", "Z")).toBe(json.start_date);
        // Cadence: per leg × 2 for every foot sport (runs, walks, hikes), as is for everything else.
        if (json.average_cadence === undefined) expect(values.avgCadenceSpm).toBeNull();
        else expect(values.avgCadenceSpm).toBe(FOOT_TYPES.has(json.sport_type) ? json.average_cadence * 2 : json.average_cadence);
        if (json.sport_type === "VirtualRun") expect(values).toMatchObject({ sport: "treadmill_run", surface: "treadmill", surfaceSource: "strava" });
        if (json.sport_type === "TrailRun") expect(values).toMatchObject({ sport: "trail_run", surface: "trail" });
        if (json.manual) {
          expect(routeShape).toBeNull();
          expect(values.surfaceSource).not.toBe("geometry");
        }
        expect(values.avgHr === null).toBe(!json.has_heartrate);
      }
    }
    expect(mapped).toBe(3600);
    // Most activities are outdoor runs, rides and walks with a route.
    expect(withRoute).toBeGreaterThan(2500);
  });
});
