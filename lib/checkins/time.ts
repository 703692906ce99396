import { TZDate } from "@date-fns/tz";
import { isCalendarDate } from "@/lib/load/weeks";

/**
 * The time of a check-in as the runner gives it: an ISO 8601 date-time with an offset or `Z` is an
 * instant; one without (what an `<input type="datetime-local">` sends, "2026-11-24T07:30") is a
 * wall-clock time in the runner's own time zone. Anything else is null.
 */

const WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

function validParts(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  return isCalendarDate(y, mo, d) && h <= 23 && mi <= 59 && s <= 59;
}

export function parseCheckinTime(input: string, timeZone: string): Date | null {
  const offset = WITH_OFFSET.exec(input);
  if (offset) {
    const [, y, mo, d, h, mi, s = "0"] = offset.map((v) => v ?? "") as string[];
    if (!validParts(+y!, +mo!, +d!, +h!, +mi!, +(s || 0))) return null;
    const t = Date.parse(input);
    return Number.isNaN(t) ? null : new Date(t);
  }
  const local = LOCAL.exec(input);
  if (!local) return null;
  const [y, mo, d, h, mi, s] = local.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  if (!validParts(y, mo, d, h, mi, s)) return null;
  // A wall-clock time inside a DST gap (02:30 on a spring-forward night) moves forward by the gap, as clocks do.
  return new Date(new TZDate(y, mo - 1, d, h, mi, s, 0, timeZone).getTime());
}

/** "2026-11-24T07:30" for an instant in a time zone: what a datetime-local input shows. */
export function localDateTimeOf(instant: Date, timeZone: string): string {
  const t = new TZDate(instant.getTime(), timeZone);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}T${pad(t.getHours())}:${pad(t.getMinutes())}`;
}

/** A few minutes of clock difference between phone and server are not "the future". */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** Check-ins can be backdated, but not before this: older dates are typos. */
export const EARLIEST_CHECKIN = new Date(Date.UTC(1990, 0, 1));
