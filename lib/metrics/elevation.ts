import { segmentBounds, type Track } from "@/lib/import/track";

/** Changes smaller than this, after smoothing, are treated as noise of the altimeter or GPS. */
export const ELEVATION_HYSTERESIS_M = 0.25;

/**
 * Total climb and descent in metres. Elevations are first smoothed with a 3-point weighted mean
 * (0.3, 0.4, 0.3 — as gpxpy), then a change counts only once it exceeds ELEVATION_HYSTERESIS_M
 * from the last turning point, so that jitter on flat ground adds nothing. Null without elevation.
 */
export function elevationGainLossM(track: Track): { gainM: number; lossM: number } | null {
  let gain = 0;
  let loss = 0;
  let seen = false;
  for (let k = 0; k < track.segmentStarts.length; k++) {
    const [start, end] = segmentBounds(track, k);
    const ele: number[] = [];
    for (let i = start; i < end; i++) {
      const e = track.eleM[i]!;
      if (!Number.isNaN(e)) ele.push(e);
    }
    if (ele.length === 0) continue;
    seen = true;
    let anchor = NaN;
    for (let i = 0; i < ele.length; i++) {
      const smoothed =
        i === 0 || i === ele.length - 1 ? ele[i]! : 0.3 * ele[i - 1]! + 0.4 * ele[i]! + 0.3 * ele[i + 1]!;
      if (Number.isNaN(anchor)) anchor = smoothed;
      else if (smoothed - anchor >= ELEVATION_HYSTERESIS_M) {
        gain += smoothed - anchor;
        anchor = smoothed;
      } else if (anchor - smoothed >= ELEVATION_HYSTERESIS_M) {
        loss += anchor - smoothed;
        anchor = smoothed;
      }
    }
  }
  return seen ? { gainM: gain, lossM: loss } : null;
}
