import { afterEach, describe, expect, it } from "vitest";
import { api, CLIENT_ID, CLIENT_SECRET, connect, refresh, startTestServer, T0, type TestServer } from "./test-helpers";

const INVALID_TOKEN = { message: "Authorization Error", errors: [{ resource: "Athlete", field: "access_token", code: "invalid" }] };

let t: TestServer;
afterEach(() => t.server.close());

describe("access and refresh tokens", () => {
  it("hands back the same access token while it has more than an hour left, a new one after", async () => {
    t = await startTestServer();
    const first = await connect(t.server, 42, ["read"]);
    expect(first.expires_at).toBe(T0 + 21600);

    t.clock.now = T0 + 5 * 3600 - 1; // 3,601 s left: same token, fresh refresh token
    const same = await refresh(t.server, first.refresh_token);
    expect(same.status).toBe(200);
    expect(same.body.access_token).toBe(first.access_token);
    expect(same.body.expires_at).toBe(T0 + 21600);
    expect(same.body.expires_in).toBe(3601);
    expect(same.body.refresh_token).not.toBe(first.refresh_token);

    t.clock.now = T0 + 5 * 3600; // exactly 1 h left: a new token
    const fresh = await refresh(t.server, same.body.refresh_token);
    expect(fresh.body.access_token).not.toBe(first.access_token);
    expect(fresh.body.expires_at).toBe(T0 + 5 * 3600 + 21600);
    expect(fresh.body.expires_in).toBe(21600);
    // Both work until the old one expires.
    expect((await api(t.server, first.access_token, "/api/v3/athlete")).status).toBe(200);
    expect((await api(t.server, fresh.body.access_token, "/api/v3/athlete")).status).toBe(200);
  });

  it("answers 401 with Strava's body for an expired token, and for an unknown one", async () => {
    t = await startTestServer();
    const tokens = await connect(t.server, 42, ["read"]);
    t.clock.now = T0 + 21599;
    expect((await api(t.server, tokens.access_token, "/api/v3/athlete")).status).toBe(200);
    t.clock.now = T0 + 21600;
    const expired = await api(t.server, tokens.access_token, "/api/v3/athlete");
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual(INVALID_TOKEN);
    const unknown = await api(t.server, "0123456789abcdef", "/api/v3/athlete/activities");
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(INVALID_TOKEN);
  });

  it("expires tokens when the control API advances the clock", async () => {
    t = await startTestServer();
    const tokens = await connect(t.server, 42, ["read"]);
    const res = await fetch(`${t.server.url}/__control/clock`, { method: "POST", body: JSON.stringify({ advance_s: 21600 }) });
    expect(await res.json()).toEqual({ now: T0 + 21600 });
    expect((await api(t.server, tokens.access_token, "/api/v3/athlete")).status).toBe(401);
  });

  it("sends no rate-limit headers from the token endpoint, under either path", async () => {
    t = await startTestServer();
    const tokens = await connect(t.server, 42, ["read"]);
    const res = await fetch(`${t.server.url}/api/v3/oauth/token`, {
      method: "POST",
      body: new URLSearchParams({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, grant_type: "refresh_token", refresh_token: tokens.refresh_token }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-ratelimit-usage")).toBeNull();
    expect(t.server.control.rateLimits().usage).toEqual({ overall: [0, 0], read: [0, 0] });
  });
});

describe("POST /oauth/deauthorize", () => {
  it("revokes every access and refresh token of the athlete, and only theirs", async () => {
    t = await startTestServer({
      athletes: [
        { id: 42, firstname: "Ada", lastname: "Runner" },
        { id: 43, firstname: "Bo", lastname: "Trail" },
      ],
    });
    const a1 = await connect(t.server, 42, ["read"]);
    const a2 = await connect(t.server, 42, ["read", "activity:read_all"]);
    const b = await connect(t.server, 43, ["read"]);

    const res = await fetch(`${t.server.url}/oauth/deauthorize`, { method: "POST", body: new URLSearchParams({ access_token: a1.access_token }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ access_token: a1.access_token });

    for (const token of [a1.access_token, a2.access_token]) {
      const after = await api(t.server, token, "/api/v3/athlete");
      expect(after.status).toBe(401);
      expect(after.body).toEqual(INVALID_TOKEN);
    }
    for (const r of [a1.refresh_token, a2.refresh_token]) {
      expect((await refresh(t.server, r)).body).toEqual({ message: "Bad Request", errors: [{ resource: "RefreshToken", field: "refresh_token", code: "invalid" }] });
    }
    expect((await api(t.server, b.access_token, "/api/v3/athlete")).status).toBe(200);
    // The athlete can connect again.
    const again = await connect(t.server, 42, ["read"]);
    expect((await api(t.server, again.access_token, "/api/v3/athlete")).status).toBe(200);
  });

  it("accepts the token as a Bearer header too, and refuses an unknown one with 401", async () => {
    t = await startTestServer();
    const tokens = await connect(t.server, 42, ["read"]);
    const bad = await fetch(`${t.server.url}/oauth/deauthorize`, { method: "POST", body: new URLSearchParams({ access_token: "nope" }) });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual(INVALID_TOKEN);
    const ok = await fetch(`${t.server.url}/oauth/deauthorize`, { method: "POST", headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(ok.status).toBe(200);
    expect((await api(t.server, tokens.access_token, "/api/v3/athlete")).status).toBe(401);
  });
});

describe("authorization rules", () => {
  it("refuses a redirect_uri outside the callback domain, but always allows localhost and 127.0.0.1", async () => {
    t = await startTestServer({ callbackDomain: "patella.example" });
    const authorize = (redirect: string) =>
      fetch(`${t.server.url}/oauth/authorize?client_id=${CLIENT_ID}&response_type=code&scope=read&redirect_uri=${encodeURIComponent(redirect)}`);
    expect((await authorize("https://app.patella.example/cb")).status).toBe(200);
    expect((await authorize("http://127.0.0.1:3100/cb")).status).toBe(200);
    expect((await authorize("http://localhost:3000/cb")).status).toBe(200);
    const evil = await authorize("https://evil.example/cb");
    expect(evil.status).toBe(400);
    expect(await evil.json()).toEqual({ message: "Bad Request", errors: [{ resource: "Application", field: "redirect_uri", code: "invalid" }] });
  });

  it("refuses a new athlete past the connected-athlete cap with 403, but not one already connected", async () => {
    t = await startTestServer({
      maxConnectedAthletes: 1,
      athletes: [
        { id: 42, firstname: "Ada", lastname: "Runner" },
        { id: 43, firstname: "Bo", lastname: "Trail" },
      ],
    });
    await connect(t.server, 42, ["read"]);
    await connect(t.server, 42, ["read"]);
    await expect(connect(t.server, 43, ["read"])).rejects.toThrow(/403 .*Limit of connected athletes exceeded/);
  });

  it("also serves the mobile consent page", async () => {
    t = await startTestServer();
    const res = await fetch(`${t.server.url}/oauth/mobile/authorize?client_id=${CLIENT_ID}&response_type=code&scope=read&redirect_uri=http://localhost/cb`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('value="read"');
  });
});
