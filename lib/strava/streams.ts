import { MAX_POINTS_PER_ACTIVITY } from "@/lib/import/track";
import { z } from "zod";
import { RUNNING_SPORTS, type Sport } from "@/db/schema";
import { packStreams, type PackedStreams } from "@/lib/activities/streams";
import type { Track } from "@/lib/import/track";
import { stepDistancesM } from "@/lib/metrics/distance";

/**
 * Strava's activity streams (GET /activities/{id}/streams?keys=…&key_by_type=true, see
 * /work/shared/reference/strava-api.md §2) → the packed streams Patella stores, the same form a
 * GPX import produces (lib/activities/streams.ts). Pure: no database, no network.
 *
 * The answer is an object keyed by stream type, each `{ data: [...], series_type, original_size,
 * resolution }`, every `data` as long as `time`. Streams the activity lacks are left out (a
 * treadmill run has no latlng, a manual activity has no streams at all: Strava answers 404).
 */

/** The keys to ask Strava for: everything packStreams can store, plus `moving`. */
export const STRAVA_STREAM_KEYS = ["time", "distance", "latlng", "altitude", "heartrate", "cadence", "watts", "moving"] as const;

/** The per-activity point cap every source shares (lib/import/track.ts). */
export const MAX_STREAM_POINTS = MAX_POINTS_PER_ACTIVITY;

/**
 * The streams Patella reads, as validated arrays of one length (`time.length`, at least 1).
 * Sensor streams (altitude, heartrate, cadence, watts) hold NaN where Strava sent null for a
 * sample (a power meter dropping out), so one missing sample never loses a whole activity.
 */
export interface StravaStreams {
  /** Seconds since the start. */
  time: number[];
  /** Metres from the start, cumulative. */
  distance: number[] | null;
  /** [lat, lng] in degrees. */
  latlng: [number, number][] | null;
  /** Metres. */
  altitude: number[] | null;
  /** Beats per minute. */
  heartrate: number[] | null;
  /** As Strava sends it: strides (one leg) per minute on foot, pedal revolutions per minute on a bike. */
  cadence: number[] | null;
  watts: number[] | null;
  /** Strava's own moving flag per point (not stored in the packed streams; for the caller). */
  moving: boolean[] | null;
}

export type StravaStreamsParseResult = { ok: true; streams: StravaStreams } | { ok: false; error: string };

// ---------------------------------------------------------------------------------------------
// Validation

/** "is missing" when the value is absent, else "must be <what>" (as in lib/strava/types.ts). */
function expected(what: string) {
  return { error: (issue: { input?: unknown }) => (issue.input === undefined ? "is missing" : `must be ${what}`) };
}

// z.number() refuses NaN and ±Infinity (zod 4), so every number below is finite.
const finite = z.number(expected("a finite number"));
const sample = z.number(expected("a finite number or null")).nullable();
const latLng = z.tuple(
  [
    z.number(expected("a latitude in degrees")).min(-90, "must be a latitude (−90 to 90)").max(90, "must be a latitude (−90 to 90)"),
    z.number(expected("a longitude in degrees")).min(-180, "must be a longitude (−180 to 180)").max(180, "must be a longitude (−180 to 180)"),
  ],
  expected("a [lat, lng] pair"),
);

function stream<T extends z.ZodType>(item: T) {
  return z.looseObject({ data: z.array(item, expected("an array")) }, expected("an object with a data array"));
}

const streamSetSchema = z.looseObject(
  {
    time: stream(finite),
    distance: stream(finite).optional(),
    latlng: stream(latLng).optional(),
    altitude: stream(sample).optional(),
    heartrate: stream(sample).optional(),
    cadence: stream(sample).optional(),
    watts: stream(sample).optional(),
    moving: stream(z.boolean(expected("true or false"))).optional(),
  },
  { error: "Strava streams must be a JSON object keyed by stream type (ask with key_by_type=true)" },
);

/** The streams Patella reads, in the order their errors are reported. */
const READ: readonly (keyof StravaStreams)[] = ["time", "distance", "latlng", "altitude", "heartrate", "cadence", "watts", "moving"];

/** At most this many problems are spelled out; a stream of 100,000 strings is one story. */
const MAX_REPORTED_ISSUES = 5;

const refuse = (problem: string): StravaStreamsParseResult => ({ ok: false, error: `Strava streams refused: ${problem}` });

/**
 * Validates Strava's key_by_type answer. Refused: anything but an object, a missing or empty
 * `time`, a stream whose data is not as long as `time` (the error names it), a number that is not
 * finite (or a string), a latlng outside the globe, more than MAX_STREAM_POINTS points. Stream
 * types Patella does not read (velocity_smooth, grade_smooth, temp, new ones) are ignored, unchecked.
 */
export function parseStravaStreams(json: unknown): StravaStreamsParseResult {
  // Sizes first, before zod walks a runaway array element by element.
  if (typeof json === "object" && json !== null && !Array.isArray(json)) {
    for (const key of READ) {
      const data: unknown = (json as Record<string, { data?: unknown } | undefined>)[key]?.data;
      if (Array.isArray(data) && data.length > MAX_STREAM_POINTS) {
        return refuse(`${key} has ${data.length} points, more than the ${MAX_STREAM_POINTS} Patella accepts`);
      }
    }
  }

  const result = streamSetSchema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues;
    const problems = issues
      .slice(0, MAX_REPORTED_ISSUES)
      .map((issue) => (issue.path.length > 0 ? `${issue.path.map(String).join(".")}: ${issue.message}` : issue.message));
    if (issues.length > MAX_REPORTED_ISSUES) problems.push(`and ${issues.length - MAX_REPORTED_ISSUES} more`);
    return refuse(problems.join("; "));
  }

  const s = result.data;
  const n = s.time.data.length;
  if (n === 0) return refuse("time has no points");
  const mismatched = READ.filter((key) => key !== "time" && s[key] !== undefined && s[key].data.length !== n).map(
    (key) => `${key} has ${s[key]!.data.length} points but time has ${n}`,
  );
  if (mismatched.length > 0) return refuse(mismatched.join("; "));

  const sensor = (st: { data: (number | null)[] } | undefined) => (st ? st.data.map((v) => v ?? Number.NaN) : null);
  return {
    ok: true,
    streams: {
      time: s.time.data,
      distance: s.distance?.data ?? null,
      latlng: s.latlng?.data ?? null,
      altitude: sensor(s.altitude),
      heartrate: sensor(s.heartrate),
      cadence: sensor(s.cadence),
      watts: sensor(s.watts),
      moving: s.moving?.data ?? null,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Packing

export interface PackedStravaStreams {
  /** What insertStreams (db/queries/streams.ts) takes, minus activityId and userId. */
  packed: PackedStreams;
  pointCount: number;
}

/**
 * Strava's cadence → Patella's steps per minute. Strava's running cadence always counts one leg
 * (strides per minute: 91 for 182 steps), so running sports are doubled sample by sample, exactly
 * as lib/strava/mapping.ts doubles the summary's average_cadence; rides are pedal rpm and stay.
 * Not cadenceToSpm (lib/activities/sport.ts): its "< 120 means one leg" guess is for GPX files
 * whose convention is unknown, and applied per sample it would leave a 121-stride sprint at 121
 * while its neighbours are doubled. The sports it doubles are the same list, RUNNING_SPORTS.
 */
function cadenceFactor(sport: Sport): number {
  return RUNNING_SPORTS.includes(sport) ? 2 : 1;
}

/**
 * The packed streams of a Strava activity, built the way a GPX import builds them (a Track plus
 * the distance each point adds, through packStreams), in one segment (Strava's streams have none;
 * pauses show as jumps in `time`).
 *
 * - Time: `startTime` + `time` seconds, so the packed timeS is Strava's time stream.
 * - Distance: the steps of Strava's own distance stream, so the packed cumulative distance is
 *   Strava's (its last value is the activity's distance, within float32 rounding), not a
 *   recomputation from positions. Without a distance stream: from the positions as summarizeTrack
 *   computes it (stepDistancesM, GPS spikes dropped); without positions either, zeros.
 * - Positions: without a latlng stream the Track holds NaN, which packStreams stores as
 *   NO_POSITION and unpackStreams gives back as NaN (a treadmill run has no route).
 * - Cadence: steps per minute for running sports (Strava's strides × 2), rpm otherwise.
 * - `moving` is not stored: PackedStreams has no column for it.
 */
export function packedFromStravaStreams(streams: StravaStreams, { startTime, sport }: { startTime: Date; sport: Sport }): PackedStravaStreams {
  const n = streams.time.length;
  const startMs = startTime.getTime();
  const column32 = (values: number[] | null, factor = 1) => {
    const out = new Float32Array(n).fill(Number.NaN);
    if (values) for (let i = 0; i < n; i++) out[i] = values[i]! * factor;
    return out;
  };

  const lat = new Float64Array(n).fill(Number.NaN);
  const lon = new Float64Array(n).fill(Number.NaN);
  if (streams.latlng) {
    for (let i = 0; i < n; i++) {
      lat[i] = streams.latlng[i]![0];
      lon[i] = streams.latlng[i]![1];
    }
  }
  const track: Track = {
    length: n,
    lat,
    lon,
    timeMs: Float64Array.from(streams.time, (s) => startMs + s * 1000),
    eleM: column32(streams.altitude),
    hr: column32(streams.heartrate),
    cadence: column32(streams.cadence, cadenceFactor(sport)),
    powerW: column32(streams.watts),
    segmentStarts: n > 0 ? [0] : [],
  };

  let stepsM: Float64Array;
  if (streams.distance) {
    const d = streams.distance;
    stepsM = new Float64Array(n);
    // The first step is Strava's first value (0 in practice), so every packed value is Strava's.
    for (let i = 0; i < n; i++) stepsM[i] = i === 0 ? d[0]! : d[i]! - d[i - 1]!;
  } else if (streams.latlng) {
    stepsM = stepDistancesM(track);
  } else {
    stepsM = new Float64Array(n);
  }

  const packed = packStreams(track, stepsM, startMs);
  return { packed, pointCount: packed.pointCount };
}
