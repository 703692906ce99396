import { parse } from "csv-parse/sync";
import { formatBytes } from "@/lib/format-bytes";
import { cleanOneLine, stripControlChars } from "@/lib/validation/text";
import { normaliseEntryName } from "./archive";
import { ImportError } from "./types";

/**
 * activities.csv from a Strava "download your data" archive: one row per activity, about 100
 * columns in the athlete's language, some repeated — "Elapsed Time" and "Distance" appear twice,
 * the first time in the athlete's units for display (km or miles), the second time in seconds and
 * metres. Only the columns Patella uses are read; any others, and any missing optional ones, are fine.
 */

export const STRAVA_CSV_MAX_BYTES = 50 * 1024 * 1024;

export interface StravaCsvRow {
  /** Strava's activity id, digits only (as a string: ids pass 2^53 one day). */
  activityId: string;
  /** "Activity Date" read as UTC (as Strava writes it), ISO 8601 ("2024-05-06T04:02:34.000Z"); null if absent or unreadable. */
  date: string | null;
  /** "Activity Date" as written (cleaned), for reports: null if absent. */
  dateRaw: string | null;
  name: string | null;
  type: string | null;
  /** Multi-line text: line breaks kept, other control characters stripped. */
  description: string | null;
  gear: string | null;
  /** Archive entry name, normalised like archive names ("activities/123.fit.gz"); null if absent or unsafe. */
  filename: string | null;
  /** Seconds: the last "Elapsed Time" column (Strava's second one, in seconds). */
  elapsedS: number | null;
  /** Metres: the second "Distance" column; null when there is only one (its unit, km or miles, is unknown). */
  distanceM: number | null;
  /** Row as a spreadsheet shows it: the header is row 1 (empty lines are not counted). */
  row: number;
}

export interface StravaCsvProblem {
  /** As StravaCsvRow.row. */
  row: number;
  reason: "bad_id" | "duplicate_id";
}

export interface StravaCsv {
  rows: StravaCsvRow[];
  /** Rows left out: an Activity ID that is not digits, or one seen on an earlier row. */
  skipped: number;
  /** The first 100 of them, for reports. */
  problems: StravaCsvProblem[];
  /** The header's language, as recognised. */
  language: "en" | "de";
}

const MAX_PROBLEMS = 100;
const MAX_ONE_LINE = 200;
const MAX_DESCRIPTION = 10_000;

type Field = "id" | "date" | "name" | "type" | "description" | "gear" | "filename" | "elapsed" | "distance";

// English from real exports; German from a published sample of a German export (unverified here).
const HEADERS: Record<"en" | "de", Record<Field, string>> = {
  en: {
    id: "activity id",
    date: "activity date",
    name: "activity name",
    type: "activity type",
    description: "activity description",
    gear: "activity gear",
    filename: "filename",
    elapsed: "elapsed time",
    distance: "distance",
  },
  de: {
    id: "aktivitäts-id",
    date: "aktivitätsdatum",
    name: "name der aktivität",
    type: "aktivitätsart",
    description: "aktivitätsbeschreibung",
    gear: "aktivitätsausrüstung",
    filename: "dateiname",
    elapsed: "verstrichene zeit",
    distance: "distanz",
  },
};

function headerKey(s: string): string {
  return s.replace(/^\ufeff/, "").normalize("NFC").trim().replace(/\s+/g, " ").toLowerCase();
}

/** Column positions of each field: every occurrence, in order. */
function locateColumns(header: readonly string[], language: "en" | "de"): Record<Field, number[]> {
  const names = HEADERS[language];
  const out = Object.fromEntries(Object.keys(names).map((k) => [k, [] as number[]])) as Record<Field, number[]>;
  header.forEach((h, i) => {
    const key = headerKey(h);
    for (const field of Object.keys(names) as Field[]) if (names[field] === key) out[field].push(i);
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Values

function oneLine(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  return cleanOneLine(raw, MAX_ONE_LINE) || null;
}

function multiLine(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  let s = stripControlChars(raw.replace(/\r\n?/g, "\n")).trim();
  if (s.length > MAX_DESCRIPTION) {
    s = s.slice(0, MAX_DESCRIPTION);
    if (/[\ud800-\udbff]$/.test(s)) s = s.slice(0, -1);
  }
  return s || null;
}

/**
 * A number as Strava may write it: "12360.4", "1,234.5" (English thousands), "10,20" (decimal
 * comma), "1.234,5" (German thousands), or a duration "1:02:03"; null if none of these.
 * "1,234" — a comma before exactly three digits — is a thousands separator in English, a decimal one in German.
 */
export function parseStravaNumber(raw: string | undefined, language: "en" | "de" = "en"): number | null {
  if (raw === undefined) return null;
  const s = raw.trim().replace(/[\s\u00a0\u202f]/g, "");
  if (s === "") return null;
  let m = /^(\d+):([0-5]\d):([0-5]\d)$/.exec(s);
  if (m) return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  m = /^(\d+):([0-5]\d)$/.exec(s);
  if (m) return Number(m[1]) * 60 + Number(m[2]);
  let normal: string;
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s) && !(language === "de" && !s.includes("."))) {
    normal = s.replace(/,/g, ""); // 1,234.5
  } else if (/^[+-]?\d{1,3}(\.\d{3})+,\d+$/.test(s)) {
    normal = s.replace(/\./g, "").replace(",", "."); // 1.234,5
  } else if (/^[+-]?\d+,\d+$/.test(s)) {
    normal = s.replace(",", "."); // 10,20
  } else if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(s)) {
    normal = s;
  } else {
    return null;
  }
  const n = Number(normal);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

function isoUtc(y: number, mo: number, d: number, h: number, mi: number, s: number): string | null {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const t = Date.UTC(y, mo - 1, d, h, mi, s);
  const date = new Date(t);
  if (date.getUTCDate() !== d || date.getUTCMonth() !== mo - 1) return null; // Feb 30
  return date.toISOString();
}

/**
 * "May 6, 2024, 4:02:34 AM" (English exports), "06.05.2024, 04:02:34" (German), or
 * "2024-05-06 04:02:34" / ISO with "T" and "Z" — all read as UTC; null for anything else.
 */
export function parseStravaDate(raw: string | null): string | null {
  if (raw === null) return null;
  const s = raw.trim().replace(/[\u00a0\u202f]/g, " ");
  let m = /^([A-Za-z]{3})[A-Za-z]*\.? (\d{1,2}), (\d{4}),? (\d{1,2}):(\d{2}):(\d{2}) ?([AaPp][Mm])$/.exec(s);
  if (m) {
    const month = MONTHS.indexOf(m[1]!.toLowerCase()) + 1;
    let hour = Number(m[4]);
    if (month === 0 || hour < 1 || hour > 12) return null;
    const pm = m[7]!.toLowerCase() === "pm";
    hour = (hour % 12) + (pm ? 12 : 0);
    return isoUtc(Number(m[3]), month, Number(m[2]), hour, Number(m[5]), Number(m[6]));
  }
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4}),? (\d{1,2}):(\d{2}):(\d{2})$/.exec(s);
  if (m) return isoUtc(Number(m[3]), Number(m[2]), Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?Z?$/.exec(s);
  if (m) return isoUtc(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return null;
}

function archiveName(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const s = stripControlChars(raw).trim();
  if (s === "") return null;
  const n = normaliseEntryName(s);
  return n.unsafeReason === null && !n.name.endsWith("/") ? n.name : null;
}

// ---------------------------------------------------------------------------------------------

/**
 * Parses activities.csv (bytes as read from the archive, or text). Refuses with ImportError:
 * over 50 MB → "too_large"; not CSV (an unclosed quote…) → "bad_archive"; no "Activity ID"
 * column → "bad_archive" ("activities.csv has no Activity ID column"); neither "Filename" nor
 * "Activity Name" → "bad_archive". Handles a BOM, CRLF, quoted line breaks, rows shorter or longer
 * than the header. Rows whose id is not digits, or repeats an earlier row's, are skipped and counted.
 */
export function parseStravaCsv(input: Uint8Array | string): StravaCsv {
  const size = typeof input === "string" ? input.length : input.byteLength;
  if (size > STRAVA_CSV_MAX_BYTES) {
    throw new ImportError("too_large", `activities.csv is larger than ${formatBytes(STRAVA_CSV_MAX_BYTES)}; Patella reads at most that.`);
  }
  const text = typeof input === "string" ? input : new TextDecoder("utf-8").decode(input);

  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      max_record_size: 1024 * 1024,
    }) as string[][];
  } catch (e) {
    throw new ImportError("bad_archive", `activities.csv is not valid CSV (${e instanceof Error ? e.message : String(e)}).`);
  }

  const header = records[0] ?? [];
  const keys = header.map(headerKey);
  const language = keys.includes(HEADERS.de.id) && !keys.includes(HEADERS.en.id) ? "de" : "en";
  const cols = locateColumns(header, language);
  if (cols.id.length === 0) throw new ImportError("bad_archive", "activities.csv has no Activity ID column");
  if (cols.filename.length === 0 && cols.name.length === 0) {
    throw new ImportError("bad_archive", "activities.csv has neither a Filename nor an Activity Name column");
  }

  const first = (r: string[], f: Field) => (cols[f][0] === undefined ? undefined : r[cols[f][0]]);
  const last = (r: string[], f: Field) => (cols[f].length === 0 ? undefined : r[cols[f][cols[f].length - 1]!]);

  const rows: StravaCsvRow[] = [];
  const problems: StravaCsvProblem[] = [];
  let skipped = 0;
  const seen = new Set<string>();
  const skip = (row: number, reason: StravaCsvProblem["reason"]) => {
    skipped++;
    if (problems.length < MAX_PROBLEMS) problems.push({ row, reason });
  };

  for (let i = 1; i < records.length; i++) {
    const r = records[i]!;
    const row = i + 1;
    if (r.every((cell) => cell.trim() === "")) continue;
    const id = (first(r, "id") ?? "").trim();
    if (!/^\d{1,20}$/.test(id)) {
      skip(row, "bad_id");
      continue;
    }
    if (seen.has(id)) {
      skip(row, "duplicate_id");
      continue;
    }
    seen.add(id);
    const dateRaw = oneLine(first(r, "date"));
    rows.push({
      activityId: id,
      date: parseStravaDate(dateRaw),
      dateRaw,
      name: oneLine(first(r, "name")),
      type: oneLine(first(r, "type")),
      description: multiLine(first(r, "description")),
      gear: oneLine(first(r, "gear")),
      filename: archiveName(first(r, "filename")),
      elapsedS: parseStravaNumber(last(r, "elapsed"), language),
      distanceM: cols.distance.length >= 2 ? parseStravaNumber(r[cols.distance[1]!], language) : null,
      row,
    });
  }
  return { rows, skipped, problems, language };
}
