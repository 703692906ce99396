import { TZDate } from "@date-fns/tz";

/**
 * A runner's weeks run Monday to Sunday in the runner's own time zone. Weeks are named by the
 * calendar date (YYYY-MM-DD) of their Monday. A run belongs to the local date it started on.
 */

const DAY_MS = 86_400_000;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** The calendar date of an instant in a time zone, as YYYY-MM-DD. */
export function localDateOf(instant: Date, timeZone: string): string {
  const d = new TZDate(instant.getTime(), timeZone);
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Days since 1970-01-01 of a calendar date (no time zone involved). */
export function dayNumber(localDate: string): number {
  const [y, m, d] = localDate.split("-").map(Number) as [number, number, number];
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** Whether year, month (1–12) and day name a real calendar date (2026-02-30 does not). */
export function isCalendarDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

function fromDayNumber(n: number): string {
  const d = new Date(n * DAY_MS);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export function addDays(localDate: string, days: number): string {
  return fromDayNumber(dayNumber(localDate) + days);
}

/** The Monday on or before a calendar date. */
export function mondayOf(localDate: string): string {
  const n = dayNumber(localDate);
  const isoWeekday = ((((n + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday (ISO 4); n < 0 before 1970
  return fromDayNumber(n - (isoWeekday - 1));
}

/** The instant a calendar date begins in a time zone (handles days that start at 01:00 after a DST jump). */
export function startOfLocalDay(localDate: string, timeZone: string): Date {
  const [y, m, d] = localDate.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, 0, 0, 0, 0, timeZone).getTime());
}

/** The Mondays of the `count` weeks ending with the week that contains `now`, oldest first. */
export function recentWeekStarts(now: Date, timeZone: string, count: number): string[] {
  const current = mondayOf(localDateOf(now, timeZone));
  return Array.from({ length: count }, (_, i) => addDays(current, -7 * (count - 1 - i)));
}

export interface WeekTotals {
  weekStart: string;
  distanceM: number;
  movingS: number;
  runs: number;
}

/** One row per requested week, zeros where the runner did not run. */
export function fillWeeks(rows: readonly WeekTotals[], weekStarts: readonly string[]): WeekTotals[] {
  const byWeek = new Map(rows.map((r) => [r.weekStart, r]));
  return weekStarts.map((weekStart) => byWeek.get(weekStart) ?? { weekStart, distanceM: 0, movingS: 0, runs: 0 });
}

/** The Mondays of every week from the one holding `from` to the one holding `to`, oldest first. */
export function weekStartsBetween(from: string, to: string): string[] {
  const weeks: string[] = [];
  for (let monday = mondayOf(from); monday <= to; monday = addDays(monday, 7)) weeks.push(monday);
  return weeks;
}
