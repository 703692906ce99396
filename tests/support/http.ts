import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { SESSION_COOKIE } from "@/lib/auth/session-token";
import type { RouteHandler } from "@/lib/api/guard";

const ORIGIN = "http://localhost:3000";

/**
 * A real Auth.js session cookie for a user, encrypted with the test secret exactly as Auth.js does,
 * with the claims Patella adds at sign-in (lib/auth/session-policy.ts): session version 0 (a new
 * runner's), a fresh session id, signed in now. `claims` overrides them.
 */
export async function sessionCookie(userId: string, claims: Partial<{ sv: number; sid: string; ast: number }> = {}): Promise<string> {
  const token = await encode({
    token: { sub: userId, sv: 0, sid: randomUUID(), ast: Math.floor(Date.now() / 1000), ...claims },
    secret: process.env.AUTH_SECRET!,
    salt: SESSION_COOKIE,
  });
  return `${SESSION_COOKIE}=${token}`;
}

export interface CallOptions {
  method?: string;
  path?: string;
  cookie?: string;
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
  params?: Record<string, string>;
  origin?: string | null;
}

export interface CallResult<T = unknown> {
  status: number;
  /** The parsed JSON body; null for an empty or a binary (ZIP, octet-stream) body. */
  json: T;
  headers: Headers;
  /** A binary body (application/zip or application/octet-stream), as received. */
  bytes?: Uint8Array;
}

/** Calls a route handler with a real Request, as Next.js would. */
export async function call<T = any>(handler: RouteHandler, options: CallOptions = {}): Promise<CallResult<T>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const method = options.method ?? "GET";
  const headers = new Headers(options.headers);
  headers.set("host", "localhost:3000");
  if (options.origin !== null && method !== "GET") headers.set("origin", options.origin ?? ORIGIN);
  if (options.cookie) headers.set("cookie", options.cookie);
  let body = options.body;
  if (options.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(options.json);
  }
  const request = new Request(`${ORIGIN}${options.path ?? "/"}`, { method, headers, body });
  if (body !== undefined && !headers.has("content-length")) {
    // Browsers declare the length of every body they send; Request objects built here do not.
    const length = (await request.clone().arrayBuffer()).byteLength;
    const withLength = new Headers(request.headers);
    withLength.set("content-length", String(length));
    return finish(handler, new Request(request, { headers: withLength }), options.params);
  }
  return finish(handler, request, options.params);
}

async function finish<T>(handler: RouteHandler, request: Request, params: Record<string, string> | undefined): Promise<CallResult<T>> {
  const response = await handler(request, { params: Promise.resolve(params ?? {}) });
  if (/^application\/(zip|octet-stream)\b/i.test(response.headers.get("content-type") ?? "")) {
    return { status: response.status, json: null as T, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
  }
  const text = await response.text();
  return { status: response.status, json: (text ? JSON.parse(text) : null) as T, headers: response.headers };
}
