import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActivityRecord } from "./activities";
import { PARIS } from "./athletes";
import { decodePolyline } from "./polyline";
import { api, connect, startTestServer, type TestServer, type Tokens } from "./test-helpers";
import type { DetailedActivityJson, DetailedAthleteJson, DetailedGearJson, LapJson, LatLng, StreamSetJson, SummaryActivityJson } from "./types";

let t: TestServer;
let ada: Tokens; // everything Patella asks for
let bo: Tokens;

beforeAll(async () => {
  t = await startTestServer({
    athletes: [
      { id: 42, firstname: "Ada", lastname: "Runner", weight: 58, history: { activities: 400, years: 1 } },
      {
        id: 43,
        firstname: "Bo",
        lastname: "Trail",
        home: { zone: "America/Denver", lat: 40.015, lng: -105.2705, altitude: 1655, country: "United States" },
        history: { activities: 60, years: 0.5, trips: false },
      },
    ],
    rateLimits: { overall: { fifteenMinute: 100_000 }, read: { fifteenMinute: 100_000, daily: 100_000 } },
  });
  ada = await connect(t.server, 42, ["read", "activity:read_all", "profile:read_all"]);
  bo = await connect(t.server, 43, ["read", "activity:read_all", "profile:read_all"]);
});
afterAll(() => t.server.close());

const get = <T>(token: Tokens, path: string) => api<T>(t.server, token.access_token, path);
const ALL_KEYS = "time,latlng,distance,altitude,heartrate,cadence,velocity_smooth,moving,grade_smooth";

/** The newest stored activity of Ada's matching the predicate. */
function find(pred: (a: ActivityRecord) => boolean, athleteId = 42): ActivityRecord {
  const found = [...t.server.control.activities(athleteId)].reverse().find(pred);
  if (!found) throw new Error("no such activity in the generated history");
  return found;
}

const outdoorRun = () => find((a) => a.sportType === "Run" && !a.manual && a.heartrate !== null && a.zone === "Europe/Paris" && a.distance > 8000);

function metresBetween([lat1, lng1]: LatLng, [lat2, lng2]: LatLng): number {
  const rad = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lng2 - lng1) * rad) / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(a));
}

describe("GET /activities/{id}", () => {
  it("adds description, calories, device, gear, laps and splits to the summary", async () => {
    const run = outdoorRun();
    const detail = (await get<DetailedActivityJson>(ada, `/api/v3/activities/${run.id}`)).body;
    const summary = (await get<SummaryActivityJson[]>(ada, `/api/v3/athlete/activities?before=${run.startEpoch + 1}&after=${run.startEpoch - 1}`)).body[0]!;
    expect(summary.id).toBe(run.id);
    const { resource_state, map, ...rest } = summary;
    expect(resource_state).toBe(2);
    expect(detail).toMatchObject({ ...rest, resource_state: 3 });
    expect(detail.map.summary_polyline).toBe(map.summary_polyline);
    expect(detail.map.polyline!.length).toBeGreaterThan(map.summary_polyline.length);
    expect(detail.description === null || typeof detail.description === "string").toBe(true);
    expect(detail.calories).toBeCloseTo((run.distance / 1000) * 58 * 1.036, 0);
    expect(detail.device_name).toMatch(/^Garmin Forerunner (245|265)$/);
    expect(detail.gear).toMatchObject({ id: run.gearId, resource_state: 2, retired: expect.any(Boolean) as boolean });
    expect(detail.embed_token).toMatch(/^[0-9a-f]{40}$/);

    const laps = detail.laps!;
    expect(laps.map((l) => l.lap_index)).toEqual(laps.map((_, i) => i + 1));
    expect(laps).toHaveLength(Math.ceil(run.distance / 1000));
    expect(laps.reduce((s, l) => s + l.elapsed_time, 0)).toBe(run.elapsedTime);
    expect(laps.reduce((s, l) => s + l.moving_time, 0)).toBe(run.movingTime);
    expect(laps.reduce((s, l) => s + l.distance, 0)).toBeCloseTo(run.distance, 0);
    expect(laps.slice(0, -1).every((l) => Math.abs(l.distance - 1000) < 20)).toBe(true);
    expect(laps[0]!.start_date).toBe(detail.start_date);
    expect(detail.splits_metric).toHaveLength(laps.length);
    expect(detail.splits_standard).toHaveLength(Math.ceil(run.distance / 1609.344));
  });

  it("answers 404 for another athlete's activity and for an unknown id", async () => {
    const bos = find(() => true, 43);
    for (const id of [bos.id, 1]) {
      const res = await get(ada, `/api/v3/activities/${id}`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: "Record Not Found", errors: [{ resource: "Activity", field: "id", code: "invalid" }] });
    }
    expect((await get(bo, `/api/v3/activities/${bos.id}`)).status).toBe(200);
  });
});

describe("GET /activities/{id}/streams", () => {
  it("serves streams keyed by type that end where the summary does, along a route near home", async () => {
    const run = outdoorRun();
    const res = await get<StreamSetJson>(ada, `/api/v3/activities/${run.id}/streams?keys=${ALL_KEYS}&key_by_type=true`);
    expect(res.status).toBe(200);
    const s = res.body;
    expect(Object.keys(s).sort()).toEqual(ALL_KEYS.split(",").sort());
    const time = s.time!.data as number[];
    const distance = s.distance!.data as number[];
    const n = time.length;
    for (const stream of Object.values(s)) expect(stream).toMatchObject({ series_type: "distance", original_size: n, resolution: "high" });
    for (const stream of Object.values(s)) expect(stream.data).toHaveLength(n);
    expect(time[0]).toBe(0);
    expect(time[n - 1]).toBe(run.elapsedTime);
    expect(distance[0]).toBe(0);
    expect(distance[n - 1]).toBe(run.distance);
    expect(time.every((x, i) => i === 0 || x > time[i - 1]!)).toBe(true);
    expect(distance.every((x, i) => i === 0 || x >= distance[i - 1]!)).toBe(true);

    const moving = s.moving!.data as boolean[];
    expect(time.reduce((sum, x, i) => sum + (i > 0 && moving[i] ? x - time[i - 1]! : 0), 0)).toBe(run.movingTime);

    const latlng = s.latlng!.data as LatLng[];
    const summary = (await get<DetailedActivityJson>(ada, `/api/v3/activities/${run.id}`)).body;
    expect(latlng[0]).toEqual(summary.start_latlng);
    const home: LatLng = [PARIS.lat, PARIS.lng];
    for (const p of latlng) expect(metresBetween(p, home)).toBeLessThan(run.distance / 2 + 2000);
    // A plausible track: no jump between samples faster than 15 m/s.
    for (let i = 1; i < n; i++) expect(metresBetween(latlng[i]!, latlng[i - 1]!) / (time[i]! - time[i - 1]!)).toBeLessThan(15);
    // The summary polyline follows the same route.
    const poly = decodePolyline(summary.map.summary_polyline);
    expect(metresBetween(poly[0]!, latlng[0]!)).toBeLessThan(5);
    for (const p of poly) expect(Math.min(...latlng.map((q) => metresBetween(p, q)))).toBeLessThan(30);

    const altitude = s.altitude!.data as number[];
    const gain = altitude.reduce((sum, x, i) => sum + (i > 0 ? Math.max(0, x - altitude[i - 1]!) : 0), 0);
    expect(Math.abs(gain - run.totalElevationGain)).toBeLessThan(1 + 0.02 * run.totalElevationGain);
    expect(Math.max(...altitude)).toBeCloseTo(summary.elev_high!, 0);

    const hr = s.heartrate!.data as number[];
    expect(Math.abs(hr.reduce((a, b) => a + b, 0) / n - summary.average_heartrate!)).toBeLessThan(1);
    expect(Math.max(...hr)).toBe(summary.max_heartrate);

    const cadence = s.cadence!.data as number[];
    const movingCadence = cadence.filter((_, i) => i > 0 && moving[i]);
    expect(Math.abs(movingCadence.reduce((a, b) => a + b, 0) / movingCadence.length - summary.average_cadence!)).toBeLessThan(0.5);
    expect(cadence.filter((_, i) => !moving[i]).every((c) => c === 0)).toBe(true);
  });

  it("gives the same streams every time (regenerated from the activity's seed)", async () => {
    const run = outdoorRun();
    const a = await get(ada, `/api/v3/activities/${run.id}/streams?keys=${ALL_KEYS}&key_by_type=true`);
    const b = await get(ada, `/api/v3/activities/${run.id}/streams?keys=${ALL_KEYS}&key_by_type=true`);
    expect(b.body).toEqual(a.body);
  });

  it("leaves out the streams an activity lacks, and keys it does not know", async () => {
    const gym = find((a) => a.sportType === "WeightTraining" && a.heartrate !== null);
    const res = await get<StreamSetJson>(ada, `/api/v3/activities/${gym.id}/streams?keys=time,latlng,distance,heartrate,watts&key_by_type=true`);
    expect(Object.keys(res.body).sort()).toEqual(["heartrate", "time"]);
    expect(res.body.time!.series_type).toBe("time");
    expect(res.body.time!.data.at(-1)).toBe(gym.elapsedTime);

    const virtual = find((a) => a.sportType === "VirtualRun");
    const v = await get<StreamSetJson>(ada, `/api/v3/activities/${virtual.id}/streams?keys=${ALL_KEYS}&key_by_type=true`);
    expect(v.body.latlng).toBeUndefined();
    expect(v.body.altitude).toBeUndefined();
    expect(v.body.distance!.data.at(-1)).toBe(virtual.distance);
  });

  it("answers 404 for a manual activity, which has no streams (and no laps)", async () => {
    const manual = find((a) => a.manual);
    const res = await get(ada, `/api/v3/activities/${manual.id}/streams?keys=time,distance&key_by_type=true`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ message: "Record Not Found", errors: [{ resource: "Activity", field: "id", code: "invalid" }] });
    const detail = (await get<DetailedActivityJson>(ada, `/api/v3/activities/${manual.id}`)).body;
    expect(detail.laps).toBeUndefined();
    expect((await get<LapJson[]>(ada, `/api/v3/activities/${manual.id}/laps`)).body).toEqual([]);
  });

  it("answers the older list form without key_by_type, downsamples on resolution, and needs keys", async () => {
    const run = outdoorRun();
    const list = await get<{ type: string; data: unknown[] }[]>(ada, `/api/v3/activities/${run.id}/streams?keys=time,distance`);
    expect(list.body.map((x) => x.type)).toEqual(["time", "distance"]);
    const low = await get<StreamSetJson>(ada, `/api/v3/activities/${run.id}/streams?keys=time,distance&key_by_type=true&resolution=low`);
    expect(low.body.time!.data).toHaveLength(100);
    expect(low.body.time!.resolution).toBe("low");
    expect(low.body.time!.original_size).toBe(list.body[0]!.data.length);
    expect(low.body.time!.data.at(-1)).toBe(run.elapsedTime);
    expect(low.body.distance!.data.at(-1)).toBe(run.distance);
    expect((await get(ada, `/api/v3/activities/${run.id}/streams?key_by_type=true`)).status).toBe(400);
  });

  it("serves laps on their own too", async () => {
    const run = outdoorRun();
    const laps = (await get<LapJson[]>(ada, `/api/v3/activities/${run.id}/laps`)).body;
    const detail = (await get<DetailedActivityJson>(ada, `/api/v3/activities/${run.id}`)).body;
    expect(laps).toEqual(detail.laps);
  });
});

describe("gear and the detailed athlete", () => {
  it("lists current shoes and the bike on the athlete with profile:read_all, retired shoes only via /gear", async () => {
    const res = await get<DetailedAthleteJson>(ada, "/api/v3/athlete");
    expect(res.body.resource_state).toBe(3);
    expect(res.body.weight).toBe(58);
    expect(res.body.measurement_preference).toBe("meters");
    expect(res.body.shoes.map((s) => s.name)).toEqual(["Brooks Ghost 15", "Mud shoes"]);
    expect(res.body.shoes.filter((s) => s.primary).map((s) => s.name)).toEqual(["Brooks Ghost 15"]);
    expect(res.body.bikes.map((b) => b.name)).toEqual(["Blue"]);

    const limited = await connect(t.server, 42, ["read", "activity:read_all"]);
    const summary = await api<Record<string, unknown>>(t.server, limited.access_token, "/api/v3/athlete");
    expect(summary.body.resource_state).toBe(2);
    expect(summary.body).not.toHaveProperty("shoes");
  });

  it("serves each pair of shoes with its brand, model, retirement and the distance run in it", async () => {
    const stored = t.server.control.activities(42);
    const shoeIds = [...new Set(stored.filter((a) => a.sportType === "Run" || a.sportType === "TrailRun").map((a) => a.gearId))].filter((g) => g !== null);
    expect(shoeIds).toHaveLength(3);
    const shoes: DetailedGearJson[] = [];
    for (const id of shoeIds) {
      const res = await get<DetailedGearJson>(ada, `/api/v3/gear/${id}`);
      expect(res.status).toBe(200);
      shoes.push(res.body);
      const total = stored.filter((a) => a.gearId === id).reduce((s, a) => s + a.distance, 0);
      expect(res.body.distance).toBeCloseTo(total, 1);
      expect(res.body.converted_distance).toBeCloseTo(total / 1000, 0);
    }
    expect(shoes.map((s) => [s.brand_name, s.model_name, s.retired]).sort()).toEqual([
      ["Brooks", "Ghost 15", false],
      ["Hoka", "Speedgoat 5", false],
      ["Nike", "Pegasus 38", true],
    ]);
    expect(shoes.every((s) => s.resource_state === 3)).toBe(true);
    // Someone else's shoes are not found.
    expect((await get(bo, `/api/v3/gear/${shoeIds[0]}`)).status).toBe(404);
  });
});
