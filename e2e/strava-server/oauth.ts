import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ServerContext } from "./context";
import { escapeHtml, param, readForm, sendFault, sendJson } from "./http";
import type { SummaryAthleteJson } from "./types";
import type { FakeAthlete } from "./athletes";

/**
 * Strava's OAuth (§1 of the reference): the consent page, the token endpoint with both grants,
 * and deauthorization. Tokens are random and live in memory; the rules are Strava's:
 * - codes are single use;
 * - access tokens live tokenTtlS (6 h); a refresh while the current access token has more than
 *   1 h left returns that same token, otherwise a new one (the old one keeps working until it
 *   expires);
 * - every refresh issues a new refresh token and the old one stops working at once;
 * - deauthorization revokes every token of that athlete for this app.
 */

export const ALL_SCOPES = ["read", "read_all", "profile:read_all", "profile:write", "activity:read", "activity:read_all", "activity:write"];

interface Grant {
  athleteId: number;
  scope: string;
}

export interface AccessRecord {
  token: string;
  athleteId: number;
  scope: string;
  expiresAt: number;
}

interface RefreshRecord {
  athleteId: number;
  scope: string;
  /** The access token this refresh token last handed out. */
  accessToken: string;
}

export interface TokenResponse {
  token_type: "Bearer";
  access_token: string;
  refresh_token: string;
  expires_at: number;
  expires_in: number;
}

export class TokenStore {
  private readonly codes = new Map<string, Grant>();
  private readonly access = new Map<string, AccessRecord>();
  private readonly refresh = new Map<string, RefreshRecord>();
  /** Athletes whose access Strava refuses at the API while its token endpoint still refreshes (a silent revocation). */
  private readonly silentlyRevoked = new Set<number>();
  /** The scope of each connected athlete's latest authorization. */
  private readonly authorizations = new Map<number, string>();

  constructor(
    private readonly now: () => number,
    private readonly ttl: number,
  ) {}

  createCode(athleteId: number, scope: string): string {
    const code = randomBytes(16).toString("hex");
    this.codes.set(code, { athleteId, scope });
    return code;
  }

  /** Single use: a second redemption of the same code finds nothing. */
  redeemCode(code: string): Grant | undefined {
    const grant = this.codes.get(code);
    this.codes.delete(code);
    return grant;
  }

  private newAccess(athleteId: number, scope: string): AccessRecord {
    const record = { token: randomBytes(20).toString("hex"), athleteId, scope, expiresAt: this.now() + this.ttl };
    this.access.set(record.token, record);
    return record;
  }

  private response(access: AccessRecord, refreshToken: string): TokenResponse {
    return {
      token_type: "Bearer",
      access_token: access.token,
      refresh_token: refreshToken,
      expires_at: access.expiresAt,
      expires_in: access.expiresAt - this.now(),
    };
  }

  issue(athleteId: number, scope: string): TokenResponse {
    this.silentlyRevoked.delete(athleteId);
    const access = this.newAccess(athleteId, scope);
    const refresh = randomBytes(20).toString("hex");
    this.refresh.set(refresh, { athleteId, scope, accessToken: access.token });
    this.authorizations.set(athleteId, scope);
    return this.response(access, refresh);
  }

  refreshGrant(refreshToken: string): TokenResponse | undefined {
    const record = this.refresh.get(refreshToken);
    if (!record) return undefined;
    this.refresh.delete(refreshToken); // rotation: the old refresh token stops working at once
    const current = this.access.get(record.accessToken);
    const access = current && current.expiresAt - this.now() > 3600 ? current : this.newAccess(record.athleteId, record.scope);
    const next = randomBytes(20).toString("hex");
    this.refresh.set(next, { ...record, accessToken: access.token });
    return this.response(access, next);
  }

  /** The live access token's record, or undefined when unknown, revoked or expired. */
  authenticate(token: string): AccessRecord | undefined {
    const record = this.access.get(token);
    return record && record.expiresAt > this.now() && !this.silentlyRevoked.has(record.athleteId) ? record : undefined;
  }

  /**
   * The API refuses every access token of the athlete (401), old and newly refreshed, while the
   * token endpoint keeps refreshing them and no event goes out: a revocation Patella can learn only
   * from the API. A new authorization (the athlete reconnects) lifts it.
   */
  revokeSilently(athleteId: number): void {
    this.silentlyRevoked.add(athleteId);
  }

  /** Revokes every code and token of the athlete; returns whether anything was revoked. */
  revokeAthlete(athleteId: number): boolean {
    let any = this.authorizations.delete(athleteId);
    for (const [k, v] of this.codes) if (v.athleteId === athleteId) this.codes.delete(k);
    for (const [k, v] of this.access) {
      if (v.athleteId === athleteId) {
        this.access.delete(k);
        any = true;
      }
    }
    for (const [k, v] of this.refresh) if (v.athleteId === athleteId) this.refresh.delete(k);
    return any;
  }

  /** The granted scope if the athlete has authorized the app (and not revoked it), else null. */
  scopeOf(athleteId: number): string | null {
    return this.authorizations.get(athleteId) ?? null;
  }

  connectedAthletes(): number[] {
    return [...this.authorizations.keys()];
  }
}

export function hasScope(scope: string, wanted: string): boolean {
  return scope.split(",").includes(wanted);
}

export function summaryAthlete(a: FakeAthlete, createdAtEpoch: number): SummaryAthleteJson {
  const createdAt = new Date(createdAtEpoch * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
  return {
    id: a.id,
    created_at: createdAt,
    updated_at: createdAt,
    resource_state: 2,
    firstname: a.firstname,
    lastname: a.lastname,
    city: a.city ?? null,
    country: a.country ?? null,
    sex: a.sex ?? null,
    profile: "avatar/athlete/large.png",
    profile_medium: "avatar/athlete/medium.png",
  };
}

/** localhost and 127.0.0.1 are always allowed (§1.1); other hosts must be in the callback domain. */
function redirectAllowed(ctx: ServerContext, redirectUri: string): boolean {
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    return false;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  const domain = ctx.options.callbackDomain;
  if (!domain || url.hostname === "localhost" || url.hostname === "127.0.0.1") return true;
  return url.hostname === domain || url.hostname.endsWith(`.${domain}`);
}

export function handleAuthorize(ctx: ServerContext, res: ServerResponse, url: URL) {
  const p = url.searchParams;
  if (p.get("client_id") !== ctx.options.clientId) {
    return sendFault(res, 400, "Bad Request", [{ resource: "Application", field: "client_id", code: "invalid" }]);
  }
  const redirectUri = p.get("redirect_uri");
  if (!redirectUri || !redirectAllowed(ctx, redirectUri)) {
    return sendFault(res, 400, "Bad Request", [{ resource: "Application", field: "redirect_uri", code: "invalid" }]);
  }
  if (p.get("response_type") !== "code") {
    return sendFault(res, 400, "Bad Request", [{ resource: "Application", field: "response_type", code: "invalid" }]);
  }
  const requested = (p.get("scope") ?? "read").split(",").filter((s) => ALL_SCOPES.includes(s));
  const boxes = requested.map((s) => `<label><input type="checkbox" name="scope" value="${escapeHtml(s)}" checked> ${escapeHtml(s)}</label><br>`).join("");
  const athletes = ctx.store
    .athletes()
    .map((a, i) => `<option value="${a.id}"${i === 0 ? " selected" : ""}>${escapeHtml(`${a.firstname} ${a.lastname}`)}</option>`)
    .join("");
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  res.end(`<!doctype html><html lang="en"><head><title>Authorize Patella | Strava (local)</title></head><body>
<h1>Authorize Patella to connect to Strava</h1>
<form method="post" action="/oauth/accept_application">
<input type="hidden" name="redirect_uri" value="${escapeHtml(redirectUri)}">
<input type="hidden" name="state" value="${escapeHtml(p.get("state") ?? "")}">
<label>Athlete <select name="athlete_id">${athletes}</select></label><br>
${boxes}
<button type="submit" name="decision" value="authorize">Authorize</button>
<button type="submit" name="decision" value="cancel">Cancel</button>
</form></body></html>`);
}

export async function handleAccept(ctx: ServerContext, req: IncomingMessage, res: ServerResponse) {
  const form = await readForm(req);
  const redirect = new URL(form.get("redirect_uri") ?? "");
  const state = form.get("state");
  if (state) redirect.searchParams.set("state", state);
  if (form.get("decision") !== "authorize") {
    redirect.searchParams.set("error", "access_denied");
  } else {
    const scope = form.getAll("scope").join(",");
    redirect.searchParams.set("code", ctx.tokens.createCode(Number(form.get("athlete_id")), scope));
    redirect.searchParams.set("scope", scope);
  }
  res.writeHead(302, { location: redirect.toString() });
  res.end();
}

export async function handleToken(ctx: ServerContext, req: IncomingMessage, res: ServerResponse) {
  const form = await readForm(req);
  if (form.get("client_id") !== ctx.options.clientId || form.get("client_secret") !== ctx.options.clientSecret) {
    return sendFault(res, 400, "Bad Request", [{ resource: "Application", field: "client_id", code: "invalid" }]);
  }
  const grantType = form.get("grant_type");
  if (grantType === "authorization_code") {
    const grant = ctx.tokens.redeemCode(form.get("code") ?? "");
    const athlete = grant ? ctx.store.athlete(grant.athleteId) : undefined;
    if (!grant || !athlete) return sendFault(res, 400, "Bad Request", [{ resource: "AuthorizationCode", field: "code", code: "invalid" }]);
    const connected = ctx.tokens.connectedAthletes();
    if (!connected.includes(athlete.id) && connected.length >= ctx.options.maxConnectedAthletes) {
      return sendFault(res, 403, "Limit of connected athletes exceeded", []);
    }
    return sendJson(res, { ...ctx.tokens.issue(athlete.id, grant.scope), athlete: summaryAthlete(athlete, ctx.store.joinedAt(athlete.id, ctx.now())) });
  }
  if (grantType === "refresh_token") {
    const tokens = ctx.tokens.refreshGrant(form.get("refresh_token") ?? "");
    if (!tokens) return sendFault(res, 400, "Bad Request", [{ resource: "RefreshToken", field: "refresh_token", code: "invalid" }]);
    return sendJson(res, tokens);
  }
  return sendFault(res, 400, "Bad Request", [{ resource: "Application", field: "grant_type", code: "invalid" }]);
}

/** The access token of a request: the Authorization header, else an access_token parameter. */
export function bearerToken(req: IncomingMessage, url: URL, form?: URLSearchParams): string | null {
  const header = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
  return header ?? (form ? param(form, url, "access_token") : url.searchParams.get("access_token"));
}

export async function handleDeauthorize(ctx: ServerContext, req: IncomingMessage, res: ServerResponse, url: URL) {
  const form = await readForm(req);
  const token = bearerToken(req, url, form);
  const record = token ? ctx.tokens.authenticate(token) : undefined;
  if (!token || !record) return sendFault(res, 401, "Authorization Error", [{ resource: "Athlete", field: "access_token", code: "invalid" }]);
  // Tokens are revoked before this returns; the deauthorization event goes to the webhook
  // callback in the background, so an app that handles it by calling back into its own locks
  // cannot deadlock against its own deauthorize call (see Webhooks.deliveries to wait for it).
  void ctx.deauthorize(record.athleteId);
  sendJson(res, { access_token: token });
}
