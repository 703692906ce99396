import { describe, expect, it } from "vitest";
import { unprojector } from "./local";
import { labelFromWays, overpassQuery, surfaceOfWay, type OsmWay } from "./osm";
import { ROUTE_SHAPE_POINTS } from "./route";
import { CENTRE } from "./test-tracks";
import type { RouteShape } from "./types";

const toDeg = unprojector(CENTRE);

/**
 * A 630 m straight run east from CENTRE: 64 points 10 m apart, so segment k runs from x = 10k to
 * 10k + 10 and its midpoint is at x = 10k + 5, y = 0.
 */
const LINE: RouteShape = {
  lengthM: 630,
  points: Array.from({ length: ROUTE_SHAPE_POINTS }, (_, k) => toDeg({ x: 10 * k, y: 0 })),
};

/** A straight way from (x0, y) to (x1, y), in metres around CENTRE. */
function way(x0: number, x1: number, y: number, tags: Record<string, string>): OsmWay {
  return { tags, geometry: [toDeg({ x: x0, y }), toDeg({ x: x1, y })] };
}

const ASPHALT = { highway: "residential", surface: "asphalt" };
const PATH = { highway: "path" };
const GRASS = { highway: "footway", surface: "grass" };

describe("overpassQuery", () => {
  it("asks for highway ways within 25 m of every point, 6 decimals", () => {
    const shape: RouteShape = {
      lengthM: 1,
      points: [
        { lat: 48.8462, lon: 2.3372 },
        { lat: 48.84625, lon: 2.33801234567 },
        { lat: -33.9, lon: 151.2 },
      ],
    };
    expect(overpassQuery(shape)).toBe(
      "[out:json][timeout:10];way(around:25,48.846200,2.337200,48.846250,2.338012,-33.900000,151.200000)[highway];out tags geom;",
    );
  });

  it("lists all 64 points of a route shape", () => {
    const q = overpassQuery(LINE);
    const coords = /^\[out:json\]\[timeout:10\];way\(around:25,([^)]*)\)\[highway\];out tags geom;$/.exec(q)?.[1];
    expect(coords?.split(",")).toHaveLength(2 * 64);
    expect(coords?.startsWith("48.850000,2.350000,")).toBe(true);
  });
});

describe("surfaceOfWay", () => {
  it("reads the surface tag first", () => {
    for (const s of ["asphalt", "paved", "concrete", "concrete:plates", "paving_stones", "sett", "cobblestone", "unhewn_cobblestone", "metal", "wood"]) {
      expect(surfaceOfWay({ highway: "path", surface: s }), s).toBe("road");
    }
    for (const s of ["tartan", "rubber", "acrylic"]) expect(surfaceOfWay({ highway: "footway", surface: s }), s).toBe("track");
    expect(surfaceOfWay({ highway: "residential", surface: "grass" })).toBe("grass");
    for (const s of [
      "unpaved",
      "gravel",
      "fine_gravel",
      "compacted",
      "dirt",
      "earth",
      "ground",
      "mud",
      "sand",
      "rock",
      "pebblestone",
      "woodchips",
      "grass_paver",
    ]) {
      expect(surfaceOfWay({ highway: "residential", surface: s }), s).toBe("trail");
    }
  });

  it("takes the first of several values, in any case", () => {
    expect(surfaceOfWay({ highway: "path", surface: "Asphalt;gravel" })).toBe("road");
    expect(surfaceOfWay({ highway: "path", surface: " GRAVEL " })).toBe("trail");
  });

  it("falls back on the kind of way without a (known) surface", () => {
    for (const h of [
      "motorway",
      "motorway_link",
      "trunk",
      "trunk_link",
      "primary",
      "primary_link",
      "secondary",
      "secondary_link",
      "tertiary",
      "tertiary_link",
      "residential",
      "unclassified",
      "service",
      "living_street",
      "pedestrian",
      "cycleway",
      "footway",
      "steps",
    ]) {
      expect(surfaceOfWay({ highway: h }), h).toBe("road");
    }
    for (const h of ["path", "track", "bridleway"]) expect(surfaceOfWay({ highway: h }), h).toBe("trail");
    expect(surfaceOfWay({ highway: "raceway" })).toBe("track");
    expect(surfaceOfWay({ leisure: "track" })).toBe("track");
    expect(surfaceOfWay({ leisure: "track", surface: "grass" })).toBe("grass");
    // An unlisted surface value says nothing: the kind of way decides.
    expect(surfaceOfWay({ highway: "path", surface: "yes" })).toBe("trail");
    expect(surfaceOfWay({ highway: "footway", surface: "clay" })).toBe("road");
  });

  it("returns null when the tags say nothing usable", () => {
    expect(surfaceOfWay({})).toBeNull();
    expect(surfaceOfWay({ highway: "proposed" })).toBeNull();
    expect(surfaceOfWay({ highway: "construction", surface: "yes" })).toBeNull();
    expect(surfaceOfWay({ building: "yes" })).toBeNull();
    // Not an own property: no prototype lookups.
    expect(surfaceOfWay({ highway: "constructor" })).toBeNull();
    expect(surfaceOfWay({ surface: "toString" })).toBeNull();
  });
});

describe("labelFromWays", () => {
  it("names the run after the one surface its whole length follows", () => {
    // 8 m beside the line: GPS error and a road's width.
    expect(labelFromWays(LINE, [way(0, 630, 8, ASPHALT)], 640)).toEqual({ surface: "road", source: "osm", confidence: "medium", split: null });
  });

  it("splits a mixed run by distance, scaled to the recorded distance", () => {
    // Midpoints 5…395 lie on the asphalt (0 m) and ≥ 5 m from the path: 40 segments, 400 m.
    // Midpoints 405…625: 23 segments, 230 m on the path. 400/630 = 63.49 % < 85 %.
    // × 1000 m: 634.92 and 365.08 → 635 and 365.
    expect(labelFromWays(LINE, [way(0, 400, 0, ASPHALT), way(400, 630, 0, PATH)], 1000)).toEqual({
      surface: "mixed",
      source: "osm",
      confidence: "medium",
      split: [
        { surface: "road", distanceM: 635 },
        { surface: "trail", distanceM: 365 },
      ],
    });
  });

  it("sorts the parts by distance and keeps them summing to the distance", () => {
    // 300, 200 and 130 m of 630, × 6300 / 630 = × 10.
    const label = labelFromWays(LINE, [way(500, 630, 0, GRASS), way(300, 500, 0, PATH), way(0, 300, 0, ASPHALT)], 6300);
    expect(label?.split).toEqual([
      { surface: "road", distanceM: 3000 },
      { surface: "trail", distanceM: 2000 },
      { surface: "grass", distanceM: 1300 },
    ]);
    // 1000.4 m: 476.38, 317.59 and 206.43; floors sum to 999, the spare metre goes to the largest remainder (trail).
    const odd = labelFromWays(LINE, [way(500, 630, 0, GRASS), way(300, 500, 0, PATH), way(0, 300, 0, ASPHALT)], 1000.4);
    expect(odd?.split).toEqual([
      { surface: "road", distanceM: 476 },
      { surface: "trail", distanceM: 318 },
      { surface: "grass", distanceM: 206 },
    ]);
  });

  it("names one surface at 85 % or more of the matched length", () => {
    // 560 of 630 m = 88.9 % asphalt.
    expect(labelFromWays(LINE, [way(0, 560, 0, ASPHALT), way(560, 630, 0, PATH)], 630)).toMatchObject({ surface: "road", split: null });
    // 510 of 630 m = 81.0 %: mixed.
    expect(labelFromWays(LINE, [way(0, 510, 0, ASPHALT), way(510, 630, 0, PATH)], 630)).toMatchObject({
      surface: "mixed",
      split: [
        { surface: "road", distanceM: 510 },
        { surface: "trail", distanceM: 120 },
      ],
    });
  });

  it("scales only the matched length: unmatched segments count for nothing", () => {
    // Asphalt 0–250, grass 250–400, nothing beyond. Midpoints 405, 415, 425 are 5, 15, 25 m past
    // the grass's end (within 30 m), 435 is 35 m: asphalt 250 m, grass 150 + 30 = 180 m of 430 m
    // matched (68 % of 630). × 5000 / 430: 2906.98 and 2093.02 → 2907 and 2093.
    expect(labelFromWays(LINE, [way(0, 250, 0, ASPHALT), way(250, 400, 0, GRASS)], 5000)).toEqual({
      surface: "mixed",
      source: "osm",
      confidence: "medium",
      split: [
        { surface: "road", distanceM: 2907 },
        { surface: "grass", distanceM: 2093 },
      ],
    });
  });

  it("says nothing when less than half of the run is matched", () => {
    // A way over 0–280 m reaches midpoints up to 305 (25 m past its end): 31 segments, 310 m = 49.2 %.
    expect(labelFromWays(LINE, [way(0, 280, 0, ASPHALT)], 630)).toBeNull();
    // 0–290 m reaches 315: 32 segments, 320 m = 50.8 %.
    expect(labelFromWays(LINE, [way(0, 290, 0, ASPHALT)], 630)).toMatchObject({ surface: "road", source: "osm" });
    expect(labelFromWays(LINE, [], 630)).toBeNull();
  });

  it("matches ways within 30 m of a segment's midpoint only", () => {
    expect(labelFromWays(LINE, [way(0, 630, 29, PATH)], 630)).toMatchObject({ surface: "trail" });
    expect(labelFromWays(LINE, [way(0, 630, -31, PATH)], 630)).toBeNull();
  });

  it("takes the nearest way that has a surface", () => {
    const ways = [way(0, 630, -10, ASPHALT), way(0, 630, 5, GRASS), way(0, 630, 1, { highway: "proposed" })];
    expect(labelFromWays(LINE, ways, 630)).toMatchObject({ surface: "grass", split: null });
    // A way of one point is a point.
    expect(labelFromWays(LINE, [{ tags: PATH, geometry: [toDeg({ x: 315, y: 0 })] }], 630)).toBeNull();
  });
});
