/**
 * Minimal structured logger: one JSON line per event on stdout/stderr. Never pass tokens,
 * passwords or file contents in `fields`.
 */
type Fields = Record<string, unknown>;

function write(level: "info" | "warn" | "error", message: string, fields?: Fields) {
  const line = JSON.stringify({ level, time: new Date().toISOString(), msg: message, ...fields });
  if (level === "info") console.log(line);
  else console.error(line);
}

export const log = {
  info: (message: string, fields?: Fields) => write("info", message, fields),
  warn: (message: string, fields?: Fields) => write("warn", message, fields),
  error: (message: string, fields?: Fields) => write("error", message, fields),
};

export function errorFields(err: unknown): Fields {
  if (err instanceof Error) return { error: err.name, detail: err.message };
  return { error: String(err) };
}
