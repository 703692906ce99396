import type { Track } from "@/lib/import/track";
import { hasPositions, stepDistancesM, stepsFromCumulativeM, totalDistanceM } from "./distance";
import { elevationGainLossM } from "./elevation";
import { movingTimeS, timeSpan } from "./moving-time";
import { meanMax } from "./stats";
import { removeStopWander } from "./stops";

export { STOPPED_SPEED_MPS } from "./moving-time";
export { ELEVATION_HYSTERESIS_M } from "./elevation";

export interface ActivitySummary {
  startTime: Date;
  elapsedS: number;
  movingS: number;
  distanceM: number;
  elevGainM: number | null;
  elevLossM: number | null;
  avgHr: number | null;
  maxHr: number | null;
  /** Raw cadence average as written in the file (normalisation to steps/min needs the sport). */
  avgCadenceRaw: number | null;
  avgPowerW: number | null;
  /** Distance added by each point (0 at segment starts, NaN for dropped spikes), for streams. */
  stepsM: Float64Array;
}

/**
 * Every metric of a recorded track. Expects at least two timed points (the importers ensure it).
 * Distance comes from the positions; a track without any (a treadmill run) takes the device's
 * cumulative distance per point when the file gave one (FIT, TCX).
 */
export function summarizeTrack(track: Track, deviceDistanceM: Float64Array | null = null): ActivitySummary {
  const fromDevice = deviceDistanceM !== null && !hasPositions(track);
  const stepsM = fromDevice ? stepsFromCumulativeM(deviceDistanceM, track.length) : stepDistancesM(track);
  // GPS wander at a stop is neither distance nor moving time (lib/metrics/stops.ts).
  if (!fromDevice) removeStopWander(track, stepsM);
  const { startMs, endMs } = timeSpan(track);
  const elevation = elevationGainLossM(track);
  const hr = meanMax(track.hr);
  return {
    startTime: new Date(startMs),
    elapsedS: Math.round((endMs - startMs) / 1000),
    movingS: Math.round(movingTimeS(track, stepsM)),
    distanceM: totalDistanceM(stepsM),
    elevGainM: elevation?.gainM ?? null,
    elevLossM: elevation?.lossM ?? null,
    avgHr: hr.mean,
    maxHr: hr.max,
    avgCadenceRaw: meanMax(track.cadence, true).mean,
    avgPowerW: meanMax(track.powerW).mean,
    stepsM,
  };
}
