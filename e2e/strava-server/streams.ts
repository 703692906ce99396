import { FOOT_SPORTS, type ActivityRecord } from "./activities";
import { hashSeed, Prng } from "./prng";
import { RouteWalker } from "./routes";
import { isoSeconds, localIsoWithZ } from "./time";
import type { LapJson, LatLng, SplitJson, StreamJson, StreamType } from "./types";

/**
 * Streams, laps and splits, regenerated on request from the activity's seed (nothing is stored),
 * and consistent with the summary by construction:
 * - time runs from 0 to elapsed_time; the samples flagged `moving` add up to moving_time;
 * - distance runs from 0 to distance; latlng and altitude are the route at that distance, so the
 *   track starts at start_latlng and climbs total_elevation_gain (within rounding);
 * - heart rate averages average_heartrate and peaks at max_heartrate; cadence averages
 *   average_cadence over moving samples (per leg for foot sports, as Strava reports it).
 * Manual activities have no streams at all (Strava answers 404).
 */

export interface FullStreams {
  time: number[];
  moving: boolean[];
  distance: number[] | null;
  velocity_smooth: number[] | null;
  latlng: LatLng[] | null;
  altitude: number[] | null;
  grade_smooth: number[] | null;
  heartrate: number[] | null;
  cadence: number[] | null;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round3 = (x: number) => Math.round(x * 1000) / 1000;
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** Splits `total` into `parts` positive integers with random proportions. */
function splitInt(total: number, parts: number, rng: Prng): number[] {
  const weights = Array.from({ length: parts }, () => 0.5 + rng.next());
  const sum = weights.reduce((a, b) => a + b, 0);
  const out = weights.map((w) => Math.max(1, Math.floor(((total - parts) * w) / sum) + 1));
  let diff = total - out.reduce((a, b) => a + b, 0);
  for (let i = 0; diff !== 0; i = (i + 1) % parts) {
    if (diff > 0) {
      out[i]!++;
      diff--;
    } else if (out[i]! > 1) {
      out[i]!--;
      diff++;
    }
  }
  return out;
}

export function generateStreams(rec: ActivityRecord): FullStreams | null {
  if (rec.manual) return null;
  const rng = new Prng(hashSeed(rec.seed, 0x57e4));
  const E = rec.elapsedTime;
  const M = rec.movingTime;
  const P = E - M;

  // Segments of moving and paused time (auto-pause at lights, a drink, a shoelace).
  const segments: { moving: boolean; length: number }[] = [];
  if (P > 0 && M >= 2) {
    const pauses = Math.min(3, 1 + Math.floor(P / 300), P, M - 1);
    const movingParts = splitInt(M, pauses + 1, rng);
    const pauseParts = splitInt(P, pauses, rng);
    movingParts.forEach((length, i) => {
      segments.push({ moving: true, length });
      const pause = pauseParts[i];
      if (pause !== undefined) segments.push({ moving: false, length: pause });
    });
  } else {
    if (M > 0) segments.push({ moving: true, length: M });
    if (P > 0) segments.push({ moving: false, length: P });
  }

  const maxStep = rec.sportType === "Ride" ? 7 : 4;
  const time = [0];
  const moving = [false];
  let t = 0;
  for (const seg of segments) {
    const end = t + seg.length;
    while (t < end) {
      const step = seg.moving ? (rec.recording === "every_second" ? 1 : rng.int(1, maxStep)) : 10;
      t = Math.min(end, t + step);
      time.push(t);
      moving.push(seg.moving);
    }
  }
  const n = time.length;

  // Relative effort over time: warm-up, intervals for workouts, a kick at the end of races, sets
  // in the gym, and slow noise. Speed, heart rate and cadence all follow it.
  const effort = new Float64Array(n);
  let noise = 0;
  const workout = rec.workoutType === 3 || rec.workoutType === 12;
  const gym = rec.distance === 0;
  for (let i = 0; i < n; i++) {
    const f = E > 0 ? time[i]! / E : 0;
    let e = 1;
    if (gym) e = time[i]! % 135 < 45 ? 1.1 : 0.93;
    else if (f < 0.06) e = 0.9;
    else if (workout && f > 0.2 && f < 0.8) e = time[i]! % 300 < 180 ? 1.15 : 0.85;
    else if (rec.workoutType === 1 && f > 0.95) e = 1.05;
    noise = 0.95 * noise + rng.gaussish() * 0.008;
    effort[i] = e * (1 + noise);
  }

  // Distance: integrate the speed, then scale so the last sample is exactly the summary's distance.
  let distance: number[] | null = null;
  let velocity: number[] | null = null;
  if (rec.distance > 0) {
    const raw = new Float64Array(n);
    for (let i = 1; i < n; i++) raw[i] = raw[i - 1]! + (moving[i] ? effort[i]! * (time[i]! - time[i - 1]!) : 0);
    const total = raw[n - 1]!;
    const scale = total > 0 ? rec.distance / total : 0;
    distance = Array.from(raw, (r) => round1(r * scale));
    distance[n - 1] = rec.distance;
    velocity = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const j = Math.max(0, i - 4);
      const dt = time[i]! - time[j]!;
      velocity[i] = moving[i] && dt > 0 ? round3((distance[i]! - distance[j]!) / dt) : 0;
    }
  }

  // Position and altitude: the route at that distance, with a little GPS wander on the position.
  let latlng: LatLng[] | null = null;
  let altitude: number[] | null = null;
  let grade: number[] | null = null;
  if (rec.route && distance) {
    const walker = new RouteWalker(rec.route);
    const cosLat = Math.cos((rec.route.startLat * Math.PI) / 180);
    latlng = new Array<LatLng>(n);
    altitude = new Array<number>(n);
    let gx = 0;
    let gy = 0;
    for (let i = 0; i < n; i++) {
      const f = distance[i]! / rec.distance;
      const [lat, lng] = walker.latlng(f);
      if (i > 0) {
        gx = 0.9 * gx + rng.gaussish() * 0.6;
        gy = 0.9 * gy + rng.gaussish() * 0.6;
      }
      latlng[i] = [round6(lat + gy / 111_320), round6(lng + gx / (111_320 * cosLat))];
      altitude[i] = round1(walker.altitude(f));
    }
    grade = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const j = Math.max(0, i - 5);
      const dd = distance[i]! - distance[j]!;
      grade[i] = dd > 0.5 ? round1(((altitude[i]! - altitude[j]!) / dd) * 100) : 0;
    }
  }

  // Heart rate: lags the effort, drifts up over the session, then is scaled so that its mean is
  // the summary's average and its peak the summary's maximum.
  let heartrate: number[] | null = null;
  if (rec.heartrate) {
    const raw = new Float64Array(n);
    let x = 0.8;
    for (let i = 0; i < n; i++) {
      const dt = i > 0 ? time[i]! - time[i - 1]! : 0;
      const target = (i === 0 || moving[i] || gym ? effort[i]! : 0.75) + 0.04 * (time[i]! / Math.max(1, E));
      x += (target - x) * (1 - Math.exp(-dt / 45));
      raw[i] = x;
    }
    // hr = c + kUp·(dev above the mean) + kDown·(dev below it), with kDown small enough that the
    // warm-up does not dive below ~45 bpm under the average, and c, kUp solved so that the mean is
    // exactly the average and the peak exactly the maximum.
    const mean = raw.reduce((a, b) => a + b, 0) / n;
    let peak = 0;
    let trough = 0;
    let upMean = 0;
    let downMean = 0;
    for (let i = 0; i < n; i++) {
      const dev = raw[i]! - mean;
      peak = Math.max(peak, dev);
      trough = Math.min(trough, dev);
      if (dev > 0) upMean += dev / n;
      else downMean += dev / n;
    }
    const { average, max } = rec.heartrate;
    const span = max - average;
    let kDown = Math.min(peak > 0 ? span / peak : 0, trough < 0 ? 45 / -trough : 0);
    if (kDown * -downMean > 0.8 * span) kDown = (0.8 * span) / -downMean;
    const kUp = peak - upMean > 0 ? (span + kDown * downMean) / (peak - upMean) : 0;
    const c = max - kUp * peak;
    heartrate = Array.from(raw, (r) => {
      const dev = r - mean;
      return Math.min(max, Math.max(40, Math.round(c + (dev > 0 ? kUp : kDown) * dev)));
    });
  }

  // Cadence: around the summary's average while moving, 0 when stopped.
  let cadence: number[] | null = null;
  if (rec.averageCadence !== null) {
    const raw = new Float64Array(n);
    let sum = 0;
    let count = 0;
    for (let i = 1; i < n; i++) {
      if (!moving[i]) continue;
      raw[i] = rec.averageCadence + (effort[i]! - 1) * 12 + rng.gaussish() * 1.2;
      sum += raw[i]!;
      count++;
    }
    const shift = count > 0 ? rec.averageCadence - sum / count : 0;
    cadence = Array.from(raw, (r, i) => (i > 0 && moving[i] ? Math.max(0, Math.round(r + shift)) : 0));
  }

  return { time, moving, distance, velocity_smooth: velocity, latlng, altitude, grade_smooth: grade, heartrate, cadence };
}

export const STREAM_TYPES: readonly StreamType[] = ["time", "distance", "latlng", "altitude", "velocity_smooth", "heartrate", "cadence", "moving", "grade_smooth"];

const RESOLUTION_POINTS = { low: 100, medium: 1000, high: 10000 } as const;
export type Resolution = keyof typeof RESOLUTION_POINTS;

/**
 * The requested streams the activity has, in the order asked (Strava leaves out the ones an
 * activity lacks). `resolution` (unofficial, as stravalib sends it) downsamples to at most 100,
 * 1,000 or 10,000 points, keeping the first and last sample so the ends still match the summary.
 */
export function selectStreams(full: FullStreams, rec: ActivityRecord, keys: readonly string[], resolution?: Resolution): [StreamType, StreamJson][] {
  const seriesType = rec.distance > 0 ? "distance" : "time";
  const size = full.time.length;
  let indices: number[] | null = null;
  if (resolution && size > RESOLUTION_POINTS[resolution]) {
    const target = RESOLUTION_POINTS[resolution];
    indices = Array.from({ length: target }, (_, k) => Math.round((k * (size - 1)) / (target - 1)));
  }
  const out: [StreamType, StreamJson][] = [];
  for (const key of keys) {
    if (!(STREAM_TYPES as readonly string[]).includes(key) || out.some(([type]) => type === key)) continue;
    const type = key as StreamType;
    const data = full[type] as (number | boolean | LatLng)[] | null;
    if (!data) continue;
    out.push([type, { data: indices ? indices.map((i) => data[i]!) : data, series_type: seriesType, original_size: size, resolution: resolution ?? "high" }]);
  }
  return out;
}

interface Span {
  a: number;
  b: number;
}

/** Cuts the activity where the distance passes each multiple of `every` metres. */
function spans(full: FullStreams, every: number | null): Span[] {
  const n = full.time.length;
  if (!full.distance || every === null) return [{ a: 0, b: n - 1 }];
  const out: Span[] = [];
  let a = 0;
  let next = every;
  for (let i = 1; i < n; i++) {
    if (full.distance[i]! >= next && i < n - 1) {
      out.push({ a, b: i });
      a = i;
      while (full.distance[i]! >= next) next += every;
    }
  }
  out.push({ a, b: n - 1 });
  return out;
}

function spanStats(full: FullStreams, { a, b }: Span) {
  let movingTime = 0;
  let gain = 0;
  let maxSpeed = 0;
  let hrSum = 0;
  let hrMax = 0;
  let cadSum = 0;
  let cadCount = 0;
  for (let i = a + 1; i <= b; i++) {
    if (full.moving[i]) {
      movingTime += full.time[i]! - full.time[i - 1]!;
      if (full.cadence) {
        cadSum += full.cadence[i]!;
        cadCount++;
      }
    }
    if (full.altitude) gain += Math.max(0, full.altitude[i]! - full.altitude[i - 1]!);
    if (full.velocity_smooth) maxSpeed = Math.max(maxSpeed, full.velocity_smooth[i]!);
  }
  for (let i = a; i <= b; i++) {
    if (full.heartrate) {
      hrSum += full.heartrate[i]!;
      hrMax = Math.max(hrMax, full.heartrate[i]!);
    }
  }
  const distance = full.distance ? round1(full.distance[b]! - full.distance[a]!) : 0;
  return {
    elapsedTime: full.time[b]! - full.time[a]!,
    movingTime,
    distance,
    gain: round1(gain),
    averageSpeed: movingTime > 0 ? round3(distance / movingTime) : 0,
    maxSpeed,
    averageHeartrate: full.heartrate ? round1(hrSum / (b - a + 1)) : undefined,
    maxHeartrate: full.heartrate ? hrMax : undefined,
    averageCadence: full.cadence && cadCount > 0 ? round1(cadSum / cadCount) : undefined,
    elevationDifference: full.altitude ? round1(full.altitude[b]! - full.altitude[a]!) : 0,
  };
}

/** Auto-laps as a Garmin records them: every kilometre on foot, every 5 km on a bike, else one. */
export function lapsJson(rec: ActivityRecord, full: FullStreams): LapJson[] {
  const every = FOOT_SPORTS.has(rec.sportType) ? 1000 : rec.sportType === "Ride" ? 5000 : null;
  return spans(full, every).map((span, k) => {
    const s = spanStats(full, span);
    const startEpoch = rec.startEpoch + full.time[span.a]!;
    const lap: LapJson = {
      id: rec.id * 1000 + k + 1,
      resource_state: 2,
      name: `Lap ${k + 1}`,
      activity: { id: rec.id, resource_state: 1 },
      athlete: { id: rec.athleteId, resource_state: 1 },
      elapsed_time: s.elapsedTime,
      moving_time: s.movingTime,
      start_date: isoSeconds(startEpoch),
      start_date_local: localIsoWithZ(startEpoch, rec.zone),
      distance: s.distance,
      start_index: span.a,
      end_index: span.b,
      total_elevation_gain: s.gain,
      average_speed: s.averageSpeed,
      max_speed: s.maxSpeed,
      device_watts: false,
      lap_index: k + 1,
      split: k + 1,
    };
    if (s.averageCadence !== undefined) lap.average_cadence = s.averageCadence;
    if (s.averageHeartrate !== undefined) lap.average_heartrate = s.averageHeartrate;
    if (s.maxHeartrate !== undefined) lap.max_heartrate = s.maxHeartrate;
    return lap;
  });
}

/** splits_metric (every 1,000 m) or splits_standard (every mile) of a foot activity. */
export function splitsJson(rec: ActivityRecord, full: FullStreams, every: number): SplitJson[] | undefined {
  if (!FOOT_SPORTS.has(rec.sportType) || !full.distance) return undefined;
  return spans(full, every).map((span, k) => {
    const s = spanStats(full, span);
    const split: SplitJson = {
      distance: s.distance,
      elapsed_time: s.elapsedTime,
      elevation_difference: s.elevationDifference,
      moving_time: s.movingTime,
      split: k + 1,
      average_speed: s.averageSpeed,
      pace_zone: 0,
    };
    if (s.averageHeartrate !== undefined) split.average_heartrate = s.averageHeartrate;
    return split;
  });
}
