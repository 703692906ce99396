import { z } from "zod";
import { getDb, type Db } from "@/db/client";
import { sessionClaims } from "@/lib/auth/session-token";
import { isSessionCurrent } from "@/lib/auth/session-policy";
import { trustProxy } from "@/lib/env";
import { errorFields, log } from "@/lib/log";
import { ApiError, errorResponse } from "./errors";

/**
 * The one guard every route handler goes through: same-origin check on mutations, session,
 * zod-parsed params / query / body, typed errors. Ownership is enforced by the queries, which take
 * the signed-in user's id and return nothing for another runner's rows (so the answer is 404).
 */

const MAX_JSON_BYTES = 256 * 1024;
const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };
export type RouteHandler = (req: Request, ctx: RouteContext) => Promise<Response>;

interface Spec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  params?: P;
  query?: Q;
  body?: B;
}

interface Context<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  req: Request;
  db: Db;
  params: z.infer<P>;
  query: z.infer<Q>;
  body: z.infer<B>;
}

const empty = z.object({});
type Empty = typeof empty;

/** AUTH_URL (or NEXTAUTH_URL) parsed, when configured and valid. */
function configuredUrl(): URL | null {
  const configured = process.env.AUTH_URL || process.env.NEXTAUTH_URL;
  if (!configured) return null;
  try {
    return new URL(configured);
  } catch {
    return null; // env validation reports a bad AUTH_URL at start; fall back to the headers
  }
}

/** The host the browser used: the Host header, or with TRUST_PROXY=1 the proxy's X-Forwarded-Host. */
function requestHost(req: Request): string {
  const forwarded = trustProxy() ? req.headers.get("x-forwarded-host")?.split(",")[0]?.trim() : undefined;
  return forwarded || req.headers.get("host") || new URL(req.url).host;
}

const crossSite = () => new ApiError(403, "forbidden:origin", "This request came from another site, so Patella refused it. Use Patella's own pages to make changes.");

/**
 * CSRF protection for every mutation (POST, PUT, PATCH, DELETE) through this guard. A browser
 * labels each request with where it came from: Sec-Fetch-Site (every current browser) and Origin
 * (on every non-GET request). Refused: a request another site made (Sec-Fetch-Site cross-site or
 * same-site, which is a different origin too), and one whose Origin is not Patella's own (AUTH_URL's
 * origin when configured, else the Host the browser used, as forwarded by a proxy). "null"
 * (sandboxed frames, data: URLs) is nobody's origin, so it is refused as well.
 *
 * Requests with neither header do not come from a browser (scripts, Strava's webhook), and only a
 * browser attaches a runner's cookies without the runner meaning to, so they are let through to the
 * usual session check. A cross-site page cannot forge these headers: browsers set them, and a
 * custom header such as X-Forwarded-Host makes a cross-site request need a CORS preflight, which
 * Patella never grants.
 */
export function checkSameOrigin(req: Request): void {
  if (!MUTATING.has(req.method)) return;
  const site = req.headers.get("sec-fetch-site");
  if (site === "cross-site" || site === "same-site") throw crossSite();
  const origin = req.headers.get("origin");
  if (!origin) return;
  let from: URL;
  try {
    from = new URL(origin);
  } catch {
    throw crossSite();
  }
  const configured = configuredUrl();
  const same = configured ? from.origin === configured.origin : from.host === requestHost(req);
  if (!same) throw crossSite();
}

function issuesOf(error: z.ZodError) {
  return error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown, code: "bad_request:body" | "bad_request:query" | "bad_request:params"): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const first = r.error.issues[0];
    const where = first && first.path.length ? `${first.path.join(".")}: ` : "";
    throw new ApiError(400, code, `${where}${first?.message ?? "invalid input"}`, issuesOf(r.error));
  }
  return r.data;
}

const tooLarge = () => new ApiError(413, "payload_too_large", "The request body is too large.");

/** Reads a body as text, stopping as soon as it exceeds `limit` bytes (declared length or not). */
export async function readBodyText(req: Request, limit: number): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > limit) throw tooLarge();
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function readJson(req: Request): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/json")) {
    throw new ApiError(415, "unsupported_media_type", "Send the request body as application/json.");
  }
  const text = await readBodyText(req, MAX_JSON_BYTES);
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, "bad_request:json", "The request body is not valid JSON.");
  }
}

function toResponse(result: unknown): Response {
  if (result instanceof Response) return result;
  if (result === undefined) return new Response(null, { status: 204 });
  return Response.json(result);
}

/**
 * Connection failures (the server down, restarting, or the connection cut), as postgres-js and
 * Node report them, anywhere in the cause chain: SQLSTATE class 08 (connection exception) and
 * 57P01–57P03 (shutdown, crash, cannot connect now), and the drivers' own codes.
 */
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "57P01",
  "57P02",
  "57P03",
]);

export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (CONNECTION_CODES.has(code) || code.startsWith("08"))) return true;
  }
  return false;
}

function build<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, Extra>(
  spec: Spec<P, Q, B>,
  authenticate: (req: Request, db: Db) => Promise<Extra>,
  handler: (ctx: Context<P, Q, B> & Extra) => Promise<unknown>,
): RouteHandler {
  return async (req, routeCtx) => {
    try {
      checkSameOrigin(req);
      const db = await getDb();
      const extra = await authenticate(req, db);
      const params = parseWith(spec.params ?? empty, (await routeCtx?.params) ?? {}, "bad_request:params");
      const query = parseWith(
        spec.query ?? empty,
        Object.fromEntries(new URL(req.url).searchParams),
        "bad_request:query",
      );
      const body = spec.body ? parseWith(spec.body, await readJson(req), "bad_request:body") : {};
      return toResponse(await handler({ req, db, params, query, body, ...extra } as Context<P, Q, B> & Extra));
    } catch (err) {
      if (err instanceof ApiError) return errorResponse(err);
      if (isDatabaseUnavailable(err)) {
        log.warn("database unavailable", { method: req.method, path: new URL(req.url).pathname, ...errorFields(err) });
        // A write whose connection dropped after COMMIT left the server may have been saved.
        const message = MUTATING.has(req.method)
          ? "Patella's database cannot be reached right now, so this may not have been saved. Please check, then try again in a moment."
          : "Patella's database cannot be reached right now. Please try again in a moment.";
        return errorResponse(new ApiError(503, "unavailable:database", message));
      }
      log.error("unhandled error in API route", { method: req.method, path: new URL(req.url).pathname, ...errorFields(err) });
      return errorResponse(new ApiError(500, "internal", "Something went wrong on our side. Nothing was changed; please try again."));
    }
  };
}

/** A route for signed-in runners: anonymous callers get 401 JSON. */
export function apiRoute<P extends z.ZodType = Empty, Q extends z.ZodType = Empty, B extends z.ZodType = Empty>(
  spec: Spec<P, Q, B>,
  handler: (ctx: Context<P, Q, B> & { userId: string }) => Promise<unknown>,
): RouteHandler {
  return build(
    spec,
    async (req, db) => {
      // The session must still be current: the runner exists, it was not signed out, no password
      // change or "sign out everywhere" came after it, and it is within its absolute lifetime.
      const claims = await sessionClaims(req);
      if (!claims || !(await isSessionCurrent(db, claims))) {
        throw new ApiError(401, "unauthorized", "Please sign in to continue.");
      }
      return { userId: claims.sub };
    },
    handler,
  );
}

/** A route open to anonymous callers (sign-up); it still gets the origin check, parsing and typed errors. */
export function publicApiRoute<P extends z.ZodType = Empty, Q extends z.ZodType = Empty, B extends z.ZodType = Empty>(
  spec: Spec<P, Q, B>,
  handler: (ctx: Context<P, Q, B>) => Promise<unknown>,
): RouteHandler {
  return build(spec, async () => ({}), handler);
}
