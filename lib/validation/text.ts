import { z } from "zod";

/** C0 control characters other than tab, line feed and carriage return (PostgreSQL refuses NUL). */
 
export const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

export function stripControlChars(s: string): string {
  return s.replace(CONTROL_CHARS, "");
}

/** A trimmed single-line text field without control characters. */
export function plainText(max: number, label: string) {
  return z
    .string()
    .trim()
    .max(max, `Use at most ${max} characters for ${label}.`)
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), `${label[0]!.toUpperCase()}${label.slice(1)} cannot contain control characters.`);  
}

// For names that come from elsewhere (Strava titles, gear): tabs and line breaks become a space;
// C0 and C1 controls, DEL, and bidirectional overrides and isolates that could disguise the text
// go; lone surrogates (not encodable as UTF-8) become U+FFFD.
const LINE_BREAKS = /[\t\n\r]+/g;
const NAME_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** A one-line name from outside: cleaned as above, spaces collapsed, trimmed, at most `max` UTF-16 units and never half a surrogate pair. */
export function cleanOneLine(raw: string, max: number): string {
  const s = raw.replace(LONE_SURROGATE, "\ufffd").replace(LINE_BREAKS, " ").replace(NAME_CONTROLS, "").replace(/ {2,}/g, " ").trim();
  if (s.length <= max) return s;
  let out = "";
  for (const ch of s) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out.trimEnd();
}
