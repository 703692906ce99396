import { isAscii } from "node:buffer";
import { TrackBuilder } from "./track";
import { ImportError, type ParsedActivity } from "./types";
import { attribute, XmlScanner, type XmlHandler } from "./xml-scanner";
import { parseIsoTime } from "./iso-time";

/**
 * GPX 1.0 and 1.1 reader on the streaming XML scanner: one pass, no DOM. Reads tracks with any
 * number of segments and points with time, elevation and the heart rate, cadence and power that
 * Garmin's TrackPointExtension (any prefix: gpxtpx:, ns3:, none) and other common writers put in
 * <extensions>. Routes and waypoint-only files are recognised and refused for training load.
 */

export const EARLIEST_TIME_MS = Date.UTC(1990, 0, 1);
export const FUTURE_SLACK_MS = 24 * 3600 * 1000;
export const MAX_POINTS = 2_000_000;

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

/** Number(" 12.5 ") is 12.5 (it ignores surrounding white space) but Number("") is 0, not missing. */
function number(text: string): number {
  return text.length === 0 ? NaN : Number(text);
}

 
const CONTROL = /[\u0000-\u001f\u007f]+/g;
const cleanText = (s: string) => s.replace(CONTROL, " ").replace(/\s+/g, " ").trim();

class GpxHandler implements XmlHandler {
  wantText = false;
  readonly points = new TrackBuilder();
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

  constructor(private readonly nowMs: number) {}

  open(_qname: string, name: string, attrs: string, depth: number): void {
    if (!this.rootChecked) {
      this.rootChecked = true;
      if (name !== "gpx") {
        const tcx = name === "TrainingCenterDatabase" ? " It looks like a TCX file, which Patella does not read yet." : "";
        throw new ImportError("not_gpx", `This is not a GPX file.${tcx}`);
      }
      return;
    }
    if (this.trkptDepth > 0) {
      if (depth === this.trkptDepth + 1) {
        if (name === "time") this.field = Field.Time;
        else if (name === "ele") this.field = Field.Ele;
      } else {
        this.field = POINT_EXTENSION_FIELDS.get(name) ?? Field.None;
      }
      this.wantText = this.field !== Field.None;
      return;
    }
    switch (name) {
      case "trk":
        this.tracks++;
        this.trkDepth = depth;
        return;
      case "trkseg":
        if (this.trkDepth > 0) this.points.startSegment();
        return;
      case "trkpt": {
        if (this.trkDepth === 0) return;
        const lat = Number(attribute(attrs, "lat") ?? NaN);
        const lon = Number(attribute(attrs, "lon") ?? NaN);
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
      case "rtept":
        this.routePoints++;
        return;
      case "wpt":
        this.waypoints++;
        return;
      case "name":
        if (this.trkDepth > 0 && depth === this.trkDepth + 1 && this.firstTrack) this.field = Field.TrackName;
        else if (this.trkDepth === 0 && depth <= 3 && this.metaName === null) this.field = Field.MetaName;
        break;
      case "type":
        if (this.trkDepth > 0 && depth === this.trkDepth + 1 && this.firstTrack) this.field = Field.TrackType;
        break;
      default:
        return;
    }
    this.wantText = this.field !== Field.None;
  }

  /** `<name>text</name>` in one call (the scanner's fast path): the same as open, text and close. */
  leaf(qname: string, name: string, attrs: string, value: string, depth: number): void {
    if (this.trkptDepth > 0) {
      // Inside a point, the hot path: time, elevation and extension values.
      if (depth === this.trkptDepth + 1) this.field = name === "time" ? Field.Time : name === "ele" ? Field.Ele : Field.None;
      else this.field = POINT_EXTENSION_FIELDS.get(name) ?? Field.None;
      if (this.field !== Field.None) this.text(value);
      return;
    }
    this.wantText = false;
    this.open(qname, name, attrs, depth);
    if (this.wantText) this.text(value);
    this.wantText = false;
    this.close(qname, depth);
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
        this.ele = number(value);
        break;
      case Field.Hr: {
        const hr = number(value);
        if (Number.isNaN(this.hr) && hr > 0 && hr < 260) this.hr = hr;
        break;
      }
      case Field.Cadence: {
        const cad = number(value);
        if (Number.isNaN(this.cadence) && cad >= 0 && cad < 300) this.cadence = cad;
        break;
      }
      case Field.Power: {
        const w = number(value);
        if (Number.isNaN(this.power) && w >= 0 && w < 3000) this.power = w;
        break;
      }
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

  close(_qname: string, depth: number): void {
    if (this.trkptDepth > 0) {
      if (depth === this.trkptDepth) {
        if (this.points.length >= MAX_POINTS) {
          throw new ImportError("too_large", `This track has more than ${MAX_POINTS.toLocaleString("en")} points, more than Patella imports from one file.`);
        }
        this.points.push(this.lat, this.lon, this.timeMs, Number.isFinite(this.ele) ? this.ele : NaN, this.hr, this.cadence, this.power);
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

/** A parser fed chunk by chunk (a file stream, an upload), holding only the current chunk as text. */
export function createGpxParser(now: Date = new Date()): GpxStreamParser {
  let decoder: TextDecoder | null = null;
  let bytes = 0;
  const handler = new GpxHandler(now.getTime());
  const scanner = new XmlScanner(handler);
  return {
    write(chunk) {
      if (chunk.byteLength === 0) return;
      decoder ??= decoderFor(chunk);
      bytes += chunk.byteLength;
      // Pure ASCII reads the same in UTF-8 and Latin-1, and Latin-1 decoding is much cheaper. (A
      // multi-byte character split across chunks makes the next chunk start with non-ASCII bytes,
      // so the decoder's own state is never skipped.)
      const utf8 = decoder.encoding === "utf-8";
      scanner.write(
        utf8 && isAscii(chunk)
          ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString("latin1")
          : decoder.decode(chunk, { stream: true }),
      );
    },
    end() {
      if (bytes === 0) throw new ImportError("empty_file", "The file is empty.");
      scanner.write(decoder!.decode());
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
