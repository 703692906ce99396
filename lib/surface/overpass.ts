import { errorFields, log } from "@/lib/log";
import { labelFromWays, overpassQuery, type OsmWay } from "./osm";
import type { LatLon, RouteShape, SurfaceLabel } from "./types";

/**
 * The optional OpenStreetMap lookup: asks an Overpass API endpoint (OSM_OVERPASS_URL) which ways a
 * run's shape follows. Never required: any failure is logged as a warning and answered with null,
 * so the run keeps the label it had. No `server-only` here: command-line imports use it too.
 */

const DEFAULT_TIMEOUT_MS = 5000;
/** A dense city centre's ways around a long run are well under 1 MB; more is not an answer to read. */
export const MAX_ANSWER_BYTES = 5 * 1024 * 1024;
const USER_AGENT = "Patella (self-hosted)";

export interface OsmLookupOptions {
  /** The whole lookup, answer included (default 5 s). */
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

/** A failure with a reason fit to log (no URL, no answer text). */
class LookupFailure extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isPoint(v: unknown): v is LatLon {
  if (!isRecord(v)) return false;
  const { lat, lon } = v;
  return typeof lat === "number" && typeof lon === "number" && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
}

/**
 * The ways in an Overpass JSON answer, or null when it is not one. Elements that are not ways
 * with tags and a geometry are skipped, as are tags that are not strings. Overpass writes null for
 * the points of a way it leaves out: the way is kept as the pieces between them.
 */
export function waysOfAnswer(answer: unknown): OsmWay[] | null {
  if (!isRecord(answer) || !Array.isArray(answer.elements)) return null;
  const ways: OsmWay[] = [];
  for (const el of answer.elements) {
    if (!isRecord(el) || el.type !== "way" || !isRecord(el.tags) || !Array.isArray(el.geometry)) continue;
    const tags = Object.fromEntries(Object.entries(el.tags).filter((e): e is [string, string] => typeof e[1] === "string"));
    let piece: LatLon[] = [];
    for (const p of el.geometry as unknown[]) {
      if (isPoint(p)) {
        piece.push({ lat: p.lat, lon: p.lon });
      } else if (piece.length > 0) {
        ways.push({ tags, geometry: piece });
        piece = [];
      }
    }
    if (piece.length > 0) ways.push({ tags, geometry: piece });
  }
  return ways;
}

/** The answer's bytes, refusing (and cancelling) beyond MAX_ANSWER_BYTES. */
async function readCapped(res: Response): Promise<Uint8Array> {
  const declared = Number(res.headers.get("content-length"));
  if (declared > MAX_ANSWER_BYTES) {
    await res.body?.cancel().catch(() => {});
    throw new LookupFailure("answer too large");
  }
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_ANSWER_BYTES) {
      await reader.cancel().catch(() => {});
      throw new LookupFailure("answer too large");
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return bytes;
}

/** The endpoint as it may be logged: scheme, host and path, never credentials or a query string. */
function safeEndpoint(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/**
 * The surface OpenStreetMap gives a run (see labelFromWays), or null when the lookup fails or OSM
 * does not cover the run well enough. Never throws.
 */
export async function osmLabel(url: string, shape: RouteShape, distanceM: number, options: OsmLookupOptions = {}): Promise<SurfaceLabel | null> {
  const { timeoutMs = DEFAULT_TIMEOUT_MS, fetchImpl = fetch } = options;
  let endpoint: URL;
  try {
    endpoint = new URL(url);
  } catch {
    log.warn("OpenStreetMap surface lookup failed", { reason: "bad endpoint URL" });
    return null;
  }

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const res = await fetchImpl(endpoint.href, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json", "user-agent": USER_AGENT },
      body: new URLSearchParams({ data: overpassQuery(shape) }).toString(),
      signal: controller.signal,
    });
    if (!res.ok) {
      await res.body?.cancel().catch(() => {});
      throw new LookupFailure(`HTTP ${res.status}`);
    }
    const bytes = await readCapped(res);
    let answer: unknown;
    try {
      answer = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      throw new LookupFailure("answer is not JSON");
    }
    // Overpass answers 200 with a remark, and whatever it found so far, when the query ran out of
    // time or memory on the server: a partial answer would mislabel the run.
    if (isRecord(answer) && typeof answer.remark === "string" && /error/i.test(answer.remark)) {
      throw new LookupFailure("Overpass reported an error");
    }
    const ways = waysOfAnswer(answer);
    if (!ways) throw new LookupFailure("answer has no elements");
    return labelFromWays(shape, ways, distanceM);
  } catch (err) {
    const safe = safeEndpoint(endpoint);
    let fields: Record<string, unknown>;
    if (timedOut) fields = { reason: "timeout", timeoutMs };
    else if (err instanceof LookupFailure) fields = { reason: err.reason };
    else {
      const { detail, ...rest } = errorFields(err);
      // A network error's message may quote the URL it was given; only the safe part is logged.
      const code = err instanceof Error ? (err.cause as { code?: unknown } | undefined)?.code : undefined;
      fields = {
        reason: "request failed",
        ...rest,
        ...(typeof detail === "string" ? { detail: detail.split(url).join(safe).split(endpoint.href).join(safe) } : {}),
        ...(typeof code === "string" ? { code } : {}),
      };
    }
    log.warn("OpenStreetMap surface lookup failed", { ...fields, endpoint: safe });
    return null;
  } finally {
    clearTimeout(timer);
  }
}
