import { segmentBounds, type Track } from "@/lib/import/track";

/** Below this speed a step counts as standing still (1 km/h, as gpxpy). */
export const STOPPED_SPEED_MPS = 1 / 3.6;

/**
 * Seconds spent moving: the time of every step within a segment whose speed reaches
 * STOPPED_SPEED_MPS (NaN steps, dropped spikes, are skipped). Pauses, standing-still GPS jitter and gaps between segments add nothing.
 */
export function movingTimeS(track: Track, stepsM: Float64Array): number {
  let moving = 0;
  for (let k = 0; k < track.segmentStarts.length; k++) {
    const [start, end] = segmentBounds(track, k);
    let prevTimed = -1;
    let distanceSince = 0;
    for (let i = start; i < end; i++) {
      const step = stepsM[i]!;
      if (Number.isNaN(step)) continue; // a dropped GPS spike: as if it had not been recorded
      distanceSince += i > start ? step : 0;
      const t = track.timeMs[i]!;
      if (Number.isNaN(t)) continue;
      if (prevTimed !== -1) {
        const dt = (t - track.timeMs[prevTimed]!) / 1000;
        if (dt > 0 && distanceSince / dt >= STOPPED_SPEED_MPS) moving += dt;
      }
      prevTimed = i;
      distanceSince = 0;
    }
  }
  return moving;
}

/** First and last recorded instant (the earliest and latest times, whatever the file order). */
export function timeSpan(track: Track): { startMs: number; endMs: number } {
  let startMs = Infinity;
  let endMs = -Infinity;
  for (let i = 0; i < track.length; i++) {
    const t = track.timeMs[i]!;
    if (t < startMs) startMs = t;
    if (t > endMs) endMs = t;
  }
  return { startMs, endMs };
}
