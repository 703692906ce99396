import { afterEach, describe, expect, it } from "vitest";
import { api, connect, refresh, startTestServer, T0, type TestServer } from "./test-helpers";

const LIMITED = { message: "Rate Limit Exceeded", errors: [{ resource: "Application", field: "rate limit", code: "exceeded" }] };
const SMALL = { overall: { fifteenMinute: 8, daily: 20 }, read: { fifteenMinute: 5, daily: 12 } };

let t: TestServer;
afterEach(() => t.server.close());

function rateHeaders(headers: Headers) {
  return {
    limit: headers.get("x-ratelimit-limit"),
    usage: headers.get("x-ratelimit-usage"),
    readLimit: headers.get("x-readratelimit-limit"),
    readUsage: headers.get("x-readratelimit-usage"),
  };
}

describe("rate limits", () => {
  it("sends Strava's defaults in the four headers on every API response", async () => {
    t = await startTestServer();
    const tokens = await connect(t.server, 42, ["read"]);
    const res = await api(t.server, tokens.access_token, "/api/v3/athlete");
    expect(rateHeaders(res.headers)).toEqual({ limit: "200,2000", usage: "1,1", readLimit: "100,1000", readUsage: "1,1" });
  });

  it("counts each call in both windows, and counts 401s and 404s too", async () => {
    t = await startTestServer({ rateLimits: SMALL });
    const tokens = await connect(t.server, 42, ["read"]);
    await api(t.server, tokens.access_token, "/api/v3/athlete");
    await api(t.server, tokens.access_token, "/api/v3/athlete");
    const third = await api(t.server, tokens.access_token, "/api/v3/athlete");
    expect(rateHeaders(third.headers)).toEqual({ limit: "8,20", usage: "3,3", readLimit: "5,12", readUsage: "3,3" });
    const unauthorized = await api(t.server, null, "/api/v3/athlete");
    expect(unauthorized.status).toBe(401);
    expect(rateHeaders(unauthorized.headers).usage).toBe("4,4");
    const missing = await api(t.server, tokens.access_token, "/api/v3/nothing-here");
    expect(missing.status).toBe(404);
    expect(rateHeaders(missing.headers).readUsage).toBe("5,5");
  });

  it("answers 429 past the 15-minute read limit until the next quarter-hour, counting refused calls for the day", async () => {
    t = await startTestServer({ rateLimits: SMALL });
    const tokens = await connect(t.server, 42, ["read"]);
    const call = () => api(t.server, tokens.access_token, "/api/v3/athlete");
    for (let i = 1; i <= 5; i++) expect((await call()).status).toBe(200);
    const sixth = await call();
    expect(sixth.status).toBe(429);
    expect(sixth.body).toEqual(LIMITED);
    expect(rateHeaders(sixth.headers)).toEqual({ limit: "8,20", usage: "6,6", readLimit: "5,12", readUsage: "6,6" });

    t.clock.now = T0 + 15 * 60 - 1; // 10:14:59, same window
    expect((await call()).status).toBe(429);
    t.clock.now = T0 + 15 * 60; // 10:15:00, a new window
    const next = await call();
    expect(next.status).toBe(200);
    expect(rateHeaders(next.headers)).toEqual({ limit: "8,20", usage: "1,8", readLimit: "5,12", readUsage: "1,8" });
  });

  it("aligns windows to :00, :15, :30, :45, not to the first call", async () => {
    t = await startTestServer({ rateLimits: SMALL });
    const tokens = await connect(t.server, 42, ["read"]);
    t.clock.now = T0 + 14 * 60 + 30; // 10:14:30
    await api(t.server, tokens.access_token, "/api/v3/athlete");
    await api(t.server, tokens.access_token, "/api/v3/athlete");
    t.clock.now = T0 + 15 * 60 + 5; // 10:15:05, 35 s later but in the next window
    const res = await api(t.server, tokens.access_token, "/api/v3/athlete");
    expect(rateHeaders(res.headers).usage).toBe("1,3");
  });

  it("keeps answering 429 past the daily limit in every window until 00:00 UTC", async () => {
    t = await startTestServer({ rateLimits: SMALL });
    const tokens = await connect(t.server, 42, ["read"]);
    const statuses: number[] = [];
    // Three windows of 4 calls: 12 reads, the daily read limit.
    for (let w = 0; w < 3; w++) {
      t.clock.now = T0 + w * 900;
      for (let i = 0; i < 4; i++) statuses.push((await api(t.server, tokens.access_token, "/api/v3/athlete")).status);
    }
    expect(statuses.every((s) => s === 200)).toBe(true);
    t.clock.now = T0 + 3 * 900;
    const over = await api(t.server, tokens.access_token, "/api/v3/athlete");
    expect(over.status).toBe(429);
    expect(rateHeaders(over.headers).readUsage).toBe("1,13");
    t.clock.now = Date.UTC(2026, 6, 1, 15, 59, 59) / 1000; // 10:00 + 6 h: the token is still valid
    expect((await api(t.server, tokens.access_token, "/api/v3/athlete")).status).toBe(429);
    t.clock.now = Date.UTC(2026, 6, 2, 0, 0, 0) / 1000;
    // The token endpoint is not rate limited: refreshing works while the API refuses.
    const fresh = await refresh(t.server, tokens.refresh_token);
    const tomorrow = await api(t.server, fresh.body.access_token, "/api/v3/athlete");
    expect(tomorrow.status).toBe(200);
    expect(rateHeaders(tomorrow.headers)).toMatchObject({ usage: "1,1", readUsage: "1,1" });
  });

  it("counts POST /activities in the overall limit only, and refuses it past the overall limit", async () => {
    t = await startTestServer({ rateLimits: { overall: { fifteenMinute: 3, daily: 20 }, read: { fifteenMinute: 10, daily: 20 } } });
    const tokens = await connect(t.server, 42, ["read", "activity:write", "activity:read_all"]);
    const create = () =>
      api(t.server, tokens.access_token, "/api/v3/activities", {
        method: "POST",
        body: new URLSearchParams({ name: "Treadmill", sport_type: "Run", start_date_local: "2026-07-01T07:00:00Z", elapsed_time: "1800", distance: "5000" }),
      });
    const first = await create();
    expect(first.status).toBe(201);
    expect(rateHeaders(first.headers)).toMatchObject({ usage: "1,1", readUsage: "0,0" });
    await api(t.server, tokens.access_token, "/api/v3/athlete");
    expect(rateHeaders((await create()).headers)).toMatchObject({ usage: "3,3", readUsage: "1,1" });
    const refused = await create();
    expect(refused.status).toBe(429);
    // A read call is refused as well: the overall limit covers everything.
    expect((await api(t.server, tokens.access_token, "/api/v3/athlete")).status).toBe(429);
  });

  it("lets the control API set the limits (Strava's header form or an object) and reset the usage", async () => {
    t = await startTestServer();
    const tokens = await connect(t.server, 42, ["read"]);
    const put = await fetch(`${t.server.url}/__control/rate-limits`, {
      method: "PUT",
      body: JSON.stringify({ read: "2,1000", overall: { fifteen_minute: 50 } }),
    });
    expect(await put.json()).toEqual({
      limits: { overall: { fifteenMinute: 50, daily: 2000 }, read: { fifteenMinute: 2, daily: 1000 } },
      usage: { overall: [0, 0], read: [0, 0] },
    });
    await api(t.server, tokens.access_token, "/api/v3/athlete");
    await api(t.server, tokens.access_token, "/api/v3/athlete");
    expect((await api(t.server, tokens.access_token, "/api/v3/athlete")).status).toBe(429);
    await fetch(`${t.server.url}/__control/rate-limits`, { method: "DELETE" });
    const after = await api(t.server, tokens.access_token, "/api/v3/athlete");
    expect(after.status).toBe(200);
    expect(rateHeaders(after.headers)).toEqual({ limit: "50,2000", usage: "1,1", readLimit: "2,1000", readUsage: "1,1" });
  });
});
