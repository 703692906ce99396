import { randomBytes } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for Strava's OAuth and API (see Strava's docs as summarised for the team):
 * what Patella needs from it so far — the consent page, the token endpoint (authorization code
 * and refresh grants, rotating refresh tokens) and the athlete endpoint, with Strava's error
 * shapes. The Strava capability issue grows it (activities, streams, rate limits, webhooks).
 */

export interface FakeAthlete {
  id: number;
  firstname: string;
  lastname: string;
  city?: string;
  country?: string;
  sex?: "M" | "F";
}

export interface StravaServerOptions {
  port?: number;
  host?: string;
  clientId: string;
  clientSecret: string;
  /** Athletes who can "log in" on the consent page; the first is pre-selected. */
  athletes: FakeAthlete[];
  /** Access-token lifetime in seconds (Strava: 6 h). */
  tokenTtlS?: number;
  now?: () => number;
}

interface Grant {
  athleteId: number;
  scope: string;
  redirectUri: string;
}

interface TokenRecord {
  athleteId: number;
  scope: string;
  expiresAt: number;
}

export interface StravaServer {
  url: string;
  close(): Promise<void>;
  /** For tests: every request the server received, method and path. */
  requests: { method: string; path: string }[];
}

const ALL_SCOPES = ["read", "read_all", "profile:read_all", "profile:write", "activity:read", "activity:read_all", "activity:write"];

function fault(res: ServerResponse, status: number, message: string, errors: { resource: string; field: string; code: string }[]) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify({ message, errors }));
}

function json(res: ServerResponse, body: unknown, status = 200) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function readBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if ((req.headers["content-type"] ?? "").includes("application/json")) {
    const obj = JSON.parse(text || "{}") as Record<string, unknown>;
    return new URLSearchParams(Object.entries(obj).map(([k, v]) => [k, String(v)]));
  }
  return new URLSearchParams(text);
}

function summaryAthlete(a: FakeAthlete) {
  return {
    id: a.id,
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

export async function startStravaServer(options: StravaServerOptions): Promise<StravaServer> {
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const ttl = options.tokenTtlS ?? 6 * 3600;
  const codes = new Map<string, Grant>();
  const accessTokens = new Map<string, TokenRecord>();
  const refreshTokens = new Map<string, { athleteId: number; scope: string }>();
  const requests: { method: string; path: string }[] = [];

  const issue = (athleteId: number, scope: string) => {
    const access = randomBytes(20).toString("hex");
    const refresh = randomBytes(20).toString("hex");
    const expiresAt = now() + ttl;
    accessTokens.set(access, { athleteId, scope, expiresAt });
    refreshTokens.set(refresh, { athleteId, scope });
    return { token_type: "Bearer", access_token: access, refresh_token: refresh, expires_at: expiresAt, expires_in: ttl };
  };

  const authorizedAthlete = (req: IncomingMessage, res: ServerResponse): { athlete: FakeAthlete; token: TokenRecord } | null => {
    const header = req.headers.authorization ?? "";
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    const record = token ? accessTokens.get(token) : undefined;
    if (!record || record.expiresAt <= now()) {
      fault(res, 401, "Authorization Error", [{ resource: "Athlete", field: "access_token", code: "invalid" }]);
      return null;
    }
    const athlete = options.athletes.find((a) => a.id === record.athleteId);
    if (!athlete) {
      fault(res, 401, "Authorization Error", [{ resource: "Athlete", field: "access_token", code: "invalid" }]);
      return null;
    }
    return { athlete, token: record };
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://strava.local");
    requests.push({ method: req.method ?? "GET", path: url.pathname });

    if (req.method === "GET" && url.pathname === "/oauth/authorize") {
      const p = url.searchParams;
      if (p.get("client_id") !== options.clientId) {
        return fault(res, 400, "Bad Request", [{ resource: "Application", field: "client_id", code: "invalid" }]);
      }
      const redirectUri = p.get("redirect_uri");
      if (!redirectUri || !/^https?:\/\//.test(redirectUri)) {
        return fault(res, 400, "Bad Request", [{ resource: "Application", field: "redirect_uri", code: "invalid" }]);
      }
      if (p.get("response_type") !== "code") {
        return fault(res, 400, "Bad Request", [{ resource: "Application", field: "response_type", code: "invalid" }]);
      }
      const requested = (p.get("scope") ?? "read").split(",").filter((s) => ALL_SCOPES.includes(s));
      const boxes = requested
        .map((s) => `<label><input type="checkbox" name="scope" value="${escapeHtml(s)}" checked> ${escapeHtml(s)}</label><br>`)
        .join("");
      const athletes = options.athletes
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
      return;
    }

    if (req.method === "POST" && url.pathname === "/oauth/accept_application") {
      const form = await readBody(req);
      const redirect = new URL(form.get("redirect_uri") ?? "");
      const state = form.get("state");
      if (state) redirect.searchParams.set("state", state);
      if (form.get("decision") !== "authorize") {
        redirect.searchParams.set("error", "access_denied");
      } else {
        const scope = form.getAll("scope").join(",");
        const code = randomBytes(16).toString("hex");
        codes.set(code, { athleteId: Number(form.get("athlete_id")), scope, redirectUri: redirect.toString() });
        redirect.searchParams.set("code", code);
        redirect.searchParams.set("scope", scope);
      }
      res.writeHead(302, { location: redirect.toString() });
      res.end();
      return;
    }

    if (req.method === "POST" && (url.pathname === "/oauth/token" || url.pathname === "/api/v3/oauth/token")) {
      const form = await readBody(req);
      if (form.get("client_id") !== options.clientId || form.get("client_secret") !== options.clientSecret) {
        return fault(res, 400, "Bad Request", [{ resource: "Application", field: "client_id", code: "invalid" }]);
      }
      const grantType = form.get("grant_type");
      if (grantType === "authorization_code") {
        const code = form.get("code") ?? "";
        const grant = codes.get(code);
        codes.delete(code); // single use
        if (!grant) return fault(res, 400, "Bad Request", [{ resource: "AuthorizationCode", field: "code", code: "invalid" }]);
        const athlete = options.athletes.find((a) => a.id === grant.athleteId);
        if (!athlete) return fault(res, 400, "Bad Request", [{ resource: "AuthorizationCode", field: "code", code: "invalid" }]);
        return json(res, { ...issue(athlete.id, grant.scope), athlete: summaryAthlete(athlete) });
      }
      if (grantType === "refresh_token") {
        const refresh = form.get("refresh_token") ?? "";
        const record = refreshTokens.get(refresh);
        if (!record) {
          return fault(res, 400, "Bad Request", [{ resource: "RefreshToken", field: "refresh_token", code: "invalid" }]);
        }
        refreshTokens.delete(refresh); // rotation: the old refresh token stops working at once
        return json(res, issue(record.athleteId, record.scope));
      }
      return fault(res, 400, "Bad Request", [{ resource: "Application", field: "grant_type", code: "invalid" }]);
    }

    if (req.method === "GET" && url.pathname === "/api/v3/athlete") {
      const who = authorizedAthlete(req, res);
      if (!who) return;
      return json(res, { ...summaryAthlete(who.athlete), resource_state: who.token.scope.includes("profile:read_all") ? 3 : 2 });
    }

    fault(res, 404, "Record Not Found", [{ resource: "Resource", field: "path", code: "invalid" }]);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) fault(res, 400, "Bad Request", [{ resource: "Request", field: "body", code: "invalid" }]);
      else res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${address.port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The athletes the development and e2e servers start with. */
export const DEFAULT_ATHLETES: FakeAthlete[] = [
  { id: 1234567, firstname: "Ada", lastname: "Runner", city: "Paris", country: "France", sex: "F" },
  { id: 7654321, firstname: "Bo", lastname: "Trail", city: "Boulder", country: "United States", sex: "M" },
];
