import type { TrackPoint } from "@/lib/import/types";
import { haversineM } from "./distance";

/** Below this speed a step counts as standing still (gpxpy's default, 1 km/h). */
export const STOPPED_SPEED_MPS = 1 / 3.6;
/** Elevation changes smaller than this are treated as GPS/barometer noise. */
export const ELEVATION_HYSTERESIS_M = 2;

export interface ActivitySummary {
  startTime: Date;
  elapsedS: number;
  movingS: number;
  distanceM: number;
  elevGainM: number | null;
  avgHr: number | null;
  maxHr: number | null;
  /** Raw cadence average as written in the file (normalisation to steps/min needs the sport). */
  avgCadenceRaw: number | null;
}

function elevationGainM(segments: TrackPoint[][]): number | null {
  let gain = 0;
  let seen = false;
  for (const seg of segments) {
    let anchor: number | null = null;
    for (const p of seg) {
      if (p.eleM === null) continue;
      seen = true;
      if (anchor === null) anchor = p.eleM;
      else if (p.eleM - anchor >= ELEVATION_HYSTERESIS_M) {
        gain += p.eleM - anchor;
        anchor = p.eleM;
      } else if (anchor - p.eleM >= ELEVATION_HYSTERESIS_M) anchor = p.eleM;
    }
  }
  return seen ? gain : null;
}

function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * Distance, times, climbing and heart rate of a recorded track. Distance and moving time are summed
 * per segment, never across the gap between two segments. Expects at least two timed points.
 */
export function summarizeTrack(segments: TrackPoint[][]): ActivitySummary {
  const timed = segments.flat().filter((p) => p.timeMs !== null);
  const times = timed.map((p) => p.timeMs as number);
  const startMs = Math.min(...times);
  const endMs = Math.max(...times);

  let distanceM = 0;
  let movingS = 0;
  for (const seg of segments) {
    for (let i = 1; i < seg.length; i++) {
      const a = seg[i - 1]!;
      const b = seg[i]!;
      const d = haversineM(a.lat, a.lon, b.lat, b.lon);
      distanceM += d;
      if (a.timeMs !== null && b.timeMs !== null && b.timeMs > a.timeMs) {
        const dt = (b.timeMs - a.timeMs) / 1000;
        if (d / dt >= STOPPED_SPEED_MPS) movingS += dt;
      }
    }
  }

  const hrs = segments.flat().flatMap((p) => (p.hr === null ? [] : [p.hr]));
  const cads = segments.flat().flatMap((p) => (p.cadence === null || p.cadence === 0 ? [] : [p.cadence]));
  return {
    startTime: new Date(startMs),
    elapsedS: Math.round((endMs - startMs) / 1000),
    movingS: Math.round(movingS),
    distanceM,
    elevGainM: elevationGainM(segments),
    avgHr: mean(hrs),
    maxHr: hrs.length ? Math.max(...hrs) : null,
    avgCadenceRaw: mean(cads),
  };
}
