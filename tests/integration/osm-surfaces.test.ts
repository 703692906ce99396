import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { activities } from "@/db/schema";
import { ingestFile } from "@/lib/activities/ingest";
import { osmOverpassUrl, parseEnv } from "@/lib/env";
import { ROUTE_SHAPE_POINTS, routeShape } from "@/lib/surface/route";
import { MAX_ANSWER_BYTES, osmLabel } from "@/lib/surface/overpass";
import type { LatLon, RouteShape } from "@/lib/surface/types";
import { describeEachDatabase } from "../support/db";
import { createRunner } from "../support/factories";
import { loopGpx } from "../support/loop-gpx";

/**
 * The optional OpenStreetMap surface lookup against a fake Overpass endpoint. The runs are
 * loopGpx's default loop: an 800 m × 500 m rectangle from its start corner, east along the south
 * side, north, west along the north side, south back to the start (2600 m).
 */

// loopGpx's defaults and its degrees-from-metres maths.
const START = { lat: 48.8462, lon: 2.3372 };
const WIDTH_M = 800;
const HEIGHT_M = 500;
const M_PER_DEG_LAT = 111_320;
const M_PER_DEG_LON = M_PER_DEG_LAT * Math.cos((START.lat * Math.PI) / 180);
const at = (x: number, y: number): LatLon => ({ lat: START.lat + y / M_PER_DEG_LAT, lon: START.lon + x / M_PER_DEG_LON });

interface Way {
  type: "way";
  id: number;
  tags: Record<string, string>;
  geometry: LatLon[];
}

/** A way from (x0, y0) to (x1, y1) metres from the start corner, with a node every 100 m. */
function way(id: number, [x0, y0]: [number, number], [x1, y1]: [number, number], tags: Record<string, string>): Way {
  const n = Math.max(1, Math.round(Math.hypot(x1 - x0, y1 - y0) / 100));
  const geometry = Array.from({ length: n + 1 }, (_, i) => at(x0 + ((x1 - x0) * i) / n, y0 + ((y1 - y0) * i) / n));
  return { type: "way", id, tags, geometry };
}

/**
 * The loop's four sides. `offsetM` moves the east and west (short) sides outward, as OSM's line
 * for a street is rarely exactly where a watch puts the runner.
 */
function sides(long: Record<string, string>, short: Record<string, string>, offsetM = 0): Way[] {
  return [
    way(1, [0, 0], [WIDTH_M, 0], long), // south
    way(2, [WIDTH_M + offsetM, 0], [WIDTH_M + offsetM, HEIGHT_M], short), // east
    way(3, [WIDTH_M, HEIGHT_M], [0, HEIGHT_M], long), // north
    way(4, [-offsetM, HEIGHT_M], [-offsetM, 0], short), // west
  ];
}

const ASPHALT = { highway: "residential", surface: "asphalt" };
const GRASS = { highway: "footway", surface: "grass" };
const PATH = { highway: "path" };

/** What the fake endpoint does with the next requests. */
type Mode = { json: unknown } | { status: number; body: string } | "hang" | { hugeBytes: number };

interface FakeOverpass {
  /** With a query string that must never reach the logs. */
  url: string;
  queries: string[];
  problems: string[];
  mode: Mode;
  close(): Promise<void>;
}

const QUERY = /^\[out:json\]\[timeout:10\];way\(around:25,([^)]*)\)\[highway\];out tags geom;$/;

/** Checks one request as Overpass would need it; returns what is wrong, or null. */
function problemWith(req: http.IncomingMessage, data: string | null): string | null {
  if (req.method !== "POST") return `method ${req.method}`;
  if (req.headers["content-type"] !== "application/x-www-form-urlencoded") return `content-type ${req.headers["content-type"]}`;
  if (req.headers["user-agent"] !== "Patella (self-hosted)") return `user-agent ${req.headers["user-agent"]}`;
  const coords = data === null ? null : QUERY.exec(data)?.[1];
  if (!coords) return `query ${data}`;
  const numbers = coords.split(",");
  if (numbers.length !== 2 * ROUTE_SHAPE_POINTS) return `${numbers.length / 2} coordinate pairs`;
  if (!numbers.every((n) => /^-?\d+\.\d{6}$/.test(n))) return "coordinates not with 6 decimals";
  // Every point is on the loop: within its bounding box (and a metre of rounding).
  for (let i = 0; i < numbers.length; i += 2) {
    const lat = Number(numbers[i]);
    const lon = Number(numbers[i + 1]);
    if (lat < at(0, -1).lat || lat > at(0, HEIGHT_M + 1).lat || lon < at(-1, 0).lon || lon > at(WIDTH_M + 1, 0).lon) return `point ${lat},${lon}`;
  }
  return null;
}

async function startFakeOverpass(): Promise<FakeOverpass> {
  const fake: Omit<FakeOverpass, "url" | "close"> = { queries: [], problems: [], mode: { json: { elements: [] } } };
  const server = http.createServer((req, res) => {
    res.on("error", () => {});
    req.socket.on("error", () => {});
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const data = new URLSearchParams(Buffer.concat(chunks).toString("utf8")).get("data");
      fake.queries.push(data ?? "");
      const problem = problemWith(req, data);
      if (problem) fake.problems.push(problem);
      const mode = fake.mode;
      if (mode === "hang") return; // never answers
      if ("hugeBytes" in mode) {
        // Chunked, no length announced: the client has to count.
        res.writeHead(200, { "content-type": "application/json" });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        let sent = 0;
        const pump = () => {
          while (sent < mode.hugeBytes && !res.destroyed) {
            sent += chunk.byteLength;
            if (!res.write(chunk)) return void res.once("drain", pump);
          }
          res.end();
        };
        pump();
        return;
      }
      if ("json" in mode) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(mode.json));
        return;
      }
      res.writeHead(mode.status, { "content-type": "text/plain" });
      res.end(mode.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}/api/interpreter?key=s3cret`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** The warnings logged (lib/log writes warnings as JSON lines on stderr). */
function warnings(spy: MockInstance<(...args: unknown[]) => void>): Record<string, unknown>[] {
  return spy.mock.calls
    .map((args) => String(args[0]))
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((e) => e.level === "warn");
}

/** The default loop's route shape, from points every ~3 m as loopGpx draws them. */
function loopShape(): RouteShape {
  const corners: [number, number][] = [
    [0, 0],
    [WIDTH_M, 0],
    [WIDTH_M, HEIGHT_M],
    [0, HEIGHT_M],
    [0, 0],
  ];
  const pts: LatLon[] = [];
  for (let c = 0; c + 1 < corners.length; c++) {
    const [x0, y0] = corners[c]!;
    const [x1, y1] = corners[c + 1]!;
    const steps = Math.round(Math.hypot(x1 - x0, y1 - y0) / 3);
    for (let i = 0; i < steps; i++) pts.push(at(x0 + ((x1 - x0) * i) / steps, y0 + ((y1 - y0) * i) / steps));
  }
  pts.push(at(0, 0));
  const shape = routeShape(Float64Array.from(pts, (p) => p.lat), Float64Array.from(pts, (p) => p.lon));
  if (!shape) throw new Error("expected a shape");
  return shape;
}

describe("osmOverpassUrl", () => {
  it("is null unless an http(s) URL is set", () => {
    expect(osmOverpassUrl({})).toBeNull();
    expect(osmOverpassUrl({ OSM_OVERPASS_URL: "" })).toBeNull();
    expect(osmOverpassUrl({ OSM_OVERPASS_URL: "  " })).toBeNull();
    expect(osmOverpassUrl({ OSM_OVERPASS_URL: "ftp://overpass.example/api" })).toBeNull();
    expect(osmOverpassUrl({ OSM_OVERPASS_URL: "https://overpass-api.de/api/interpreter" })).toBe("https://overpass-api.de/api/interpreter");
  });

  it("stops the start on a bad value, and is unset by default", () => {
    expect(() => parseEnv({ OSM_OVERPASS_URL: "overpass-api.de" })).toThrow(/OSM_OVERPASS_URL: OSM_OVERPASS_URL must be an http\(s\) URL/);
    expect(parseEnv({}).OSM_OVERPASS_URL).toBeUndefined();
    expect(parseEnv({ OSM_OVERPASS_URL: "" }).OSM_OVERPASS_URL).toBeUndefined();
  });
});

describe("osmLabel", () => {
  let fake: FakeOverpass;
  let stderr: MockInstance<(...args: unknown[]) => void>;
  const shape = loopShape();
  beforeAll(async () => {
    fake = await startFakeOverpass();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    stderr = vi.spyOn(console, "error").mockImplementation(() => {});
  });
  afterEach(() => {
    stderr.mockRestore();
  });

  it("sends a well-formed query and reads the answer", async () => {
    fake.mode = { json: { elements: sides(PATH, PATH) } };
    expect(await osmLabel(fake.url, shape, 2600)).toEqual({ surface: "trail", source: "osm", confidence: "medium", split: null });
    expect(fake.problems).toEqual([]);
    expect(warnings(stderr)).toEqual([]);
  });

  it("gives up on an endpoint that never answers, within the timeout", async () => {
    fake.mode = "hang";
    const t0 = Date.now();
    expect(await osmLabel(fake.url, shape, 2600, { timeoutMs: 300 })).toBeNull();
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(290); // it waited for the timeout (a hang fails on the test timeout)
    expect(warnings(stderr)).toMatchObject([{ msg: "OpenStreetMap surface lookup failed", reason: "timeout" }]);
  });

  it("stops reading an answer beyond 5 MB", async () => {
    fake.mode = { hugeBytes: MAX_ANSWER_BYTES + 1024 * 1024 };
    expect(await osmLabel(fake.url, shape, 2600)).toBeNull();
    expect(warnings(stderr)).toMatchObject([{ reason: "answer too large" }]);
  });

  it("refuses an announced length beyond 5 MB without reading it", async () => {
    const fetchImpl = (async () =>
      new Response("{}", { status: 200, headers: { "content-length": String(MAX_ANSWER_BYTES + 1) } })) as unknown as typeof fetch;
    expect(await osmLabel(fake.url, shape, 2600, { fetchImpl })).toBeNull();
    expect(warnings(stderr)).toMatchObject([{ reason: "answer too large" }]);
  });

  it("fails quietly on errors, an error remark, a refused connection, a throwing fetch", async () => {
    fake.mode = { status: 429, body: "rate_limited" };
    expect(await osmLabel(fake.url, shape, 2600)).toBeNull();
    fake.mode = { json: { remark: 'runtime error: Query timed out in "query" at line 1 after 10 seconds.', elements: sides(PATH, PATH) } };
    expect(await osmLabel(fake.url, shape, 2600)).toBeNull();
    fake.mode = { json: { version: 0.6 } };
    expect(await osmLabel(fake.url, shape, 2600)).toBeNull();
    const closed = await startFakeOverpass();
    await closed.close();
    expect(await osmLabel(closed.url, shape, 2600)).toBeNull();
    const fetchImpl = (async () => {
      throw new TypeError(`Failed to parse URL from ${fake.url}`);
    }) as unknown as typeof fetch;
    expect(await osmLabel(fake.url, shape, 2600, { fetchImpl })).toBeNull();
    expect(await osmLabel("not a url?key=s3cret", shape, 2600)).toBeNull();

    expect(warnings(stderr).map((w) => w.reason)).toEqual([
      "HTTP 429",
      "Overpass reported an error",
      "answer has no elements",
      "request failed",
      "request failed",
      "bad endpoint URL",
    ]);
    const logged = stderr.mock.calls.map((args) => String(args[0])).join("\n");
    expect(logged).toContain('"endpoint":"http://127.0.0.1:');
    expect(logged).not.toContain("s3cret");
  });

  it("skips malformed elements and tags", async () => {
    const [south, east, north, west] = sides(ASPHALT, ASPHALT);
    const elements = [
      null,
      "way",
      { type: "node", lat: START.lat, lon: START.lon, tags: { highway: "crossing" } },
      { type: "way", tags: { highway: "path" } }, // no geometry
      { type: "way", geometry: south!.geometry }, // no tags
      { type: "way", tags: { highway: 5, surface: ["grass"] }, geometry: east!.geometry }, // no string tags: no surface
      { type: "way", tags: { highway: "path" }, geometry: [null, { lat: "48.8" }, { lat: 95, lon: 2 }] },
      south,
      // A null point (Overpass leaves out points it was not asked for) splits a way in two.
      { ...east!, geometry: [...east!.geometry.slice(0, 3), null, ...east!.geometry.slice(3)] },
      north,
      west,
    ];
    const fetchImpl = (async () => Response.json({ elements })) as unknown as typeof fetch;
    expect(await osmLabel(fake.url, shape, 2600, { fetchImpl })).toMatchObject({ surface: "road", source: "osm" });
    expect(warnings(stderr)).toEqual([]);
  });
});

describeEachDatabase("OpenStreetMap surfaces", ({ db }) => {
  let fake: FakeOverpass;
  let runner: Awaited<ReturnType<typeof createRunner>>;
  let stderr: MockInstance<(...args: unknown[]) => void>;
  const saved = process.env.OSM_OVERPASS_URL;
  let day = 0;

  beforeAll(async () => {
    fake = await startFakeOverpass();
    runner = await createRunner(db());
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    process.env.OSM_OVERPASS_URL = fake.url;
    fake.mode = { json: { elements: [] } };
    stderr = vi.spyOn(console, "error").mockImplementation(() => {});
  });
  afterEach(() => {
    stderr.mockRestore();
    if (saved === undefined) delete process.env.OSM_OVERPASS_URL;
    else process.env.OSM_OVERPASS_URL = saved;
  });

  /** Imports the default loop (a different day each time, so a different file) and reads its surface back. */
  const importLoop = async (name = "Park loop") => {
    day += 1;
    const bytes = Buffer.from(loopGpx({ start: new Date(Date.UTC(2026, 0, day, 7)), name }));
    const res = await ingestFile(db(), { userId: runner.id, timeZone: "UTC", fileName: `loop-${day}.gpx`, bytes });
    if (res.status !== "imported") throw new Error(`import ${res.status}`);
    const [row] = await db()
      .select({ surface: activities.surface, source: activities.surfaceSource, confidence: activities.surfaceConfidence, split: activities.surfaceSplit, distanceM: activities.distanceM })
      .from(activities)
      .where(eq(activities.id, res.activityId));
    return row!;
  };

  it("labels a run on asphalt streets road, from OSM", async () => {
    fake.mode = { json: { elements: sides(ASPHALT, ASPHALT) } };
    expect(await importLoop()).toMatchObject({ surface: "road", source: "osm", confidence: "medium", split: null });
    expect(fake.queries).toHaveLength(1);
    expect(fake.problems).toEqual([]);
  });

  it("labels a run on paths trail, from OSM", async () => {
    fake.mode = { json: { elements: sides(PATH, PATH) } };
    expect(await importLoop()).toMatchObject({ surface: "trail", source: "osm", split: null });
    expect(fake.problems).toEqual([]);
  });

  it("splits a run on asphalt and grass by distance", async () => {
    // The long sides asphalt, the short sides grass drawn 3 m outside the track. The 64 shape points
    // are 2600 / 63 = 41.270 m apart (in loopGpx metres; the ratios below hold in any unit), so
    // the corners at 800, 1300 and 2100 m fall inside segments 19, 31 and 50. Each such segment
    // goes whole to the way nearest its midpoint, for its chord (it cuts the corner):
    //   19: 784.13 → 825.40 m, 15.87 m south then 25.40 m east. Midpoint (792.06, 12.70): 12.70 m
    //       from the asphalt, 10.94 m from the grass (x = 803) → grass, chord 29.95 m.
    //   31: 20.63 m east then 20.63 m north. Midpoint (789.68, 489.68): 10.32 m from the asphalt,
    //       13.32 m from the grass → asphalt, chord 29.18 m.
    //   50: 36.51 m north then 4.76 m west. Midpoint (18.25, 497.62): 2.38 m from the asphalt,
    //       21.25 m from the grass → asphalt, chord 36.82 m.
    // Asphalt: segments 0–18 and 32–49 whole (37 × 41.270 = 1526.98) + 29.18 + 36.82 = 1592.98 m.
    // Grass: segments 20–30 and 51–62 whole (23 × 41.270 = 949.21) + 29.95 = 979.16 m.
    // Asphalt share 1592.98 / 2572.14 = 0.6193, against 1600 / 2600 = 0.6154 for the sides.
    fake.mode = { json: { elements: sides(ASPHALT, GRASS, 3) } };
    const run = await importLoop();
    expect(run).toMatchObject({ surface: "mixed", source: "osm", confidence: "medium" });
    const split = run.split!;
    expect(split.map((p) => p.surface)).toEqual(["road", "grass"]);
    expect(split.every((p) => Number.isInteger(p.distanceM))).toBe(true);
    expect(Math.abs(split[0]!.distanceM + split[1]!.distanceM - run.distanceM)).toBeLessThanOrEqual(1);
    expect(Math.abs(split[0]!.distanceM / run.distanceM - 0.6193)).toBeLessThan(0.001);
    expect(Math.abs(split[1]!.distanceM / run.distanceM - 0.3807)).toBeLessThan(0.001);
  });

  it("keeps road (assumed) and imports the run when the endpoint fails", async () => {
    fake.mode = { status: 500, body: "oops" };
    expect(await importLoop()).toMatchObject({ surface: "road", source: "assumed", confidence: "low", split: null });
    fake.mode = { status: 200, body: "{ elements: [ this is not json" };
    expect(await importLoop()).toMatchObject({ surface: "road", source: "assumed" });
    expect(warnings(stderr).map((w) => w.reason)).toEqual(["HTTP 500", "answer is not JSON"]);
    expect(stderr.mock.calls.map((args) => String(args[0])).join("\n")).not.toContain("s3cret");
  });

  it("keeps road (assumed) when OSM covers too little of the run", async () => {
    // Only the south side: 19–20 of 63 segments.
    fake.mode = { json: { elements: sides(ASPHALT, ASPHALT).slice(0, 1) } };
    expect(await importLoop()).toMatchObject({ surface: "road", source: "assumed" });
    expect(warnings(stderr)).toEqual([]);
  });

  it("does not ask about a run whose name already says trail", async () => {
    fake.mode = { json: { elements: sides(ASPHALT, ASPHALT) } };
    const before = fake.queries.length;
    expect(await importLoop("Forest trail")).toMatchObject({ surface: "trail", source: "file" });
    expect(fake.queries).toHaveLength(before);
  });

  it("makes no request when OSM_OVERPASS_URL is unset", async () => {
    fake.mode = { json: { elements: sides(PATH, PATH) } };
    const before = fake.queries.length;
    delete process.env.OSM_OVERPASS_URL;
    expect(await importLoop()).toMatchObject({ surface: "road", source: "assumed" });
    process.env.OSM_OVERPASS_URL = "";
    expect(await importLoop()).toMatchObject({ surface: "road", source: "assumed" });
    expect(fake.queries).toHaveLength(before);
  });
});
