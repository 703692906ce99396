import { plainDecimal } from "./decimal";
import { fastUtcBytes, parseIsoTime } from "./iso-time";
import { MAX_POINTS_PER_ACTIVITY, TrackBuilder, tooManyPointsError } from "./track";
import { ImportError, type ParsedActivity } from "./types";
import { attributeSpan, decodeEntities, decodeUtf8, XmlByteScanner, type XmlEvents, type XmlName } from "./xml-scanner";

/**
 * GPX 1.0 and 1.1 reader on the streaming XML scanner: one pass, no DOM. Reads tracks with any
 * number of segments and points with time, elevation and the heart rate, cadence and power that
 * Garmin's TrackPointExtension (any prefix: gpxtpx:, ns3:, none) and other common writers put in
 * <extensions>. Routes and waypoint-only files are recognised and refused for training load.
 */

export const EARLIEST_TIME_MS = Date.UTC(1990, 0, 1);
export const FUTURE_SLACK_MS = 24 * 3600 * 1000;
/** Points per activity, for every format: see MAX_POINTS_PER_ACTIVITY. */
export const MAX_POINTS = MAX_POINTS_PER_ACTIVITY;

const enum Field {
  None,
  Time,
  Ele,
  Hr,
  Cadence,
  Power,
  TrackName,
  TrackType,
  MetaName,
}

/** Extension elements inside a point that carry heart rate, cadence or power (local names, exact). */
const POINT_EXTENSION_FIELDS = new Map<string, Field>([
  ["hr", Field.Hr],
  ["heartrate", Field.Hr],
  ["HeartRate", Field.Hr],
  ["heart_rate", Field.Hr],
  ["bpm", Field.Hr],
  ["cad", Field.Cadence],
  ["cadence", Field.Cadence],
  ["Cadence", Field.Cadence],
  ["RunCadence", Field.Cadence],
  ["power", Field.Power],
  ["Power", Field.Power],
  ["watts", Field.Power],
  ["Watts", Field.Power],
]);

/** What a tag's local name means to the reader, worked out once per distinct name (XmlName.kind). */
const enum Kind {
  Unknown, // not worked out yet
  Other,
  Time,
  Ele,
  Hr,
  Cadence,
  Power,
  Trk,
  Trkseg,
  Trkpt,
  Rtept,
  Wpt,
  Name,
  Type,
}

function kindOf(local: string): Kind {
  switch (local) {
    case "time":
      return Kind.Time;
    case "ele":
      return Kind.Ele;
    case "trk":
      return Kind.Trk;
    case "trkseg":
      return Kind.Trkseg;
    case "trkpt":
      return Kind.Trkpt;
    case "rtept":
      return Kind.Rtept;
    case "wpt":
      return Kind.Wpt;
    case "name":
      return Kind.Name;
    case "type":
      return Kind.Type;
  }
  switch (POINT_EXTENSION_FIELDS.get(local)) {
    case Field.Hr:
      return Kind.Hr;
    case Field.Cadence:
      return Kind.Cadence;
    case Field.Power:
      return Kind.Power;
    default:
      return Kind.Other;
  }
}

function kind(name: XmlName): Kind {
  const k = name.kind as Kind;
  return k !== Kind.Unknown ? k : (name.kind = kindOf(name.local));
}

/** The field of an element inside a point: time and elevation as its children, the rest anywhere below. */
function pointField(k: Kind, child: boolean): Field {
  if (child) return k === Kind.Time ? Field.Time : k === Kind.Ele ? Field.Ele : Field.None;
  return k === Kind.Hr ? Field.Hr : k === Kind.Cadence ? Field.Cadence : k === Kind.Power ? Field.Power : Field.None;
}

/** Number(" 12.5 ") is 12.5 (it ignores surrounding white space) but Number("") is 0, not missing. */
function number(text: string): number {
  return text.length === 0 ? NaN : Number(text);
}

const CONTROL = /[\u0000-\u001f\u007f]+/g;
const cleanText = (s: string) => s.replace(CONTROL, " ").replace(/\s+/g, " ").trim();

const LAT_EQ = new TextEncoder().encode(' lat="');
const LON_EQ = new TextEncoder().encode(' lon="');

/** Whether buf holds the bytes of `s` at `at`; the caller has made sure that buf is long enough. */
function startsWith(buf: Uint8Array, at: number, s: Uint8Array): boolean {
  for (let k = 0; k < s.length; k++) if (buf[at + k] !== s[k]) return false;
  return true;
}

const LAT = new TextEncoder().encode("lat");
const LON = new TextEncoder().encode("lon");

class GpxHandler implements XmlEvents {
  wantText = false;
  readonly points = new TrackBuilder();
  readonly scanner: XmlByteScanner = new XmlByteScanner(this);
  name: string | null = null;
  metaName: string | null = null;
  typeHint: string | null = null;
  routePoints = 0;
  waypoints = 0;
  tracks = 0;

  private rootChecked = false;
  private field = Field.None;
  private trkDepth = 0;
  private trkptDepth = 0;
  private firstTrack = true;
  // The point being read.
  private lat = 0;
  private lon = 0;
  private timeMs = NaN;
  private ele = NaN;
  private hr = NaN;
  private cadence = NaN;
  private power = NaN;
  /** An attribute value's span, found by attributeSpan. */
  private readonly span = { start: 0, end: 0 };

  constructor(private readonly nowMs: number) {}

  start(tag: XmlName, depth: number): void {
    if (!this.rootChecked) {
      this.rootChecked = true;
      if (tag.local !== "gpx") {
        const tcx = tag.local === "TrainingCenterDatabase" ? " It looks like a TCX file, which Patella does not read yet." : "";
        throw new ImportError("not_gpx", `This is not a GPX file.${tcx}`);
      }
      return;
    }
    const k = kind(tag);
    if (this.trkptDepth > 0) {
      this.field = pointField(k, depth === this.trkptDepth + 1);
      this.wantText = this.field !== Field.None;
      return;
    }
    switch (k) {
      case Kind.Trk:
        this.tracks++;
        this.trkDepth = depth;
        return;
      case Kind.Trkseg:
        if (this.trkDepth > 0) this.points.startSegment();
        return;
      case Kind.Trkpt: {
        if (this.trkDepth === 0) return;
        const fast = this.plainLatLon();
        const lat = fast ? this.lat : this.coordinate(LAT);
        const lon = fast ? this.lon : this.coordinate(LON);
        if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
          throw new ImportError(
            "bad_coordinates",
            "This file has a track point with missing or impossible coordinates, so it cannot be imported.",
          );
        }
        this.trkptDepth = depth;
        this.lat = lat;
        this.lon = lon;
        this.timeMs = this.ele = this.hr = this.cadence = this.power = NaN;
        return;
      }
      case Kind.Rtept:
        this.routePoints++;
        return;
      case Kind.Wpt:
        this.waypoints++;
        return;
      case Kind.Name:
        if (this.trkDepth > 0 && depth === this.trkDepth + 1 && this.firstTrack) this.field = Field.TrackName;
        else if (this.trkDepth === 0 && depth <= 3 && this.metaName === null) this.field = Field.MetaName;
        break;
      case Kind.Type:
        if (this.trkDepth > 0 && depth === this.trkDepth + 1 && this.firstTrack) this.field = Field.TrackType;
        break;
      default:
        return;
    }
    this.wantText = this.field !== Field.None;
  }

  /**
   * The commonest way a point is written, ` lat="…" lon="…"` with plain decimals, read straight
   * into lat and lon (false, reading nothing, for any other attribute text). Nothing before "lon"
   * can contain "lon", so these are what attribute() would find.
   */
  private plainLatLon(): boolean {
    const s = this.scanner;
    const buf = s.buf;
    const end = s.attrEnd;
    let i = s.attrStart;
    if (end - i < 16 || !startsWith(buf, i, LAT_EQ)) return false;
    i += LAT_EQ.length;
    let j = i;
    while (j < end && buf[j] !== 0x22) j++;
    if (j === end) return false;
    const lat = plainDecimal(buf, i, j);
    i = j + 1;
    if (Number.isNaN(lat) || end - i < LON_EQ.length || !startsWith(buf, i, LON_EQ)) return false;
    i += LON_EQ.length;
    j = i;
    while (j < end && buf[j] !== 0x22) j++;
    if (j === end) return false;
    const lon = plainDecimal(buf, i, j);
    if (Number.isNaN(lon)) return false;
    this.lat = lat;
    this.lon = lon;
    return true;
  }

  /** Number(value) of a coordinate attribute of the current start tag; NaN when absent. */
  private coordinate(name: Uint8Array): number {
    const s = this.scanner;
    if (!attributeSpan(s.buf, s.attrStart, s.attrEnd, name, this.span)) return NaN;
    const v = plainDecimal(s.buf, this.span.start, this.span.end);
    return Number.isNaN(v) ? Number(decodeEntities(decodeUtf8(s.buf, this.span.start, this.span.end))) : v;
  }

  /** `<name>text</name>` in one call (the scanner's fast path): the same as start, text and end. */
  leaf(tag: XmlName, depth: number): void {
    if (this.trkptDepth > 0) {
      // Inside a point, the hot path: time, elevation and extension values, read from the bytes.
      const field = pointField(kind(tag), depth === this.trkptDepth + 1);
      if (field === Field.None) return;
      const s = this.scanner;
      if (field === Field.Time) {
        const t = fastUtcBytes(s.buf, s.textStart, s.textEnd);
        if (!Number.isNaN(t) && t >= EARLIEST_TIME_MS && t <= this.nowMs + FUTURE_SLACK_MS) {
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
      case Field.Ele:
        this.ele = v;
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
        if (t < EARLIEST_TIME_MS || t > this.nowMs + FUTURE_SLACK_MS) {
          throw new ImportError(
            "bad_time",
            `This file's times are not plausible (${cleanText(value).slice(0, 40)}): the recording device's clock was probably wrong.`,
          );
        }
        this.timeMs = t;
        break;
      }
      case Field.Ele:
      case Field.Hr:
      case Field.Cadence:
      case Field.Power:
        this.setNumber(this.field, number(value));
        break;
      case Field.TrackName:
        this.name = cleanText(value) || null;
        break;
      case Field.TrackType:
        this.typeHint = cleanText(value) || null;
        break;
      case Field.MetaName:
        this.metaName = cleanText(value) || null;
        break;
      case Field.None:
        break;
    }
    this.field = Field.None;
  }

  end(_tag: XmlName, depth: number): void {
    if (this.trkptDepth > 0) {
      if (depth === this.trkptDepth) {
        if (this.points.length >= MAX_POINTS) {
          throw tooManyPointsError();
        }
        this.points.push(this.lat, this.lon, this.timeMs, Number.isFinite(Math.fround(this.ele)) ? this.ele : NaN, this.hr, this.cadence, this.power);
        this.trkptDepth = 0;
      }
      return;
    }
    if (depth === this.trkDepth) {
      this.trkDepth = 0;
      this.firstTrack = false;
    }
  }
}

/** Picks the text decoder from a byte-order mark or the XML declaration's encoding. */
function decoderFor(head: Uint8Array): TextDecoder {
  if (head[0] === 0xff && head[1] === 0xfe) return new TextDecoder("utf-16le");
  if (head[0] === 0xfe && head[1] === 0xff) return new TextDecoder("utf-16be");
  const declared = /encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(new TextDecoder("latin1").decode(head.subarray(0, 256)))?.[1]?.toLowerCase();
  if (declared && /^(iso-?8859-1|latin-?1|windows-1252|cp1252|us-ascii|ascii)$/.test(declared)) return new TextDecoder("windows-1252");
  return new TextDecoder("utf-8"); // strips a UTF-8 BOM
}

export interface GpxStreamParser {
  write(chunk: Uint8Array): void;
  end(): ParsedActivity;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];
/** How many bytes decoderFor looks at: the encoding is chosen once this many have arrived. */
const HEAD_BYTES = 256;

/** A parser fed chunk by chunk (a file stream, an upload), holding only the current chunk. */
export function createGpxParser(now: Date = new Date()): GpxStreamParser {
  let decoder: TextDecoder | null = null;
  let utf8 = false;
  /** The first chunks, held until there are enough bytes to choose the decoder. */
  let head: Uint8Array[] = [];
  let headBytes = 0;
  /** UTF-8 input: how many bytes of a leading byte-order mark have been seen (3: done with it). */
  let bomSeen = 0;
  let bytes = 0;
  const handler = new GpxHandler(now.getTime());
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
      // Other encodings are decoded, and the text scanned as UTF-8.
      const text = decoder!.decode(chunk, { stream: true });
      if (text.length > 0) scanner.write(Buffer.from(text, "utf8"));
      return;
    }
    // UTF-8 is scanned as it is, once a leading byte-order mark (which may be split) is dropped.
    let from = 0;
    while (bomSeen < 3 && from < chunk.byteLength) {
      if (chunk[from] !== UTF8_BOM[bomSeen]) {
        // Not a mark after all: what was taken for its start is text.
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
    },
    end() {
      if (bytes === 0) throw new ImportError("empty_file", "The file is empty.");
      if (decoder === null) {
        const all = joinHead(null);
        choose(all);
        feed(all);
      }
      if (!utf8) {
        const text = decoder!.decode();
        if (text.length > 0) scanner.write(Buffer.from(text, "utf8"));
      } else if (bomSeen > 0 && bomSeen < 3) {
        scanner.write(Uint8Array.from(UTF8_BOM.slice(0, bomSeen))); // a cut-off mark is text
      }
      scanner.end();
      return finish(handler);
    },
  };
}

function finish(h: GpxHandler): ParsedActivity {
  const track = h.points.build();
  if (track.length === 0) {
    if (h.routePoints > 0) throw new ImportError("route_only", "This file is a planned route, not a recorded activity.");
    if (h.waypoints > 0) throw new ImportError("waypoints_only", "This file holds only waypoints, not a recorded activity.");
    throw new ImportError("no_track", "This GPX file has no recorded track.");
  }
  let timed = 0;
  for (let i = 0; i < track.length && timed < 2; i++) if (!Number.isNaN(track.timeMs[i]!)) timed++;
  if (timed < 2) {
    throw new ImportError(
      "no_times",
      "This track has no timestamps, so it is a drawn route rather than a recorded activity and cannot count as training.",
    );
  }
  return { format: "gpx", name: h.name ?? h.metaName, typeHint: h.typeHint, track };
}

/** Parses a whole GPX file held in memory (in 1 MB slices, through the same streaming path). */
export function parseGpx(bytes: Uint8Array, now: Date = new Date()): ParsedActivity {
  const parser = createGpxParser(now);
  const SLICE = 1 << 20;
  for (let i = 0; i < bytes.byteLength; i += SLICE) parser.write(bytes.subarray(i, i + SLICE));
  return parser.end();
}
