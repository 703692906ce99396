import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, is } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import * as schema from "@/db/schema";
import { activities, jobs } from "@/db/schema";
import { storeSubscriptionId } from "@/db/queries/strava-webhook";
import { ingestFile } from "@/lib/activities/ingest";
import { checkSameOrigin, type RouteHandler } from "@/lib/api/guard";
import { localDateOf } from "@/lib/load/weeks";
import { EVENT_JOB } from "@/lib/strava/events";
import { storeStravaTokens } from "@/lib/strava/tokens";
import { createInvite } from "@/lib/auth/sign-up";
import { webhookPathSecret } from "@/lib/strava/webhook";
import { describeEachDatabase } from "../support/db";
import { createRunner } from "../support/factories";
import { makeActivityFile } from "../support/activity-files";
import { makeArchive } from "../support/make-archive";
import { call, type CallOptions, type CallResult } from "../support/http";

/**
 * CSRF: every route handler that accepts a mutation (POST, PUT, PATCH, DELETE) is found on disk, as
 * in authorization-matrix.test.ts, so a new one cannot be forgotten. For each, runner A's own
 * request (valid session cookie, valid body) is sent as a forged cross-site request would arrive:
 *
 *   - Origin https://evil.example (a browser without Sec-Fetch-Site);
 *   - Sec-Fetch-Site: cross-site and no Origin;
 *   - Sec-Fetch-Site: same-site from another origin of the same site (another app on another port);
 *   - Origin "null" (a sandboxed frame, a data: URL);
 *
 * and must be refused with 403 forbidden:origin with every row of every table unchanged. Then the
 * very same request from Patella's own origin succeeds: the refusals were for the origin, nothing
 * else. Routes without a request in REQUESTS (new ones) get a generic request: the guard checks the
 * origin before the session, the parameters and the body (proved below), so the refusal still
 * proves the point; their same-origin control runs as a throwaway runner and must merely not be
 * refused for its origin.
 *
 * Not covered here, by design:
 *   - Auth.js's own routes (POST /api/auth/*): Auth.js checks its double-submit CSRF token on
 *     sign-in and sign-out; e2e/security-headers.spec.ts forges a sign-out against the real thing.
 *   - The one server action (the sign-out form in app/(app)/layout.tsx): Next.js compares its
 *     Origin with Host / X-Forwarded-Host and aborts a mismatch (no serverActions.allowedOrigins is
 *     configured: tests/integration/security-headers.test.ts).
 *
 * Strava's webhook (POST /api/strava/webhook/<secret>) is public (Strava's servers call it, with no session
 * and no browser headers), but not exempt: a browser's cross-site request is refused like any other.
 * It could not do much harm (an event only names ids, and whatever it causes is re-fetched from
 * Strava with the runner's own token), but letting a web page queue work on a runner's behalf buys
 * nothing: Strava sends neither Origin nor Sec-Fetch-Site, so the check never stands in its way.
 */

// next-auth only loads inside Next.js (see authorization-matrix.test.ts): stub the Auth.js routes.
vi.mock("@/lib/auth", () => {
  const reached = async () => Response.json({ authjs: true });
  return { handlers: { GET: reached, POST: reached }, auth: async () => null, signIn: async () => undefined, signOut: async () => undefined };
});

const ROOT = process.cwd();
const APP_DIR = path.join(ROOT, "app");
const MUTATIONS = ["POST", "PUT", "PATCH", "DELETE"] as const;
const HOUR = 3_600_000;
const FIXTURES = path.join(ROOT, "tests/fixtures/gpx");
const A_GPX = fs.readFileSync(path.join(FIXTURES, "strava-run-hr.gpx"));
const UPLOAD_GPX = fs.readFileSync(path.join(FIXTURES, "garmin-connect-run-hr-2012.gpx"));
const A_ATHLETE = 5_550_777;
const HOOK_SECRET = webhookPathSecret(process.env.AUTH_SECRET!, process.env.STRAVA_VERIFY_TOKEN)!;

/** Handlers exported for mutating methods that are not checked here, each with the reason. */
const UNKNOWN_API_PATH = "the JSON 404 for unknown API paths: it reads and changes nothing, for anyone";
const EXEMPT: Record<string, string> = {
  "POST /api/auth/[...nextauth]": "Auth.js's routes check its own CSRF token (e2e/security-headers.spec.ts forges a sign-out)",
  "POST /api/v1/[...path]": UNKNOWN_API_PATH,
  "PUT /api/v1/[...path]": UNKNOWN_API_PATH,
  "PATCH /api/v1/[...path]": UNKNOWN_API_PATH,
  "DELETE /api/v1/[...path]": UNKNOWN_API_PATH,
};

// -------------------------------------------------------------------------------------------------
// Discovery
// -------------------------------------------------------------------------------------------------

function filesNamed(dir: string, name: RegExp): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...filesNamed(full, name));
    else if (name.test(entry.name)) found.push(full);
  }
  return found.sort();
}

/** app/api/v1/activities/[id]/route.ts → /api/v1/activities/[id] */
function urlOf(file: string): string {
  const segments = path
    .relative(APP_DIR, path.dirname(file))
    .split(path.sep)
    .filter((s) => s !== "" && !/^\(.+\)$/.test(s));
  return `/${segments.join("/")}`;
}

interface Found {
  key: string;
  url: string;
  file: string;
  method: string;
  handler: RouteHandler;
}

const routeFiles = filesNamed(APP_DIR, /^route\.(ts|tsx|js|jsx|mjs)$/);
const found: Found[] = [];
const unimportable: string[] = [];
for (const file of routeFiles) {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
  } catch (err) {
    unimportable.push(`${path.relative(ROOT, file)}: ${(err as Error).message}`);
    continue;
  }
  for (const method of MUTATIONS) {
    if (typeof mod[method] === "function") {
      const url = urlOf(file);
      found.push({ key: `${method} ${url}`, url, file: path.relative(ROOT, file), method, handler: mod[method] as RouteHandler });
    }
  }
}
const mutations = found.filter((f) => !(f.key in EXEMPT));

// -------------------------------------------------------------------------------------------------
// Runner A's requests, each one that succeeds when it comes from Patella's own pages
// -------------------------------------------------------------------------------------------------

interface World {
  db: Db;
  a: Awaited<ReturnType<typeof createRunner>>;
  activityId: string;
  checkinId: string;
}

interface Req {
  path: string;
  params?: Record<string, string>;
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
}

type Runner = Awaited<ReturnType<typeof createRunner>>;

interface Entry {
  /**
   * The request, for `runner` (A, or the throwaway runner of a `throwaway` control); `control` is
   * true for the same-origin call that is allowed to act (fresh resources for deletes).
   */
  request: (w: World, control: boolean, runner: Runner) => Req | Promise<Req>;
  /** Its status from Patella's own origin ("2xx": any success, for routes whose answer is not this test's business). */
  status: number | "2xx";
  /** The same-origin control runs as a fresh runner (it would destroy A, or pile data on A). */
  throwaway?: boolean;
  /** Put back what the control changed that other entries rely on. */
  restore?: (w: World) => Promise<void>;
}

const ARCHIVE_ZIP = await (async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "patella-csrf-")), "runs.zip");
  await makeArchive(file, { csvRows: null, activities: [{ id: 1, format: "gpx", gz: false, bytes: makeActivityFile("gpx", 4343, 30), fileName: "run.gpx" }] });
  return new Uint8Array(fs.readFileSync(file));
})();

function gpxForm(bytes: Uint8Array): FormData {
  const form = new FormData();
  form.append("file", new File([new Uint8Array(bytes)], "run.gpx", { type: "application/gpx+xml" }));
  return form;
}

const REQUESTS: Record<string, Entry> = {
  "POST /api/v1/auth/sign-up": {
    // Accounts exist, so sign-up (SIGNUP unset) needs an invitation.
    request: async (w) => ({
      path: "/api/v1/auth/sign-up",
      json: { email: `new-${randomUUID()}@example.test`, password: "long enough password", name: "New Runner", invite: (await createInvite(w.db)).code },
    }),
    status: 202,
  },
  "POST /api/strava/webhook": {
    // The old path: the one answer, nothing done.
    request: () => ({ path: "/api/strava/webhook", json: { object_type: "activity", object_id: 42, aspect_type: "create", owner_id: A_ATHLETE, subscription_id: 1, event_time: Date.now() } }),
    status: 200,
  },
  "POST /api/strava/webhook/[secret]": {
    // An event for A's athlete at the secret path: from Strava it queues a job for A.
    request: () => ({ path: `/api/strava/webhook/${HOOK_SECRET}`, params: { secret: HOOK_SECRET }, json: { object_type: "activity", object_id: 42, aspect_type: "create", owner_id: A_ATHLETE, subscription_id: 1, event_time: Date.now() } }),
    status: 200,
  },
  "POST /api/v1/activities": {
    request: () => ({ path: "/api/v1/activities", json: { start: "2026-11-20T07:00", sport: "run", durationS: 1800, distanceM: 5000 } }),
    status: 201,
  },
  "PATCH /api/v1/activities/[id]": {
    request: (w) => ({ path: `/api/v1/activities/${w.activityId}`, params: { id: w.activityId }, json: { surface: "trail" } }),
    status: 200,
  },
  "DELETE /api/v1/activities/[id]": {
    request: async (w, control) => {
      const id = control ? await insertRun(w.db, w.a.id) : w.activityId;
      return { path: `/api/v1/activities/${id}`, params: { id } };
    },
    status: 204,
  },
  "POST /api/v1/checkins": {
    request: () => ({ path: "/api/v1/checkins", json: { pain: 3, timing: "after" } }),
    status: 201,
  },
  "PATCH /api/v1/checkins/[id]": {
    request: (w) => ({ path: `/api/v1/checkins/${w.checkinId}`, params: { id: w.checkinId }, json: { pain: 7, notes: "changed" } }),
    status: 200,
  },
  "DELETE /api/v1/checkins/[id]": {
    request: async (w, control) => {
      const id = control ? await newCheckin(w) : w.checkinId;
      return { path: `/api/v1/checkins/${id}`, params: { id } };
    },
    status: 204,
  },
  "POST /api/v1/archives": {
    request: () => ({ path: "/api/v1/archives", body: ARCHIVE_ZIP, headers: { "content-type": "application/zip", "x-file-name": "runs.zip" } }),
    status: 202,
  },
  "DELETE /api/v1/strava": {
    request: () => ({ path: "/api/v1/strava" }),
    status: 200,
    restore: (w) => connectStrava(w.db, w.a.id),
  },
  "POST /api/v1/strava/import": {
    request: () => ({ path: "/api/v1/strava/import" }),
    status: 200,
  },
  "POST /api/v1/strava/sync": {
    request: () => ({ path: "/api/v1/strava/sync" }),
    status: 202,
  },
  "POST /api/v1/ostrc": {
    request: () => ({ path: "/api/v1/ostrc", json: { answers: [1, 1, 0, 0] } }),
    status: 200,
  },
  "PATCH /api/v1/settings": {
    request: () => ({ path: "/api/v1/settings", json: { units: "mi" } }),
    status: 200,
  },
  "POST /api/v1/uploads": {
    request: () => ({ path: "/api/v1/uploads", body: gpxForm(UPLOAD_GPX) }),
    status: 201,
  },
  // A runner without a password (as createRunner makes them) confirms with their email.
  "DELETE /api/v1/account": {
    request: (_w, _control, runner) => ({ path: "/api/v1/account", json: { confirm: runner.email } }),
    status: "2xx",
    throwaway: true,
  },
  "PATCH /api/v1/account/password": {
    request: () => ({ path: "/api/v1/account/password", json: { newPassword: "a brand new long password" } }),
    status: "2xx",
    throwaway: true,
  },
  // Ends every session of its runner: a throwaway one.
  "POST /api/v1/account/sign-out-everywhere": { request: () => ({ path: "/api/v1/account/sign-out-everywhere" }), status: 204, throwaway: true },
  "POST /api/v1/sample-data": { request: () => ({ path: "/api/v1/sample-data" }), status: "2xx", throwaway: true },
  "DELETE /api/v1/sample-data": { request: () => ({ path: "/api/v1/sample-data" }), status: "2xx", throwaway: true },
  "POST /api/v1/onboarding": { request: () => ({ path: "/api/v1/onboarding" }), status: "2xx", throwaway: true },
};

/** For a route REQUESTS does not know: its path with a made-up id, and an empty JSON object. */
function genericRequest(f: Found): Req {
  const params: Record<string, string> = {};
  const url = f.url.replace(/\[([^\]]+)\]/g, (_, name: string) => (params[name] = randomUUID()));
  return { path: url, params, ...(f.method === "DELETE" ? {} : { json: {} }) };
}

async function insertRun(db: Db, userId: string): Promise<string> {
  const startTime = new Date(Date.now() - 30 * 24 * HOUR);
  const [row] = await db
    .insert(activities)
    .values({ userId, source: "manual", sourceRef: `run-${randomUUID()}`, sport: "run", name: "Easy run", startTime, localDate: localDateOf(startTime, "UTC"), timeZone: "UTC", distanceM: 8000, movingS: 2400, elapsedS: 2460 })
    .returning({ id: activities.id });
  return row!.id;
}

async function newCheckin(w: World): Promise<string> {
  const res = await call(handlerFor("POST /api/v1/checkins"), { method: "POST", path: "/api/v1/checkins", cookie: w.a.cookie, json: { pain: 2, timing: "at_rest", notes: "A's own" } });
  if (res.status !== 201) throw new Error(`check-in not created: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json.checkin.id as string;
}

async function connectStrava(db: Db, userId: string): Promise<void> {
  await storeStravaTokens(db, process.env.AUTH_SECRET!, userId, { providerAccountId: String(A_ATHLETE), access_token: "a-access", refresh_token: "a-refresh", expires_at: 4_000_000_000 }, new Date(), {
    scopes: "read,activity:read_all,profile:read_all",
  });
}

function handlerFor(key: string): RouteHandler {
  const f = found.find((x) => x.key === key);
  if (!f) throw new Error(`no route handler for ${key}`);
  return f.handler;
}

// -------------------------------------------------------------------------------------------------
// "Changes nothing": every row of every table
// -------------------------------------------------------------------------------------------------

const TABLES = (Object.values(schema) as unknown[]).filter((v): v is PgTable => is(v, PgTable));

async function everything(db: Db): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of TABLES) {
    const rows: unknown[] = await db.select().from(table);
    const lines = rows
      .map((row) =>
        JSON.stringify(row, function (this: Record<string, unknown>, key, value: unknown) {
          const raw = this[key];
          return raw instanceof Uint8Array ? `sha256:${createHash("sha256").update(raw).digest("hex")}` : value;
        }),
      )
      .sort();
    out[getTableConfig(table).name] = createHash("sha256").update(lines.join("\n")).digest("hex") + ` (${rows.length} rows)`;
  }
  return out;
}

// -------------------------------------------------------------------------------------------------
// The forgeries
// -------------------------------------------------------------------------------------------------

type Answer = CallResult<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** How a forged request differs from Patella's own: the browser's headers. `origin: null` sends none. */
const FORGERIES: [string, Pick<CallOptions, "origin" | "headers">][] = [
  ["Origin https://evil.example (no Sec-Fetch-Site)", { origin: "https://evil.example" }],
  ["Sec-Fetch-Site: cross-site, no Origin", { origin: null, headers: { "sec-fetch-site": "cross-site" } }],
  ["Sec-Fetch-Site: same-site from another origin of the site (http://localhost:4000)", { origin: "http://localhost:4000", headers: { "sec-fetch-site": "same-site" } }],
  ['Origin "null" (a sandboxed frame)', { origin: "null" }],
];
const OWN_ORIGIN: Pick<CallOptions, "origin" | "headers"> = { origin: "http://localhost:3000", headers: { "sec-fetch-site": "same-origin" } };

async function send(f: Found, req: Req, cookie: string | undefined, how: Pick<CallOptions, "origin" | "headers">): Promise<Answer> {
  return call(f.handler, {
    method: f.method,
    path: req.path,
    params: req.params,
    json: req.json,
    body: req.body,
    cookie,
    origin: how.origin,
    headers: { ...req.headers, ...how.headers },
  });
}

describe("CSRF: the mutations are the code's", () => {
  it("imports every route file, and finds the mutations", () => {
    expect(unimportable, "route files that could not be imported").toEqual([]);
    expect(mutations.length).toBeGreaterThan(10);
  });

  it("exempts only what still exists", () => {
    const stale = Object.keys(EXEMPT).filter((key) => !found.some((f) => f.key === key));
    expect(stale).toEqual([]);
  });

  it("names only existing routes in REQUESTS, and says which mutations get a generic request", () => {
    const generic = mutations.filter((f) => !(f.key in REQUESTS)).map((f) => f.key);
    // Not a failure: generic requests are still refused for their origin. Listed so that the
    // runner of the tests sees which routes would deserve a realistic request in REQUESTS.
    if (generic.length) console.info(`csrf.test.ts: generic requests for ${generic.join(", ")}`);
    const stale = Object.keys(REQUESTS).filter((key) => !found.some((f) => f.key === key));
    expect(stale, "REQUESTS lists routes that no route file exports: remove them or fix the key").toEqual([]);
  });
});

describe("checkSameOrigin", () => {
  const req = (method: string, headers: Record<string, string>) => new Request("http://localhost:3000/api/v1/checkins", { method, headers: { host: "localhost:3000", ...headers } });
  const refused = (r: Request) => {
    try {
      checkSameOrigin(r);
      return false;
    } catch (err) {
      expect(err).toMatchObject({ status: 403, code: "forbidden:origin" });
      return true;
    }
  };
  const saved = process.env.AUTH_URL;
  afterEach(() => {
    if (saved === undefined) delete process.env.AUTH_URL;
    else process.env.AUTH_URL = saved;
  });

  it("never checks reads", () => {
    expect(refused(req("GET", { origin: "https://evil.example", "sec-fetch-site": "cross-site" }))).toBe(false);
    expect(refused(req("HEAD", { origin: "https://evil.example", "sec-fetch-site": "cross-site" }))).toBe(false);
  });

  it("lets through Patella's own pages, and clients that are not browsers (no Origin, no Sec-Fetch-Site)", () => {
    expect(refused(req("POST", { origin: "http://localhost:3000", "sec-fetch-site": "same-origin" }))).toBe(false);
    expect(refused(req("POST", { origin: "http://localhost:3000" }))).toBe(false);
    expect(refused(req("DELETE", {}))).toBe(false);
    // Behind a trusted proxy (TRUST_PROXY=1): the host the browser used is the forwarded one.
    process.env.TRUST_PROXY = "1";
    try {
      expect(refused(req("PATCH", { origin: "https://patella.example.org", "x-forwarded-host": "patella.example.org" }))).toBe(false);
    } finally {
      delete process.env.TRUST_PROXY;
    }
  });

  it("ignores X-Forwarded-Host without TRUST_PROXY=1: a client cannot name the host its Origin is checked against", () => {
    expect(refused(req("PATCH", { origin: "https://evil.example", "x-forwarded-host": "evil.example" }))).toBe(true);
  });

  it("refuses other sites, other origins of the same site, and opaque origins", () => {
    expect(refused(req("POST", { "sec-fetch-site": "cross-site" }))).toBe(true);
    expect(refused(req("POST", { "sec-fetch-site": "same-site", origin: "http://localhost:3000" }))).toBe(true);
    expect(refused(req("POST", { origin: "http://localhost:4000" }))).toBe(true);
    expect(refused(req("POST", { origin: "http://evil.localhost:3000" }))).toBe(true);
    expect(refused(req("PUT", { origin: "null" }))).toBe(true);
    expect(refused(req("POST", { origin: "not a url" }))).toBe(true);
  });

  it("with AUTH_URL, the Origin must be AUTH_URL's own, scheme included", () => {
    process.env.AUTH_URL = "https://patella.example.org";
    expect(refused(req("POST", { origin: "https://patella.example.org" }))).toBe(false);
    expect(refused(req("POST", { origin: "http://patella.example.org" }))).toBe(true); // a plain-http page on the same host
    expect(refused(req("POST", { origin: "http://localhost:3000" }))).toBe(true); // whatever the Host header says
  });
});

describeEachDatabase("CSRF", ({ db }) => {
  let w: World;

  beforeAll(async () => {
    const a = await createRunner(db(), { timeZone: "Europe/Paris" });
    const imported = await ingestFile(db(), { userId: a.id, timeZone: "Europe/Paris", fileName: "a.gpx", bytes: A_GPX });
    if (imported.status !== "imported") throw new Error(`fixture did not import: ${imported.status}`);
    await connectStrava(db(), a.id);
    await storeSubscriptionId(db(), 1, new Date());
    w = { db: db(), a, activityId: imported.activityId, checkinId: "" };
    w.checkinId = await newCheckin(w);
  });

  it("checks the origin before anything else: a forged request with a bad id and a broken body is 403, not 400 or 404", async () => {
    const f = found.find((x) => x.key === "PATCH /api/v1/checkins/[id]")!;
    const res = await call(f.handler, { method: "PATCH", path: "/api/v1/checkins/x", params: { id: "not-a-uuid" }, body: "{broken", headers: { "content-type": "application/json" }, origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("forbidden:origin");
  });

  it("Strava's own webhook calls (no Origin, no Sec-Fetch-Site, no cookie) still get through", async () => {
    const f = found.find((x) => x.key === "POST /api/strava/webhook/[secret]")!;
    const queued = () => db().select().from(jobs).where(and(eq(jobs.kind, EVENT_JOB), eq(jobs.userId, w.a.id)));
    const before = (await queued()).length;
    const res = await call(f.handler, { method: "POST", path: `/api/strava/webhook/${HOOK_SECRET}`, params: { secret: HOOK_SECRET }, origin: null, json: { object_type: "activity", object_id: 7, aspect_type: "update", owner_id: A_ATHLETE, subscription_id: 1, event_time: 1 } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ received: true });
    expect((await queued()).length).toBe(before + 1);
  });

  for (const f of mutations) {
    const entry = REQUESTS[f.key];
    describe(f.key, () => {
      const build = (control: boolean, runner: Runner = w.a) => (entry ? entry.request(w, control, runner) : genericRequest(f));

      it.each(FORGERIES)("%s, with A's session cookie → 403 forbidden:origin, nothing changes", async (_name, how) => {
        const req = await build(false);
        const before = await everything(db());
        const res = await send(f, req, w.a.cookie, how);
        expect(res.status, JSON.stringify(res.json)).toBe(403);
        expect(res.json.error.code).toBe("forbidden:origin");
        expect(await everything(db())).toEqual(before);
      });

      if (entry) {
        it(`the same request from Patella's own origin → ${entry.status}${entry.throwaway ? " (a throwaway runner)" : ""}`, async () => {
          const runner = entry.throwaway ? await createRunner(db()) : w.a;
          const res = await send(f, await build(true, runner), runner.cookie, OWN_ORIGIN);
          if (entry.status === "2xx") expect(res.status, JSON.stringify(res.json)).toBeGreaterThanOrEqual(200);
          if (entry.status === "2xx") expect(res.status, JSON.stringify(res.json)).toBeLessThan(300);
          else expect(res.status, JSON.stringify(res.json)).toBe(entry.status);
          await entry.restore?.(w);
        });
      } else {
        it("the same request from Patella's own origin is not refused for its origin (a throwaway runner)", async () => {
          const throwaway = await createRunner(db());
          const res = await send(f, genericRequest(f), throwaway.cookie, OWN_ORIGIN);
          expect(res.json?.error?.code, JSON.stringify(res.json)).not.toBe("forbidden:origin");
        });
      }
    });
  }
});
