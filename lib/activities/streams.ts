import type { Track } from "@/lib/import/track";

/**
 * Packing of an activity's points into binary columns (little-endian typed arrays) and back, and
 * the downsampled series the activity page draws. Pure: no database here.
 */

export interface PackedStreams {
  pointCount: number;
  timeS: Buffer;
  distanceM: Buffer;
  latLon: Buffer;
  altitudeM: Buffer | null;
  heartRate: Buffer | null;
  cadence: Buffer | null;
  powerW: Buffer | null;
  segmentStarts: Buffer;
}

const LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
if (!LE) throw new Error("Patella's stream storage assumes a little-endian machine");

/**
 * A point without a position (a treadmill run, a GPS dropout) is stored as this Int32 pair value:
 * a NaN would round to 0, and 0,0 is a real place. Rows written before it existed hold 0,0 there,
 * which unpackStreams reads as "no position" too (nobody runs at 0°N 0°E in the Gulf of Guinea).
 */
export const NO_POSITION = -2147483648;

function bytesOf(view: Float32Array | Int32Array): Buffer {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}

function allMissing(values: Float32Array): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) return false;
  return true;
}

/** `stepsM` as from stepDistancesM: NaN for dropped spikes, which add no distance. */
export function packStreams(track: Track, stepsM: Float64Array, startMs: number): PackedStreams {
  const n = track.length;
  const timeS = new Float32Array(n);
  const distanceM = new Float32Array(n);
  const latLon = new Int32Array(2 * n);
  let cumulative = 0;
  for (let i = 0; i < n; i++) {
    const t = track.timeMs[i]!;
    timeS[i] = Number.isNaN(t) ? Number.NaN : (t - startMs) / 1000;
    const step = stepsM[i]!;
    if (!Number.isNaN(step)) cumulative += step;
    distanceM[i] = cumulative;
    const lat = track.lat[i]!;
    const lon = track.lon[i]!;
    const missing = !Number.isFinite(lat) || !Number.isFinite(lon);
    latLon[2 * i] = missing ? NO_POSITION : Math.round(lat * 1e7);
    latLon[2 * i + 1] = missing ? NO_POSITION : Math.round(lon * 1e7);
  }
  const optional = (values: Float32Array) => (allMissing(values) ? null : bytesOf(values.slice()));
  return {
    pointCount: n,
    timeS: bytesOf(timeS),
    distanceM: bytesOf(distanceM),
    latLon: bytesOf(latLon),
    altitudeM: optional(track.eleM),
    heartRate: optional(track.hr),
    cadence: optional(track.cadence),
    powerW: optional(track.powerW),
    segmentStarts: bytesOf(Int32Array.from(track.segmentStarts)),
  };
}

/**
 * Packed streams that crossed from a heavy-work thread (lib/workers/): structured clone turns
 * Buffers into plain Uint8Arrays; these are Buffers over the same bytes again.
 */
export function streamsFromThread(p: PackedStreams): PackedStreams {
  const buf = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const opt = (b: Uint8Array | null) => (b === null ? null : buf(b));
  return {
    pointCount: p.pointCount,
    timeS: buf(p.timeS),
    distanceM: buf(p.distanceM),
    latLon: buf(p.latLon),
    altitudeM: opt(p.altitudeM),
    heartRate: opt(p.heartRate),
    cadence: opt(p.cadence),
    powerW: opt(p.powerW),
    segmentStarts: buf(p.segmentStarts),
  };
}

function f32(buf: Buffer | null): Float32Array | null {
  if (!buf) return null;
  // Copy: a Buffer from a pool may not be 4-byte aligned.
  const copy = new Uint8Array(buf.byteLength);
  copy.set(buf);
  return new Float32Array(copy.buffer);
}

function i32(buf: Buffer): Int32Array {
  const copy = new Uint8Array(buf.byteLength);
  copy.set(buf);
  return new Int32Array(copy.buffer);
}

export interface UnpackedStreams {
  pointCount: number;
  timeS: Float32Array;
  distanceM: Float32Array;
  lat: Float64Array;
  lon: Float64Array;
  altitudeM: Float32Array | null;
  heartRate: Float32Array | null;
  cadence: Float32Array | null;
  powerW: Float32Array | null;
  segmentStarts: Int32Array;
}

export function unpackStreams(p: PackedStreams): UnpackedStreams {
  const latLon = i32(p.latLon);
  const lat = new Float64Array(p.pointCount);
  const lon = new Float64Array(p.pointCount);
  for (let i = 0; i < p.pointCount; i++) {
    const a = latLon[2 * i]!;
    const b = latLon[2 * i + 1]!;
    const missing = a === NO_POSITION || b === NO_POSITION || (a === 0 && b === 0);
    lat[i] = missing ? Number.NaN : a / 1e7;
    lon[i] = missing ? Number.NaN : b / 1e7;
  }
  return {
    pointCount: p.pointCount,
    timeS: f32(p.timeS)!,
    distanceM: f32(p.distanceM)!,
    lat,
    lon,
    altitudeM: f32(p.altitudeM),
    heartRate: f32(p.heartRate),
    cadence: f32(p.cadence),
    powerW: f32(p.powerW),
    segmentStarts: i32(p.segmentStarts),
  };
}

/** Rounds for JSON; missing values become null. */
const round = (v: number, digits: number) => (Number.isNaN(v) ? null : Number(v.toFixed(digits)));

export interface ActivitySeries {
  /** Distance from the start, km. */
  distanceKm: (number | null)[];
  timeS: (number | null)[];
  altitudeM: (number | null)[] | null;
  heartRate: (number | null)[] | null;
  /** Seconds per km over the surrounding ~30 s; null while standing still. */
  paceSPerKm: (number | null)[];
  /** The route as [lat, lon] pairs, downsampled; segments and stretches without a position are separated by null; empty without positions. */
  route: ([number, number] | null)[];
}

/** Pace window: long enough to smooth GPS jitter, short enough to show intervals. */
const PACE_WINDOW_S = 30;
/** A window shorter than this (after a pause or a gap in the recording) gives no pace. */
const MIN_PACE_WINDOW_S = 15;
/** Slower than this (20 min/km) counts as standing still on the chart. */
const SLOWEST_PACE_S_PER_KM = 1200;
/** Faster than this (1:40 per km, a 100 m sprint record) is a GPS jump, not running. */
const FASTEST_PACE_S_PER_KM = 100;

/**
 * At most `maxPoints` evenly spaced samples of each stream, for the activity page: the cost of
 * drawing stays the same however long the recording is.
 */
export function downsample(s: UnpackedStreams, maxPoints: number): ActivitySeries {
  const n = s.pointCount;
  const stride = Math.max(1, Math.ceil(n / maxPoints));
  const picks: number[] = [];
  for (let i = 0; i < n; i += stride) picks.push(i);
  if (n > 0 && picks[picks.length - 1] !== n - 1) picks.push(n - 1);

  const pace = picks.map((i) => {
    // Look back PACE_WINDOW_S seconds from point i (within the data, across pauses too).
    const t = s.timeS[i]!;
    if (Number.isNaN(t)) return null;
    let j = i;
    while (j > 0 && !Number.isNaN(s.timeS[j - 1]!) && t - s.timeS[j - 1]! <= PACE_WINDOW_S) j--;
    const dt = t - s.timeS[j]!;
    const dd = s.distanceM[i]! - s.distanceM[j]!;
    if (dt < MIN_PACE_WINDOW_S || dd <= 0) return null;
    const sPerKm = dt / (dd / 1000);
    return sPerKm > SLOWEST_PACE_S_PER_KM || sPerKm < FASTEST_PACE_S_PER_KM ? null : Math.round(sPerKm);
  });

  // The route, with a break (null) wherever the picks move into a new segment.
  const route: ([number, number] | null)[] = [];
  let segment = 0;
  for (const i of picks) {
    let next = segment;
    while (next + 1 < s.segmentStarts.length && s.segmentStarts[next + 1]! <= i) next++;
    const broken = next !== segment || Number.isNaN(s.lat[i]!);
    if (broken && route.length > 0 && route[route.length - 1] !== null) route.push(null);
    segment = next;
    if (!Number.isNaN(s.lat[i]!)) route.push([Number(s.lat[i]!.toFixed(6)), Number(s.lon[i]!.toFixed(6))]);
  }
  if (route[route.length - 1] === null) route.pop();

  return {
    distanceKm: picks.map((i) => round(s.distanceM[i]! / 1000, 3)),
    timeS: picks.map((i) => round(s.timeS[i]!, 0)),
    altitudeM: s.altitudeM ? picks.map((i) => round(s.altitudeM![i]!, 1)) : null,
    heartRate: s.heartRate ? picks.map((i) => round(s.heartRate![i]!, 0)) : null,
    paceSPerKm: pace,
    route,
  };
}
