import { segmentBounds, type Track } from "@/lib/import/track";

/** Mean Earth radius (IUGG), metres. */
export const EARTH_RADIUS_M = 6_371_008.8;

/**
 * A step faster than this (45 km/h, beyond any runner's sprint) that goes out and comes straight
 * back is a GPS spike, not movement.
 */
export const SPIKE_SPEED_MPS = 12.5;

const rad = Math.PI / 180;

/** Great-circle distance between two points, in metres (haversine). */
export function haversineM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

function speed(track: Track, a: number, b: number, d: number): number {
  const dt = (track.timeMs[b]! - track.timeMs[a]!) / 1000;
  return dt > 0 ? d / dt : Number.NaN;
}

/**
 * The distance each point adds, in metres: 0 for the first point of every segment (never across
 * a gap between segments) and NaN for a single-point GPS spike, which is dropped: its neighbours
 * are joined directly, and for a point without a position, which is skipped the same way. A spike is a point reached and left at more than SPIKE_SPEED_MPS while its neighbours
 * are within that speed of each other.
 */
export function stepDistancesM(track: Track): Float64Array {
  const steps = new Float64Array(track.length);
  const { lat, lon } = track;
  for (let k = 0; k < track.segmentStarts.length; k++) {
    const [start, end] = segmentBounds(track, k);
    let prev = -1; // last point kept (with a position)
    for (let i = start; i < end; i++) {
      // A point without a position (a GPS dropout in a FIT or TCX file) adds nothing itself; the
      // next fix is measured from the last one, so the distance across the dropout is kept.
      if (!Number.isFinite(lat[i]!) || !Number.isFinite(lon[i]!)) {
        steps[i] = Number.NaN;
        continue;
      }
      if (prev < 0) {
        steps[i] = 0;
        prev = i;
        continue;
      }
      const d = haversineM(lat[prev]!, lon[prev]!, lat[i]!, lon[i]!);
      if (i + 1 < end && speed(track, prev, i, d) > SPIKE_SPEED_MPS) {
        const out = haversineM(lat[i]!, lon[i]!, lat[i + 1]!, lon[i + 1]!);
        const across = haversineM(lat[prev]!, lon[prev]!, lat[i + 1]!, lon[i + 1]!);
        if (speed(track, i, i + 1, out) > SPIKE_SPEED_MPS && !(speed(track, prev, i + 1, across) > SPIKE_SPEED_MPS)) {
          steps[i] = Number.NaN; // dropped; the next point is measured from `prev`
          continue;
        }
      }
      steps[i] = d;
      prev = i;
    }
  }
  return steps;
}

export function totalDistanceM(steps: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < steps.length; i++) if (!Number.isNaN(steps[i]!)) sum += steps[i]!;
  return sum;
}

/**
 * The distance each point adds, from a device's cumulative distance per point (FIT records, TCX
 * DistanceMeters): NaN where a point has none (it adds nothing), never negative (a device that
 * resets or jitters backwards adds 0). Used for tracks without positions (treadmill runs).
 */
export function stepsFromCumulativeM(cumulativeM: Float64Array, length: number): Float64Array {
  const steps = new Float64Array(length);
  let last = Number.NaN;
  for (let i = 0; i < length; i++) {
    const d = cumulativeM[i] ?? Number.NaN;
    if (!Number.isFinite(d)) {
      steps[i] = Number.NaN;
      continue;
    }
    steps[i] = Number.isNaN(last) ? 0 : Math.max(0, d - last);
    last = d;
  }
  return steps;
}

/** Whether any point of the track has a position. */
export function hasPositions(track: Track): boolean {
  for (let i = 0; i < track.length; i++) if (Number.isFinite(track.lat[i]!) && Number.isFinite(track.lon[i]!)) return true;
  return false;
}
