import { haversineM } from "@/lib/metrics/distance";
import { pointSegmentDistance, projector, validPoints, type XY } from "./local";
import type { LatLon, RouteShape } from "./types";

/**
 * Route memory: a run's shape, reduced to a fixed number of points, so that a later run on the
 * same route can take the surface the runner chose for the earlier one.
 */

export const ROUTE_SHAPE_POINTS = 64;

/** Shorter than this, a "route" is GPS drift around a start line, not a place. */
const MIN_ROUTE_M = 200;
/** Two recordings of one route differ in length by GPS noise and corner cutting, rarely by more. */
const MAX_LENGTH_DIFF = 0.15;
/** Runs start and stop a little apart (the watch finds GPS late, a loop ends at the door). */
const ENDPOINT_M = 250;
/** Wider than GPS error (~5–20 m) and a road's width, narrower than the next street over. */
const CORRIDOR_M = 75;
/** A detour or a GPS glitch may leave a few points off the other route. */
const MIN_COVERED = 0.9;

/** The route's shape, or null when it has fewer than 2 positions or is shorter than 200 m as recorded. */
export function routeShape(lat: Float64Array, lon: Float64Array): RouteShape | null {
  const points = validPoints(lat, lon);
  if (points.length < 2) return null;

  const cum = new Float64Array(points.length);
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    cum[i] = cum[i - 1]! + haversineM(a.lat, a.lon, b.lat, b.lon);
  }
  const lengthM = cum[points.length - 1]!;
  if (!(lengthM >= MIN_ROUTE_M)) return null;

  const first = points[0]!;
  const last = points[points.length - 1]!;
  const shape: LatLon[] = [{ lat: first.lat, lon: first.lon }];
  let j = 0; // segment [j, j+1] holds the current target distance
  for (let k = 1; k < ROUTE_SHAPE_POINTS - 1; k++) {
    const target = (lengthM * k) / (ROUTE_SHAPE_POINTS - 1);
    while (j < points.length - 2 && cum[j + 1]! < target) j++;
    const a = points[j]!;
    const b = points[j + 1]!;
    const span = cum[j + 1]! - cum[j]!;
    const t = span > 0 ? (target - cum[j]!) / span : 0;
    // Interpolating degrees linearly is exact enough over one GPS step (metres).
    shape.push({ lat: a.lat + t * (b.lat - a.lat), lon: a.lon + t * (b.lon - a.lon) });
  }
  shape.push({ lat: last.lat, lon: last.lon });
  // The length compared is the resampled path's, not the recording's: jitter between 1 Hz points
  // lengthens a recording a lot (a noisy watch can double it) but barely moves 64 points ~40 m apart.
  let shapeM = 0;
  for (let k = 1; k < shape.length; k++) shapeM += haversineM(shape[k - 1]!.lat, shape[k - 1]!.lon, shape[k]!.lat, shape[k]!.lon);
  return { lengthM: shapeM, points: shape };
}

function near(p: LatLon, q: LatLon): boolean {
  return haversineM(p.lat, p.lon, q.lat, q.lon) <= ENDPOINT_M;
}

/** The share of `points` within CORRIDOR_M of the polyline `line`. */
function coveredShare(points: readonly XY[], line: readonly XY[]): number {
  if (points.length === 0) return 0;
  let covered = 0;
  for (const p of points) {
    let best = Infinity;
    if (line.length === 1) best = Math.hypot(p.x - line[0]!.x, p.y - line[0]!.y);
    for (let i = 1; i < line.length && best > CORRIDOR_M; i++) {
      best = Math.min(best, pointSegmentDistance(p, line[i - 1]!, line[i]!));
    }
    if (best <= CORRIDOR_M) covered++;
  }
  return covered / points.length;
}

/**
 * Whether two shapes are the same route, run either way round: similar length, start and end in
 * the same places (swapped for a reverse run), and each lies along the other.
 */
export function sameRoute(a: RouteShape, b: RouteShape): boolean {
  const longer = Math.max(a.lengthM, b.lengthM);
  if (!(longer > 0) || Math.abs(a.lengthM - b.lengthM) / longer > MAX_LENGTH_DIFF) return false;

  const a0 = a.points[0];
  const aEnd = a.points[a.points.length - 1];
  const b0 = b.points[0];
  const bEnd = b.points[b.points.length - 1];
  if (!a0 || !aEnd || !b0 || !bEnd) return false;
  const forward = near(a0, b0) && near(aEnd, bEnd);
  const reverse = near(a0, bEnd) && near(aEnd, b0);
  if (!forward && !reverse) return false;

  // One origin for both, so the two projections agree.
  const project = projector(a0);
  const pa = a.points.map(project);
  const pb = b.points.map(project);
  return coveredShare(pa, pb) >= MIN_COVERED && coveredShare(pb, pa) >= MIN_COVERED;
}

const HEADER_BYTES = 8;
const POINT_BYTES = 8;
const SHAPE_BYTES = HEADER_BYTES + ROUTE_SHAPE_POINTS * POINT_BYTES;
const E7 = 1e7;

/**
 * Stores a shape in 520 bytes, little-endian: Float64 lengthM, then per point Int32 lat and Int32
 * lon in 1e-7 degrees (~1 cm). Only shapes of ROUTE_SHAPE_POINTS points, so that a truncated
 * blob can never decode as a shorter route.
 */
export function encodeShape(shape: RouteShape): Buffer {
  if (shape.points.length !== ROUTE_SHAPE_POINTS) {
    throw new RangeError(`a route shape has ${ROUTE_SHAPE_POINTS} points, not ${shape.points.length}`);
  }
  const buf = Buffer.alloc(SHAPE_BYTES);
  buf.writeDoubleLE(shape.lengthM, 0);
  shape.points.forEach((p, i) => {
    const at = HEADER_BYTES + i * POINT_BYTES;
    buf.writeInt32LE(Math.round(p.lat * E7), at);
    buf.writeInt32LE(Math.round(p.lon * E7), at + 4);
  });
  return buf;
}

export function decodeShape(bytes: Uint8Array): RouteShape {
  if (bytes.byteLength !== SHAPE_BYTES) {
    throw new RangeError(`a route shape is ${SHAPE_BYTES} bytes, not ${bytes.byteLength}`);
  }
  // A Buffer may be a view into a larger pooled ArrayBuffer: honour its offset.
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const points: LatLon[] = [];
  for (let i = 0; i < ROUTE_SHAPE_POINTS; i++) {
    const at = HEADER_BYTES + i * POINT_BYTES;
    points.push({ lat: view.getInt32(at, true) / E7, lon: view.getInt32(at + 4, true) / E7 });
  }
  return { lengthM: view.getFloat64(0, true), points };
}
