import { afterEach, describe, expect, it } from "vitest";
import { api, CLIENT_ID, CLIENT_SECRET, connect, startTestServer, type TestServer } from "./test-helpers";

let t: TestServer;
afterEach(() => t.server.close());

const inject = (body: unknown) => fetch(`${t.server.url}/__control/faults`, { method: "POST", body: JSON.stringify(body) });

describe("fault injection", () => {
  it("answers the next N API calls with 500, uncounted by the rate limits, then recovers", async () => {
    t = await startTestServer();
    const tokens = await connect(t.server, 42, ["read"]);
    const res = await inject({ kind: "error", count: 2 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ faults: [{ kind: "error", remaining: 2, status: 500, delayMs: null, pathPrefix: "/api/v3/" }] });
    const first = await api(t.server, tokens.access_token, "/api/v3/athlete");
    expect(first.status).toBe(500);
    expect(first.body).toEqual({ message: "Internal Server Error", errors: [] });
    expect((await api(t.server, tokens.access_token, "/api/v3/athlete")).status).toBe(500);
    const third = await api(t.server, tokens.access_token, "/api/v3/athlete");
    expect(third.status).toBe(200);
    expect(third.headers.get("x-ratelimit-usage")).toBe("1,1");
  });

  it("can answer another status, and target the token endpoint instead of the API", async () => {
    t = await startTestServer();
    const tokens = await connect(t.server, 42, ["read"]);
    await inject({ kind: "error", status: 503, pathPrefix: "/oauth/token" });
    const refresh = () =>
      fetch(`${t.server.url}/oauth/token`, {
        method: "POST",
        body: new URLSearchParams({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, grant_type: "refresh_token", refresh_token: tokens.refresh_token }),
      });
    expect((await api(t.server, tokens.access_token, "/api/v3/athlete")).status).toBe(200);
    expect((await refresh()).status).toBe(503);
    // The failed refresh did not spend the refresh token.
    expect((await refresh()).status).toBe(200);
  });

  it("hangs a call for delayMs and then answers it normally", async () => {
    t = await startTestServer();
    const tokens = await connect(t.server, 42, ["read"]);
    await inject({ kind: "hang", delayMs: 300 });
    const started = performance.now();
    const res = await api(t.server, tokens.access_token, "/api/v3/athlete");
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("hangs a call for good without delayMs, so the client's timeout fires; others are served meanwhile", async () => {
    t = await startTestServer();
    const tokens = await connect(t.server, 42, ["read"]);
    t.server.control.injectFault({ kind: "hang" });
    const hung = fetch(`${t.server.url}/api/v3/athlete`, { headers: { authorization: `Bearer ${tokens.access_token}` }, signal: AbortSignal.timeout(200) });
    expect((await api(t.server, tokens.access_token, "/api/v3/athlete")).status).toBe(200);
    await expect(hung).rejects.toThrow(/abort|timeout/i);
  });

  it("drops the connection, then serves the next call", async () => {
    t = await startTestServer();
    const tokens = await connect(t.server, 42, ["read"]);
    await inject([{ kind: "drop" }, { kind: "error", status: 502 }]);
    await expect(api(t.server, tokens.access_token, "/api/v3/athlete")).rejects.toThrow(/fetch failed/);
    expect((await api(t.server, tokens.access_token, "/api/v3/athlete")).status).toBe(502);
    expect((await api(t.server, tokens.access_token, "/api/v3/athlete")).status).toBe(200);
  });

  it("takes faults from the options, lists and clears them, and refuses a bad one", async () => {
    t = await startTestServer({ faults: [{ kind: "error", count: 5 }] });
    const listed = await fetch(`${t.server.url}/__control/faults`);
    expect(await listed.json()).toEqual({ faults: [{ kind: "error", remaining: 5, status: 500, delayMs: null, pathPrefix: "/api/v3/" }] });
    await fetch(`${t.server.url}/__control/faults`, { method: "DELETE" });
    const tokens = await connect(t.server, 42, ["read"]);
    expect((await api(t.server, tokens.access_token, "/api/v3/athlete")).status).toBe(200);
    const bad = await inject({ kind: "explode" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: "kind must be one of error, hang, drop" });
  });
});
