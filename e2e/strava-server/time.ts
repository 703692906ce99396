/**
 * Time-zone arithmetic for Strava's date fields (§3 of the reference):
 * - start_date is UTC with a Z;
 * - start_date_local is the local wall-clock time, *also* written with a Z;
 * - timezone is "(GMT+01:00) Europe/Paris", where the prefix is the zone's *standard* offset
 *   even in summer, while utc_offset is the offset in force at the activity's date.
 * Offsets come from Intl (the runtime's tz database), so DST changes are the real ones.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" });
    formatters.set(zone, f);
  }
  return f;
}

/** Asks Intl (about 6 µs a call, too slow to call for every activity of a big history). */
function intlOffset(zone: string, epochS: number): number {
  const name = formatter(zone).formatToParts(new Date(epochS * 1000)).find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const m = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name);
  return m && m[1] ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60) : 0;
}

/** A zone's offsets over one calendar year: offsets[i] applies from starts[i]. */
interface YearTable {
  starts: number[];
  offsets: number[];
  /** Start of the next year: the table covers [starts[0], end). */
  end: number;
}

const tables = new Map<string, YearTable>();
const WEEK = 7 * 86400;

/**
 * Finds the year's offset changes once (sampling every week, then bisecting each change to the
 * minute), so later lookups are a short scan. Zones change offset at most a few times a year.
 */
function yearTable(zone: string, year: number): YearTable {
  const key = `${zone}@${year}`;
  const cached = tables.get(key);
  if (cached) return cached;
  const y0 = Date.UTC(year, 0, 1) / 1000;
  const y1 = Date.UTC(year + 1, 0, 1) / 1000;
  const table: YearTable = { starts: [y0], offsets: [intlOffset(zone, y0)], end: y1 };
  let prevT = y0;
  let prevO = table.offsets[0]!;
  while (prevT < y1) {
    const t = Math.min(prevT + WEEK, y1);
    const o = intlOffset(zone, t);
    if (o !== prevO) {
      let lo = prevT;
      let hi = t;
      while (hi - lo > 60) {
        const mid = Math.floor((lo + hi) / 120) * 60;
        if (mid <= lo || mid >= hi) break;
        if (intlOffset(zone, mid) === prevO) lo = mid;
        else hi = mid;
      }
      table.starts.push(hi);
      table.offsets.push(o);
    }
    prevT = t;
    prevO = o;
  }
  tables.set(key, table);
  return table;
}

/** The table used last per zone: consecutive lookups are nearly always in the same year. */
const lastTable = new Map<string, YearTable>();

/** The zone's UTC offset in seconds at an instant (epoch seconds). */
export function offsetAt(zone: string, epochS: number): number {
  let table = lastTable.get(zone);
  if (!table || epochS < table.starts[0]! || epochS >= table.end) {
    table = yearTable(zone, new Date(epochS * 1000).getUTCFullYear());
    lastTable.set(zone, table);
  }
  let offset = table.offsets[0]!;
  for (let i = 1; i < table.starts.length && table.starts[i]! <= epochS; i++) offset = table.offsets[i]!;
  return offset;
}

/** The standard (non-DST) offset: the smaller of January's and July's in either hemisphere. */
export function standardOffset(zone: string, year: number): number {
  return Math.min(offsetAt(zone, Date.UTC(year, 0, 1) / 1000), offsetAt(zone, Date.UTC(year, 6, 1) / 1000));
}

function formatOffset(offsetS: number): string {
  const sign = offsetS < 0 ? "-" : "+";
  const abs = Math.abs(offsetS);
  const hh = String(Math.floor(abs / 3600)).padStart(2, "0");
  const mm = String(Math.floor((abs % 3600) / 60)).padStart(2, "0");
  return `${sign}${hh}:${mm}`;
}

/** Strava's `timezone` string, e.g. "(GMT+01:00) Europe/Paris" for a July run in Paris. */
export function stravaTimezone(zone: string, epochS: number): string {
  const year = new Date(epochS * 1000).getUTCFullYear();
  return `(GMT${formatOffset(standardOffset(zone, year))}) ${zone}`;
}

/** ISO-8601 without milliseconds, as Strava writes dates. */
export function isoSeconds(epochS: number): string {
  return new Date(epochS * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** start_date_local: the wall-clock time, with Strava's misleading Z. */
export function localIsoWithZ(epochS: number, zone: string): string {
  return isoSeconds(epochS + offsetAt(zone, epochS));
}

/** The instant at which the wall clock in `zone` shows the given local time (epoch seconds). */
export function localToEpoch(zone: string, wallClockAsUtcS: number): number {
  // Two passes settle the offset on either side of a DST change.
  const first = wallClockAsUtcS - offsetAt(zone, wallClockAsUtcS);
  return wallClockAsUtcS - offsetAt(zone, first);
}

/** Parses Strava's start_date_local form ("2026-03-15T08:02:11Z", or without the Z) as wall time. */
export function parseWallClock(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?Z?$/.exec(text);
  if (!m) return null;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)) / 1000;
}
