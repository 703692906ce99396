// Surrounding white space is trimmed before matching: `\s*` on both sides of the optional zone
// backtracked quadratically over a long run of spaces (60 KB of them took seconds).
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Epoch milliseconds of an ISO 8601 date-time as GPX writers produce it: fractional seconds and
 * offsets allowed; a time without a zone is UTC (as GPX specifies), never the server's zone.
 * NaN when unreadable or out of range (month 13, minute 61 …).
 */
export function parseIsoTime(text: string): number {
  const fast = fastUtc(text);
  if (!Number.isNaN(fast)) return fast;
  const m = ISO.exec(text.trim());
  if (!m) return NaN;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return NaN;
  let ms = Date.UTC(Number(y), month - 1, day, hour, minute, second);
  if (new Date(ms).getUTCDate() !== day && !(hour === 24 || second === 60)) return NaN; // 31 February
  if (frac) ms += Math.round(Number(frac) * 1000);
  if (zone && zone !== "Z" && zone !== "z") {
    const sign = zone[0] === "-" ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const offsetMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0);
    if (offsetMin > 18 * 60) return NaN;
    ms -= sign * offsetMin * 60_000;
  }
  return ms;
}

const digit = (s: string, i: number) => s.charCodeAt(i) - 48;
const two = (s: string, i: number) => digit(s, i) * 10 + digit(s, i + 1);

/** The shape nearly every device writes, "2026-05-01T08:00:00Z", read without a regex; NaN otherwise. */
function fastUtc(s: string): number {
  if (s.length !== 20 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || s.charCodeAt(19) !== 90) {
    return NaN;
  }
  for (let i = 0; i < 19; i++) {
    if (i === 4 || i === 7 || i === 10 || i === 13 || i === 16) continue;
    const d = digit(s, i);
    if (d < 0 || d > 9) return NaN;
  }
  const year = two(s, 0) * 100 + two(s, 2);
  const month = two(s, 5);
  const day = two(s, 8);
  const hour = two(s, 11);
  const minute = two(s, 14);
  const second = two(s, 17);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return NaN;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!)) return NaN;
  return (daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second) * 1000;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm; integer maths only). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The last date read by fastUtcBytes and its day number (consecutive points share their date). */
let lastDateKey = -1;
let lastDays = 0;

/**
 * fastUtc on ASCII bytes buf[start, end): the same result for the same characters, NaN where the
 * text is not in that one shape (then read it with parseIsoTime).
 */
export function fastUtcBytes(buf: Uint8Array, start: number, end: number): number {
  if (end - start !== 20) return NaN;
  const s = start;
  if (buf[s + 4] !== 45 || buf[s + 7] !== 45 || buf[s + 10] !== 84 || buf[s + 13] !== 58 || buf[s + 16] !== 58 || buf[s + 19] !== 90) return NaN;
  // Digits as unsigned values: anything but 0-9 comes out above 9.
  const y0 = (buf[s]! - 48) >>> 0, y1 = (buf[s + 1]! - 48) >>> 0, y2 = (buf[s + 2]! - 48) >>> 0, y3 = (buf[s + 3]! - 48) >>> 0;
  const mo0 = (buf[s + 5]! - 48) >>> 0, mo1 = (buf[s + 6]! - 48) >>> 0, d0 = (buf[s + 8]! - 48) >>> 0, d1 = (buf[s + 9]! - 48) >>> 0;
  const h0 = (buf[s + 11]! - 48) >>> 0, h1 = (buf[s + 12]! - 48) >>> 0, mi0 = (buf[s + 14]! - 48) >>> 0, mi1 = (buf[s + 15]! - 48) >>> 0;
  const s0 = (buf[s + 17]! - 48) >>> 0, s1 = (buf[s + 18]! - 48) >>> 0;
  if (y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9 || mo0 > 9 || mo1 > 9 || d0 > 9 || d1 > 9 || h0 > 9 || h1 > 9 || mi0 > 9 || mi1 > 9 || s0 > 9 || s1 > 9) return NaN;
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = mo0 * 10 + mo1;
  const day = d0 * 10 + d1;
  const hour = h0 * 10 + h1;
  const minute = mi0 * 10 + mi1;
  const second = s0 * 10 + s1;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return NaN;
  const key = year * 10000 + month * 100 + day;
  let days: number;
  if (key === lastDateKey) {
    days = lastDays;
  } else {
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    if (day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!)) return NaN;
    days = daysFromCivil(year, month, day);
    lastDateKey = key;
    lastDays = days;
  }
  return (days * 86400 + hour * 3600 + minute * 60 + second) * 1000;
}
