/**
 * Fault injection for Patella's reliability tests: the next N matching requests answer with a
 * server error, hang, or lose their connection. Faults queue up in order (e.g. two 500s, then a
 * dropped connection) and each matching request consumes one. A faulted request is answered
 * before authentication and rate limiting, so it does not count against the limits.
 */

export type FaultKind = "error" | "hang" | "drop";

export interface FaultSpec {
  kind: FaultKind;
  /** How many matching requests it applies to (default 1). */
  count?: number;
  /** "error": the status to answer (default 500). */
  status?: number;
  /** "hang": how long to wait before handling the request normally; omitted, it never answers. */
  delayMs?: number;
  /** Only requests whose path starts with this (default "/api/v3/"; "/oauth/" for the token endpoint). */
  pathPrefix?: string;
}

export interface ActiveFault {
  kind: FaultKind;
  remaining: number;
  status: number;
  delayMs: number | null;
  pathPrefix: string;
}

const FAULT_KINDS: readonly FaultKind[] = ["error", "hang", "drop"];

/** Validates a fault from JSON; returns an error message when it is not one. */
export function parseFault(input: unknown): FaultSpec | string {
  if (typeof input !== "object" || input === null) return "expected a JSON object";
  const o = input as Record<string, unknown>;
  if (!FAULT_KINDS.includes(o.kind as FaultKind)) return `kind must be one of ${FAULT_KINDS.join(", ")}`;
  const spec: FaultSpec = { kind: o.kind as FaultKind };
  for (const key of ["count", "status", "delayMs"] as const) {
    const v = o[key];
    if (v === undefined) continue;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0) return `${key} must be a non-negative integer`;
    spec[key] = v;
  }
  if (o.pathPrefix !== undefined) {
    if (typeof o.pathPrefix !== "string") return "pathPrefix must be a string";
    spec.pathPrefix = o.pathPrefix;
  }
  return spec;
}

export class FaultQueue {
  private queue: ActiveFault[] = [];

  add(spec: FaultSpec) {
    const remaining = spec.count ?? 1;
    if (remaining <= 0) return;
    this.queue.push({
      kind: spec.kind,
      remaining,
      status: spec.status ?? 500,
      delayMs: spec.delayMs ?? null,
      pathPrefix: spec.pathPrefix ?? "/api/v3/",
    });
  }

  clear() {
    this.queue = [];
  }

  pending(): ActiveFault[] {
    return this.queue.map((f) => ({ ...f }));
  }

  /** The fault this request gets, if any (the first queued one whose prefix matches). */
  take(path: string): ActiveFault | null {
    const at = this.queue.findIndex((f) => path.startsWith(f.pathPrefix));
    const fault = this.queue[at];
    if (!fault) return null;
    fault.remaining--;
    if (fault.remaining <= 0) this.queue.splice(at, 1);
    return { ...fault };
  }
}
