import { ImportError } from "./types";

/**
 * A recorded track in columns: one typed array per quantity, NaN where a point lacks a value.
 * Compact (about 40 bytes a point) and fast to walk; every importer builds one, every metric
 * reads one. Segments are runs of points [segmentStarts[k], segmentStarts[k+1]).
 */
export interface Track {
  length: number;
  lat: Float64Array;
  lon: Float64Array;
  /** Epoch milliseconds. */
  timeMs: Float64Array;
  eleM: Float32Array;
  hr: Float32Array;
  /** As written in the file (one leg or both, depending on the writer). */
  cadence: Float32Array;
  powerW: Float32Array;
  segmentStarts: number[];
}

/**
 * The most points one activity may hold, from any source (GPX, TCX, FIT, a restored export, Strava
 * streams). A day of 1 Hz recording is 86,400 points; a quarter of a million leaves room for a
 * 69-hour ultra at 1 Hz, while keeping every read of an activity's streams small (about 10 MB).
 */
export const MAX_POINTS_PER_ACTIVITY = 250_000;

/** The refusal for a track past MAX_POINTS_PER_ACTIVITY, worded the same for every source. */
export function tooManyPointsError(): ImportError {
  return new ImportError(
    "too_large",
    `This activity has more than ${MAX_POINTS_PER_ACTIVITY.toLocaleString("en")} points, more than Patella keeps for one activity (about 69 hours at one point a second). Split it, or record at a lower rate.`,
  );
}

/** Appends points to growable columns, up to MAX_POINTS_PER_ACTIVITY (then ImportError "too_large"). */
export class TrackBuilder {
  private cap = 1024;
  length = 0;
  lat = new Float64Array(this.cap);
  lon = new Float64Array(this.cap);
  timeMs = new Float64Array(this.cap);
  eleM = new Float32Array(this.cap);
  hr = new Float32Array(this.cap);
  cadence = new Float32Array(this.cap);
  powerW = new Float32Array(this.cap);
  segmentStarts: number[] = [];
  private segmentOpen = false;

  startSegment(): void {
    this.segmentOpen = false; // a segment is recorded when its first point arrives (empty ones vanish)
  }

  push(lat: number, lon: number, timeMs: number, eleM: number, hr: number, cadence: number, powerW: number): void {
    if (!this.segmentOpen) {
      this.segmentStarts.push(this.length);
      this.segmentOpen = true;
    }
    if (this.length === this.cap) {
      if (this.length >= MAX_POINTS_PER_ACTIVITY) throw tooManyPointsError();
      this.grow();
    }
    const i = this.length++;
    this.lat[i] = lat;
    this.lon[i] = lon;
    this.timeMs[i] = timeMs;
    this.eleM[i] = eleM;
    this.hr[i] = hr;
    this.cadence[i] = cadence;
    this.powerW[i] = powerW;
  }

  private grow(): void {
    this.cap = Math.min(this.cap * 2, MAX_POINTS_PER_ACTIVITY);
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(this.cap);
      b.set(a);
      return b;
    };
    const f32 = (a: Float32Array) => {
      const b = new Float32Array(this.cap);
      b.set(a);
      return b;
    };
    this.lat = f64(this.lat);
    this.lon = f64(this.lon);
    this.timeMs = f64(this.timeMs);
    this.eleM = f32(this.eleM);
    this.hr = f32(this.hr);
    this.cadence = f32(this.cadence);
    this.powerW = f32(this.powerW);
  }

  build(): Track {
    const n = this.length;
    return {
      length: n,
      lat: this.lat.slice(0, n),
      lon: this.lon.slice(0, n),
      timeMs: this.timeMs.slice(0, n),
      eleM: this.eleM.slice(0, n),
      hr: this.hr.slice(0, n),
      cadence: this.cadence.slice(0, n),
      powerW: this.powerW.slice(0, n),
      segmentStarts: [...this.segmentStarts],
    };
  }
}

/** Segment k as [start, end) point indices. */
export function segmentBounds(track: Track, k: number): [number, number] {
  return [track.segmentStarts[k]!, track.segmentStarts[k + 1] ?? track.length];
}

/** One point, for building tracks from plain objects (tests, other importers). */
export interface TrackPoint {
  lat: number;
  lon: number;
  timeMs: number | null;
  eleM: number | null;
  hr: number | null;
  cadence: number | null;
  powerW?: number | null;
}

export function trackFromPoints(segments: TrackPoint[][]): Track {
  const b = new TrackBuilder();
  for (const seg of segments) {
    b.startSegment();
    for (const p of seg) b.push(p.lat, p.lon, p.timeMs ?? NaN, p.eleM ?? NaN, p.hr ?? NaN, p.cadence ?? NaN, p.powerW ?? NaN);
  }
  return b.build();
}

/** The track as plain points per segment (NaN → null): for tests and debugging, not hot paths. */
export function trackToPoints(track: Track): TrackPoint[][] {
  const orNull = (v: number) => (Number.isNaN(v) ? null : v);
  return track.segmentStarts.map((_, k) => {
    const [start, end] = segmentBounds(track, k);
    const points: TrackPoint[] = [];
    for (let i = start; i < end; i++) {
      points.push({
        lat: track.lat[i]!,
        lon: track.lon[i]!,
        timeMs: orNull(track.timeMs[i]!),
        eleM: orNull(track.eleM[i]!),
        hr: orNull(track.hr[i]!),
        cadence: orNull(track.cadence[i]!),
        powerW: orNull(track.powerW[i]!),
      });
    }
    return points;
  });
}
