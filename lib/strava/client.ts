import { readRateHeaders, type RateLimitReading } from "./rate-limit";

/**
 * Strava over HTTP, and nothing else: no database, no quota, no token storage (lib/strava/api.ts
 * adds those). Every URL is built from the configured base URL (STRAVA_BASE_URL), so the local
 * Strava server can stand in. Errors become a StravaError whose `kind` says what to do about it;
 * its message never holds a token.
 */

export interface StravaConfig {
  /** e.g. https://www.strava.com (no trailing slash). */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Per request; Strava answers in well under a second. Default 15 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export type StravaErrorKind =
  /** The access token is expired, revoked or unknown. */
  | "unauthorized"
  /** The token lacks a scope (Strava answers 401 with field "…_permission"). */
  | "missing_scope"
  /** A refresh token Strava no longer accepts (used already, or the athlete revoked access). */
  | "invalid_refresh_token"
  | "forbidden"
  | "not_found"
  | "rate_limited"
  | "bad_request"
  /** 5xx: Strava's trouble; retry later. */
  | "server"
  /** The connection failed or was dropped. */
  | "network"
  | "timeout"
  /** A 2xx whose body is not the JSON expected. */
  | "bad_response";

export class StravaError extends Error {
  override name = "StravaError";
  constructor(
    readonly kind: StravaErrorKind,
    message: string,
    readonly status: number | null = null,
    /** The rate headers of the response, when it had them. */
    readonly reading: RateLimitReading | null = null,
  ) {
    super(message);
  }

  /** Worth trying again later without any change on Patella's side. */
  get transient(): boolean {
    return this.kind === "server" || this.kind === "network" || this.kind === "timeout" || this.kind === "bad_response";
  }
}

export interface StravaResponse {
  json: unknown;
  reading: RateLimitReading | null;
}

export interface StravaTokenResponse {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
  athlete: unknown;
}

interface Fault {
  message?: unknown;
  errors?: { resource?: unknown; field?: unknown; code?: unknown }[];
}

/**
 * Whether a request failed because the connection it was sent on was reset before any answer: the
 * usual cause is a kept-alive connection the server closed while the request was being sent (servers
 * close idle connections after a few seconds, so a pause between two requests meets it).
 */
function isResetBeforeAnswer(err: unknown): boolean {
  const cause = (err as { cause?: { code?: unknown } } | null)?.cause;
  return cause?.code === "ECONNRESET" || cause?.code === "UND_ERR_SOCKET";
}

async function send(cfg: StravaConfig, url: string, init: RequestInit): Promise<Response> {
  const doFetch = cfg.fetch ?? fetch;
  // A GET is sent once more on a fresh connection when the first was reset before any answer; a POST
  // or DELETE never is (a token refresh must not risk spending a refresh token twice).
  const attempts = (init.method ?? "GET").toUpperCase() === "GET" ? 2 : 1;
  for (let attempt = 1; ; attempt++) {
    try {
      return await doFetch(url, { ...init, redirect: "manual", signal: AbortSignal.timeout(cfg.timeoutMs ?? 15_000) });
    } catch (err) {
      const name = err instanceof Error ? err.name : "";
      if (name === "TimeoutError" || name === "AbortError") throw new StravaError("timeout", "Strava did not answer in time.");
      if (attempt < attempts && isResetBeforeAnswer(err)) continue;
      throw new StravaError("network", "Could not reach Strava.");
    }
  }
}

async function readBody(res: Response): Promise<unknown> {
  let text: string;
  try {
    text = await res.text();
  } catch {
    throw new StravaError("network", "The connection to Strava broke off mid-answer.", res.status);
  }
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function describe(status: number, body: unknown): { kind: StravaErrorKind; message: string } {
  const fault = (body && typeof body === "object" ? body : {}) as Fault;
  const errors = Array.isArray(fault.errors) ? fault.errors : [];
  const fields = errors.map((e) => `${String(e.resource ?? "")}.${String(e.field ?? "")}`);
  if (status === 401) {
    if (errors.some((e) => typeof e.field === "string" && e.field.endsWith("_permission"))) {
      return { kind: "missing_scope", message: `Strava refused: a permission is missing (${fields.join(", ")}).` };
    }
    return { kind: "unauthorized", message: "Strava no longer accepts Patella's access token." };
  }
  if (status === 400 && errors.some((e) => e.resource === "RefreshToken")) {
    return { kind: "invalid_refresh_token", message: "Strava refused the refresh token (used already, or access was revoked)." };
  }
  if (status === 429) return { kind: "rate_limited", message: "Strava's rate limit is used up for now." };
  if (status === 403) return { kind: "forbidden", message: `Strava refused the request (403${fields.length ? `: ${fields.join(", ")}` : ""}).` };
  if (status === 404) return { kind: "not_found", message: "Strava has no such record (deleted, or private)." };
  if (status >= 500) return { kind: "server", message: `Strava had a problem (HTTP ${status}).` };
  return { kind: "bad_request", message: `Strava refused the request (HTTP ${status}${fields.length ? `: ${fields.join(", ")}` : ""}).` };
}

async function expectJson(res: Response, reading: RateLimitReading | null): Promise<unknown> {
  const body = await readBody(res);
  if (res.status >= 200 && res.status < 300) {
    if (body === undefined) throw new StravaError("bad_response", "Strava sent an answer that is not JSON.", res.status, reading);
    return body;
  }
  const { kind, message } = describe(res.status, body);
  throw new StravaError(kind, message, res.status, reading);
}

/** GET an API path (e.g. "/athlete/activities?per_page=200") with the runner's access token. */
export async function stravaGet(cfg: StravaConfig, path: string, accessToken: string): Promise<StravaResponse> {
  const res = await send(cfg, `${cfg.baseUrl}/api/v3${path}`, { headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" } });
  const reading = readRateHeaders(res.headers);
  return { json: await expectJson(res, reading), reading };
}

function tokenResponse(json: unknown): StravaTokenResponse {
  const t = (json && typeof json === "object" ? json : {}) as Record<string, unknown>;
  const { access_token: accessToken, refresh_token: refreshToken, expires_at: expiresAt } = t;
  if (typeof accessToken !== "string" || typeof refreshToken !== "string" || typeof expiresAt !== "number" || !Number.isFinite(expiresAt)) {
    throw new StravaError("bad_response", "Strava's token answer is missing a token or its expiry.");
  }
  return { accessToken, refreshToken, expiresAt: new Date(expiresAt * 1000), athlete: t.athlete ?? null };
}

/** Trades a refresh token for fresh tokens (the refresh token may rotate: store the new one). */
export async function refreshTokens(cfg: StravaConfig, refreshToken: string): Promise<StravaTokenResponse> {
  const body = new URLSearchParams({ client_id: cfg.clientId, client_secret: cfg.clientSecret, grant_type: "refresh_token", refresh_token: refreshToken });
  const res = await send(cfg, `${cfg.baseUrl}/oauth/token`, { method: "POST", body });
  return tokenResponse(await expectJson(res, null));
}

/** Revokes every token of the athlete at Strava (the runner disconnects). */
export async function deauthorize(cfg: StravaConfig, accessToken: string): Promise<void> {
  const res = await send(cfg, `${cfg.baseUrl}/oauth/deauthorize`, { method: "POST", body: new URLSearchParams({ access_token: accessToken }) });
  await expectJson(res, null);
}

/** Application-level calls (client id and secret, no athlete token): the webhook subscription. */
export async function listPushSubscriptions(cfg: StravaConfig): Promise<{ id: number; callback_url: string }[]> {
  const q = new URLSearchParams({ client_id: cfg.clientId, client_secret: cfg.clientSecret });
  const res = await send(cfg, `${cfg.baseUrl}/api/v3/push_subscriptions?${q}`, {});
  const json = await expectJson(res, readRateHeaders(res.headers));
  return Array.isArray(json) ? (json as { id: number; callback_url: string }[]) : [];
}

export async function createPushSubscription(cfg: StravaConfig, callbackUrl: string, verifyToken: string): Promise<number> {
  const body = new URLSearchParams({ client_id: cfg.clientId, client_secret: cfg.clientSecret, callback_url: callbackUrl, verify_token: verifyToken });
  const res = await send(cfg, `${cfg.baseUrl}/api/v3/push_subscriptions`, { method: "POST", body });
  const json = (await expectJson(res, readRateHeaders(res.headers))) as { id?: unknown };
  if (typeof json?.id !== "number") throw new StravaError("bad_response", "Strava did not say the subscription's id.");
  return json.id;
}

export async function deletePushSubscription(cfg: StravaConfig, id: number): Promise<void> {
  const q = new URLSearchParams({ client_id: cfg.clientId, client_secret: cfg.clientSecret });
  const res = await send(cfg, `${cfg.baseUrl}/api/v3/push_subscriptions/${id}?${q}`, { method: "DELETE" });
  if (res.status !== 204) await expectJson(res, readRateHeaders(res.headers));
}
