/**
 * CSV for the runner's export (RFC 4180: comma-separated, CRLF line ends, fields quoted when they
 * hold a quote, comma or line break), opened in spreadsheets as often as read by programs. So text
 * that a spreadsheet would run as a formula — starting with =, +, -, @, a tab or a carriage return
 * (OWASP's list) — gets a leading apostrophe: a run named `=HYPERLINK("…")` shows as text instead
 * of becoming a link. Numbers are written as numbers and never changed (a negative number is not a
 * formula).
 */

export type CsvValue = string | number | boolean | Date | null | undefined;

/** Starts the file: spreadsheet programs read UTF-8 (names with accents, emoji) only with it. */
export const CSV_BOM = "\uFEFF";

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One field, escaped and defused. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString();
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, with its CRLF. */
export function csvRow(values: readonly CsvValue[]): string {
  return values.map(csvCell).join(",") + "\r\n";
}

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => CsvValue;
}

/** The header line of these columns. */
export function csvHeader<T>(columns: readonly CsvColumn<T>[]): string {
  return csvRow(columns.map((c) => c.header));
}

/** One line for `row` in these columns. */
export function csvLine<T>(columns: readonly CsvColumn<T>[], row: T): string {
  return csvRow(columns.map((c) => c.value(row)));
}
