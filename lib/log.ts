/**
 * Minimal structured logger: one JSON line per event on stdout/stderr. Never pass tokens,
 * passwords or file contents in `fields`.
 */
type Fields = Record<string, unknown>;

let infoToStderr = false;

/** Command-line tools whose stdout is data (e.g. `import --json`) send every log line to stderr. */
export function logToStderr(): void {
  infoToStderr = true;
}

function write(level: "info" | "warn" | "error", message: string, fields?: Fields) {
  const line = JSON.stringify({ level, time: new Date().toISOString(), msg: message, ...fields });
  if (level === "info" && !infoToStderr) console.log(line);
  else console.error(line);
}

export const log = {
  info: (message: string, fields?: Fields) => write("info", message, fields),
  warn: (message: string, fields?: Fields) => write("warn", message, fields),
  error: (message: string, fields?: Fields) => write("error", message, fields),
};

/**
 * What may be logged of an error. Database errors wrapped by Drizzle carry the query's parameters
 * in their message (user ids, names, password hashes, encrypted tokens): log the driver's own
 * error and code instead.
 */
export function errorFields(err: unknown): Fields {
  if (!(err instanceof Error)) return { error: String(err) };
  const cause = err.cause as (Error & { code?: string }) | undefined;
  if (err.message.startsWith("Failed query") || err.name === "DrizzleQueryError") {
    return { error: "DatabaseError", code: cause?.code, detail: cause?.message ?? "query failed" };
  }
  return { error: err.name, detail: err.message };
}
