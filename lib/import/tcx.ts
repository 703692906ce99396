import { plainDecimal } from "./decimal";
import { EARLIEST_TIME_MS, FUTURE_SLACK_MS, MAX_POINTS } from "./gpx";
import { fastUtcBytes, parseIsoTime } from "./iso-time";
import { TrackBuilder, tooManyPointsError, type Track } from "./track";
import { ImportError, type ParsedActivity } from "./types";
import { attribute, XmlByteScanner, type XmlEvents, type XmlName } from "./xml-scanner";

/**
 * TCX (Garmin Training Center XML v2) reader on the same streaming XML scanner as the GPX reader,
 * with the same protections (no DOCTYPE or entity declarations, bounded depth, tag and text
 * lengths) and the same limits (MAX_POINTS, plausible times). One pass, no DOM.
 *
 * TrainingCenterDatabase/Activities/Activity → one ParsedActivity: Sport → typeHint (as written),
 * a <Name> child or else Notes → name, Lap/Track/Trackpoint → the points. A second <Track> in
 * a lap starts a new segment (Garmin starts one after a pause); a new lap does not: it is a
 * split, not a stop, although the schema makes it start a new Track. Position is optional
 * (treadmill and other indoor recordings have none): such points have NaN latitude and
 * longitude. The device's cumulative DistanceMeters of each point is kept in `deviceDistanceM`,
 * with the laps' totals in `laps`.
 *
 * Only the first Activity that holds track points is read (a Training Center database export may
 * hold many, a multisport session one per leg); `activityCount` says how many there were. Courses
 * (planned routes, whose points carry made-up times) are refused as route_only. Element names are
 * matched by local name, whatever their prefix (ns3:TPX, TPX with a default namespace, ax:…).
 */

/** Lap totals as the device wrote them (what Garmin Connect shows for the lap). */
export interface TcxLap {
  /** Lap/@StartTime, epoch ms; null when absent or unreadable. */
  startTimeMs: number | null;
  /** Lap/TotalTimeSeconds: timer time, pauses excluded; null when absent. */
  totalTimeS: number | null;
  /** Lap/DistanceMeters; null when absent. */
  distanceM: number | null;
}

export interface ParsedTcx extends ParsedActivity {
  format: "tcx";
  /**
   * The device's own cumulative distance at each point (Trackpoint/DistanceMeters, metres), NaN
   * where a point has none; null when no point has one. For a recording without positions
   * (treadmill, indoor) it is the only distance there is (from a foot pod, wrist accelerometer or
   * wheel sensor): see {@link deviceStepsM}.
   */
  deviceDistanceM: Float64Array | null;
  /** Activity/Id, the activity's start as the device wrote it (epoch ms); null if unreadable. */
  idTimeMs: number | null;
  /** The laps of the activity read, in file order (at most MAX_LAPS). */
  laps: TcxLap[];
  /** How many Activity elements the file holds (only the first with track points is read). */
  activityCount: number;
}

/** Laps kept per activity; any beyond are read for their points but their totals are not kept. */
export const MAX_LAPS = 10_000;

const enum Field {
  None,
  // Inside a track point.
  Time,
  Lat,
  Lon,
  Ele,
  Dist,
  Hr,
  Cadence,
  Power,
  // Elsewhere.
  Id,
  Notes,
  Name,
  LapTime,
  LapDistance,
}

/** What a tag's local name means to the reader, worked out once per distinct name (XmlName.kind). */
const enum Kind {
  Unknown, // not worked out yet
  Other,
  Activities,
  Courses,
  Activity,
  Id,
  Notes,
  Name,
  Lap,
  TotalTimeSeconds,
  Track,
  Trackpoint,
  Time,
  Position,
  Latitude,
  Longitude,
  Altitude,
  Distance,
  HeartRateBpm,
  Value,
  Cadence,
  Extensions,
  RunCadence,
  Watts,
}

const KINDS = new Map<string, Kind>([
  ["Activities", Kind.Activities],
  ["Courses", Kind.Courses],
  ["Activity", Kind.Activity],
  ["Id", Kind.Id],
  ["Notes", Kind.Notes],
  ["Name", Kind.Name],
  ["Lap", Kind.Lap],
  ["TotalTimeSeconds", Kind.TotalTimeSeconds],
  ["Track", Kind.Track],
  ["Trackpoint", Kind.Trackpoint],
  ["Time", Kind.Time],
  ["Position", Kind.Position],
  ["LatitudeDegrees", Kind.Latitude],
  ["LongitudeDegrees", Kind.Longitude],
  ["AltitudeMeters", Kind.Altitude],
  ["DistanceMeters", Kind.Distance],
  ["HeartRateBpm", Kind.HeartRateBpm],
  ["Value", Kind.Value],
  ["Cadence", Kind.Cadence],
  ["Extensions", Kind.Extensions],
  ["RunCadence", Kind.RunCadence],
  ["Watts", Kind.Watts],
]);

function kind(name: XmlName): Kind {
  const k = name.kind as Kind;
  return k !== Kind.Unknown ? k : (name.kind = KINDS.get(name.local) ?? Kind.Other);
}

/** The child of a track point being read, for the elements below it. */
const enum Container {
  None,
  Position,
  HeartRate,
  Extensions,
  Other,
}

/** Number(" 12.5 ") is 12.5, but Number("") and Number("  ") are 0, not missing. */
function number(text: string): number {
  return text.trim().length === 0 ? NaN : Number(text);
}

const CONTROL = /[\u0000-\u001f\u007f]+/g;
const cleanText = (s: string) => s.replace(CONTROL, " ").replace(/\s+/g, " ").trim();

/** A plausible recording time (as in GPX): NaN for anything unreadable or out of range. */
function plausible(t: number, nowMs: number): number {
  return t >= EARLIEST_TIME_MS && t <= nowMs + FUTURE_SLACK_MS ? t : NaN;
}

/** 10^(3 - n) for n fractional digits: what makes them milliseconds. */
const MS_SCALE = [0, 100, 10, 1];

/**
 * "2020-03-06T00:23:46.000Z" (Garmin's shape: 1 to 3 fractional digits) read from bytes, as
 * parseIsoTime reads it; NaN for any other shape (the caller then reads the text).
 */
function fastUtcFractionBytes(buf: Uint8Array, start: number, end: number, scratch: Uint8Array): number {
  const digits = end - start - 21;
  if (digits < 1 || digits > 3 || buf[start + 19] !== 0x2e /* . */ || buf[end - 1] !== 0x5a /* Z */) return NaN;
  let ms = 0;
  for (let i = start + 20; i < end - 1; i++) {
    const d = buf[i]! - 0x30;
    if (d < 0 || d > 9) return NaN;
    ms = ms * 10 + d;
  }
  for (let i = 0; i < 19; i++) scratch[i] = buf[start + i]!;
  const whole = fastUtcBytes(scratch, 0, 20); // scratch[19] is "Z"
  return whole + ms * MS_SCALE[digits]!;
}

class Columns {
  dist = new Float64Array(1024);
  anyDist = false;

  set(i: number, v: number): void {
    if (i === this.dist.length) {
      const grown = new Float64Array(2 * this.dist.length);
      grown.set(this.dist);
      this.dist = grown;
    }
    this.dist[i] = v;
    if (!Number.isNaN(v)) this.anyDist = true;
  }
}

class TcxHandler implements XmlEvents {
  wantText = false;
  readonly points = new TrackBuilder();
  readonly extra = new Columns();
  readonly scanner: XmlByteScanner = new XmlByteScanner(this);
  activityCount = 0;
  coursePoints = 0;
  /** The activity read: set on the first Activity, replaced by a later one while none has points. */
  sport: string | null = null;
  notes: string | null = null;
  activityName: string | null = null;
  idTimeMs: number | null = null;
  laps: TcxLap[] = [];

  private readonly timeScratch = new Uint8Array(20).fill(0x5a);
  private rootChecked = false;
  private field = Field.None;
  private activitiesDepth = 0;
  private coursesDepth = 0;
  private activityDepth = 0;
  /** An activity with track points has been read: later ones are only counted. */
  private done = false;
  private lapDepth = 0;
  private lap: TcxLap | null = null;
  private trackDepth = 0;
  private tracksInLap = 0;
  private tpDepth = 0;
  private container = Container.None;
  // The point being read.
  private positionSeen = false;
  private lat = NaN;
  private lon = NaN;
  private timeMs = NaN;
  private ele = NaN;
  private dist = NaN;
  private hr = NaN;
  private cadence = NaN;
  private power = NaN;

  constructor(private readonly nowMs: number) {}

  /** Where an element inside a track point goes; also follows which child of the point is open. */
  private pointField(k: Kind, depth: number): Field {
    const level = depth - this.tpDepth;
    if (level === 1) {
      switch (k) {
        case Kind.Time:
          return Field.Time;
        case Kind.Altitude:
          return Field.Ele;
        case Kind.Distance:
          return Field.Dist;
        case Kind.Cadence:
          return Field.Cadence;
        case Kind.Position:
          this.positionSeen = true;
          this.container = Container.Position;
          return Field.None;
        case Kind.HeartRateBpm:
          this.container = Container.HeartRate;
          return Field.None;
        case Kind.Extensions:
          this.container = Container.Extensions;
          return Field.None;
        default:
          this.container = Container.Other;
          return Field.None;
      }
    }
    switch (this.container) {
      case Container.Position:
        if (level !== 2) return Field.None;
        return k === Kind.Latitude ? Field.Lat : k === Kind.Longitude ? Field.Lon : Field.None;
      case Container.HeartRate:
        return level === 2 && k === Kind.Value ? Field.Hr : Field.None;
      case Container.Extensions:
        return k === Kind.RunCadence ? Field.Cadence : k === Kind.Watts ? Field.Power : Field.None;
      default:
        return Field.None;
    }
  }

  start(tag: XmlName, depth: number): void {
    if (!this.rootChecked) {
      this.rootChecked = true;
      if (tag.local !== "TrainingCenterDatabase") {
        const gpx = tag.local === "gpx" ? " It looks like a GPX file." : "";
        throw new ImportError("not_tcx", `This is not a TCX file.${gpx}`);
      }
      return;
    }
    const k = kind(tag);
    if (this.tpDepth > 0) {
      this.field = this.pointField(k, depth);
      this.wantText = this.field !== Field.None;
      return;
    }
    if (this.activityDepth > 0) {
      this.activityStart(k, depth);
      this.wantText = this.field !== Field.None;
      return;
    }
    switch (k) {
      case Kind.Activities:
        if (depth === 2) this.activitiesDepth = depth;
        return;
      case Kind.Courses:
        if (depth === 2) this.coursesDepth = depth;
        return;
      case Kind.Activity:
        if (this.activitiesDepth === 0) return;
        this.activityCount++;
        if (this.done) return;
        // A new activity: the previous one (if any) had no points.
        this.activityDepth = depth;
        this.sport = cleanText(attribute(this.scanner.attrText(), "Sport") ?? "") || null;
        this.notes = this.activityName = this.idTimeMs = null;
        this.laps = [];
        return;
      case Kind.Trackpoint:
        if (this.coursesDepth > 0) this.coursePoints++;
        return;
      default:
        return;
    }
  }

  /** A start tag inside the activity being read, outside track points. */
  private activityStart(k: Kind, depth: number): void {
    const level = depth - this.activityDepth;
    if (level === 1) {
      switch (k) {
        case Kind.Id:
          this.field = Field.Id;
          return;
        case Kind.Notes:
          this.field = Field.Notes;
          return;
        case Kind.Name:
          this.field = Field.Name;
          return;
        case Kind.Lap: {
          this.lapDepth = depth;
          this.tracksInLap = 0;
          const start = attribute(this.scanner.attrText(), "StartTime");
          const t = start === null ? NaN : plausible(parseIsoTime(start), this.nowMs);
          this.lap = { startTimeMs: Number.isNaN(t) ? null : t, totalTimeS: null, distanceM: null };
          if (this.laps.length < MAX_LAPS) this.laps.push(this.lap);
          return;
        }
        default:
          return;
      }
    }
    if (this.lapDepth === 0) return;
    if (this.trackDepth === 0) {
      if (depth !== this.lapDepth + 1) return;
      if (k === Kind.Track) {
        this.trackDepth = depth;
        // A second Track in a lap follows a pause; a lap's first Track goes on from the last lap's
        // (a lap ends at the lap button or auto-lap, not at a stop: splitting there would lose the
        // step across every lap boundary).
        if (this.tracksInLap++ > 0) this.points.startSegment();
      } else if (k === Kind.TotalTimeSeconds) this.field = Field.LapTime;
      else if (k === Kind.Distance) this.field = Field.LapDistance;
      return;
    }
    if (k === Kind.Trackpoint && depth === this.trackDepth + 1) {
      this.tpDepth = depth;
      this.container = Container.None;
      this.positionSeen = false;
      this.lat = this.lon = this.timeMs = this.ele = this.dist = this.hr = this.cadence = this.power = NaN;
    }
  }

  /** `<name>text</name>` in one call (the scanner's fast path): the same as start, text and end. */
  leaf(tag: XmlName, depth: number): void {
    if (this.tpDepth > 0) {
      // Inside a point, the hot path: values read from the bytes.
      const field = this.pointField(kind(tag), depth);
      if (depth === this.tpDepth + 1) this.container = Container.None; // the leaf is closed already
      if (field === Field.None) return;
      const s = this.scanner;
      if (field === Field.Time) {
        let t = fastUtcBytes(s.buf, s.textStart, s.textEnd);
        if (Number.isNaN(t)) t = fastUtcFractionBytes(s.buf, s.textStart, s.textEnd, this.timeScratch);
        if (!Number.isNaN(plausible(t, this.nowMs))) {
          this.timeMs = t;
          return;
        }
      } else {
        const v = plainDecimal(s.buf, s.textStart, s.textEnd);
        if (!Number.isNaN(v)) {
          this.setNumber(field, v);
          return;
        }
      }
      this.field = field;
      this.text(s.leafText());
      return;
    }
    this.wantText = false;
    this.start(tag, depth);
    if (this.wantText) this.text(this.scanner.leafText());
    this.wantText = false;
    this.end(tag, depth);
  }

  private setNumber(field: Field, v: number): void {
    switch (field) {
      case Field.Lat:
        this.lat = v;
        break;
      case Field.Lon:
        this.lon = v;
        break;
      case Field.Ele:
        this.ele = v;
        break;
      case Field.Dist:
        this.dist = v;
        break;
      case Field.Hr:
        if (Number.isNaN(this.hr) && v > 0 && v < 260) this.hr = v;
        break;
      case Field.Cadence:
        if (Number.isNaN(this.cadence) && v >= 0 && v < 300) this.cadence = v;
        break;
      case Field.Power:
        if (Number.isNaN(this.power) && v >= 0 && v < 3000) this.power = v;
        break;
      default:
        break;
    }
  }

  text(value: string): void {
    switch (this.field) {
      case Field.Time: {
        const t = parseIsoTime(value);
        if (Number.isNaN(t)) {
          throw new ImportError("bad_time", `This file has a point with an unreadable time ("${cleanText(value).slice(0, 40)}").`);
        }
        if (Number.isNaN(plausible(t, this.nowMs))) {
          throw new ImportError(
            "bad_time",
            `This file's times are not plausible (${cleanText(value).slice(0, 40)}): the recording device's clock was probably wrong.`,
          );
        }
        this.timeMs = t;
        break;
      }
      case Field.Lat:
      case Field.Lon:
      case Field.Ele:
      case Field.Dist:
      case Field.Hr:
      case Field.Cadence:
      case Field.Power:
        this.setNumber(this.field, number(value));
        break;
      case Field.Id: {
        const t = plausible(parseIsoTime(value), this.nowMs);
        this.idTimeMs = Number.isNaN(t) ? null : t;
        break;
      }
      case Field.Notes:
        this.notes = cleanText(value) || null;
        break;
      case Field.Name:
        this.activityName = cleanText(value) || null;
        break;
      case Field.LapTime:
      case Field.LapDistance: {
        const v = number(value);
        if (this.lap !== null && Number.isFinite(v) && v >= 0) {
          if (this.field === Field.LapTime) this.lap.totalTimeS = v;
          else this.lap.distanceM = v;
        }
        break;
      }
      case Field.None:
        break;
    }
    this.field = Field.None;
  }

  end(_tag: XmlName, depth: number): void {
    if (this.tpDepth > 0) {
      if (depth === this.tpDepth + 1) this.container = Container.None;
      else if (depth === this.tpDepth) this.endPoint();
      return;
    }
    if (depth === this.trackDepth) this.trackDepth = 0;
    else if (depth === this.lapDepth) {
      this.lapDepth = 0;
      this.lap = null;
    } else if (depth === this.activityDepth) {
      this.activityDepth = 0;
      if (this.points.length > 0) this.done = true;
    } else if (depth === this.activitiesDepth) this.activitiesDepth = 0;
    else if (depth === this.coursesDepth) this.coursesDepth = 0;
  }

  private endPoint(): void {
    this.tpDepth = 0;
    let lat = NaN;
    let lon = NaN;
    if (this.positionSeen) {
      lat = this.lat;
      lon = this.lon;
      if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
        throw new ImportError(
          "bad_coordinates",
          "This file has a track point with missing or impossible coordinates, so it cannot be imported.",
        );
      }
    }
    const i = this.points.length;
    if (i >= MAX_POINTS) {
      throw tooManyPointsError();
    }
    const ele = Number.isFinite(Math.fround(this.ele)) ? this.ele : NaN;
    this.points.push(lat, lon, this.timeMs, ele, this.hr, this.cadence, this.power);
    this.extra.set(i, Number.isFinite(this.dist) && this.dist >= 0 ? this.dist : NaN);
  }
}

/** Picks the text decoder from a byte-order mark or the XML declaration's encoding (as for GPX). */
function decoderFor(head: Uint8Array): TextDecoder {
  if (head[0] === 0xff && head[1] === 0xfe) return new TextDecoder("utf-16le");
  if (head[0] === 0xfe && head[1] === 0xff) return new TextDecoder("utf-16be");
  const declared = /encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(new TextDecoder("latin1").decode(head.subarray(0, 256)))?.[1]?.toLowerCase();
  if (declared && /^(iso-?8859-1|latin-?1|windows-1252|cp1252|us-ascii|ascii)$/.test(declared)) return new TextDecoder("windows-1252");
  return new TextDecoder("utf-8"); // strips a UTF-8 BOM
}

/** The scanner's refusals, worded for TCX (it was written for GPX first). */
function forTcx(err: unknown): unknown {
  if (!(err instanceof ImportError)) return err;
  if (err.code === "not_gpx") return new ImportError("not_tcx", "This is not a TCX file: it holds no XML document.");
  if (err.code === "unsafe_xml") {
    return new ImportError("unsafe_xml", "This file contains a document type or entity declaration, which TCX files never need; it was refused for safety.");
  }
  return err;
}

export interface TcxStreamParser {
  write(chunk: Uint8Array): void;
  end(): ParsedTcx;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];
/** How many bytes decoderFor looks at: the encoding is chosen once this many have arrived. */
const HEAD_BYTES = 256;

/** A parser fed chunk by chunk (a file stream, an upload), holding only the current chunk. */
export function createTcxParser(now: Date = new Date()): TcxStreamParser {
  let decoder: TextDecoder | null = null;
  let utf8 = false;
  let head: Uint8Array[] = [];
  let headBytes = 0;
  let bomSeen = 0;
  let bytes = 0;
  const handler = new TcxHandler(now.getTime());
  const scanner = handler.scanner;

  const choose = (first: Uint8Array) => {
    decoder = decoderFor(first);
    utf8 = decoder.encoding === "utf-8";
  };
  const joinHead = (chunk: Uint8Array | null) => {
    const all = Buffer.concat(chunk === null ? head : [...head, chunk]);
    head = [];
    return all;
  };
  const feed = (chunk: Uint8Array) => {
    if (!utf8) {
      const text = decoder!.decode(chunk, { stream: true });
      if (text.length > 0) scanner.write(Buffer.from(text, "utf8"));
      return;
    }
    let from = 0;
    while (bomSeen < 3 && from < chunk.byteLength) {
      if (chunk[from] !== UTF8_BOM[bomSeen]) {
        if (bomSeen > 0) scanner.write(Uint8Array.from(UTF8_BOM.slice(0, bomSeen)));
        bomSeen = 3;
        break;
      }
      bomSeen++;
      from++;
    }
    if (from < chunk.byteLength) scanner.write(from === 0 ? chunk : chunk.subarray(from));
  };

  return {
    write(chunk) {
      if (chunk.byteLength === 0) return;
      bytes += chunk.byteLength;
      try {
        if (decoder === null) {
          if (headBytes + chunk.byteLength < HEAD_BYTES) {
            head.push(Uint8Array.from(chunk)); // a copy: the caller may reuse its chunk
            headBytes += chunk.byteLength;
            return;
          }
          if (head.length > 0) chunk = joinHead(chunk);
          choose(chunk);
        }
        feed(chunk);
      } catch (err) {
        throw forTcx(err);
      }
    },
    end() {
      if (bytes === 0) throw new ImportError("empty_file", "The file is empty.");
      try {
        if (decoder === null) {
          const all = joinHead(null);
          choose(all);
          feed(all);
        }
        if (!utf8) {
          const text = decoder!.decode();
          if (text.length > 0) scanner.write(Buffer.from(text, "utf8"));
        } else if (bomSeen > 0 && bomSeen < 3) {
          scanner.write(Uint8Array.from(UTF8_BOM.slice(0, bomSeen)));
        }
        scanner.end();
      } catch (err) {
        throw forTcx(err);
      }
      return finish(handler);
    },
  };
}

function finish(h: TcxHandler): ParsedTcx {
  const track = h.points.build();
  if (track.length === 0) {
    if (h.coursePoints > 0) throw new ImportError("route_only", "This TCX file is a course (a planned route), not a recorded activity.");
    throw new ImportError("no_track", "This TCX file has no recorded track points.");
  }
  let timed = 0;
  for (let i = 0; i < track.length && timed < 2; i++) if (!Number.isNaN(track.timeMs[i]!)) timed++;
  if (timed < 2) {
    throw new ImportError(
      "no_times",
      "This track has no timestamps, so it is a drawn route rather than a recorded activity and cannot count as training.",
    );
  }
  return {
    format: "tcx",
    name: h.activityName ?? h.notes,
    typeHint: h.sport,
    track,
    deviceDistanceM: h.extra.anyDist ? h.extra.dist.slice(0, track.length) : null,
    idTimeMs: h.idTimeMs,
    laps: h.laps,
    activityCount: h.activityCount,
  };
}

/** Parses a whole TCX file held in memory (in 1 MB slices, through the same streaming path). */
export function parseTcx(bytes: Uint8Array, now: Date = new Date()): ParsedTcx {
  const parser = createTcxParser(now);
  const SLICE = 1 << 20;
  for (let i = 0; i < bytes.byteLength; i += SLICE) parser.write(bytes.subarray(i, i + SLICE));
  return parser.end();
}

/**
 * The distance each point adds by the device's own count, in the shape of summarizeTrack's
 * `stepsM` (so that totalDistanceM, movingTimeS and packStreams take it as it is): the increase of
 * the cumulative DistanceMeters since the last point that had one, NaN for points without one.
 * The first point with a value adds that value (the device counted it from the start), so the
 * steps sum to the device's final distance. Across a pause (a new segment) the device counts
 * nothing, so its increase is kept; a decrease (a writer that restarts the count each lap) adds 0
 * and restarts from the new value. Null when the file has no device distance.
 */
export function deviceStepsM(track: Track, deviceDistanceM: Float64Array | null): Float64Array | null {
  if (deviceDistanceM === null) return null;
  const steps = new Float64Array(track.length);
  let last = NaN;
  for (let i = 0; i < track.length; i++) {
    const d = deviceDistanceM[i]!;
    if (Number.isNaN(d)) {
      steps[i] = NaN;
      continue;
    }
    steps[i] = Number.isNaN(last) ? d : Math.max(0, d - last);
    last = d;
  }
  return steps;
}
