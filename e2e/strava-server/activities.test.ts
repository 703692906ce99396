import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, connect, startTestServer, type TestServer, type Tokens } from "./test-helpers";
import { offsetAt } from "./time";
import type { SummaryActivityJson } from "./types";

const MISSING_SCOPE = { message: "Authorization Error", errors: [{ resource: "AccessToken", field: "activity:read_permission", code: "missing" }] };

let t: TestServer;
let all: Tokens; // read + activity:read_all
let publicOnly: Tokens; // read + activity:read
let noActivities: Tokens; // read only

beforeAll(async () => {
  t = await startTestServer({
    activitiesPerAthlete: 2000,
    // Paging through 2,000 activities several times would exhaust Strava's 100 reads / 15 min.
    rateLimits: { overall: { fifteenMinute: 100_000, daily: 100_000 }, read: { fifteenMinute: 100_000, daily: 100_000 } },
  });
  all = await connect(t.server, 42, ["read", "activity:read_all"]);
  publicOnly = await connect(t.server, 42, ["read", "activity:read"]);
  noActivities = await connect(t.server, 42, ["read"]);
});
afterAll(() => t.server.close());

const list = (token: Tokens, query: string) => api<SummaryActivityJson[]>(t.server, token.access_token, `/api/v3/athlete/activities${query}`);

async function everything(token: Tokens): Promise<SummaryActivityJson[]> {
  const out: SummaryActivityJson[] = [];
  for (let page = 1; ; page++) {
    const res = await list(token, `?per_page=200&page=${page}`);
    expect(res.status).toBe(200);
    if (res.body.length === 0) return out;
    out.push(...res.body);
  }
}

describe("GET /athlete/activities paging", () => {
  it("serves exactly the 2,000 activities, newest first, in ten pages of 200 and then an empty page", async () => {
    const pages: number[] = [];
    for (let page = 1; page <= 11; page++) pages.push((await list(all, `?per_page=200&page=${page}`)).body.length);
    expect(pages).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 0]);
    const acts = await everything(all);
    expect(new Set(acts.map((a) => a.id)).size).toBe(2000);
    const starts = acts.map((a) => Date.parse(a.start_date));
    expect(starts.every((s, i) => i === 0 || s < starts[i - 1]!)).toBe(true);
    // The same ids as stored, newest first.
    expect(acts.map((a) => a.id)).toEqual([...t.server.control.activities(42)].reverse().map((a) => a.id));
  });

  it("defaults to 30 a page, and page n of 30 is the nth slice of 30", async () => {
    const first400 = [...(await list(all, "?per_page=200")).body, ...(await list(all, "?per_page=200&page=2")).body].map((a) => a.id);
    const p1 = await list(all, "");
    const p2 = await list(all, "?page=2");
    const p7 = await list(all, "?page=7&per_page=30");
    expect(p1.body.map((a) => a.id)).toEqual(first400.slice(0, 30));
    expect(p2.body.map((a) => a.id)).toEqual(first400.slice(30, 60));
    expect(p7.body.map((a) => a.id)).toEqual(first400.slice(180, 210));
    // 2,000 = 66 pages of 30 and one of 20.
    expect((await list(all, "?page=67")).body).toHaveLength(20);
    expect((await list(all, "?page=68")).body).toHaveLength(0);
  });

  it("gives at most 200 when asked for more", async () => {
    const res = await list(all, "?per_page=500");
    expect(res.body).toHaveLength(200);
    expect(res.body.map((a) => a.id)).toEqual((await list(all, "?per_page=200")).body.map((a) => a.id));
    // Page 2 of "500" is page 2 of 200: Strava pages with the clamped size.
    expect((await list(all, "?per_page=500&page=10")).body).toHaveLength(200);
    expect((await list(all, "?per_page=500&page=11")).body).toHaveLength(0);
  });

  it("filters with before and after, both exclusive, on the start time", async () => {
    const stored = t.server.control.activities(42);
    const a = stored[100]!;
    const b = stored[110]!;
    const res = await list(all, `?after=${a.startEpoch}&before=${b.startEpoch}&per_page=200`);
    expect(res.body.map((x) => x.id)).toEqual(
      stored
        .slice(101, 110)
        .map((x) => x.id)
        .reverse(),
    );
    const onlyAfter = await list(all, `?after=${stored[1995]!.startEpoch}`);
    expect(onlyAfter.body.map((x) => x.id)).toEqual([stored[1999]!.id, stored[1998]!.id, stored[1997]!.id, stored[1996]!.id]);
    const onlyBefore = await list(all, `?before=${stored[2]!.startEpoch}&page=1`);
    expect(onlyBefore.body.map((x) => x.id)).toEqual([stored[1]!.id, stored[0]!.id]);
    expect((await list(all, `?before=${stored[2]!.startEpoch}&page=2`)).body).toEqual([]);
  });

  it("refuses a page or per_page that is not a positive integer", async () => {
    for (const q of ["?per_page=0", "?page=0", "?page=abc", "?before=yesterday"]) {
      const res = await list(all, q);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ message: "Bad Request" });
    }
  });
});

describe("scopes and private activities", () => {
  it("answers 401 activity:read_permission missing without an activity scope", async () => {
    const res = await list(noActivities, "");
    expect(res.status).toBe(401);
    expect(res.body).toEqual(MISSING_SCOPE);
    const one = t.server.control.activities(42)[0]!;
    const detail = await api(t.server, noActivities.access_token, `/api/v3/activities/${one.id}`);
    expect(detail.status).toBe(401);
    expect(detail.body).toEqual(MISSING_SCOPE);
  });

  it("leaves Only You activities out without activity:read_all, and pages over what is left", async () => {
    const stored = t.server.control.activities(42);
    const privateCount = stored.filter((a) => a.visibility === "only_me").length;
    expect(privateCount).toBeGreaterThan(60); // about 6 %
    const everyone = await everything(all);
    const visible = await everything(publicOnly);
    expect(everyone).toHaveLength(2000);
    expect(visible).toHaveLength(2000 - privateCount);
    expect(visible.some((a) => a.private)).toBe(false);
    expect(everyone.filter((a) => a.private).every((a) => a.visibility === "only_me")).toBe(true);
    expect(new Set(visible.map((a) => a.visibility))).toEqual(new Set(["everyone", "followers_only"]));
    // And a private activity is a 404 for such a token, as if it did not exist.
    const hidden = stored.find((a) => a.visibility === "only_me")!;
    const res = await api(t.server, publicOnly.access_token, `/api/v3/activities/${hidden.id}`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ message: "Record Not Found", errors: [{ resource: "Activity", field: "id", code: "invalid" }] });
    expect((await api(t.server, all.access_token, `/api/v3/activities/${hidden.id}`)).status).toBe(200);
  });
});

describe("SummaryActivity JSON", () => {
  let acts: SummaryActivityJson[];
  beforeAll(async () => {
    acts = await everything(all);
  });

  it("writes start_date in UTC and start_date_local as local wall time with a Z", () => {
    for (const a of acts) {
      expect(a.start_date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(a.start_date_local).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const zone = a.timezone.replace(/^\(GMT[+-]\d\d:\d\d\) /, "");
      expect(a.utc_offset).toBe(offsetAt(zone, Date.parse(a.start_date) / 1000));
      expect(Date.parse(a.start_date_local) - Date.parse(a.start_date)).toBe(a.utc_offset * 1000);
    }
    // Paris: the prefix is the standard offset, summer and winter; utc_offset follows DST.
    const paris = acts.filter((a) => a.timezone.endsWith("Europe/Paris"));
    expect(new Set(paris.map((a) => a.timezone))).toEqual(new Set(["(GMT+01:00) Europe/Paris"]));
    expect(new Set(paris.map((a) => a.utc_offset))).toEqual(new Set([3600, 7200]));
    const july = paris.find((a) => a.start_date.slice(5, 7) === "07")!;
    expect(july.utc_offset).toBe(7200);
    // Trips put some activities in other zones, each with its own prefix.
    const zones = new Set(acts.map((a) => a.timezone));
    expect(zones.size).toBeGreaterThan(1);
    for (const z of zones) expect(z).toMatch(/^\(GMT[+-]\d\d:\d\d\) [A-Za-z_]+\/[A-Za-z_]+$/);
    expect([...zones].filter((z) => z.endsWith("America/New_York")).every((z) => z === "(GMT-05:00) America/New_York")).toBe(true);
  });

  it("has the sport types of a runner's life, with Strava's legacy type beside sport_type", () => {
    const types = new Set(acts.map((a) => a.sport_type));
    for (const s of ["Run", "TrailRun", "VirtualRun", "Ride", "Swim", "Walk", "WeightTraining"]) expect(types).toContain(s);
    for (const a of acts) expect(a.type).toBe(a.sport_type === "TrailRun" ? "Run" : a.sport_type);
  });

  it("gives manual and trainer activities no map, and GPS ones a polyline and start/end points", () => {
    const manual = acts.filter((a) => a.manual);
    expect(manual.length).toBeGreaterThan(20);
    for (const a of manual) {
      expect(a.map.summary_polyline).toBe("");
      expect(a.start_latlng).toEqual([]);
      expect(a.has_heartrate).toBe(false);
      expect(a.device_name).toBeUndefined();
      expect(a.upload_id).toBeNull();
      expect(a.external_id).toBeNull();
      expect(a.moving_time).toBe(a.elapsed_time);
    }
    const virtual = acts.filter((a) => a.sport_type === "VirtualRun");
    expect(virtual.length).toBeGreaterThan(20);
    for (const a of virtual) {
      expect(a.trainer).toBe(true);
      expect(a.map.summary_polyline).toBe("");
      expect(a.end_latlng).toEqual([]);
    }
    const outdoor = acts.filter((a) => (a.sport_type === "Run" || a.sport_type === "TrailRun" || a.sport_type === "Ride") && !a.manual && !a.trainer);
    for (const a of outdoor) {
      expect(a.map.summary_polyline.length).toBeGreaterThan(10);
      expect(a.map.id).toBe(`a${a.id}`);
      expect(a.start_latlng).toHaveLength(2);
      expect(a.elev_high).toBeGreaterThanOrEqual(a.elev_low!);
    }
  });

  it("reports heart rate only when recorded, and run cadence per leg (about 80–95)", () => {
    for (const a of acts) {
      if (a.has_heartrate) {
        expect(a.average_heartrate).toBeGreaterThan(80);
        expect(a.max_heartrate).toBeGreaterThan(a.average_heartrate!);
      } else {
        expect(a).not.toHaveProperty("average_heartrate");
        expect(a).not.toHaveProperty("max_heartrate");
        expect(a.suffer_score).toBeNull();
      }
    }
    const runs = acts.filter((a) => a.sport_type === "Run" && !a.manual);
    for (const a of runs) {
      expect(a.average_cadence).toBeGreaterThan(80);
      expect(a.average_cadence).toBeLessThan(95);
    }
    expect(acts.filter((a) => a.sport_type === "WeightTraining").every((a) => a.distance === 0 && a.average_cadence === undefined)).toBe(true);
  });

  it("wears shoes (g…) on runs and the bike (b…) on rides, and keeps private and visibility in step", () => {
    const runs = acts.filter((a) => a.sport_type === "Run" || a.sport_type === "TrailRun");
    const shoes = new Set(runs.map((a) => a.gear_id).filter((g) => g !== null));
    expect(shoes.size).toBe(3);
    for (const g of shoes) expect(g).toMatch(/^g\d{8}$/);
    const bikes = new Set(acts.filter((a) => a.sport_type === "Ride").map((a) => a.gear_id));
    expect([...bikes].filter((g) => g !== null).every((g) => /^b\d{8}$/.test(g!))).toBe(true);
    expect(acts.filter((a) => ["Swim", "Walk", "WeightTraining"].includes(a.sport_type)).every((a) => a.gear_id === null)).toBe(true);
    for (const a of acts) expect(a.private).toBe(a.visibility === "only_me");
  });

  it("keeps average_speed = distance / moving_time and moving_time ≤ elapsed_time", () => {
    for (const a of acts) {
      expect(a.moving_time).toBeLessThanOrEqual(a.elapsed_time);
      expect(a.average_speed).toBeCloseTo(a.moving_time > 0 ? a.distance / a.moving_time : 0, 3);
    }
  });
});
