import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { api, CLIENT_ID, CLIENT_SECRET, connect, startTestServer, T0, type TestServer } from "./test-helpers";
import type { DetailedActivityJson, StreamSetJson, SummaryActivityJson, WebhookEventJson } from "./types";

/** A stand-in for Patella's webhook endpoint: records what Strava sends and answers as told. */
interface Callback {
  url: string;
  gets: URLSearchParams[];
  events: WebhookEventJson[];
  close(): Promise<void>;
}

interface CallbackBehaviour {
  /** How to answer the handshake GET; default: 200 echoing the challenge. */
  handshake?: (q: URLSearchParams) => { status: number; body: unknown } | "hang";
  /** Status for the nth event POST (0-based); default 200. */
  eventStatus?: (n: number) => number;
}

async function startCallback(behaviour: CallbackBehaviour = {}): Promise<Callback> {
  const gets: URLSearchParams[] = [];
  const events: WebhookEventJson[] = [];
  let posts = 0;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://callback.local");
    if (req.method === "GET") {
      gets.push(url.searchParams);
      const answer = behaviour.handshake?.(url.searchParams) ?? { status: 200, body: { "hub.challenge": url.searchParams.get("hub.challenge") } };
      if (answer === "hang") return;
      res.writeHead(answer.status, { "content-type": "application/json" });
      res.end(JSON.stringify(answer.body));
      return;
    }
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      events.push(JSON.parse(body) as WebhookEventJson);
      res.writeHead(behaviour.eventStatus?.(posts++) ?? 200);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/strava/webhook`,
    gets,
    events,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let t: TestServer;
let cb: Callback | undefined;
afterEach(async () => {
  await t.server.close();
  await cb?.close();
  cb = undefined;
});

const credentials = `client_id=${CLIENT_ID}&client_secret=${CLIENT_SECRET}`;

function subscribe(callbackUrl: string, verifyToken = "patella-verify") {
  return api<Record<string, unknown>>(t.server, null, "/api/v3/push_subscriptions", {
    method: "POST",
    body: new URLSearchParams({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, callback_url: callbackUrl, verify_token: verifyToken }),
  });
}

const control = (method: string, path: string, body?: unknown) =>
  fetch(`${t.server.url}/__control/${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) }).then(
    async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }),
  );

describe("push subscriptions", () => {
  it("validates the callback with the hub.challenge handshake, then lists and deletes the subscription", async () => {
    t = await startTestServer();
    cb = await startCallback();
    const created = await subscribe(cb.url);
    expect(created.status).toBe(201);
    const id = created.body.id as number;
    expect(created.body).toEqual({ id: expect.any(Number) as number });
    expect(cb.gets).toHaveLength(1);
    expect(cb.gets[0]!.get("hub.mode")).toBe("subscribe");
    expect(cb.gets[0]!.get("hub.verify_token")).toBe("patella-verify");
    expect(cb.gets[0]!.get("hub.challenge")).toMatch(/^[0-9a-f]{32}$/);

    const listed = await api(t.server, null, `/api/v3/push_subscriptions?${credentials}`);
    expect(listed.body).toEqual([
      { id, resource_state: 2, application_id: CLIENT_ID, callback_url: cb.url, created_at: "2026-07-01T10:00:00Z", updated_at: "2026-07-01T10:00:00Z" },
    ]);

    const second = await subscribe(cb.url);
    expect(second.status).toBe(400);
    expect(second.body).toEqual({ message: "Bad Request", errors: [{ resource: "PushSubscription", field: "", code: "already exists" }] });

    const deleted = await fetch(`${t.server.url}/api/v3/push_subscriptions/${id}?${credentials}`, { method: "DELETE" });
    expect(deleted.status).toBe(204);
    expect((await api(t.server, null, `/api/v3/push_subscriptions?${credentials}`)).body).toEqual([]);
    expect((await fetch(`${t.server.url}/api/v3/push_subscriptions/${id}?${credentials}`, { method: "DELETE" })).status).toBe(404);
  });

  it("creates nothing when the callback does not answer 200, echoes the wrong challenge, is too slow or is down", async () => {
    t = await startTestServer({ webhookTimeoutMs: 200 });
    const notFound = await startCallback({ handshake: () => ({ status: 404, body: {} }) });
    const wrongEcho = await startCallback({ handshake: () => ({ status: 200, body: { "hub.challenge": "something else" } }) });
    const slow = await startCallback({ handshake: () => "hang" });
    const down = await startCallback();
    await down.close();
    const not200 = { message: "Bad Request", errors: [{ resource: "PushSubscription", field: "callback url", code: "GET to callback URL does not return 200" }] };
    try {
      expect(await subscribe(notFound.url)).toMatchObject({ status: 400, body: not200 });
      expect(await subscribe(wrongEcho.url)).toMatchObject({
        status: 400,
        body: { message: "Bad Request", errors: [{ resource: "PushSubscription", field: "callback url", code: "not verifiable" }] },
      });
      expect(await subscribe(slow.url)).toMatchObject({ status: 400, body: not200 });
      expect(await subscribe(down.url)).toMatchObject({ status: 400, body: not200 });
      expect((await api(t.server, null, `/api/v3/push_subscriptions?${credentials}`)).body).toEqual([]);
    } finally {
      await Promise.all([notFound.close(), wrongEcho.close(), slow.close()]);
    }
  });

  it("refuses wrong client credentials and a missing verify_token", async () => {
    t = await startTestServer();
    const wrong = await api(t.server, null, `/api/v3/push_subscriptions?client_id=${CLIENT_ID}&client_secret=nope`);
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual({ message: "Bad Request", errors: [{ resource: "Application", field: "client_id", code: "invalid" }] });
    const missing = await api(t.server, null, "/api/v3/push_subscriptions", {
      method: "POST",
      body: new URLSearchParams({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, callback_url: "http://127.0.0.1:1/cb" }),
    });
    expect(missing.body).toEqual({ message: "Bad Request", errors: [{ resource: "PushSubscription", field: "verify_token", code: "missing" }] });
  });
});

describe("events", () => {
  async function setUp(scopes: string[]) {
    t = await startTestServer({ webhookRetryDelayMs: 30 });
    cb = await startCallback();
    const subscriptionId = (await subscribe(cb.url)).body.id as number;
    const tokens = await connect(t.server, 42, scopes);
    return { subscriptionId, tokens };
  }

  it("sends create, update and delete in Strava's format, and the API reflects each change", async () => {
    const { subscriptionId, tokens } = await setUp(["read", "activity:read_all"]);
    const get = <T>(path: string) => api<T>(t.server, tokens.access_token, path);

    const created = await control("POST", "activities", {
      athlete_id: 42,
      sport_type: "Run",
      name: "Lunch Run",
      start_date: "2026-07-01T10:15:00Z",
      distance: 8000,
      moving_time: 2400,
      elapsed_time: 2500,
    });
    expect(created.status).toBe(201);
    const activity = created.body.activity as SummaryActivityJson;
    expect(activity).toMatchObject({ name: "Lunch Run", distance: 8000, moving_time: 2400, elapsed_time: 2500, start_date: "2026-07-01T10:15:00Z" });
    expect(activity.start_date_local).toBe("2026-07-01T12:15:00Z");
    const id = activity.id;
    expect(cb!.events).toEqual([
      { object_type: "activity", object_id: id, aspect_type: "create", updates: {}, owner_id: 42, subscription_id: subscriptionId, event_time: T0 },
    ]);
    expect(created.body.events).toEqual([{ event: cb!.events[0], delivered: true, attempts: [{ at: T0, status: 200 }] }]);
    expect((await get<SummaryActivityJson[]>("/api/v3/athlete/activities?per_page=1")).body[0]).toEqual(activity);
    const streams = (await get<StreamSetJson>(`/api/v3/activities/${id}/streams?keys=time,distance,latlng&key_by_type=true`)).body;
    expect(streams.time!.data.at(-1)).toBe(2500);
    expect(streams.distance!.data.at(-1)).toBe(8000);

    t.clock.now = T0 + 60;
    await control("PUT", `activities/${id}`, { name: "Tempo 3×10′" });
    await control("PUT", `activities/${id}`, { sport_type: "TrailRun" });
    await control("PUT", `activities/${id}`, { private: true });
    const quiet = await control("PUT", `activities/${id}`, { description: "Knee fine today", gear_id: null });
    expect(quiet.body.events).toEqual([]); // no event for other edits
    expect(cb!.events.slice(1).map((e) => [e.aspect_type, e.updates, e.event_time])).toEqual([
      ["update", { title: "Tempo 3×10′" }, T0 + 60],
      ["update", { type: "TrailRun" }, T0 + 60],
      ["update", { private: "true" }, T0 + 60],
    ]);
    const detail = (await get<DetailedActivityJson>(`/api/v3/activities/${id}`)).body;
    expect(detail).toMatchObject({ name: "Tempo 3×10′", sport_type: "TrailRun", type: "Run", private: true, visibility: "only_me", description: "Knee fine today", gear_id: null });

    const deleted = await control("DELETE", `activities/${id}`);
    expect(deleted.status).toBe(200);
    expect(cb!.events.at(-1)).toMatchObject({ object_id: id, aspect_type: "delete", updates: {} });
    expect((await get(`/api/v3/activities/${id}`)).status).toBe(404);
    expect((await get<SummaryActivityJson[]>("/api/v3/athlete/activities")).body).toEqual([]);
  });

  it("shows privacy flips as delete and create to an app without activity:read_all, and hides private edits", async () => {
    const { tokens } = await setUp(["read", "activity:read"]);
    const id = ((await control("POST", "activities", { athlete_id: 42 })).body.activity as SummaryActivityJson).id;
    await control("PUT", `activities/${id}`, { private: true });
    await control("PUT", `activities/${id}`, { name: "Secret run" });
    await control("PUT", `activities/${id}`, { private: false });
    expect(cb!.events.map((e) => [e.aspect_type, e.updates])).toEqual([
      ["create", {}],
      ["delete", {}],
      ["create", {}],
    ]);
    expect((await api(t.server, tokens.access_token, `/api/v3/activities/${id}`)).status).toBe(200);
    // A private activity created for such an app sends nothing at all.
    await control("POST", "activities", { athlete_id: 42, private: true });
    expect(cb!.events).toHaveLength(3);
  });

  it("sends no activity events for an athlete without an activity scope, or not connected", async () => {
    await setUp(["read"]);
    await control("POST", "activities", { athlete_id: 42 });
    expect(cb!.events).toEqual([]);
    await control("POST", "athletes/42/deauthorize");
    cb!.events.length = 0;
    await control("POST", "activities", { athlete_id: 42 });
    expect(cb!.events).toEqual([]);
  });

  it("sends {authorized: false} when the app deauthorizes, and when the athlete revokes on Strava", async () => {
    const { subscriptionId, tokens } = await setUp(["read", "activity:read_all"]);
    const res = await fetch(`${t.server.url}/oauth/deauthorize`, { method: "POST", body: new URLSearchParams({ access_token: tokens.access_token }) });
    expect(res.status).toBe(200);
    // The event goes out in the background; the tokens are dead at once.
    expect((await api(t.server, tokens.access_token, "/api/v3/athlete")).status).toBe(401);
    await expect.poll(() => cb!.events.length).toBe(1);
    expect(cb!.events[0]).toEqual({
      object_type: "athlete",
      object_id: 42,
      aspect_type: "update",
      updates: { authorized: "false" },
      owner_id: 42,
      subscription_id: subscriptionId,
      event_time: T0,
    });

    const again = await connect(t.server, 42, ["read"]);
    const revoked = await control("POST", "athletes/42/deauthorize");
    expect(revoked.body).toMatchObject({ event: { delivered: true, event: { object_type: "athlete", updates: { authorized: "false" } } } });
    expect((await api(t.server, again.access_token, "/api/v3/athlete")).status).toBe(401);
    // Revoking an athlete who is not connected sends nothing.
    expect((await control("POST", "athletes/42/deauthorize")).body).toEqual({ event: null });
  });

  it("creates a manual activity through POST /activities with activity:write, and sends its create event", async () => {
    const { tokens } = await setUp(["read", "activity:read_all"]);
    const post = (token: string, fields: Record<string, string>) =>
      api<DetailedActivityJson>(t.server, token, "/api/v3/activities", { method: "POST", body: new URLSearchParams(fields) });
    const fields = { name: "Treadmill 10K", sport_type: "Run", start_date_local: "2026-07-01T07:30:00Z", elapsed_time: "3000", distance: "10000", trainer: "1" };
    const refused = await post(tokens.access_token, fields);
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual({ message: "Authorization Error", errors: [{ resource: "AccessToken", field: "activity:write_permission", code: "missing" }] });

    const writer = await connect(t.server, 42, ["read", "activity:read_all", "activity:write"]);
    expect((await post(writer.access_token, { ...fields, name: "" })).body).toEqual({ message: "Bad Request", errors: [{ resource: "Activity", field: "name", code: "missing" }] });
    const created = await post(writer.access_token, fields);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      resource_state: 3,
      name: "Treadmill 10K",
      manual: true,
      trainer: true,
      distance: 10000,
      elapsed_time: 3000,
      moving_time: 3000,
      start_date: "2026-07-01T05:30:00Z",
      start_date_local: "2026-07-01T07:30:00Z",
      map: { summary_polyline: "" },
    });
    await expect.poll(() => cb!.events.length).toBe(1);
    expect(cb!.events[0]).toMatchObject({ object_id: created.body.id, aspect_type: "create" });
    expect((await api<SummaryActivityJson[]>(t.server, tokens.access_token, "/api/v3/athlete/activities")).body.map((a) => a.id)).toEqual([created.body.id]);
  });

  it("retries an event that does not get a 200, up to three attempts in all", async () => {
    t = await startTestServer({ webhookRetryDelayMs: 30 });
    cb = await startCallback({ eventStatus: (n) => (n < 2 ? 500 : 200) });
    await subscribe(cb.url);
    const first = await t.server.control.pushEvent({ object_type: "activity", object_id: 1, aspect_type: "create", updates: {}, owner_id: 42 });
    expect(first?.delivered).toBe(false);
    await expect.poll(() => first?.delivered).toBe(true);
    expect(first!.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
    expect(cb.events).toHaveLength(3);
    expect(new Set(cb.events.map((e) => JSON.stringify(e))).size).toBe(1); // the same event each time
  });

  it("gives up after three failed attempts", async () => {
    t = await startTestServer({ webhookRetryDelayMs: 20 });
    cb = await startCallback({ eventStatus: () => 503 });
    await subscribe(cb.url);
    const d = await t.server.control.pushEvent({ object_type: "athlete", object_id: 42, aspect_type: "update", updates: { authorized: "false" }, owner_id: 42 });
    await expect.poll(() => d!.attempts.length).toBe(3);
    await new Promise((r) => setTimeout(r, 100));
    expect(d!.attempts.map((a) => a.status)).toEqual([503, 503, 503]);
    expect(d!.delivered).toBe(false);
    expect(cb.events).toHaveLength(3);
  });

  it("pushes any event through the control API, and refuses when there is no subscription", async () => {
    t = await startTestServer();
    const none = await control("POST", "events", { object_type: "activity", object_id: 5, aspect_type: "update", owner_id: 42, updates: { title: "x" } });
    expect(none.status).toBe(409);
    cb = await startCallback();
    const id = (await subscribe(cb.url)).body.id as number;
    const pushed = await control("POST", "events", { object_type: "activity", object_id: 5, aspect_type: "update", owner_id: 42, updates: { type: "Ride" }, event_time: 1_700_000_000 });
    expect(pushed.status).toBe(200);
    expect(cb.events).toEqual([{ object_type: "activity", object_id: 5, aspect_type: "update", updates: { type: "Ride" }, owner_id: 42, subscription_id: id, event_time: 1_700_000_000 }]);
    const listed = await control("GET", "webhooks");
    expect(listed.body).toMatchObject({ subscription: { id }, deliveries: [{ delivered: true }] });
  });
});
