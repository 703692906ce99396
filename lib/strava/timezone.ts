import { isValidTimeZone } from "@/lib/time-zones";

/**
 * Strava's `timezone` is "(GMT+01:00) Europe/Paris": a display prefix, then the IANA zone. The
 * prefix is the zone's *standard* offset (Paris shows +01:00 in July too), so it is never used
 * for arithmetic: the zone name carries the rules, DST included.
 */

/** "(GMT+01:00) ", "(GMT-07:00) ", "(GMT+05:30) ", "(GMT) ", also with UTC or a Unicode minus. */
const PREFIX = /^\(\s*(?:GMT|UTC)\s*(?:[+\-\u2212]\s*\d{1,2}(?::?\d{2})?)?\s*\)\s*/i;

/**
 * The IANA zone of a Strava `timezone` string, or null when there is none the runtime (and so
 * PostgreSQL) knows. Bare IANA names ("Europe/Paris") are accepted as they are.
 */
export function ianaFromStrava(timezone: string | null | undefined): string | null {
  if (typeof timezone !== "string") return null;
  const trimmed = timezone.trim();
  const name = trimmed.replace(PREFIX, "").trim();
  // A zone name starts with a letter. Bare offsets ("+01:00", "-0700") are not zones: newer
  // runtimes accept some of them, and PostgreSQL reads POSIX-style offsets with the sign inverted.
  if (!/^[A-Za-z]/.test(name)) return null;
  return isValidTimeZone(name) ? name : null;
}
