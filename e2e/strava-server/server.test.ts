import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStravaServer, type StravaServer } from "./server";

const clientId = "test-client";
const clientSecret = "test-secret";

async function authorize(server: StravaServer, scope: string[], state = "xyz") {
  const form = new URLSearchParams({ redirect_uri: "http://localhost:3000/cb", state, athlete_id: "42", decision: "authorize" });
  for (const s of scope) form.append("scope", s);
  const res = await fetch(`${server.url}/oauth/accept_application`, { method: "POST", body: form, redirect: "manual" });
  return new URL(res.headers.get("location")!);
}

async function token(server: StravaServer, fields: Record<string, string>) {
  const res = await fetch(`${server.url}/oauth/token`, {
    method: "POST",
    body: new URLSearchParams({ client_id: clientId, client_secret: clientSecret, ...fields }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("local Strava server", () => {
  let server: StravaServer;
  beforeAll(async () => {
    server = await startStravaServer({ clientId, clientSecret, athletes: [{ id: 42, firstname: "Ada", lastname: "Runner" }] });
  });
  afterAll(() => server.close());

  it("shows a consent page with the requested scopes, and refuses an unknown client", async () => {
    const ok = await fetch(`${server.url}/oauth/authorize?client_id=${clientId}&redirect_uri=http://localhost:3000/cb&response_type=code&scope=read,activity:read_all`);
    expect(ok.status).toBe(200);
    const html = await ok.text();
    expect(html).toContain('value="activity:read_all"');
    const bad = await fetch(`${server.url}/oauth/authorize?client_id=nope&redirect_uri=http://localhost:3000/cb&response_type=code`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ resource: "Application", field: "client_id", code: "invalid" }] });
  });

  it("redirects back with state, a code and only the scopes the athlete left ticked", async () => {
    const back = await authorize(server, ["read", "activity:read_all"]);
    expect(back.searchParams.get("state")).toBe("xyz");
    expect(back.searchParams.get("scope")).toBe("read,activity:read_all");
    expect(back.searchParams.get("code")).toMatch(/^[0-9a-f]{32}$/);
  });

  it("exchanges a code once, returns the athlete, and serves /athlete for that token only", async () => {
    const code = (await authorize(server, ["read"])).searchParams.get("code")!;
    const first = await token(server, { grant_type: "authorization_code", code });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ token_type: "Bearer", expires_in: 21600, athlete: { id: 42, firstname: "Ada" } });
    const again = await token(server, { grant_type: "authorization_code", code });
    expect(again.status).toBe(400);

    const athlete = await fetch(`${server.url}/api/v3/athlete`, { headers: { authorization: `Bearer ${String(first.body.access_token)}` } });
    expect(athlete.status).toBe(200);
    expect(await athlete.json()).toMatchObject({ id: 42, lastname: "Runner" });
    const anonymous = await fetch(`${server.url}/api/v3/athlete`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ errors: [{ resource: "Athlete", field: "access_token", code: "invalid" }] });
  });

  it("rotates refresh tokens: the old one stops working as soon as a new one is issued", async () => {
    const code = (await authorize(server, ["read"])).searchParams.get("code")!;
    const first = await token(server, { grant_type: "authorization_code", code });
    const refreshed = await token(server, { grant_type: "refresh_token", refresh_token: String(first.body.refresh_token) });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(first.body.refresh_token);
    const stale = await token(server, { grant_type: "refresh_token", refresh_token: String(first.body.refresh_token) });
    expect(stale.status).toBe(400);
    expect(stale.body).toMatchObject({ errors: [{ resource: "RefreshToken", field: "refresh_token", code: "invalid" }] });
  });

  it("refuses a wrong client secret", async () => {
    const res = await fetch(`${server.url}/oauth/token`, {
      method: "POST",
      body: new URLSearchParams({ client_id: clientId, client_secret: "wrong", grant_type: "authorization_code", code: "x" }),
    });
    expect(res.status).toBe(400);
  });
});
