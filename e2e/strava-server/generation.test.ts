import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RouteLibrary, type ActivityRecord } from "./activities";
import { DEFAULT_ATHLETES, defaultGear, type FakeAthlete } from "./athletes";
import { optionsFromEnv } from "./env";
import { generateHistory } from "./history";
import { decodePolyline, encodePolyline } from "./polyline";
import { Prng } from "./prng";
import { summaryJson } from "./summary";
import { api, connect, startTestServer, type TestServer } from "./test-helpers";
import { localIsoWithZ, localToEpoch, offsetAt, stravaTimezone } from "./time";
import type { SummaryActivityJson } from "./types";

const END = Date.UTC(2026, 6, 1, 0, 0, 0) / 1000;
const [ADA, BO] = DEFAULT_ATHLETES as [FakeAthlete, FakeAthlete];

const generate = (athlete: FakeAthlete, count: number, end = END) => generateHistory(athlete, { count, end, salt: 0 }, new RouteLibrary(athlete.history?.seed ?? athlete.id));

describe("seeded histories", () => {
  let ada: ActivityRecord[];
  beforeAll(() => {
    ada = generate(ADA, 3000);
  });

  it("gives the same activities for the same seed, and different ones for another seed", () => {
    expect(generate(ADA, 3000)).toEqual(ada);
    const reseeded = generate({ ...ADA, history: { activities: 3000, years: 6, seed: 99 } }, 3000);
    expect(reseeded.map((a) => a.startEpoch)).not.toEqual(ada.map((a) => a.startEpoch));
  });

  it("pins a fingerprint, so a change to the generator is a deliberate one", () => {
    const small = generate({ id: 7, firstname: "Pin", lastname: "Test", history: { activities: 40, years: 0.25, trips: false } }, 40);
    expect(small).toHaveLength(40);
    const json = summaryJson(small[0]!);
    expect({ id: json.id, start_date: json.start_date, sport_type: json.sport_type, distance: json.distance, moving_time: json.moving_time }).toMatchInlineSnapshot(`
      {
        "distance": 9767.6,
        "id": 12403029616,
        "moving_time": 3469,
        "sport_type": "Run",
        "start_date": "2026-04-03T04:09:11Z",
      }
    `);
  });

  it("spreads a runner's six years across the sport types, with some private and all before the end", () => {
    expect(ada).toHaveLength(3000);
    const first = ada[0]!.startEpoch;
    expect(first).toBeGreaterThanOrEqual(END - 6 * 365.25 * 86400 - 86400);
    expect(first).toBeLessThan(END - 5.9 * 365.25 * 86400);
    expect(ada.every((a) => a.startEpoch + a.elapsedTime <= END)).toBe(true);
    const count = (pred: (a: ActivityRecord) => boolean) => ada.filter(pred).length;
    const share = (pred: (a: ActivityRecord) => boolean) => count(pred) / ada.length;
    expect(share((a) => a.sportType === "Run" && !a.manual)).toBeGreaterThan(0.45);
    for (const s of ["TrailRun", "VirtualRun", "Ride", "Swim", "Walk", "WeightTraining"] as const) expect(count((a) => a.sportType === s)).toBeGreaterThan(60);
    expect(count((a) => a.manual)).toBeGreaterThan(40);
    expect(ada.filter((a) => a.manual).every((a) => a.sportType === "Run" && a.route === null)).toBe(true);
    expect(ada.filter((a) => a.sportType === "VirtualRun").every((a) => a.trainer && a.route === null)).toBe(true);
    expect(share((a) => a.visibility === "only_me")).toBeGreaterThan(0.04);
    expect(share((a) => a.visibility === "only_me")).toBeLessThan(0.08);
    expect(count((a) => a.workoutType === 1)).toBeGreaterThan(5); // races
    expect(count((a) => a.workoutType === 2)).toBeGreaterThan(100); // long runs
  });

  it("gives unique ids that grow with the start time, like Strava's", () => {
    const ids = ada.map((a) => a.id);
    expect(new Set(ids).size).toBe(3000);
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
    expect(ids[0]).toBeGreaterThan(9e9);
    expect(ids.at(-1)).toBeLessThan(2 ** 53);
  });

  it("wears the oldest road shoes first and the newest last, trail shoes on trails", () => {
    const [retired, current, trail, bike] = defaultGear(ADA.id);
    const roadRuns = ada.filter((a) => (a.sportType === "Run" || a.sportType === "VirtualRun") && a.gearId !== null);
    expect(roadRuns[0]!.gearId).toBe(retired!.id);
    expect(roadRuns.at(-1)!.gearId).toBe(current!.id);
    expect(new Set(roadRuns.map((a) => a.gearId))).toEqual(new Set([retired!.id, current!.id]));
    const lastRetired = roadRuns.findLastIndex((a) => a.gearId === retired!.id);
    expect(roadRuns.slice(0, lastRetired).every((a) => a.gearId === retired!.id)).toBe(true);
    expect(new Set(ada.filter((a) => a.sportType === "TrailRun").map((a) => a.gearId))).toEqual(new Set([trail!.id]));
    expect(new Set(ada.filter((a) => a.sportType === "Ride").map((a) => a.gearId))).toEqual(new Set([bike!.id, null]));
  });

  it("starts in local time: mornings, lunchtimes and evenings on the activity's own clock", () => {
    const hours = ada.map((a) => Math.floor(((a.startEpoch + offsetAt(a.zone, a.startEpoch)) % 86400) / 3600));
    expect(Math.min(...hours)).toBeGreaterThanOrEqual(6);
    expect(Math.max(...hours)).toBeLessThanOrEqual(20);
    // In UTC the same Paris runs would seem to start at 4 or 5 in summer.
    expect(new Set(ada.filter((a) => a.zone === "Europe/Paris").map((a) => new Date(a.startEpoch * 1000).getUTCHours()))).toContain(4);
  });

  it("generates exactly the count asked for, at any size", () => {
    for (const n of [1, 17, 2000]) expect(generate(BO, n)).toHaveLength(n);
    expect(generate(BO, 0)).toEqual([]);
    expect(() => generate({ ...BO, history: { activities: 100, years: 0.01 } }, 100)).toThrow(/do not fit/);
  });
});

describe("histories served by two servers with the same seed", () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    a = await startTestServer({ athletes: DEFAULT_ATHLETES, historyEnd: END });
    b = await startTestServer({ athletes: DEFAULT_ATHLETES, historyEnd: END });
  });
  afterAll(async () => {
    await a.server.close();
    await b.server.close();
  });

  it("serve identical activities and streams, 3,000 for Ada and 600 for Bo", async () => {
    expect(a.server.control.activities(1234567)).toHaveLength(3000);
    expect(a.server.control.activities(7654321)).toHaveLength(600);
    const ta = await connect(a.server, 1234567, ["read", "activity:read_all"]);
    const tb = await connect(b.server, 1234567, ["read", "activity:read_all"]);
    const pa = await api<SummaryActivityJson[]>(a.server, ta.access_token, "/api/v3/athlete/activities?per_page=50&page=3");
    const pb = await api<SummaryActivityJson[]>(b.server, tb.access_token, "/api/v3/athlete/activities?per_page=50&page=3");
    expect(pa.body).toEqual(pb.body);
    const gps = pa.body.find((x) => x.map.summary_polyline !== "")!;
    const path = `/api/v3/activities/${gps.id}/streams?keys=time,latlng,heartrate&key_by_type=true`;
    expect((await api(a.server, ta.access_token, path)).body).toEqual((await api(b.server, tb.access_token, path)).body);
  });

  it("lets activitiesPerAthlete override every athlete's count", async () => {
    const c = await startTestServer({ athletes: DEFAULT_ATHLETES, historyEnd: END, activitiesPerAthlete: 2000 });
    try {
      expect(c.server.control.activities(1234567)).toHaveLength(2000);
      expect(c.server.control.activities(7654321)).toHaveLength(2000);
    } finally {
      await c.server.close();
    }
  });
});

describe("time zones as Strava writes them", () => {
  it("prefixes the standard offset but gives utc_offset at the date (the reference's PDT example)", () => {
    const may = Date.UTC(2026, 4, 10, 15, 0, 0) / 1000;
    expect(stravaTimezone("America/Los_Angeles", may)).toBe("(GMT-08:00) America/Los_Angeles");
    expect(offsetAt("America/Los_Angeles", may)).toBe(-25200);
    expect(stravaTimezone("Europe/Paris", Date.UTC(2026, 2, 15) / 1000)).toBe("(GMT+01:00) Europe/Paris");
    expect(stravaTimezone("Asia/Kolkata", may)).toBe("(GMT+05:30) Asia/Kolkata");
    expect(stravaTimezone("Europe/London", may)).toBe("(GMT+00:00) Europe/London");
    // Southern hemisphere: January is summer time in Sydney.
    expect(stravaTimezone("Australia/Sydney", Date.UTC(2026, 0, 10) / 1000)).toBe("(GMT+10:00) Australia/Sydney");
    expect(offsetAt("Australia/Sydney", Date.UTC(2026, 0, 10) / 1000)).toBe(39600);
  });

  it("switches offset at the real DST instant and writes local time with a Z", () => {
    const change = Date.UTC(2026, 2, 29, 1, 0, 0) / 1000; // 02:00 CET → 03:00 CEST
    expect(offsetAt("Europe/Paris", change - 1)).toBe(3600);
    expect(offsetAt("Europe/Paris", change)).toBe(7200);
    expect(localIsoWithZ(Date.UTC(2026, 2, 15, 7, 2, 11) / 1000, "Europe/Paris")).toBe("2026-03-15T08:02:11Z");
    expect(localToEpoch("Europe/Paris", Date.UTC(2026, 6, 1, 8, 0, 0) / 1000)).toBe(Date.UTC(2026, 6, 1, 6, 0, 0) / 1000);
  });
});

describe("helpers", () => {
  it("encodes polylines as Google's reference example does, and decodes them back", () => {
    const points: [number, number][] = [
      [38.5, -120.2],
      [40.7, -120.95],
      [43.252, -126.453],
    ];
    expect(encodePolyline(points)).toBe("_p~iF~ps|U_ulLnnqC_mqNvxq`@");
    expect(decodePolyline("_p~iF~ps|U_ulLnnqC_mqNvxq`@")).toEqual(points);
  });

  it("draws the same numbers from the same seed", () => {
    const a = new Prng(123);
    const b = new Prng(123);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Prng(124).next()).not.toBe(xs[0]);
  });

  it("reads the dev server's settings from the environment", () => {
    const o = optionsFromEnv({
      STRAVA_FAKE_PORT: "4110",
      STRAVA_CLIENT_ID: "patella-e2e",
      STRAVA_FAKE_READ_LIMIT: "3,50",
      STRAVA_FAKE_ACTIVITIES: "2000",
      STRAVA_FAKE_HISTORY_END: "2026-07-01T00:00:00Z",
    });
    expect(o).toMatchObject({
      port: 4110,
      clientId: "patella-e2e",
      clientSecret: "patella-dev-secret",
      rateLimits: { read: { fifteenMinute: 3, daily: 50 } },
      activitiesPerAthlete: 2000,
      historyEnd: END,
    });
    expect(optionsFromEnv({}).port).toBe(4010);
    expect(() => optionsFromEnv({ STRAVA_FAKE_READ_LIMIT: "100" })).toThrow(/"100,1000"/);
  });
});
