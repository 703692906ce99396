import { ImportError, type ParsedActivity, type TrackPoint } from "./types";

/**
 * A deliberately small GPX reader for the first vertical slice: tracks, segments, points with
 * time, elevation, heart rate and cadence (any namespace prefix). It refuses DTDs and entities
 * outright, so no entity is ever expanded. The GPX import issue replaces it with a streaming parser.
 */

const EARLIEST_MS = Date.UTC(1990, 0, 1);
const FUTURE_SLACK_MS = 24 * 3600 * 1000;

function decode(bytes: Uint8Array): string {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 200));
  const declared = /encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1]?.toLowerCase();
  const label = declared === "iso-8859-1" || declared === "latin1" || declared === "windows-1252" ? "windows-1252" : "utf-8";
  // ignoreBOM: false strips a UTF-8 byte-order mark.
  return new TextDecoder(label, { fatal: false, ignoreBOM: false }).decode(bytes);
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function textOf(raw: string): string {
  const cdata = /^\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*$/.exec(raw);
  if (cdata) return cdata[1]!.trim();
  return raw
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === "#") {
        const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "";
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .trim();
}

function childText(xml: string, tag: string): string | null {
  const m = new RegExp(`<(?:[\\w.-]+:)?${tag}\\b[^>]*>([\\s\\S]*?)</(?:[\\w.-]+:)?${tag}>`).exec(xml);
  return m ? textOf(m[1]!) : null;
}

function attr(attrs: string, name: string): string | null {
  const m = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

function num(s: string | null): number | null {
  if (s === null || s.trim() === "") return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

function parsePoint(attrs: string, body: string, nowMs: number): TrackPoint {
  const lat = num(attr(attrs, "lat"));
  const lon = num(attr(attrs, "lon"));
  if (lat === null || lon === null || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    throw new ImportError(
      "bad_coordinates",
      "This file has a track point with missing or impossible coordinates, so it cannot be imported.",
    );
  }
  const timeText = childText(body, "time");
  let timeMs: number | null = null;
  if (timeText) {
    // GPX times are UTC; without a zone, Date.parse would read them in the server's own time zone.
    timeMs = Date.parse(/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(timeText) ? `${timeText}Z` : timeText);
    if (!Number.isFinite(timeMs)) {
      throw new ImportError("bad_time", `This file has a point with an unreadable time ("${timeText.slice(0, 40)}").`);
    }
    if (timeMs < EARLIEST_MS || timeMs > nowMs + FUTURE_SLACK_MS) {
      throw new ImportError(
        "bad_time",
        `This file's times are not plausible (${timeText.slice(0, 40)}): the recording device's clock was probably wrong.`,
      );
    }
  }
  const hr = num(childText(body, "hr")) ?? num(childText(body, "heartrate"));
  const cadence = num(childText(body, "cad")) ?? num(childText(body, "cadence"));
  return {
    lat,
    lon,
    timeMs,
    eleM: num(childText(body, "ele")),
    hr: hr !== null && hr > 0 && hr < 260 ? hr : null,
    cadence: cadence !== null && cadence >= 0 && cadence < 300 ? cadence : null,
  };
}

export function parseGpx(bytes: Uint8Array, now: Date = new Date()): ParsedActivity {
  if (bytes.byteLength === 0) throw new ImportError("empty_file", "The file is empty.");
  const xml = decode(bytes);
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    throw new ImportError(
      "unsafe_xml",
      "This file contains a document type or entity declaration, which GPX files never need; it was refused for safety.",
    );
  }
  const root = /<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>/]/.exec(xml.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, ""));
  if (!root || root[2] !== "gpx") {
    const what = root?.[2] === "TrainingCenterDatabase" ? " It looks like a TCX file, which Patella does not read yet." : "";
    throw new ImportError("not_gpx", `This is not a GPX file.${what}`);
  }
  if (!/<\/(?:[\w.-]+:)?gpx>\s*$/.test(xml)) {
    throw new ImportError("malformed", "The file ends before its closing </gpx> tag: it was probably cut off during download.");
  }

  const nowMs = now.getTime();
  const segments: TrackPoint[][] = [];
  let name: string | null = null;
  let typeHint: string | null = null;
  for (const trk of xml.matchAll(/<(?:[\w.-]+:)?trk\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?trk>/g)) {
    const body = trk[1]!;
    const head = body.split(/<(?:[\w.-]+:)?trkseg\b/)[0]!;
    name ??= childText(head, "name");
    typeHint ??= childText(head, "type");
    for (const seg of body.matchAll(/<(?:[\w.-]+:)?trkseg\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?trkseg>/g)) {
      const points: TrackPoint[] = [];
      for (const pt of seg[1]!.matchAll(/<(?:[\w.-]+:)?trkpt\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?trkpt>)/g)) {
        points.push(parsePoint(pt[1]!, pt[2] ?? "", nowMs));
      }
      if (points.length > 0) segments.push(points);
    }
  }
  name ??= childText(xml.split(/<(?:[\w.-]+:)?trk\b/)[0]!, "name");

  if (segments.length === 0) {
    if (/<(?:[\w.-]+:)?rtept\b/.test(xml)) {
      throw new ImportError("route_only", "This file is a planned route, not a recorded activity.");
    }
    if (/<(?:[\w.-]+:)?wpt\b/.test(xml)) {
      throw new ImportError("waypoints_only", "This file holds only waypoints, not a recorded activity.");
    }
    throw new ImportError("no_track", "This GPX file has no recorded track.");
  }
  const timed = segments.flat().filter((p) => p.timeMs !== null).length;
  if (timed < 2) {
    throw new ImportError(
      "no_times",
      "This track has no timestamps, so it is a drawn route rather than a recorded activity and cannot count as training.",
    );
  }
  return { format: "gpx", name, typeHint, segments };
}
