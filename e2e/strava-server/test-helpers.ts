import { startStravaServer, type StravaServer, type StravaServerOptions } from "./server";

/** Shared by the stand-in's own tests (not a test file itself). */

export const CLIENT_ID = "test-client";
export const CLIENT_SECRET = "test-secret";
/** 2026-07-01T10:00:00Z, a Wednesday in Paris summer time (UTC+2). */
export const T0 = Date.UTC(2026, 6, 1, 10, 0, 0) / 1000;

export interface TestServer {
  server: StravaServer;
  /** The server's clock; set `clock.now` to move it. */
  clock: { now: number };
}

export async function startTestServer(options: Partial<StravaServerOptions> = {}): Promise<TestServer> {
  const clock = { now: T0 };
  const server = await startStravaServer({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    athletes: [{ id: 42, firstname: "Ada", lastname: "Runner" }],
    now: () => clock.now,
    ...options,
  });
  return { server, clock };
}

export interface Tokens {
  access_token: string;
  refresh_token: string;
  expires_at: number;
  expires_in: number;
}

/** The whole OAuth dance for one athlete, with the scopes left ticked on the consent page. */
export async function connect(server: StravaServer, athleteId: number, scopes: string[]): Promise<Tokens> {
  const form = new URLSearchParams({ redirect_uri: "http://localhost:3000/cb", state: "s", athlete_id: String(athleteId), decision: "authorize" });
  for (const s of scopes) form.append("scope", s);
  const back = await fetch(`${server.url}/oauth/accept_application`, { method: "POST", body: form, redirect: "manual" });
  const code = new URL(back.headers.get("location")!).searchParams.get("code")!;
  const res = await fetch(`${server.url}/oauth/token`, {
    method: "POST",
    body: new URLSearchParams({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, code, grant_type: "authorization_code" }),
  });
  if (res.status !== 200) throw new Error(`token exchange failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as Tokens;
}

export async function refresh(server: StravaServer, refreshToken: string) {
  const res = await fetch(`${server.url}/oauth/token`, {
    method: "POST",
    body: new URLSearchParams({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, grant_type: "refresh_token", refresh_token: refreshToken }),
  });
  return { status: res.status, body: (await res.json()) as Tokens & Record<string, unknown> };
}

export interface ApiResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

/** GET (or another method) on the API with a bearer token; the body parsed as JSON when there is one. */
export async function api<T = unknown>(server: StravaServer, token: string | null, path: string, init: RequestInit = {}): Promise<ApiResponse<T>> {
  const headers = new Headers(init.headers);
  if (token) headers.set("authorization", `Bearer ${token}`);
  const res = await fetch(`${server.url}${path}`, { ...init, headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
}
