import tzlookup from "@photostructure/tz-lookup";

/**
 * The zone an activity was recorded in, strongest evidence first:
 * 1. Strava's `timezone` (mapped in lib/strava/mapping.ts, not here);
 * 2. the file's own UTC offset (a TCX/GPX time written with "+01:00"): the zone at the start position
 *    when that zone has the same offset at the start (so a Paris run shows "Paris"), else the fixed
 *    offset as an IANA "Etc/GMT∓h" zone (whole hours only; others fall through);
 * 3. the zone at the start position, from an offline boundary lookup (@photostructure/tz-lookup);
 * 4. the runner's zone at import.
 */
export type ZoneSource = "file_offset" | "position" | "runner";

export interface ZoneEvidence {
  startTime: Date;
  /** Minutes east of UTC written in the file at its first timestamp, or null. */
  fileOffsetMin: number | null;
  /** The first position, or null for a file without one. */
  start: { lat: number; lon: number } | null;
  /** The runner's zone at import. */
  fallback: string;
}

/** Minutes east of UTC of `timeZone` at `instant`. */
export function offsetMinutesAt(timeZone: string, instant: Date): number {
  const name = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
    .formatToParts(instant)
    .find((p) => p.type === "timeZoneName")?.value;
  const m = /GMT([+-])(\d\d):(\d\d)/.exec(name ?? "");
  return m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** The zone at a position, or null (invalid coordinates, or the lookup failed). */
export function zoneAtPosition(lat: number, lon: number): string | null {
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  try {
    return tzlookup(lat, lon);
  } catch {
    return null;
  }
}

/** A fixed offset as an IANA zone ("Etc/GMT-1" is UTC+01:00), or null when not a whole hour. */
export function zoneForOffset(offsetMin: number): string | null {
  if (offsetMin === 0) return "UTC";
  if (offsetMin % 60 !== 0 || Math.abs(offsetMin) > 14 * 60) return null;
  const hours = offsetMin / 60;
  return `Etc/GMT${hours > 0 ? "-" : "+"}${Math.abs(hours)}`;
}

export function resolveActivityZone(e: ZoneEvidence): { timeZone: string; source: ZoneSource } {
  const atPosition = e.start ? zoneAtPosition(e.start.lat, e.start.lon) : null;
  if (e.fileOffsetMin !== null) {
    if (atPosition && offsetMinutesAt(atPosition, e.startTime) === e.fileOffsetMin) return { timeZone: atPosition, source: "file_offset" };
    const fixed = zoneForOffset(e.fileOffsetMin);
    if (fixed) return { timeZone: fixed, source: "file_offset" };
  }
  if (atPosition) return { timeZone: atPosition, source: "position" };
  return { timeZone: e.fallback, source: "runner" };
}

/**
 * The UTC offset written on the first timestamp of a GPX or TCX file ("2026-11-15T08:00:00+01:00"),
 * in minutes east of UTC; null when the times are in UTC ("Z") or carry no offset. Reads only the
 * first timestamp of the file's first 64 KiB.
 */
export function fileOffsetMinutes(bytes: Uint8Array): number | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 65_536)).toString("latin1");
  const m = /<(?:\w+:)?[Tt]ime>\s*\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?\s*(Z|[+-]\d\d:?\d\d)?\s*</.exec(head);
  if (!m || !m[1] || m[1] === "Z") return null;
  const sign = m[1][0] === "-" ? -1 : 1;
  const digits = m[1].slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

/** The zone an imported file was recorded in (see resolveActivityZone): its offset, its first position, else `fallback`. */
export function recordedZone(
  bytes: Uint8Array,
  track: { length: number; lat: ArrayLike<number>; lon: ArrayLike<number> },
  startTime: Date,
  fallback: string,
): string {
  return zoneOfRecording(fileOffsetMinutes(bytes), track, startTime, fallback);
}

/** recordedZone from the offset already read off the file (the heavy-work thread reads it beside the parse). */
export function zoneOfRecording(
  fileOffsetMin: number | null,
  track: { length: number; lat: ArrayLike<number>; lon: ArrayLike<number> },
  startTime: Date,
  fallback: string,
): string {
  let start: { lat: number; lon: number } | null = null;
  for (let i = 0; i < track.length; i++) {
    const lat = track.lat[i]!;
    const lon = track.lon[i]!;
    if (Number.isFinite(lat) && Number.isFinite(lon)) {
      start = { lat, lon };
      break;
    }
  }
  return resolveActivityZone({ startTime, fileOffsetMin, start, fallback }).timeZone;
}
