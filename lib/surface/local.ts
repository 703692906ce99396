import { EARTH_RADIUS_M } from "@/lib/metrics/distance";
import type { LatLon } from "./types";

/**
 * Flat-earth helpers for the small areas a run covers (a few km): an equirectangular projection
 * around one origin is off by well under 0.1 % there, far below GPS noise.
 */

export interface XY {
  x: number;
  y: number;
}

const M_PER_DEG = (EARTH_RADIUS_M * Math.PI) / 180;

/** The points where both coordinates are numbers, in recorded order. */
export function validPoints(lat: Float64Array | null, lon: Float64Array | null): LatLon[] {
  if (!lat || !lon) return [];
  const points: LatLon[] = [];
  const n = Math.min(lat.length, lon.length);
  for (let i = 0; i < n; i++) {
    const la = lat[i]!;
    const lo = lon[i]!;
    if (Number.isFinite(la) && Number.isFinite(lo)) points.push({ lat: la, lon: lo });
  }
  return points;
}

/** Projects to metres east (x) and north (y) of `origin`. */
export function projector(origin: LatLon): (p: LatLon) => XY {
  const kx = M_PER_DEG * Math.cos((origin.lat * Math.PI) / 180);
  return (p) => ({ x: (p.lon - origin.lon) * kx, y: (p.lat - origin.lat) * M_PER_DEG });
}

/** The inverse of `projector(origin)`. */
export function unprojector(origin: LatLon): (p: XY) => LatLon {
  const kx = M_PER_DEG * Math.cos((origin.lat * Math.PI) / 180);
  return (p) => ({ lat: origin.lat + p.y / M_PER_DEG, lon: origin.lon + p.x / kx });
}

/** Distance from `p` to the segment a–b, in the same units. */
export function pointSegmentDistance(p: XY, a: XY, b: XY): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  // A zero-length segment (a repeated point) is just a point.
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/** The diagonal of the axis-aligned bounding box of some points, 0 for fewer than two. */
export function boundingDiagonal(points: readonly XY[]): number {
  if (points.length === 0) return 0;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of points) {
    minX = Math.min(minX, p.x);
    maxX = Math.max(maxX, p.x);
    minY = Math.min(minY, p.y);
    maxY = Math.max(maxY, p.y);
  }
  return Math.hypot(maxX - minX, maxY - minY);
}
