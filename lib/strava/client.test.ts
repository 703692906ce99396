import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { StravaError, refreshTokens, stravaGet, type StravaConfig, type StravaErrorKind } from "./client";

/**
 * lib/strava/client.ts against a real HTTP server on 127.0.0.1: each test says how the server
 * answers; the server records every request it received.
 */

const ACCESS = "acc-7f3e9c1b5d2a4e6f8091a2b3c4d5e6f7";
const REFRESH = "ref-0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const CLIENT_SECRET = "client-secret-55aa66bb77cc";

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

let server: http.Server;
let baseUrl: string;
let handler: Handler;
let seen: Seen[] = [];
/** The kinds of StravaError the tests produced (each checked for secrets as it was caught). */
const kindsSeen = new Set<StravaErrorKind>();

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

const RATE_HEADERS = {
  "x-ratelimit-limit": "200,2000",
  "x-ratelimit-usage": "10,120",
  "x-readratelimit-limit": "100,1000",
  "x-readratelimit-usage": "12,90",
};

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(() => {
  seen = [];
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const cfg = (over: Partial<StravaConfig> = {}): StravaConfig => ({ baseUrl, clientId: "4242", clientSecret: CLIENT_SECRET, timeoutMs: 5_000, ...over });

async function failure(promise: Promise<unknown>): Promise<StravaError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(StravaError);
    const e = err as StravaError;
    // No message, stack or serialisation holds a secret the call was given.
    for (const text of [e.message, String(e), e.stack ?? "", JSON.stringify(e)]) {
      for (const secret of [ACCESS, REFRESH, CLIENT_SECRET]) expect(text).not.toContain(secret);
    }
    kindsSeen.add(e.kind);
    return e;
  }
  throw new Error("expected a StravaError, the call succeeded");
}

async function getFailure(kind: StravaErrorKind, over: Partial<StravaConfig> = {}, path = "/athlete/activities?per_page=200"): Promise<StravaError> {
  const err = await failure(stravaGet(cfg(over), path, ACCESS));
  expect(err.kind).toBe(kind);
  expect(err.name).toBe("StravaError");
  return err;
}

describe("stravaGet", () => {
  it("answers the JSON and the rate reading, sending the token only as a bearer header", async () => {
    handler = (_req, res) => json(res, 200, [{ id: 1, name: "Morning Run" }], RATE_HEADERS);
    const r = await stravaGet(cfg(), "/athlete/activities?per_page=200&before=1714458600", ACCESS);
    expect(r.json).toEqual([{ id: 1, name: "Morning Run" }]);
    expect(r.reading).toEqual({ limit15: 100, limitDay: 1000, usage15: 12, usageDay: 120 });

    expect(seen).toHaveLength(1);
    const req = seen[0]!;
    expect(req.method).toBe("GET");
    expect(req.url).toBe("/api/v3/athlete/activities?per_page=200&before=1714458600");
    expect(req.headers.authorization).toBe(`Bearer ${ACCESS}`);
    expect(req.headers.accept).toBe("application/json");
    expect(req.url).not.toContain(ACCESS);
    expect(req.body).toBe("");
    // The token appears nowhere but in the Authorization header.
    const others = Object.entries(req.headers).filter(([name]) => name !== "authorization");
    expect(JSON.stringify(others)).not.toContain(ACCESS);
  });

  it("answers a null reading when the response has no rate headers", async () => {
    handler = (_req, res) => json(res, 200, { id: 7 });
    const r = await stravaGet(cfg(), "/athlete", ACCESS);
    expect(r).toEqual({ json: { id: 7 }, reading: null });
  });

  it("answers null for a 2xx with an empty body", async () => {
    handler = (_req, res) => {
      res.writeHead(200, RATE_HEADERS);
      res.end();
    };
    const r = await stravaGet(cfg(), "/athlete", ACCESS);
    expect(r.json).toBeNull();
    expect(r.reading).toEqual({ limit15: 100, limitDay: 1000, usage15: 12, usageDay: 120 });
  });

  it("401 for an invalid access token → unauthorized", async () => {
    handler = (_req, res) =>
      json(res, 401, { message: "Authorization Error", errors: [{ resource: "Athlete", field: "access_token", code: "invalid" }] }, RATE_HEADERS);
    const err = await getFailure("unauthorized");
    expect(err.status).toBe(401);
    expect(err.transient).toBe(false);
    expect(err.message).toBe("Strava no longer accepts Patella's access token.");
    expect(err.reading).toEqual({ limit15: 100, limitDay: 1000, usage15: 12, usageDay: 120 });
  });

  it("401 without a body → unauthorized", async () => {
    handler = (_req, res) => {
      res.writeHead(401);
      res.end();
    };
    const err = await getFailure("unauthorized");
    expect(err.status).toBe(401);
    expect(err.reading).toBeNull();
  });

  it("401 naming a *_permission field → missing_scope", async () => {
    handler = (_req, res) =>
      json(res, 401, { message: "Authorization Error", errors: [{ resource: "AccessToken", field: "activity:read_permission", code: "missing" }] });
    const err = await getFailure("missing_scope");
    expect(err.status).toBe(401);
    expect(err.transient).toBe(false);
    expect(err.message).toBe("Strava refused: a permission is missing (AccessToken.activity:read_permission).");
  });

  it("429 → rate_limited, with the reading of the refusal", async () => {
    handler = (_req, res) =>
      json(
        res,
        429,
        { message: "Rate Limit Exceeded", errors: [{ resource: "Application", field: "rate limit", code: "exceeded" }] },
        { "x-ratelimit-limit": "100,1000", "x-ratelimit-usage": "101,534", "x-readratelimit-limit": "100,1000", "x-readratelimit-usage": "101,534" },
      );
    const err = await getFailure("rate_limited");
    expect(err.status).toBe(429);
    expect(err.transient).toBe(false);
    expect(err.reading).toEqual({ limit15: 100, limitDay: 1000, usage15: 101, usageDay: 534 });
  });

  it("404 → not_found", async () => {
    handler = (_req, res) => json(res, 404, { message: "Record Not Found", errors: [{ resource: "Activity", field: "id", code: "invalid" }] });
    const err = await getFailure("not_found", {}, "/activities/123/streams?keys=time&key_by_type=true");
    expect(err.status).toBe(404);
    expect(err.transient).toBe(false);
    expect(seen[0]!.url).toBe("/api/v3/activities/123/streams?keys=time&key_by_type=true");
  });

  it("403 → forbidden", async () => {
    handler = (_req, res) => json(res, 403, { message: "Forbidden", errors: [{ resource: "Activity", field: "id", code: "forbidden" }] });
    const err = await getFailure("forbidden");
    expect(err.status).toBe(403);
    expect(err.message).toBe("Strava refused the request (403: Activity.id).");
  });

  it("503 → server, transient", async () => {
    handler = (_req, res) => {
      res.writeHead(503, { "content-type": "text/html" });
      res.end("<html><body>Service Unavailable</body></html>");
    };
    const err = await getFailure("server");
    expect(err.status).toBe(503);
    expect(err.transient).toBe(true);
    expect(err.message).toBe("Strava had a problem (HTTP 503).");
  });

  it("500 with JSON → server, transient", async () => {
    handler = (_req, res) => json(res, 500, { message: "Internal Server Error" });
    const err = await getFailure("server");
    expect(err.status).toBe(500);
    expect(err.transient).toBe(true);
  });

  it("another 4xx → bad_request naming the fields", async () => {
    handler = (_req, res) => json(res, 400, { message: "Bad Request", errors: [{ resource: "Application", field: "per_page", code: "invalid" }] });
    const err = await getFailure("bad_request");
    expect(err.status).toBe(400);
    expect(err.transient).toBe(false);
    expect(err.message).toBe("Strava refused the request (HTTP 400: Application.per_page).");
  });

  it("a 200 that is not JSON → bad_response, transient, with its reading", async () => {
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "text/html", ...RATE_HEADERS });
      res.end("<!doctype html><title>Strava</title>");
    };
    const err = await getFailure("bad_response");
    expect(err.status).toBe(200);
    expect(err.transient).toBe(true);
    expect(err.reading).toEqual({ limit15: 100, limitDay: 1000, usage15: 12, usageDay: 120 });
  });

  it("does not follow a redirect (the bearer token goes to Strava only)", async () => {
    handler = (req, res) => {
      if (req.url?.startsWith("/elsewhere")) return json(res, 200, { stolen: true });
      res.writeHead(302, { location: `${baseUrl}/elsewhere` });
      res.end();
    };
    const err = await getFailure("bad_request");
    expect(err.status).toBe(302);
    expect(seen.map((s) => s.url)).toEqual(["/api/v3/athlete/activities?per_page=200"]);
  });

  it("a server that never answers → timeout", async () => {
    handler = () => {
      /* never answers */
    };
    const started = Date.now();
    const err = await getFailure("timeout", { timeoutMs: 200 });
    const elapsed = Date.now() - started;
    expect(err.status).toBeNull();
    expect(err.transient).toBe(true);
    expect(err.message).toBe("Strava did not answer in time.");
    expect(elapsed).toBeGreaterThanOrEqual(150); // it waited for the timeout, not less (a hang fails on the test timeout)
  });

  it("a connection dropped mid-answer → network", async () => {
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      res.write('[{"id":1,');
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const err = await getFailure("network");
    expect(err.transient).toBe(true);
  });

  it("a GET whose connection is reset before any answer (a kept-alive connection the server closed) is sent once more", async () => {
    let calls = 0;
    handler = (req, res) => (++calls === 1 ? req.socket.destroy() : json(res, 200, [{ id: 2 }], RATE_HEADERS));
    const r = await stravaGet(cfg(), "/athlete/activities?per_page=200", ACCESS);
    expect(r.json).toEqual([{ id: 2 }]);
    expect(seen).toHaveLength(2);

    // Reset every time: once more only, then a network error.
    calls = 0;
    seen = [];
    handler = (req) => void (++calls, req.socket.destroy());
    const err = await getFailure("network");
    expect(err.transient).toBe(true);
    expect(calls).toBe(2);
  });

  it("a POST whose connection is reset is not sent again (a refresh token is never spent twice)", async () => {
    let calls = 0;
    handler = (req) => void (++calls, req.socket.destroy());
    const err = await failure(refreshTokens(cfg(), REFRESH));
    expect(err.kind).toBe("network");
    expect(calls).toBe(1);
  });

  it("a refused connection → network", async () => {
    // A port that was just free and is closed again: connections are refused at once.
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err = await getFailure("network", { baseUrl: `http://127.0.0.1:${port}` });
    expect(err.status).toBeNull();
    expect(err.reading).toBeNull();
    expect(err.transient).toBe(true);
    expect(err.message).toBe("Could not reach Strava.");
  });
});

describe("refreshTokens", () => {
  it("posts the refresh token as a form and parses the answer, expires_at to a Date", async () => {
    handler = (_req, res) =>
      json(res, 200, {
        token_type: "Bearer",
        access_token: "new-access-1",
        refresh_token: "new-refresh-1",
        expires_at: 1_773_000_000,
        expires_in: 21_600,
        athlete: { id: 7 },
      });
    const t = await refreshTokens(cfg(), REFRESH);
    // 1,773,000,000 − 1,767,225,600 (2026-01-01) = 5,774,400 s = 66 days + 72,000 s (20 h);
    // day 66 of 2026 (from 0) is 8 March.
    expect(t).toEqual({ accessToken: "new-access-1", refreshToken: "new-refresh-1", expiresAt: new Date("2026-03-08T20:00:00Z"), athlete: { id: 7 } });
    expect(t.expiresAt.getTime()).toBe(1_773_000_000_000);

    expect(seen).toHaveLength(1);
    const req = seen[0]!;
    expect(req.method).toBe("POST");
    expect(req.url).toBe("/oauth/token");
    expect(req.url).not.toContain(REFRESH);
    expect(req.headers["content-type"]).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(new URLSearchParams(req.body))).toEqual({
      client_id: "4242",
      client_secret: CLIENT_SECRET,
      grant_type: "refresh_token",
      refresh_token: REFRESH,
    });
  });

  it("answers a null athlete when Strava leaves it out", async () => {
    handler = (_req, res) => json(res, 200, { access_token: "a", refresh_token: "r", expires_at: 0 });
    expect(await refreshTokens(cfg(), REFRESH)).toEqual({ accessToken: "a", refreshToken: "r", expiresAt: new Date(0), athlete: null });
  });

  it("400 for the refresh token → invalid_refresh_token", async () => {
    handler = (_req, res) =>
      json(res, 400, { message: "Bad Request", errors: [{ resource: "RefreshToken", field: "refresh_token", code: "invalid" }] });
    const err = await failure(refreshTokens(cfg(), REFRESH));
    expect(err.kind).toBe("invalid_refresh_token");
    expect(err.status).toBe(400);
    expect(err.transient).toBe(false);
  });

  it("a token answer missing its expiry → bad_response", async () => {
    handler = (_req, res) => json(res, 200, { access_token: "a", refresh_token: "r", expires_at: "tomorrow" });
    expect((await failure(refreshTokens(cfg(), REFRESH))).kind).toBe("bad_response");
    handler = (_req, res) => json(res, 200, { access_token: "a", expires_at: 1 });
    expect((await failure(refreshTokens(cfg(), REFRESH))).kind).toBe("bad_response");
    handler = (_req, res) => json(res, 200, null);
    expect((await failure(refreshTokens(cfg(), REFRESH))).kind).toBe("bad_response");
  });

  it("503 → server; a refused connection → network; silence → timeout", async () => {
    handler = (_req, res) => json(res, 503, {});
    expect((await failure(refreshTokens(cfg(), REFRESH))).kind).toBe("server");
    handler = () => {};
    expect((await failure(refreshTokens(cfg({ timeoutMs: 200 }), REFRESH))).kind).toBe("timeout");
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect((await failure(refreshTokens(cfg({ baseUrl: `http://127.0.0.1:${port}` }), REFRESH))).kind).toBe("network");
  });
});

describe("error messages", () => {
  it("were checked for secrets across every kind (run with the whole file)", () => {
    expect(kindsSeen).toEqual(
      new Set(["unauthorized", "missing_scope", "rate_limited", "not_found", "forbidden", "server", "bad_request", "bad_response", "timeout", "network", "invalid_refresh_token"]),
    );
  });
});
