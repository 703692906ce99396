import { haversineM } from "@/lib/metrics/distance";
import { pointSegmentDistance, projector, type XY } from "./local";
import type { LatLon, RouteShape, SurfaceLabel, SurfaceSplit } from "./types";

/**
 * OpenStreetMap as a source of surfaces (optional, off by default: see overpass.ts). Pure: the
 * Overpass query for a run's shape, a way's surface from its tags, and a run's label from the ways
 * its shape follows.
 */

/** Ways whose line passes this close to a shape point are fetched: GPS error plus a road's half-width. */
const AROUND_M = 25;
/** A shape segment belongs to the nearest way within this distance of its midpoint, else to none. */
const MATCH_M = 30;
/** Under this share of the shape matched, OSM does not cover the run well enough to say anything. */
const MIN_MATCHED = 0.5;
/** One surface with at least this share of the matched length names the run; less makes it "mixed". */
const SINGLE_SURFACE = 0.85;

export type OsmSurface = "road" | "trail" | "track" | "grass";

export interface OsmWay {
  tags: Record<string, string>;
  geometry: LatLon[];
}

/**
 * Overpass QL for every way with a `highway` tag within 25 m of any of the shape's points, with
 * its tags and geometry. Coordinates with 6 decimals (~10 cm).
 */
export function overpassQuery(shape: RouteShape): string {
  const coords = shape.points.map((p) => `${p.lat.toFixed(6)},${p.lon.toFixed(6)}`).join(",");
  return `[out:json][timeout:10];way(around:${AROUND_M},${coords})[highway];out tags geom;`;
}

const SURFACE_TAG: Record<string, OsmSurface> = {
  asphalt: "road",
  paved: "road",
  concrete: "road",
  paving_stones: "road",
  sett: "road",
  cobblestone: "road",
  unhewn_cobblestone: "road",
  metal: "road",
  wood: "road",
  tartan: "track",
  rubber: "track",
  acrylic: "track",
  grass: "grass",
  unpaved: "trail",
  gravel: "trail",
  fine_gravel: "trail",
  compacted: "trail",
  dirt: "trail",
  earth: "trail",
  ground: "trail",
  mud: "trail",
  sand: "trail",
  rock: "trail",
  pebblestone: "trail",
  woodchips: "trail",
  // Grass pavers are a grid of concrete or plastic cells with grass growing through: neither a
  // lawn's give nor a road's evenness, footing that asks attention. Counted with the unpaved.
  grass_paver: "trail",
};

const HIGHWAY_TAG: Record<string, OsmSurface> = {
  motorway: "road",
  motorway_link: "road",
  trunk: "road",
  trunk_link: "road",
  primary: "road",
  primary_link: "road",
  secondary: "road",
  secondary_link: "road",
  tertiary: "road",
  tertiary_link: "road",
  residential: "road",
  unclassified: "road",
  service: "road",
  living_street: "road",
  pedestrian: "road",
  cycleway: "road",
  footway: "road",
  steps: "road",
  path: "trail",
  track: "trail",
  bridleway: "trail",
  raceway: "track",
};

/** The first of a `;`-separated list of values, trimmed and lower-cased ("Asphalt; gravel" → "asphalt"). */
function firstValue(value: string | undefined): string | null {
  const v = value?.split(";")[0]?.trim().toLowerCase();
  return v ? v : null;
}

/**
 * What a way is run on, from its tags: its `surface` first, else what its kind of way usually is
 * (a street is paved, a path is not); null when the tags say neither. A surface value not listed
 * here (a typo, "yes", "clay") is treated as no surface tag, so the kind of way still decides.
 */
export function surfaceOfWay(tags: Record<string, string>): OsmSurface | null {
  const surface = firstValue(tags.surface);
  if (surface) {
    const known = Object.hasOwn(SURFACE_TAG, surface) ? SURFACE_TAG[surface] : surface.startsWith("concrete:") ? "road" : undefined;
    if (known) return known;
  }
  if (firstValue(tags.leisure) === "track") return "track";
  const highway = firstValue(tags.highway);
  return highway && Object.hasOwn(HIGHWAY_TAG, highway) ? (HIGHWAY_TAG[highway] ?? null) : null;
}

interface ProjectedWay {
  surface: OsmSurface;
  points: XY[];
}

/** Distance from `p` to the polyline `line` (a lone point is a point). */
function polylineDistance(p: XY, line: readonly XY[]): number {
  if (line.length === 1) return Math.hypot(p.x - line[0]!.x, p.y - line[0]!.y);
  let best = Infinity;
  for (let i = 1; i < line.length; i++) best = Math.min(best, pointSegmentDistance(p, line[i - 1]!, line[i]!));
  return best;
}

/** Whole metres for each part, summing to the rounded total (largest remainders get the spare metres). */
function roundParts(parts: readonly { surface: OsmSurface; m: number }[], totalM: number): SurfaceSplit[] {
  const floors = parts.map((p) => ({ surface: p.surface, distanceM: Math.floor(p.m), rest: p.m - Math.floor(p.m) }));
  let spare = Math.round(totalM) - floors.reduce((s, p) => s + p.distanceM, 0);
  for (const p of [...floors].sort((a, b) => b.rest - a.rest)) {
    if (spare <= 0) break;
    p.distanceM += 1;
    spare -= 1;
  }
  return floors.map(({ surface, distanceM }) => ({ surface, distanceM }));
}

/**
 * A run's surface from the OSM ways around it. Each of the shape's segments goes, by its midpoint,
 * to the nearest way within 30 m that has a surface; segments near none count for nothing. Less
 * than half the shape matched → null. Otherwise the matched metres are scaled to the run's recorded
 * `distanceM`: one surface with ≥ 85 % names the run, else it is "mixed" with the split by surface
 * (largest first, whole metres summing to the rounded distance).
 */
export function labelFromWays(shape: RouteShape, ways: readonly OsmWay[], distanceM: number): SurfaceLabel | null {
  const origin = shape.points[0];
  if (!origin || shape.points.length < 2) return null;
  const project = projector(origin);
  const candidates: ProjectedWay[] = [];
  for (const way of ways) {
    const surface = surfaceOfWay(way.tags);
    if (surface && way.geometry.length > 0) candidates.push({ surface, points: way.geometry.map(project) });
  }

  const bySurface = new Map<OsmSurface, number>();
  let shapeM = 0;
  let matchedM = 0;
  for (let k = 1; k < shape.points.length; k++) {
    const a = shape.points[k - 1]!;
    const b = shape.points[k]!;
    const lengthM = haversineM(a.lat, a.lon, b.lat, b.lon);
    shapeM += lengthM;
    const pa = project(a);
    const pb = project(b);
    const mid = { x: (pa.x + pb.x) / 2, y: (pa.y + pb.y) / 2 };
    let best: ProjectedWay | null = null;
    let bestM = Infinity;
    for (const way of candidates) {
      const d = polylineDistance(mid, way.points);
      // Strictly nearer: of two ways equally near, the first listed wins.
      if (d <= MATCH_M && d < bestM) {
        best = way;
        bestM = d;
      }
    }
    if (!best) continue;
    matchedM += lengthM;
    bySurface.set(best.surface, (bySurface.get(best.surface) ?? 0) + lengthM);
  }
  if (!(shapeM > 0) || matchedM < MIN_MATCHED * shapeM) return null;

  const totalM = Math.max(0, Number.isFinite(distanceM) ? distanceM : 0);
  const parts = [...bySurface]
    .map(([surface, m]) => ({ surface, m: (m / matchedM) * totalM, share: m / matchedM }))
    .sort((x, y) => y.share - x.share || x.surface.localeCompare(y.surface));
  const top = parts[0]!;
  if (top.share >= SINGLE_SURFACE) return { surface: top.surface, source: "osm", confidence: "medium", split: null };
  const split = roundParts(parts, totalM)
    .filter((p) => p.distanceM > 0)
    .sort((x, y) => y.distanceM - x.distanceM);
  return { surface: "mixed", source: "osm", confidence: "medium", split };
}
