import { errorFields } from "../log";

/** The longest `last_error` stored, in characters (code points). */
export const MAX_ERROR_CHARS = 2_000;

// C0 and C1 controls and DEL, and the bidirectional overrides/isolates that can disguise text in the UI.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+/g;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text fit to store as a job's `last_error`: control characters removed (line breaks and tabs become
 * one space; NUL would be refused by PostgreSQL), lone surrogates replaced, trimmed, and at most
 * MAX_ERROR_CHARS code points (a cut text ends with "…").
 */
export function cleanErrorText(text: string): string {
  // Look at a bounded prefix only: a 50 MB message costs no more than a short one.
  const head = text.length > MAX_ERROR_CHARS * 4 ? text.slice(0, MAX_ERROR_CHARS * 4) : text;
  const cleaned = head
    .replace(LONE_SURROGATE, "\ufffd")
    .replace(CONTROL, (run) => (/[\t\n\r]/.test(run) ? " " : ""))
    .replace(/ {2,}/g, " ")
    .trim();
  const chars = Array.from(cleaned);
  if (chars.length <= MAX_ERROR_CHARS && head.length === text.length) return cleaned;
  return `${chars.slice(0, MAX_ERROR_CHARS - 1).join("")}…`;
}

/**
 * What a thrown value says, as stored text. Database errors wrapped by Drizzle carry the query's
 * parameters (user data, encrypted tokens) in their message: only the driver's message is kept
 * (the same rule as lib/log's errorFields).
 */
export function errorText(err: unknown): string {
  const fields = errorFields(err);
  const name = typeof fields.error === "string" ? fields.error : "Error";
  const detail = typeof fields.detail === "string" ? fields.detail : undefined;
  const code = typeof fields.code === "string" ? ` (${fields.code})` : "";
  return cleanErrorText(detail === undefined ? name : `${name}${code}: ${detail}`);
}
