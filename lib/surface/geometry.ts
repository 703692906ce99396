import { boundingDiagonal, projector, validPoints, type XY } from "./local";

/**
 * Surfaces read from the shape of a recording alone: a run that circles a 400 m oval again and
 * again was on a track; a run with distance but no movement was on a treadmill.
 */

/** A 400 m track's hull is ~398 m; the margin takes GPS wander and outer lanes (lane 8 ≈ 453 m). */
const TRACK_HULL_MIN_M = 330;
const TRACK_HULL_MAX_M = 520;
/** Out to lane 8 a track is ~175 × 90 m (diagonal ~196 m); this leaves room for GPS noise. */
const TRACK_BOX_M = 250;
const TRACK_MIN_POINTS = 10;
/** Below this, "no movement" could be a short warm-up or a stopped watch, not a treadmill run. */
const TREADMILL_MIN_M = 500;
/** GPS left on indoors drifts by some metres, not by a street. */
const TREADMILL_BOX_M = 50;

function cross(o: XY, a: XY, b: XY): number {
  return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

/** The convex hull (Andrew's monotone chain), counter-clockwise, without repeated points. */
function convexHull(points: readonly XY[]): XY[] {
  const sorted = [...points].sort((p, q) => p.x - q.x || p.y - q.y);
  if (sorted.length < 3) return sorted;
  const lower: XY[] = [];
  for (const p of sorted) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: XY[] = [];
  for (let i = sorted.length - 1; i >= 0; i--) {
    const p = sorted[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  // Each chain ends where the other begins.
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}

function perimeter(polygon: readonly XY[]): number {
  let sum = 0;
  for (let i = 0; i < polygon.length; i++) {
    const a = polygon[i]!;
    const b = polygon[(i + 1) % polygon.length]!;
    sum += Math.hypot(b.x - a.x, b.y - a.y);
  }
  return sum;
}

function localPoints(lat: Float64Array | null, lon: Float64Array | null): XY[] {
  const points = validPoints(lat, lon);
  const first = points[0];
  return first ? points.map(projector(first)) : [];
}

/** At least two laps of something the size of a 400 m oval, and nothing outside it. */
export function looksLikeTrack(lat: Float64Array, lon: Float64Array, distanceM: number): boolean {
  const points = localPoints(lat, lon);
  if (points.length < TRACK_MIN_POINTS) return false;
  if (boundingDiagonal(points) > TRACK_BOX_M) return false;
  const hullM = perimeter(convexHull(points));
  return hullM >= TRACK_HULL_MIN_M && hullM <= TRACK_HULL_MAX_M && distanceM >= 2 * hullM;
}

/** Real distance with no positions, or positions that never leave a 50 m box. */
export function looksLikeTreadmill(lat: Float64Array | null, lon: Float64Array | null, distanceM: number): boolean {
  if (!(distanceM >= TREADMILL_MIN_M)) return false;
  const points = localPoints(lat, lon);
  return points.length === 0 || boundingDiagonal(points) < TREADMILL_BOX_M;
}
