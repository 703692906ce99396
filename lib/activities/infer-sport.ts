import type { Sport } from "@/db/schema";
import type { Track } from "@/lib/import/track";
import { sportFromHint } from "./sport";

/**
 * The sport of a file that does not say (no GPX <type>, no FIT sport, TCX Sport absent or "Other",
 * no telling word in its name), from how it moved. Pure. Thresholds, checked in this order:
 *
 * - motorised ("other"): average moving speed above MOTOR_AVG_MPS (45 km/h) — no runner or rider.
 * - ride: average moving speed above RIDE_AVG_MPS (5.5 m/s, faster than 3:02 /km: a world-class
 *   marathon), or power recorded and a fast part (85th percentile of 30-second speeds) above
 *   RIDE_FAST_PART_MPS (5.0 m/s, 18 km/h, 3:20 /km) — a run with a power meter is not that fast
 *   for 15% of its time (the average alone misleads when a long pause is counted as moving).
 * - walk or hike: average moving pace slower than WALK_MAX_AVG_MPS (1.67 m/s, 10:00 /km), its fast
 *   part (85th percentile of 30-second speeds) still below WALK_FAST_PART_MPS (2.5 m/s, 6:40 /km:
 *   run/walk intervals have faster parts), cadence (if recorded) below WALK_MAX_SPM (140 steps/min;
 *   strides below 100 are doubled) and heart rate (if recorded) averaging below WALK_MAX_HR (160:
 *   a runner's effort up a steep trail stays a run), over at least WALK_MIN_M (1 km: a shorter
 *   track says too little). A hike when it climbs at least
 *   HIKE_CLIMB_M_PER_KM (20 m per km) or lasts at least HIKE_MIN_S (2 h); else a walk.
 * - otherwise null: a run (the caller's default).
 *
 * Each answer carries the plain sentence the upload row shows, e.g. "Average pace 22:43 /km —
 * imported as a hike".
 */

export const MOTOR_AVG_MPS = 12.5;
export const RIDE_AVG_MPS = 5.5;
export const RIDE_FAST_PART_MPS = 5.0;
export const WALK_MAX_AVG_MPS = 1000 / 600;
export const WALK_FAST_PART_MPS = 2.5;
export const WALK_MAX_SPM = 140;
export const WALK_MAX_HR = 160;
export const WALK_MIN_M = 1000;
export const HIKE_CLIMB_M_PER_KM = 20;
export const HIKE_MIN_S = 2 * 3600;
/** Window over which speeds are measured for the "fast part" (damps GPS noise). */
export const SPEED_WINDOW_S = 30;

export interface SportDetected {
  sport: Sport;
  reason: string;
}

export interface InferInput {
  /** The file's own type (as written) and the activity's title. */
  typeHint: string | null;
  name: string | null;
  track: Track;
  stepsM: Float64Array;
  distanceM: number;
  movingS: number;
  elevGainM: number | null;
  avgHr: number | null;
  avgCadenceRaw: number | null;
  avgPowerW: number | null;
}

/** A title that says it was a run ("Morning Run"): not second-guessed. */
const RUN_NAME = /\b(run|running|jog|jogging)\b/i;

/** True when neither the file's type nor its name says what it was (sportFromHint fell back to speed). */
export function fileSaysNothing(typeHint: string | null, name: string | null): boolean {
  if (name && RUN_NAME.test(name)) return false;
  return sportFromHint(typeHint, 0, name) === "run" && sportFromHint(typeHint, Infinity, name) === "other";
}

export function formatPace(mps: number): string {
  const s = Math.round(1000 / mps);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")} /km`;
}

/**
 * Speeds over successive windows of about SPEED_WINDOW_S seconds (within segments; dropped
 * steps skipped), sorted, with the seconds each covers — for percentiles weighted by time.
 * Windows slower than 1 km/h (standing) are left out.
 */
export function windowSpeeds(track: Track, stepsM: Float64Array): { mps: number; s: number }[] {
  const out: { mps: number; s: number }[] = [];
  const starts = track.segmentStarts;
  for (let k = 0; k < starts.length; k++) {
    const start = starts[k]!;
    const end = k + 1 < starts.length ? starts[k + 1]! : track.length;
    let t0 = NaN;
    let d = 0;
    for (let i = start; i < end; i++) {
      const t = track.timeMs[i]!;
      if (!Number.isNaN(stepsM[i]!) && i > start) d += stepsM[i]!;
      if (Number.isNaN(t)) continue;
      if (Number.isNaN(t0)) {
        t0 = t;
        d = 0;
        continue;
      }
      const dt = (t - t0) / 1000;
      if (dt >= SPEED_WINDOW_S) {
        if (d / dt >= 1 / 3.6) out.push({ mps: d / dt, s: dt });
        t0 = t;
        d = 0;
      }
    }
  }
  return out.sort((a, b) => a.mps - b.mps);
}

/** The speed below which `q` of the moving time was spent (0 when there is none). */
export function timePercentile(windows: { mps: number; s: number }[], q: number): number {
  const total = windows.reduce((sum, w) => sum + w.s, 0);
  let acc = 0;
  for (const w of windows) {
    acc += w.s;
    if (acc >= q * total) return w.mps;
  }
  return 0;
}

export function inferSport(input: InferInput): SportDetected | null {
  if (!fileSaysNothing(input.typeHint, input.name)) return null;
  if (input.movingS <= 0 || input.distanceM <= 0) return null;
  const avg = input.distanceM / input.movingS;
  const kmh = (avg * 3.6).toFixed(1);
  if (avg > MOTOR_AVG_MPS) return { sport: "other", reason: `Average speed ${kmh} km/h — faster than any run or ride, imported as another sport` };
  if (avg > RIDE_AVG_MPS) return { sport: "ride", reason: `Average speed ${kmh} km/h — imported as a ride` };
  const windows = windowSpeeds(input.track, input.stepsM);
  const fast = timePercentile(windows, 0.85);
  if (input.avgPowerW !== null && input.avgPowerW > 0 && fast > RIDE_FAST_PART_MPS) {
    return { sport: "ride", reason: `Power recorded and speeds of ${(fast * 3.6).toFixed(1)} km/h and more for 15% of the time — imported as a ride` };
  }
  if (avg < WALK_MAX_AVG_MPS && fast < WALK_FAST_PART_MPS && input.distanceM >= WALK_MIN_M) {
    const raw = input.avgCadenceRaw;
    const spm = raw === null ? null : raw < 100 ? raw * 2 : raw;
    if (spm !== null && spm >= WALK_MAX_SPM) return null;
    if (input.avgHr !== null && input.avgHr >= WALK_MAX_HR) return null;
    const km = input.distanceM / 1000;
    const climbs = input.elevGainM !== null && km > 0 && input.elevGainM / km >= HIKE_CLIMB_M_PER_KM;
    const sport: Sport = climbs || input.movingS >= HIKE_MIN_S ? "hike" : "walk";
    return { sport, reason: `Average pace ${formatPace(avg)} — imported as a ${sport}` };
  }
  return null;
}
