import { Decoder, Profile, Stream, Utils, type FitMessages, type Mesg } from "@garmin/fitsdk";
import { EARLIEST_TIME_MS, FUTURE_SLACK_MS, MAX_POINTS } from "./gpx";
import { TrackBuilder, tooManyPointsError, type Track } from "./track";
import { ImportError, type ParsedActivity } from "./types";

/**
 * FIT activity files (Garmin, Coros, Wahoo, Suunto, Zwift …) read with Garmin's FIT SDK, into the
 * same track as the GPX importer, plus what only a FIT file knows: the device's own distance per
 * point (all a treadmill run has) and the session summary the watch computed, for the ingest to
 * use and cross-check.
 *
 * Segments: a timer stop (manual or auto-pause) ends a segment and the next timer start begins a
 * new one, so no distance is measured across a pause — as GPX files from the same watches split
 * into <trkseg>s. Laps do not split the track (a lap is a split of continuous running). A record
 * the watch writes while its timer is stopped goes into a segment of its own; records are never
 * dropped.
 */

/** The session (or sessions) as the device summed them up; null where the file does not say. */
export interface FitSession {
  /** FIT sport in snake case ("running", "cycling", "fitness_equipment"); null when not given. */
  sport: string | null;
  /** FIT sub-sport in snake case ("treadmill", "trail", "indoor_cycling"); null when generic or not given. */
  subSport: string | null;
  startTime: Date | null;
  totalElapsedS: number | null;
  /** Time with the timer running (elapsed minus pauses). */
  totalTimerS: number | null;
  totalDistanceM: number | null;
  avgHr: number | null;
  maxHr: number | null;
  totalAscentM: number | null;
  totalDescentM: number | null;
}

export interface ParsedFit extends ParsedActivity {
  format: "fit";
  /**
   * The device's cumulative distance at each point, metres (the record `distance` field: from
   * GPS, a foot pod or the treadmill's belt), NaN where a point has none; null when no point has
   * one. Aligned with the track. A recording without positions has no other distance.
   */
  deviceDistanceM: Float64Array | null;
  /** The whole activity as the device summed it up: its one session, or several combined. */
  session: FitSession | null;
  /** Each session as written (several in a multisport file: swim, bike, run). */
  sessions: FitSession[];
}

/**
 * Beyond this many decoded messages of any kind a file is refused: the SDK keeps every message in
 * memory (about 90 bytes even for an empty one, and a 50 MB file can hold 50 million one-byte
 * messages). A real file has a few messages beside each record (HRV, device info, events).
 */
export const MAX_FIT_MESSAGES = 2 * MAX_POINTS;

/** FIT date_time values below this are seconds since the device powered up, not dates. */
const MIN_ABSOLUTE_FIT_TIME = 0x10000000;
const SEMICIRCLE_DEG = 180 / 2 ** 31;

const MESG_RECORD = Profile.MesgNum.RECORD!;
const MESG_EVENT = Profile.MesgNum.EVENT!;
const TIMER_STOPS = new Set(["stop", "stopAll", "stopDisable", "stopDisableAll"]);

/** A finite number from a decoded field, else NaN (fields can be missing, null, arrays, strings). */
function num(v: unknown): number {
  return typeof v === "number" && Number.isFinite(v) ? v : NaN;
}

function orNull(v: number): number | null {
  return Number.isNaN(v) ? null : v;
}

const snakeCase = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();

/** A FIT enum value as its profile name in snake case; a number the profile does not know as `<kind>_<n>`. */
function enumName(v: unknown, kind: string): string | null {
  if (typeof v === "string" && v !== "") return snakeCase(v);
  if (typeof v === "number" && Number.isInteger(v)) return `${kind}_${v}`;
  return null;
}

function fitTimeMs(seconds: number): number {
  return seconds * 1000 + Utils.FIT_EPOCH_MS;
}

/** Header size and declared data size (bytes 0 and 4–7 of every FIT file). */
function header(bytes: Uint8Array): { headerSize: number; dataSize: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { headerSize: bytes[0]!, dataSize: view.getUint32(4, true) };
}

function notFit(bytes: Uint8Array): ImportError {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 64));
  const xml = /^(\u00ef\u00bb\u00bf)?\s*</.test(head) ? " It looks like a text file (a GPX or TCX export?)." : "";
  return new ImportError("not_fit", `This is not a FIT file.${xml}`);
}

/** Why a file that says it is FIT fails the SDK's integrity check (header, size and checksums). */
function integrityError(bytes: Uint8Array): ImportError {
  const { headerSize, dataSize } = header(bytes);
  const missing = headerSize + dataSize + 2 - bytes.length;
  if (dataSize === 0 && bytes.length > headerSize + 2) {
    return new ImportError(
      "corrupt_fit",
      "This FIT file was never finished by the device (its header says it holds no data), so it cannot be read. Copy the activity from the device again once it has saved it.",
    );
  }
  if (missing > 0) {
    return new ImportError(
      "corrupt_fit",
      `This FIT file is incomplete: it ends ${missing.toLocaleString("en")} bytes early, probably cut short while copying or uploading. Try the original file again.`,
    );
  }
  return new ImportError(
    "corrupt_fit",
    "This FIT file is damaged: its checksum does not match its contents, so some of it was changed after the device wrote it. Try the original file again.",
  );
}

interface Decoded {
  messages: FitMessages;
  errors: Error[];
  /** The record messages in file order, and the indices among them where a segment starts. */
  records: Mesg[];
  breaks: Set<number>;
  tooManyRecords: boolean;
  tooManyMessages: boolean;
}

const LIMIT = new Error("limit reached");

function decode(bytes: Uint8Array, mergeHeartRates: boolean): Decoded {
  const out: Decoded = { messages: {}, errors: [], records: [], breaks: new Set(), tooManyRecords: false, tooManyMessages: false };
  let messageCount = 0;
  // Timer state, from event messages in file order (the SDK groups messages by kind afterwards).
  let stoppedAt: number | null = null; // FIT seconds of the stop, while the timer is stopped
  let breakPending = false;

  const onMesg = (mesgNum: number, mesg: Mesg) => {
    if (++messageCount > MAX_FIT_MESSAGES) {
      out.tooManyMessages = true;
      throw LIMIT; // caught by read(), which stops decoding
    }
    const m = mesg as Record<string, unknown>;
    if (mesgNum === MESG_RECORD) {
      if (out.records.length >= MAX_POINTS) {
        out.tooManyRecords = true;
        throw LIMIT;
      }
      if (breakPending) {
        // The watch may write the record of the stopping instant just after the stop event.
        const closesStop = stoppedAt !== null && num(m.timestamp) <= stoppedAt;
        if (!closesStop) {
          out.breaks.add(out.records.length);
          breakPending = false;
        }
      }
      out.records.push(mesg);
    } else if (mesgNum === MESG_EVENT && m.event === "timer") {
      if (typeof m.eventType === "string" && TIMER_STOPS.has(m.eventType)) {
        if (stoppedAt === null) {
          const t = num(m.timestamp);
          stoppedAt = Number.isNaN(t) ? -Infinity : t;
          breakPending = true;
        }
      } else if (m.eventType === "start" && stoppedAt !== null) {
        stoppedAt = null;
        breakPending = true;
      }
    }
  };

  const { messages, errors } = new Decoder(Stream.fromByteArray(bytes)).read({
    mesgListener: onMesg,
    applyScaleAndOffset: true,
    expandComponents: true, // altitude → enhancedAltitude, speed → enhancedSpeed; needed by mergeHeartRates
    expandSubFields: false,
    convertTypesToStrings: true, // sport, event and file type by name
    convertDateTimesToDates: false, // raw FIT seconds: relative (clock-not-set) times stay recognisable
    includeUnknownData: false,
    mergeHeartRates, // heart rate a strap stored separately (HR messages) into the records
    decodeMemoGlobs: false,
  });
  out.messages = messages;
  out.errors = errors;
  return out;
}

function decodeError(errors: Error[]): ImportError {
  const message = String(errors[0]?.message ?? "");
  if (/compressed timestamp/i.test(message)) {
    return new ImportError("corrupt_fit", "This FIT file uses compressed timestamps, a rare form of FIT that Patella cannot read yet.");
  }
  const detail = message
    .replace(/^FIT Runtime Error\s*/, "")
    .replace(/[\u0000-\u001f\u007f]+/g, " ")
    .slice(0, 80);
  return new ImportError(
    "corrupt_fit",
    `This FIT file could not be read: it is damaged or malformed${detail ? ` (${detail})` : ""}. Try the original file from the device again.`,
  );
}

function readSession(s: Record<string, unknown>): FitSession {
  const sport = enumName(s.sport, "sport");
  const subSport = enumName(s.subSport, "sub_sport");
  const start = num(s.startTime);
  return {
    sport: sport === "generic" ? null : sport,
    subSport: subSport === "generic" ? null : subSport,
    startTime: start >= MIN_ABSOLUTE_FIT_TIME ? new Date(fitTimeMs(start)) : null,
    totalElapsedS: orNull(num(s.totalElapsedTime)),
    totalTimerS: orNull(num(s.totalTimerTime)),
    totalDistanceM: orNull(num(s.totalDistance)),
    avgHr: orNull(num(s.avgHeartRate)),
    maxHr: orNull(num(s.maxHeartRate)),
    totalAscentM: orNull(num(s.totalAscent)),
    totalDescentM: orNull(num(s.totalDescent)),
  };
}

/** Several sessions (a multisport file) as one: totals summed, heart rate averaged over timer time. */
function combineSessions(sessions: FitSession[]): FitSession | null {
  if (sessions.length <= 1) return sessions[0] ?? null;
  const sum = (get: (s: FitSession) => number | null) => {
    const values = sessions.map(get).filter((v): v is number => v !== null);
    return values.length === 0 ? null : values.reduce((a, b) => a + b, 0);
  };
  const same = <T>(get: (s: FitSession) => T) => (sessions.every((s) => get(s) === get(sessions[0]!)) ? get(sessions[0]!) : null);
  const starts = sessions.map((s) => s.startTime?.getTime()).filter((t): t is number => t !== undefined);
  const hrWeighted = sessions.filter((s) => s.avgHr !== null && s.totalTimerS !== null && s.totalTimerS > 0);
  const hrTime = hrWeighted.reduce((a, s) => a + s.totalTimerS!, 0);
  const maxHrs = sessions.map((s) => s.maxHr).filter((v): v is number => v !== null);
  return {
    sport: same((s) => s.sport) ?? "multisport",
    subSport: same((s) => s.sport) === null ? null : same((s) => s.subSport),
    startTime: starts.length > 0 ? new Date(Math.min(...starts)) : null,
    totalElapsedS: sum((s) => s.totalElapsedS),
    totalTimerS: sum((s) => s.totalTimerS),
    totalDistanceM: sum((s) => s.totalDistanceM),
    avgHr: hrTime > 0 ? hrWeighted.reduce((a, s) => a + s.avgHr! * s.totalTimerS!, 0) / hrTime : null,
    maxHr: maxHrs.length > 0 ? Math.max(...maxHrs) : null,
    totalAscentM: sum((s) => s.totalAscentM),
    totalDescentM: sum((s) => s.totalDescentM),
  };
}

/**
 * "running", "running/treadmill", "cycling/indoor_cycling": the FIT sport and, unless generic, the
 * sub-sport — from the sessions, else the sport message, else the first lap.
 */
function typeHintOf(session: FitSession | null, messages: FitMessages): string | null {
  let sport = session?.sport ?? null;
  let subSport = session?.subSport ?? null;
  if (sport === null) {
    const other = (messages.sportMesgs?.[0] ?? messages.lapMesgs?.[0]) as Record<string, unknown> | undefined;
    if (other) {
      sport = enumName(other.sport, "sport");
      subSport = enumName(other.subSport, "sub_sport");
      if (sport === "generic") sport = null;
      if (subSport === "generic") subSport = null;
    }
  }
  if (sport === null) return null;
  return subSport === null ? sport : `${sport}/${subSport}`;
}

/** Parses a whole FIT activity file held in memory. Throws ImportError, and only ImportError. */
export function parseFit(bytes: Uint8Array, now: Date = new Date()): ParsedFit {
  if (bytes.byteLength === 0) throw new ImportError("empty_file", "The file is empty.");
  const probe = new Decoder(Stream.fromByteArray(bytes));
  if (!probe.isFIT()) throw notFit(bytes);
  if (!probe.checkIntegrity()) throw integrityError(bytes);

  let decoded = decode(bytes, true);
  if (decoded.errors.length > 0 && !decoded.tooManyMessages && !decoded.tooManyRecords && (decoded.messages.hrMesgs?.length ?? 0) > 0) {
    // Merging a strap's HR messages can fail on its own (odd anchors); the activity still reads without them.
    const plain = decode(bytes, false);
    if (plain.errors.length === 0) decoded = plain;
  }
  if (decoded.tooManyRecords) {
    throw tooManyPointsError();
  }
  if (decoded.tooManyMessages) {
    throw new ImportError("too_large", `This FIT file holds more than ${MAX_FIT_MESSAGES.toLocaleString("en")} messages, more than Patella reads from one file.`);
  }
  if (decoded.errors.length > 0) throw decodeError(decoded.errors);

  const { messages, records, breaks } = decoded;
  const fileType = (messages.fileIdMesgs?.[0] as Record<string, unknown> | undefined)?.type;
  if (fileType === "course") throw new ImportError("route_only", "This FIT file is a course (a planned route), not a recorded activity.");
  if (records.length === 0) {
    const kind = typeof fileType === "string" && fileType !== "activity" ? ` It is a ${snakeCase(fileType).replace(/_/g, " ")} file.` : "";
    throw new ImportError("no_track", `This FIT file has no recorded track.${kind}`);
  }

  const sessions = (messages.sessionMesgs ?? []).map((s) => readSession(s as Record<string, unknown>));
  const session = combineSessions(sessions);
  const { track, deviceDistanceM } = buildTrack(records, breaks, now.getTime());

  let timed = 0;
  for (let i = 0; i < track.length && timed < 2; i++) if (!Number.isNaN(track.timeMs[i]!)) timed++;
  if (timed < 2) {
    throw new ImportError("no_times", "This FIT file's records have no timestamps, so it cannot count as training.");
  }
  return { format: "fit", name: null, typeHint: typeHintOf(session, messages), track, deviceDistanceM, session, sessions };
}

function buildTrack(records: Mesg[], breaks: Set<number>, nowMs: number): { track: Track; deviceDistanceM: Float64Array | null } {
  const b = new TrackBuilder();
  const distance = new Float64Array(records.length);
  let anyDistance = false;
  for (let k = 0; k < records.length; k++) {
    const r = records[k] as Record<string, unknown>;
    if (breaks.has(k)) b.startSegment();

    const ts = num(r.timestamp);
    let timeMs = NaN;
    if (!Number.isNaN(ts)) {
      if (ts < MIN_ABSOLUTE_FIT_TIME) {
        throw new ImportError(
          "bad_time",
          "This file's times count from when the device was switched on (its clock was not set), so Patella cannot tell when the activity happened.",
        );
      }
      timeMs = fitTimeMs(ts);
      if (timeMs < EARLIEST_TIME_MS || timeMs > nowMs + FUTURE_SLACK_MS) {
        throw new ImportError(
          "bad_time",
          `This file's times are not plausible (${new Date(timeMs).toISOString()}): the recording device's clock was probably wrong.`,
        );
      }
    }

    // Semicircles to degrees; a missing or impossible position (and the 0,0 some devices write before a fix) is no position.
    let lat = num(r.positionLat) * SEMICIRCLE_DEG;
    let lon = num(r.positionLong) * SEMICIRCLE_DEG;
    if (!(Math.abs(lat) <= 90 && Math.abs(lon) <= 180) || (lat === 0 && lon === 0)) lat = lon = NaN;

    let ele = num(r.enhancedAltitude);
    if (Number.isNaN(ele)) ele = num(r.altitude);
    if (!Number.isFinite(Math.fround(ele))) ele = NaN;

    const hr = num(r.heartRate);
    // One leg's cadence (strides or revolutions a minute), as written; fractional_cadence adds 1/128ths.
    let cadence = num(r.cadence);
    if (Number.isNaN(cadence)) cadence = num(r.cadence256);
    else if (!Number.isNaN(num(r.fractionalCadence))) cadence += num(r.fractionalCadence);
    const power = num(r.power);
    const d = num(r.distance);

    b.push(
      lat,
      lon,
      timeMs,
      ele,
      hr > 0 && hr < 260 ? hr : NaN,
      cadence >= 0 && cadence < 300 ? cadence : NaN,
      power >= 0 && power < 3000 ? power : NaN,
    );
    distance[k] = d >= 0 ? d : NaN;
    if (d >= 0) anyDistance = true;
  }
  return { track: b.build(), deviceDistanceM: anyDistance ? distance : null };
}
