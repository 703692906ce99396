import { segmentBounds, type Track } from "@/lib/import/track";
import { EARTH_RADIUS_M } from "./distance";

const M_PER_RAD = EARTH_RADIUS_M;
const RAD = Math.PI / 180;

/**
 * Stops are not running: a stationary period is a stretch of points that all stay within
 * STOP_RADIUS_M of its first point for at least STOP_MIN_S seconds (a crossing, a water stop, a
 * watch left running). GPS wander there (1 Hz fixes jittering a couple of metres around one spot
 * looks like 1–2 m/s of movement) is not distance, and so not moving time either: its steps are set
 * to 0, and moving-time.ts then counts none of its time. To be taken for a stop a track must move
 * less than STOP_RADIUS_M in STOP_MIN_S — slower than 0.083 m/s (0.3 km/h); a slow uphill walk
 * with poles (0.4 m/s and more) never is.
 */
export const STOP_RADIUS_M = 5;
export const STOP_MIN_S = 60;
/**
 * Only dense fixes (one every STOP_MAX_INTERVAL_S seconds or more often, as watches record) are
 * looked at: there jitter looks like movement (1–2 m/s). Sparse fixes (a hiking GPS every 10 s)
 * move slower than 1 km/h between them at a stop, so moving-time.ts already counts none of that
 * time, and their few metres are kept as gpxpy keeps them.
 */
export const STOP_MAX_INTERVAL_S = 2;

/** Sets to 0 every step inside a stationary period (in place; NaN steps stay NaN). Returns the seconds found stopped. */
export function removeStopWander(track: Track, stepsM: Float64Array): number {
  const { lat, lon, timeMs } = track;
  let stoppedS = 0;
  for (let k = 0; k < track.segmentStarts.length; k++) {
    const [start, end] = segmentBounds(track, k);
    let i = start;
    while (i < end) {
      if (!Number.isFinite(lat[i]!) || !Number.isFinite(lon[i]!) || Number.isNaN(timeMs[i]!)) {
        i++;
        continue;
      }
      // The furthest point j such that every point from i to j stays within the radius (flat-Earth
      // distance: exact to well under 1% over a few metres, and cheaper than haversine).
      const kLat = M_PER_RAD * RAD;
      const kLon = kLat * Math.cos(lat[i]! * RAD);
      const r2 = STOP_RADIUS_M * STOP_RADIUS_M;
      let last = i;
      let fixes = 1;
      let j = i + 1;
      for (; j < end; j++) {
        if (Number.isNaN(stepsM[j]!)) continue; // a dropped spike or a point without a position
        const dy = (lat[j]! - lat[i]!) * kLat;
        const dx = (lon[j]! - lon[i]!) * kLon;
        if (dx * dx + dy * dy > r2) break;
        if (!Number.isNaN(timeMs[j]!)) {
          last = j;
          fixes++;
        }
      }
      const spanS = (timeMs[last]! - timeMs[i]!) / 1000;
      if (last > i && spanS >= STOP_MIN_S && fixes >= spanS / STOP_MAX_INTERVAL_S) {
        for (let m = i + 1; m <= last; m++) if (!Number.isNaN(stepsM[m]!)) stepsM[m] = 0;
        stoppedS += spanS;
        i = last; // the stop may go on from its last point
        if (j >= end) break;
        continue;
      }
      i++;
    }
  }
  return stoppedS;
}
