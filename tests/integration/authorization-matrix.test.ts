import { createHash, randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, getTableName } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { encode } from "next-auth/jwt";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import {
  accounts,
  archiveImports,
  activities,
  activityStreams,
  checkins,
  ostrcResponses,
  gear,
  jobs,
  revokedSessions,
  sessions,
  stravaConnections,
  uploadFiles,
  uploads,
  USER_OWNED_TABLES,
  users,
} from "@/db/schema";
import { ingestFile } from "@/lib/activities/ingest";
import type { RouteHandler } from "@/lib/api/guard";
import { SECURE_SESSION_COOKIE, SESSION_COOKIE } from "@/lib/auth/session-token";
import { createInvite } from "@/lib/auth/sign-up";
import { localDateOf } from "@/lib/load/weeks";
import { storeStravaTokens } from "@/lib/strava/tokens";
import { SYNC_JOB } from "@/lib/strava/sync";
import { queueArchiveImport } from "@/lib/import/archive-import";
import { describeEachDatabase } from "../support/db";
import { createRunner } from "../support/factories";
import { makeActivityFile } from "../support/activity-files";
import { makeArchive } from "../support/make-archive";
import { call, type CallResult } from "../support/http";
import { readZip } from "../support/read-zip";
import { webhookPathSecret } from "@/lib/strava/webhook";

/**
 * The authorization matrix. Every route handler is found on disk (every `route.*` under app/,
 * imported, every exported HTTP method), and each must be listed in MATRIX below, so a new
 * handler cannot be forgotten. For every protected handler it proves:
 *
 *   1. anonymous → 401 `{ error: { code: "unauthorized" } }`, and nothing of runner A's changes;
 *   2. runner B with runner A's resource id → 404 `not_found:*`; without an id (lists, reports,
 *      settings, uploads…) → B's answer carries none of A's data. Either way A's rows (users and
 *      every USER_OWNED_TABLES table) are byte-for-byte the same afterwards;
 *   3. runner A on their own resource → the success status.
 *
 * Pages under app/(app) get the same treatment in PAGES (anonymous → /sign-in, B with A's id → 404,
 * B sees none of A's data), by calling the server components directly: see "Pages" below.
 */

// -------------------------------------------------------------------------------------------------
// Auth.js cannot be loaded here: next-auth's ESM build imports "next/server" without an extension,
// which only Next's bundler resolves (Node throws "Cannot find module"). So `@/lib/auth` is stubbed:
// the Auth.js route handlers record that they were reached, and pages get their signed-in runner
// from `currentUserId()`, which the test sets. The API guard does not use either: it decrypts the
// real session cookie itself (lib/auth/session-token.ts), so the API matrix runs on real cookies.
// (Should an API route start reading the session through @/lib/auth, the stub's auth() answers
// null and that route's "runner A on their own" check fails here: it will not pass unnoticed.)
// -------------------------------------------------------------------------------------------------

const stubs = vi.hoisted(() => ({ pageUserId: null as string | null, authjsCalls: [] as string[] }));

vi.mock("@/lib/auth/current-user", () => ({ currentUserId: async () => stubs.pageUserId }));
vi.mock("@/lib/auth", () => {
  const reached = (method: string) => async (req: Request) => {
    stubs.authjsCalls.push(`${method} ${new URL(req.url).pathname}`);
    return Response.json({ authjs: method });
  };
  return {
    handlers: { GET: reached("GET"), POST: reached("POST") },
    auth: async () => null,
    signIn: async () => undefined,
    signOut: async () => undefined,
  };
});

const ROOT = process.cwd();
const APP_DIR = path.join(ROOT, "app");
/** Every method Next.js routes to a route handler. */
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
const HOUR = 3_600_000;
const FIXTURES = path.join(ROOT, "tests/fixtures/gpx");
/** A's imported activity; B uploads the very same bytes (an import of their own, never A's). */
const A_GPX = fs.readFileSync(path.join(FIXTURES, "strava-run-hr.gpx"));
/** A's own upload through the API, a different file so it is not a duplicate of the above. */
const OWNER_UPLOAD_GPX = fs.readFileSync(path.join(FIXTURES, "garmin-connect-run-hr-2012.gpx"));
const A_OSTRC = [3, 2, 1, 0];

// -------------------------------------------------------------------------------------------------
// Discovery: the handlers as they are in the code, not as anyone remembers them.
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

/** app/api/v1/activities/[id]/route.ts → /api/v1/activities/[id]; (groups) are not part of the URL. */
function urlOf(file: string, base: string): string {
  const segments = path
    .relative(base, path.dirname(file))
    .split(path.sep)
    .filter((s) => s !== "" && !/^\(.+\)$/.test(s));
  return `/${segments.join("/")}`;
}

const relative = (file: string) => path.relative(ROOT, file);

interface Found {
  key: string;
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
    unimportable.push(`${relative(file)}: ${(err as Error).message}`);
    continue;
  }
  for (const method of HTTP_METHODS) {
    if (typeof mod[method] === "function") {
      found.push({ key: `${method} ${urlOf(file, APP_DIR)}`, file: relative(file), method, handler: mod[method] as RouteHandler });
    }
  }
}
const foundByKey = new Map(found.map((f) => [f.key, f]));

function handlerFor(key: string): Found {
  const f = foundByKey.get(key);
  if (!f) throw new Error(`no route handler for ${key}`);
  return f;
}

// -------------------------------------------------------------------------------------------------
// The world the matrix runs in: runner A with one of everything, runner B with nothing of A's.
// -------------------------------------------------------------------------------------------------

type Runner = Awaited<ReturnType<typeof createRunner>>;

interface World {
  db: Db;
  a: Runner;
  b: Runner;
  /** A's resources. */
  ids: { activity: string; recentRun: string; checkin: string; upload: string; archive: string };
  /** Text only A's data contains: a check-in note and A's name. */
  note: string;
  name: string;
}

type Role = "anonymous" | "intruder" | "owner";

/** An answer whose JSON each check reads one documented field of. */
type Answer = CallResult<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Req {
  path: string;
  params?: Record<string, string>;
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
  /**
   * Another session to send instead of A's (the owner's call) or B's (the intruder's), for a call
   * that would end it (deleting the account, signing out everywhere: a throwaway runner instead, so
   * the entries after it still have A and B).
   */
  cookie?: string;
}

/** A request for this role: anonymous and intruder get A's resources; the owner may get a fresh one to delete. */
type Build = (w: World, role: Role) => Req | Promise<Req>;

interface PublicEntry {
  /** Why anyone may call it. */
  public: string;
  request: Build;
  anonymous: { status: number; code?: string; check?: (res: Answer, req: Req) => void };
}

interface ProtectedEntry {
  request: Build;
  /** A's own call succeeds with this status. */
  owner: number;
  ownerCheck?: (res: Answer, w: World, req: Req) => void | Promise<void>;
  /**
   * Runner B's call. With A's resource id (in the path, or in the body): 404 and this code. On a
   * route without one B acts on their own data: the status, and B's answer must show none of A's.
   */
  intruder: { status: 404; code: `not_found:${string}` } | { status: number; code?: undefined };
  /** For reads without an id: does this answer show A's data? True for A's own answer, so false for B's proves something. */
  showsOwnersData?: (json: any, w: World) => boolean; // eslint-disable-line @typescript-eslint/no-explicit-any
}

type Entry = PublicEntry | ProtectedEntry;
const isPublic = (e: Entry): e is PublicEntry => "public" in e;

const ids = (list: { id: string }[] | undefined) => (list ?? []).map((x) => x.id);
const flagged = (list: { checkinId: string }[] | undefined) => (list ?? []).map((x) => x.checkinId);
const weekDistance = (weeks: { distanceM?: number; runDistanceM?: number }[]) => weeks.reduce((s, w) => s + (w.distanceM ?? w.runDistanceM ?? 0), 0);

const UNKNOWN_API_PATH = "/api/v1/no-such-endpoint";
const unknownApiPath: PublicEntry = {
  public: "the JSON 404 for unknown API paths: it answers everyone the same and reads nothing",
  request: () => ({ path: UNKNOWN_API_PATH }),
  anonymous: { status: 404, code: "not_found:route" },
};
const authjs = (method: string, action: string): PublicEntry => ({
  public: "Auth.js (sign-in, callbacks, session, CSRF): it must be reachable signed out",
  request: () => ({ path: `/api/auth/${action}` }),
  anonymous: {
    status: 200,
    check: (res) => {
      expect(res.json).toEqual({ authjs: method });
      expect(stubs.authjsCalls).toContain(`${method} /api/auth/${action}`);
    },
  },
});

/** A .zip holding one GPX file (a small activity), for archive uploads. */
const ARCHIVE_ZIP = await (async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "patella-matrix-")), "runs.zip");
  await makeArchive(file, { csvRows: null, activities: [{ id: 1, format: "gpx", gz: false, bytes: makeActivityFile("gpx", 4242, 30), fileName: "run.gpx" }] });
  return new Uint8Array(fs.readFileSync(file));
})();

/** A's Strava connection (tokens Strava never issued: nothing here reaches a Strava server). */
const A_ATHLETE = 5_550_001;
async function connectStrava(db: Db, userId: string): Promise<void> {
  await storeStravaTokens(db, process.env.AUTH_SECRET!, userId, { providerAccountId: String(A_ATHLETE), access_token: "a-access", refresh_token: "a-refresh", expires_at: 4_000_000_000 }, new Date(), {
    scopes: "read,activity:read_all,profile:read_all",
  });
}

/** Runners created to be deleted by the owner's DELETE /api/v1/account, by their session cookie. */
const throwaway = new Map<string, string>();
async function throwawayRunner(w: World): Promise<string> {
  const runner = await createRunner(w.db);
  await insertRun(w.db, runner.id, new Date(Date.now() - 3 * HOUR));
  throwaway.set(runner.cookie, runner.id);
  return runner.cookie;
}

/** Resources created for one owner call that deletes them. */
async function freshRun(w: World): Promise<string> {
  return insertRun(w.db, w.a.id, new Date(Date.now() - 30 * 24 * HOUR));
}
async function freshCheckin(w: World): Promise<string> {
  const res = await call(handlerFor("POST /api/v1/checkins").handler, {
    method: "POST",
    path: "/api/v1/checkins",
    cookie: w.a.cookie,
    json: { pain: 1, timing: "at_rest" },
  });
  if (res.status !== 201) throw new Error(`check-in not created: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json.checkin.id as string;
}

const MATRIX: Record<string, Entry> = {
  // ----- public ---------------------------------------------------------------------------------
  "GET /api/auth/[...nextauth]": authjs("GET", "session"),
  "POST /api/auth/[...nextauth]": authjs("POST", "signout"),
  "POST /api/v1/auth/sign-up": {
    public: "creating an account is what a signed-out visitor does",
    // Accounts exist, so sign-up (SIGNUP unset) needs an invitation.
    request: async (w) => ({
      path: "/api/v1/auth/sign-up",
      json: { email: `new-${randomBytes(5).toString("hex")}@example.test`, password: "long enough password", name: "New Runner", invite: (await createInvite(w.db)).code },
    }),
    anonymous: { status: 202, check: (res) => expect(res.json).toMatchObject({ accepted: true }) },
  },
  "GET /api/strava/webhook": {
    public: "the old, guessable webhook path: a handshake there is refused with a note that the webhook moved",
    request: () => ({ path: `/api/strava/webhook?hub.mode=subscribe&hub.challenge=c123&hub.verify_token=${encodeURIComponent(process.env.STRAVA_VERIFY_TOKEN!)}` }),
    anonymous: { status: 404, check: (res) => expect(res.json.error.code).toBe("not_found:route") },
  },
  "POST /api/strava/webhook": {
    public: "the old, guessable webhook path: every event gets the one answer and changes nothing (the body is not read)",
    request: () => ({ path: "/api/strava/webhook", json: { object_type: "activity", object_id: 1, aspect_type: "delete", owner_id: 999_999_999, subscription_id: 1, event_time: 1 } }),
    anonymous: { status: 200, check: (res) => expect(res.json).toEqual({ received: true }) },
  },
  "GET /api/strava/webhook/[secret]": {
    public: "Strava's subscription handshake at the secret path: Strava calls it without a session; it checks the path's secret and STRAVA_VERIFY_TOKEN",
    request: () => {
      const secret = webhookPathSecret(process.env.AUTH_SECRET!, process.env.STRAVA_VERIFY_TOKEN)!;
      return { path: `/api/strava/webhook/${secret}?hub.mode=subscribe&hub.challenge=c123&hub.verify_token=${encodeURIComponent(process.env.STRAVA_VERIFY_TOKEN!)}`, params: { secret } };
    },
    anonymous: { status: 200, check: (res) => expect(res.json).toEqual({ "hub.challenge": "c123" }) },
  },
  "POST /api/strava/webhook/[secret]": {
    public: "Strava posts webhook events without a session, to the secret path; events are only hints, confirmed with Strava using the runner's own token",
    // An event for an athlete Patella does not know: the one answer, nothing queued.
    request: () => {
      const secret = webhookPathSecret(process.env.AUTH_SECRET!, process.env.STRAVA_VERIFY_TOKEN)!;
      return { path: `/api/strava/webhook/${secret}`, params: { secret }, json: { object_type: "activity", object_id: 1, aspect_type: "delete", owner_id: 999_999_999, subscription_id: 1, event_time: 1 } };
    },
    anonymous: { status: 200, check: (res) => expect(res.json).toEqual({ received: true }) },
  },
  "GET /api/v1/[...path]": unknownApiPath,
  "POST /api/v1/[...path]": unknownApiPath,
  "PUT /api/v1/[...path]": unknownApiPath,
  "PATCH /api/v1/[...path]": unknownApiPath,
  "DELETE /api/v1/[...path]": unknownApiPath,

  // ----- activities -----------------------------------------------------------------------------
  "GET /api/v1/activities": {
    request: () => ({ path: "/api/v1/activities" }),
    owner: 200,
    intruder: { status: 200 },
    showsOwnersData: (json, w) => ids(json.items).includes(w.ids.activity) || ids(json.items).includes(w.ids.recentRun),
  },
  "POST /api/v1/activities": {
    // No id to name: the caller's hand-entered run is their own, and A's rows do not gain it. Sent
    // as throwaway runners, so A's and B's weeks (read by the entries after it) stay as they were.
    request: async (w, role) => ({
      path: "/api/v1/activities",
      json: { start: "2026-11-20T07:00", sport: "treadmill_run", durationS: 1800, distanceM: role === "owner" ? 5000 : 6000 },
      ...(role === "anonymous" ? {} : { cookie: (await createRunner(w.db)).cookie }),
    }),
    owner: 201,
    ownerCheck: (res) => expect(res.json.activity).toMatchObject({ source: "manual", sport: "treadmill_run", distanceM: 5000 }),
    intruder: { status: 201 },
    showsOwnersData: (json) => json.activity?.distanceM === 5000,
  },
  "GET /api/v1/activities/[id]": {
    request: (w) => ({ path: `/api/v1/activities/${w.ids.activity}`, params: { id: w.ids.activity } }),
    owner: 200,
    ownerCheck: (res, w) => expect(res.json.activity.id).toBe(w.ids.activity),
    intruder: { status: 404, code: "not_found:activity" },
  },
  "PATCH /api/v1/activities/[id]": {
    request: (w, role) => ({
      path: `/api/v1/activities/${w.ids.activity}`,
      params: { id: w.ids.activity },
      json: { surface: role === "owner" ? "trail" : "road", applyToRoute: true },
    }),
    owner: 200,
    ownerCheck: (res) => expect(res.json.activity.surface).toBe("trail"),
    intruder: { status: 404, code: "not_found:activity" },
  },
  "DELETE /api/v1/activities/[id]": {
    request: async (w, role) => {
      const id = role === "owner" ? await freshRun(w) : w.ids.activity;
      return { path: `/api/v1/activities/${id}`, params: { id } };
    },
    owner: 204,
    ownerCheck: async (_res, w, req) => {
      expect(await w.db.select().from(activities).where(eq(activities.id, req.params!.id!))).toEqual([]);
    },
    intruder: { status: 404, code: "not_found:activity" },
  },
  "GET /api/v1/activities/[id]/streams": {
    request: (w) => ({ path: `/api/v1/activities/${w.ids.activity}/streams?points=50`, params: { id: w.ids.activity } }),
    owner: 200,
    ownerCheck: (res) => expect(res.json.series).not.toBeNull(),
    intruder: { status: 404, code: "not_found:activity" },
  },

  // ----- check-ins ------------------------------------------------------------------------------
  "GET /api/v1/checkins": {
    request: () => ({ path: "/api/v1/checkins" }),
    owner: 200,
    intruder: { status: 200 },
    showsOwnersData: (json, w) => ids(json.items).includes(w.ids.checkin),
  },
  "POST /api/v1/checkins": {
    // B links A's run: the one place a check-in names another resource.
    request: (w, role) => ({
      path: "/api/v1/checkins",
      json: { pain: 2, timing: "after", activityId: w.ids.recentRun, rpe: role === "owner" ? 4 : 9 },
    }),
    owner: 201,
    ownerCheck: (res, w) => expect(res.json.checkin.activity.id).toBe(w.ids.recentRun),
    intruder: { status: 404, code: "not_found:activity" },
  },
  "GET /api/v1/checkins/[id]": {
    request: (w) => ({ path: `/api/v1/checkins/${w.ids.checkin}`, params: { id: w.ids.checkin } }),
    owner: 200,
    ownerCheck: (res, w) => expect(res.json.checkin).toMatchObject({ id: w.ids.checkin, notes: w.note }),
    intruder: { status: 404, code: "not_found:checkin" },
  },
  "PATCH /api/v1/checkins/[id]": {
    request: (w, role) => ({
      path: `/api/v1/checkins/${w.ids.checkin}`,
      params: { id: w.ids.checkin },
      json: role === "owner" ? { pain: 5 } : { pain: 0, notes: "overwritten", redFlagsSeen: true },
    }),
    owner: 200,
    ownerCheck: (res) => expect(res.json.checkin.pain).toBe(5),
    intruder: { status: 404, code: "not_found:checkin" },
  },
  "DELETE /api/v1/checkins/[id]": {
    request: async (w, role) => {
      const id = role === "owner" ? await freshCheckin(w) : w.ids.checkin;
      return { path: `/api/v1/checkins/${id}`, params: { id } };
    },
    owner: 204,
    ownerCheck: async (_res, w, req) => {
      expect(await w.db.select().from(checkins).where(eq(checkins.id, req.params!.id!))).toEqual([]);
    },
    intruder: { status: 404, code: "not_found:checkin" },
  },
  "GET /api/v1/checkins/insights": {
    request: () => ({ path: "/api/v1/checkins/insights" }),
    owner: 200,
    intruder: { status: 200 },
    // A's check-in has an open warning sign and 6/10 pain.
    showsOwnersData: (json, w) => flagged(json.openRedFlags).includes(w.ids.checkin) && json.checkins > 0,
  },

  // ----- reports --------------------------------------------------------------------------------
  "GET /api/v1/guidance": {
    request: () => ({ path: "/api/v1/guidance" }),
    owner: 200,
    intruder: { status: 200 },
    showsOwnersData: (json, w) => flagged(json.openRedFlags).includes(w.ids.checkin),
  },
  "GET /api/v1/load": {
    request: () => ({ path: "/api/v1/load" }),
    owner: 200,
    intruder: { status: 200 },
    showsOwnersData: (json) => json.dataStart !== null || weekDistance(json.weeks) > 0,
  },
  "GET /api/v1/today": {
    request: () => ({ path: "/api/v1/today" }),
    owner: 200,
    intruder: { status: 200 },
    // A has runs and a check-in with an open warning sign.
    showsOwnersData: (json, w) => json.latestRun !== null || json.openRedFlag?.checkinId === w.ids.checkin,
  },
  "GET /api/v1/load/weekly": {
    request: () => ({ path: "/api/v1/load/weekly?weeks=4" }),
    owner: 200,
    intruder: { status: 200 },
    showsOwnersData: (json) => weekDistance(json.weeks) > 0,
  },
  "GET /api/v1/surfaces": {
    request: () => ({ path: "/api/v1/surfaces" }),
    owner: 200,
    intruder: { status: 200 },
    // A's recent 9 km road run; weeks give distanceM per surface.
    showsOwnersData: (json) => json.weeks.some((week: { distanceM: Record<string, number> }) => Object.values(week.distanceM).some((m) => m > 0)),
  },

  // ----- archives -------------------------------------------------------------------------------
  "GET /api/v1/archives": {
    request: () => ({ path: "/api/v1/archives" }),
    owner: 200,
    intruder: { status: 200 },
    showsOwnersData: (json, w) => ids(json.archives).includes(w.ids.archive),
  },
  "POST /api/v1/archives": {
    // B's own upload of a .zip holding one GPX: B's own import.
    request: () => ({ path: "/api/v1/archives", body: ARCHIVE_ZIP, headers: { "content-type": "application/zip", "x-file-name": "runs.zip" } }),
    owner: 202,
    ownerCheck: (res) => expect(res.json.archive).toMatchObject({ fileName: "runs.zip", status: "queued" }),
    intruder: { status: 202 },
  },
  "GET /api/v1/archives/[id]": {
    request: (w) => ({ path: `/api/v1/archives/${w.ids.archive}`, params: { id: w.ids.archive } }),
    owner: 200,
    ownerCheck: (res, w) => expect(res.json.archive.id).toBe(w.ids.archive),
    intruder: { status: 404, code: "not_found:archive" },
  },

  // ----- Strava ---------------------------------------------------------------------------------
  "GET /api/v1/strava": {
    request: () => ({ path: "/api/v1/strava" }),
    owner: 200,
    intruder: { status: 200 },
    showsOwnersData: (json) => json.connected === true && json.athleteId === A_ATHLETE,
  },
  "DELETE /api/v1/strava": {
    // The owner disconnects (Strava is unreachable in tests: the local data goes anyway), then
    // reconnects so the other entries still see A's connection. B has none of their own.
    request: () => ({ path: "/api/v1/strava" }),
    owner: 200,
    ownerCheck: async (res, w) => {
      expect(res.json).toMatchObject({ stravaNotified: false });
      expect(await w.db.select().from(stravaConnections).where(eq(stravaConnections.userId, w.a.id))).toEqual([]);
      await connectStrava(w.db, w.a.id);
    },
    intruder: { status: 404, code: "not_found:strava" },
  },
  "POST /api/v1/strava/import": {
    request: () => ({ path: "/api/v1/strava/import" }),
    owner: 200,
    ownerCheck: (res) => expect(res.json).toMatchObject({ connected: true, import: { status: "running" } }),
    intruder: { status: 404, code: "not_found:strava" },
  },
  "POST /api/v1/strava/sync": {
    request: () => ({ path: "/api/v1/strava/sync" }),
    owner: 202,
    ownerCheck: async (res, w) => {
      expect(res.json).toMatchObject({ connected: true, athleteId: A_ATHLETE });
      // The sync is queued for the owner, nobody else.
      const queued = await w.db.select().from(jobs).where(and(eq(jobs.kind, SYNC_JOB), eq(jobs.userId, w.a.id)));
      expect(queued.length).toBeGreaterThan(0);
    },
    intruder: { status: 404, code: "not_found:strava" },
  },

  // ----- account: export, password, deletion -----------------------------------------------------
  "GET /api/v1/export": {
    request: () => ({ path: "/api/v1/export" }),
    owner: 200,
    ownerCheck: (res) => {
      expect(res.headers.get("content-type")).toBe("application/zip");
      expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="patella-export-\d{4}-\d{2}-\d{2}\.zip"$/);
    },
    intruder: { status: 200 },
    // The ZIP's entries, unpacked by send(): A's check-in note is in checkins.json.
    showsOwnersData: (json, w) => typeof json?.zip?.["checkins.json"] === "string" && json.zip["checkins.json"].includes(w.note),
  },
  "PATCH /api/v1/account/password": {
    // Neither runner has a password yet: each sets a first one, on their own account only. A
    // password change ends every session of its runner: the intruder is a throwaway runner (so B
    // keeps its session), and A goes on with the new session the answer carries.
    request: async (w, role) => ({
      path: "/api/v1/account/password",
      json: { newPassword: role === "owner" ? "owner's first password" : "intruder's first password" },
      ...(role === "intruder" ? { cookie: (await createRunner(w.db)).cookie } : {}),
    }),
    owner: 200,
    ownerCheck: async (res, w) => {
      expect(res.json).toEqual({ changed: true, firstPassword: true });
      const [row] = await w.db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, w.a.id));
      expect(row?.hash).toMatch(/^scrypt\$/);
      expect((await send("GET /api/v1/settings", { path: "/api/v1/settings" }, w.a.cookie)).status).toBe(401);
      w.a.cookie = res.headers.getSetCookie()[0]!.split(";")[0]!;
      expect((await send("GET /api/v1/settings", { path: "/api/v1/settings" }, w.a.cookie)).status).toBe(200);
    },
    intruder: { status: 200 },
  },
  "POST /api/v1/account/sign-out-everywhere": {
    // Ends every session of the caller's runner: a throwaway runner for each role (A and B go on),
    // and nobody else's sessions.
    request: async (w, role) => ({ path: "/api/v1/account/sign-out-everywhere", ...(role === "anonymous" ? {} : { cookie: (await createRunner(w.db)).cookie }) }),
    owner: 204,
    ownerCheck: async (_res, w, req) => {
      expect((await send("GET /api/v1/settings", { path: "/api/v1/settings" }, req.cookie)).status).toBe(401);
      expect((await send("GET /api/v1/settings", { path: "/api/v1/settings" }, w.a.cookie)).status).toBe(200);
      expect((await send("GET /api/v1/settings", { path: "/api/v1/settings" }, w.b.cookie)).status).toBe(200);
    },
    intruder: { status: 204 },
  },
  "DELETE /api/v1/account": {
    // B (and anyone signed out) confirming with A's email and a guessed password deletes nothing
    // (B has a password once PATCH /api/v1/account/password has run: then the guess is refused).
    // The owner's call deletes a throwaway runner with its own session, so later entries keep A.
    request: async (w, role) =>
      role === "owner"
        ? { path: "/api/v1/account", json: { confirm: "DELETE" }, cookie: await throwawayRunner(w) }
        : { path: "/api/v1/account", json: { confirm: w.a.email, password: "a guessed password" } },
    owner: 200,
    ownerCheck: async (res, w, req) => {
      expect(res.json.deleted).toMatchObject({ activities: 1 });
      const id = throwaway.get(req.cookie!)!;
      expect(await w.db.select().from(users).where(eq(users.id, id))).toEqual([]);
      expect(await w.db.select().from(activities).where(eq(activities.userId, id))).toEqual([]);
      expect(await w.db.select().from(users).where(eq(users.id, w.a.id))).toHaveLength(1);
    },
    intruder: { status: 403 },
  },

  // ----- OSTRC, settings, uploads ---------------------------------------------------------------
  "GET /api/v1/ostrc": {
    request: () => ({ path: "/api/v1/ostrc" }),
    owner: 200,
    intruder: { status: 200 },
    showsOwnersData: (json) => JSON.stringify(json.thisWeek?.answers) === JSON.stringify(A_OSTRC),
  },
  "POST /api/v1/ostrc": {
    request: (_w, role) => ({ path: "/api/v1/ostrc", json: role === "owner" ? { answers: A_OSTRC } : { skipped: true } }),
    owner: 200,
    intruder: { status: 200 },
  },
  "GET /api/v1/settings": {
    request: () => ({ path: "/api/v1/settings" }),
    owner: 200,
    intruder: { status: 200 },
    showsOwnersData: (json, w) => json.settings?.email === w.a.email || json.settings?.name === w.name,
  },
  "PATCH /api/v1/settings": {
    request: (_w, role) => ({ path: "/api/v1/settings", json: role === "owner" ? { units: "km", hrRest: 50, hrMax: 190 } : { units: "mi", hrRest: 40, hrMax: 200 } }),
    owner: 200,
    ownerCheck: (res, w) => expect(res.json.settings).toMatchObject({ email: w.a.email, hrRest: 50 }),
    intruder: { status: 200 },
  },
  "POST /api/v1/onboarding": {
    // B marks B's own first-run questions as done.
    request: () => ({ path: "/api/v1/onboarding" }),
    owner: 200,
    ownerCheck: async (res, w) => {
      const [row] = await w.db.select({ at: users.onboardedAt }).from(users).where(eq(users.id, w.a.id));
      expect(new Date(res.json.onboardedAt).getTime()).toBe(row!.at!.getTime());
    },
    intruder: { status: 200 },
  },
  "POST /api/v1/sample-data": {
    // B adds B's own sample history. A's is removed again by the DELETE entry, which runs next.
    request: () => ({ path: "/api/v1/sample-data" }),
    owner: 201,
    ownerCheck: async (res, w) => {
      const rows = await w.db.select({ sample: activities.sample }).from(activities).where(eq(activities.userId, w.a.id));
      expect(res.json.activities).toBeGreaterThan(0);
      expect(rows.filter((r) => r.sample)).toHaveLength(res.json.activities);
    },
    intruder: { status: 201 },
  },
  "DELETE /api/v1/sample-data": {
    // B removes B's own sample history.
    request: () => ({ path: "/api/v1/sample-data" }),
    owner: 200,
    ownerCheck: async (_res, w) => {
      const rows = await w.db.select({ id: activities.id, sample: activities.sample }).from(activities).where(eq(activities.userId, w.a.id));
      expect(rows.filter((r) => r.sample)).toEqual([]);
      expect(rows.map((r) => r.id)).toContain(w.ids.activity);
    },
    intruder: { status: 200 },
  },
  "GET /api/v1/uploads": {
    request: () => ({ path: "/api/v1/uploads" }),
    owner: 200,
    intruder: { status: 200 },
    showsOwnersData: (json, w) => ids(json.uploads).includes(w.ids.upload),
  },
  "POST /api/v1/uploads": {
    // B uploads the very file A imported: B's own import (201), never a 409 pointing at A's activity.
    request: (_w, role) => ({ path: "/api/v1/uploads", body: gpxForm(role === "owner" ? OWNER_UPLOAD_GPX : A_GPX) }),
    owner: 201,
    ownerCheck: (res) => expect(res.json.status).toBe("imported"),
    intruder: { status: 201 },
  },
};

function gpxForm(bytes: Uint8Array): FormData {
  const form = new FormData();
  form.append("file", new File([new Uint8Array(bytes)], "run.gpx", { type: "application/gpx+xml" }));
  return form;
}

/** A 9 km run inserted directly, as the load and check-in tests do. */
async function insertRun(db: Db, userId: string, startTime: Date): Promise<string> {
  const [row] = await db
    .insert(activities)
    .values({
      userId,
      source: "manual",
      sourceRef: `run-${randomUUID()}`,
      sport: "run",
      name: "Easy run",
      startTime,
      localDate: localDateOf(startTime, "Europe/Paris"),
      timeZone: "Europe/Paris",
      distanceM: 9000,
      movingS: 2700,
      elapsedS: 2760,
      surface: "road",
      surfaceSource: "user",
      surfaceConfidence: "high",
    })
    .returning({ id: activities.id });
  return row!.id;
}

// -------------------------------------------------------------------------------------------------
// What "nothing of A's changed" and "none of A's data" mean.
// -------------------------------------------------------------------------------------------------

/** Every table a runner owns rows in, with its owner column. Checked against USER_OWNED_TABLES below. */
const OWNED: [PgTable, PgColumn][] = [
  [users, users.id],
  [accounts, accounts.userId],
  [sessions, sessions.userId],
  [revokedSessions, revokedSessions.userId],
  [stravaConnections, stravaConnections.userId],
  [activities, activities.userId],
  [activityStreams, activityStreams.userId],
  [uploads, uploads.userId],
  [uploadFiles, uploadFiles.userId],
  [archiveImports, archiveImports.userId],
  [checkins, checkins.userId],
  [ostrcResponses, ostrcResponses.userId],
  [gear, gear.userId],
  [jobs, jobs.userId],
];

/** Every row A owns, canonically serialised (bytes as their hash), per table. */
async function footprint(db: Db, userId: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [table, owner] of OWNED) {
    const rows: unknown[] = await db.select().from(table).where(eq(owner, userId));
    out[getTableName(table)] = rows
      .map((row) =>
        JSON.stringify(row, function (this: Record<string, unknown>, key, value: unknown) {
          const raw = this[key];
          return raw instanceof Uint8Array ? `sha256:${createHash("sha256").update(raw).digest("hex")}` : value;
        }),
      )
      .sort();
  }
  return out;
}

/** A's ids and text: none of it may appear in anything B is shown. */
const markersOf = (w: World) => [w.a.id, w.a.email, w.name, w.ids.activity, w.ids.recentRun, w.ids.checkin, w.ids.upload, w.note];
const leakedIn = (text: string, w: World) => markersOf(w).filter((m) => text.includes(m));

async function send(key: string, req: Req, cookie?: string): Promise<Answer> {
  const { method, handler } = handlerFor(key);
  const res = await call(handler, { method, path: req.path, params: req.params, json: req.json, body: req.body, headers: req.headers, cookie });
  // A ZIP (the export) is checked like JSON: its entries' text, so "none of A's data" reads inside it.
  if (res.bytes && res.headers.get("content-type") === "application/zip") {
    const entries = await readZip(res.bytes);
    return { ...res, json: { zip: Object.fromEntries([...entries].map(([name, bytes]) => [name, bytes.toString("utf8")])) } };
  }
  return res;
}

const UNAUTHORIZED = { error: { code: "unauthorized", message: expect.any(String) } };

// -------------------------------------------------------------------------------------------------
// Pages: the table (checked in "pages under app/(app)" below)
// -------------------------------------------------------------------------------------------------

interface PageEntry {
  /** Reads the runner's data on the server (imports @/db); otherwise a shell whose client components call the API. */
  readsData: boolean;
  props?: (w: World) => { params?: Promise<Record<string, string>>; searchParams?: Promise<Record<string, string>> };
  /** Under an [id]: another runner's id answers the 404 page. */
  intruder?: "not_found";
  /** A string A's own page contains: the positive control for "B's page contains none of A's data". */
  ownerShows?: (w: World) => string;
}

const PAGES: Record<string, PageEntry> = {
  "/activities": { readsData: false },
  "/activities/[id]": {
    readsData: true,
    props: (w) => ({ params: Promise.resolve({ id: w.ids.activity }) }),
    intruder: "not_found",
    ownerShows: (w) => w.ids.activity,
  },
  // Reads the runner's zone and units for the hand-entry form: nothing that names A.
  "/activities/new": { readsData: true },
  "/checkins": { readsData: true, props: () => ({ searchParams: Promise.resolve({}) }) },
  "/checkins/[id]/edit": {
    readsData: true,
    props: (w) => ({ params: Promise.resolve({ id: w.ids.checkin }) }),
    intruder: "not_found",
    ownerShows: (w) => w.ids.checkin,
  },
  "/checkins/new": {
    readsData: true,
    // Asking to pre-select A's run: B must not get it (nor see it among the runs to link).
    props: (w) => ({ searchParams: Promise.resolve({ activity: w.ids.recentRun }) }),
    ownerShows: (w) => w.ids.recentRun,
  },
  // Reads the runner's zone, first activity date and onboarding state (for the chart range and banners); the charts come from the API.
  "/dashboard": { readsData: true, props: () => ({ searchParams: Promise.resolve({ range: "all" }) }) },
  "/guidance": { readsData: false },
  // Shows units, zone and heart rates only: nothing that names A, so only "none of A's data" for B applies.
  "/settings": { readsData: true },
  "/upload": { readsData: true },
};

const APP_GROUP = path.join(APP_DIR, "(app)");
const pages = filesNamed(APP_GROUP, /^page\.(tsx|ts|jsx|js)$/).map((file) => ({ url: urlOf(file, APP_GROUP), file: relative(file) }));
const source = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");
const READS_DATA = /from\s+["']@\/db(\/[^"']*)?["']|\bgetDb\s*\(/;

const REDIRECT_TO_SIGN_IN = "redirect:/sign-in";
const NOT_FOUND = "not_found";

/** What a server component threw, as Next.js would act on it (its digest). */
async function thrownBy(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (err) {
    const digest = String((err as { digest?: unknown }).digest ?? "");
    if (digest.startsWith("NEXT_REDIRECT;")) return `redirect:${digest.split(";")[2]}`;
    if (digest === "NEXT_HTTP_ERROR_FALLBACK;404") return NOT_FOUND;
    throw err;
  }
  return "rendered";
}

/** Every string and number in a React element tree's props (what the page hands to the browser). */
function textOf(node: unknown, seen = new WeakSet<object>()): string {
  if (typeof node === "string") return node;
  if (typeof node === "number") return String(node);
  if (!node || typeof node !== "object" || seen.has(node)) return "";
  seen.add(node);
  if (Array.isArray(node)) return node.map((n) => textOf(n, seen)).join("\n");
  if (node instanceof Date) return node.toISOString();
  if ("$$typeof" in node) return textOf((node as { props?: unknown }).props, seen);
  return Object.values(node)
    .map((v) => textOf(v, seen))
    .join("\n");
}

// -------------------------------------------------------------------------------------------------
// The matrix is the code's
// -------------------------------------------------------------------------------------------------

describe("authorization matrix: the table lists exactly the route handlers in the code", () => {
  it("imports every route file", () => {
    expect(unimportable, "route files that could not be imported").toEqual([]);
    expect(routeFiles.length).toBeGreaterThan(0);
  });

  it("lists every handler found under app/", () => {
    const unlisted = found
      .filter((f) => !(f.key in MATRIX))
      .map((f) => `${f.file} exports ${f.method}, which MATRIX does not list: add "${f.key}" to MATRIX in tests/integration/authorization-matrix.test.ts (public with a reason, or protected with the owner's request and status and what runner B gets)`);
    expect(unlisted, unlisted.join("\n")).toEqual([]);
  });

  it("lists no handler that no longer exists", () => {
    const stale = Object.keys(MATRIX)
      .filter((key) => !foundByKey.has(key))
      .map((key) => `MATRIX lists "${key}", but no route file under app/ exports it: remove it or fix the key`);
    expect(stale, stale.join("\n")).toEqual([]);
  });

  it("has well-formed entries: routes with an id answer B with 404, reads without one say how A's data would show", () => {
    const problems: string[] = [];
    for (const [key, entry] of Object.entries(MATRIX)) {
      if (isPublic(entry)) continue;
      const [method, url] = key.split(" ") as [string, string];
      if (/\[[^.\]]+\]/.test(url) && entry.intruder.status !== 404) problems.push(`${key}: a route with an id must answer another runner's id with 404`);
      if (method === "GET" && !url.includes("[") && !entry.showsOwnersData) problems.push(`${key}: a read without an id needs showsOwnersData`);
      if (entry.owner < 200 || entry.owner > 299) problems.push(`${key}: the owner's status must be a success`);
    }
    expect(problems, problems.join("\n")).toEqual([]);
  });

  it("knows every table a runner owns (so 'A's rows are unchanged' covers them all)", () => {
    expect(OWNED.map(([t]) => getTableName(t)).filter((n) => n !== "users").sort()).toEqual([...USER_OWNED_TABLES].sort());
  });
});

describeEachDatabase("authorization matrix", ({ db }) => {
  let w: World;

  beforeAll(async () => {
    const a = await createRunner(db(), { timeZone: "Europe/Paris" });
    const b = await createRunner(db(), { timeZone: "Europe/Paris" });
    const imported = await ingestFile(db(), { userId: a.id, timeZone: "Europe/Paris", fileName: "a.gpx", bytes: A_GPX });
    if (imported.status !== "imported") throw new Error(`fixture did not import: ${imported.status}`);
    const recentRun = await insertRun(db(), a.id, new Date(Date.now() - 2 * HOUR));
    const note = `A's private note ${randomBytes(6).toString("hex")}`;
    const name = `Runner A ${randomBytes(6).toString("hex")}`;
    await db().update(users).set({ name }).where(eq(users.id, a.id));
    const checkin = await call(handlerFor("POST /api/v1/checkins").handler, {
      method: "POST",
      path: "/api/v1/checkins",
      cookie: a.cookie,
      json: { pain: 6, timing: "after", activityId: recentRun, rpe: 7, redFlags: ["swelling"], notes: note },
    });
    if (checkin.status !== 201) throw new Error(`check-in not created: ${checkin.status} ${JSON.stringify(checkin.json)}`);
    await connectStrava(db(), a.id);
    // An archive import of A's (its file long gone: only the record matters here).
    const archive = await queueArchiveImport(db(), { userId: a.id, fileName: "a-export.zip", filePath: "/nonexistent/a.zip", sizeBytes: 1234, now: new Date() });
    const ostrc = await call(handlerFor("POST /api/v1/ostrc").handler, { method: "POST", path: "/api/v1/ostrc", cookie: a.cookie, json: { answers: A_OSTRC } });
    if (ostrc.status !== 200) throw new Error(`OSTRC not answered: ${ostrc.status}`);
    w = {
      db: db(),
      a,
      b,
      ids: { activity: imported.activityId, recentRun, checkin: checkin.json.checkin.id, upload: imported.uploadId, archive: archive.id },
      note,
      name,
    };
  });

  for (const f of found) {
    const entry = MATRIX[f.key];
    describe(f.key, () => {
      if (!entry) {
        it("is listed in MATRIX", () => {
          expect.fail(`${f.file} exports ${f.method}: add "${f.key}" to MATRIX`);
        });
        return;
      }

      if (isPublic(entry)) {
        it(`is public (${entry.public}): anonymous → ${entry.anonymous.status}`, async () => {
          const req = await entry.request(w, "anonymous");
          const res = await send(f.key, req);
          expect(res.status).toBe(entry.anonymous.status);
          if (entry.anonymous.code) expect(res.json.error.code).toBe(entry.anonymous.code);
          entry.anonymous.check?.(res, req);
        });
        return;
      }

      it("anonymous → 401 unauthorized, and nothing of A's changes", async () => {
        const req = await entry.request(w, "anonymous");
        const before = await footprint(db(), w.a.id);
        const res = await send(f.key, req);
        expect(res.status).toBe(401);
        expect(res.json).toEqual(UNAUTHORIZED);
        expect(await footprint(db(), w.a.id)).toEqual(before);
      });

      const intruder = entry.intruder;
      const intruderTitle =
        intruder.status === 404
          ? `runner B with A's resource → 404 ${intruder.code}, A's rows unchanged`
          : `runner B → ${intruder.status} with none of A's data, A's rows unchanged`;
      it(intruderTitle, async () => {
        const req = await entry.request(w, "intruder");
        if (/\[[^.\]]+\]/.test(f.key)) {
          // The id in the path must really be one of A's, or this proves nothing.
          expect(Object.values(req.params ?? {}).some((v) => Object.values(w.ids).includes(v)), "B's request must carry A's id").toBe(true);
        }
        const before = await footprint(db(), w.a.id);
        const res = await send(f.key, req, req.cookie ?? w.b.cookie);
        expect(res.status, JSON.stringify(res.json)).toBe(intruder.status);
        if (intruder.code) expect(res.json.error.code).toBe(intruder.code);
        expect(leakedIn(JSON.stringify(res.json), w), "A's data in B's answer").toEqual([]);
        if (entry.showsOwnersData) expect(entry.showsOwnersData(res.json, w), "B's answer shows A's data").toBe(false);
        expect(await footprint(db(), w.a.id)).toEqual(before);
      });

      it(`runner A on their own → ${entry.owner}`, async () => {
        const req = await entry.request(w, "owner");
        const res = await send(f.key, req, req.cookie ?? w.a.cookie);
        expect(res.status, JSON.stringify(res.json)).toBe(entry.owner);
        // The positive control: the same check that B's answer failed holds for A's.
        if (entry.showsOwnersData) expect(entry.showsOwnersData(res.json, w), "A's answer shows A's data").toBe(true);
        await entry.ownerCheck?.(res, w, req);
      });
    });
  }

  describe("another runner's ids inside a request body", () => {
    it("B cannot merge their activity into A's, nor link their check-in to A's run: 404, nothing of A's changes", async () => {
      const bRun = await insertRun(db(), w.b.id, new Date(Date.now() - 5 * HOUR));
      const bCheckin = await call(handlerFor("POST /api/v1/checkins").handler, {
        method: "POST",
        path: "/api/v1/checkins",
        cookie: w.b.cookie,
        json: { pain: 1, timing: "at_rest" },
      });
      expect(bCheckin.status).toBe(201);
      const before = await footprint(db(), w.a.id);
      const bBefore = await footprint(db(), w.b.id);

      const merge = await send("PATCH /api/v1/activities/[id]", { path: `/api/v1/activities/${bRun}`, params: { id: bRun }, json: { duplicateOf: w.ids.activity } }, w.b.cookie);
      expect(merge.status).toBe(404);
      expect(merge.json.error.code).toBe("not_found:activity");
      const id = bCheckin.json.checkin.id as string;
      const link = await send("PATCH /api/v1/checkins/[id]", { path: `/api/v1/checkins/${id}`, params: { id }, json: { activityId: w.ids.recentRun, rpe: 10 } }, w.b.cookie);
      expect(link.status).toBe(404);
      expect(link.json.error.code).toBe("not_found:activity");

      expect(await footprint(db(), w.a.id)).toEqual(before);
      expect(await footprint(db(), w.b.id)).toEqual(bBefore);
    });
  });

  describe("forged and tampered session cookies → 401", () => {
    const forgeries: [string, (w: World) => Promise<string>][] = [
      [
        "A's cookie with one character of the ciphertext changed",
        async (w) => {
          const token = w.a.cookie.slice(SESSION_COOKIE.length + 1);
          const parts = token.split(".");
          const ct = parts[3]!;
          const i = Math.floor(ct.length / 2);
          parts[3] = ct.slice(0, i) + (ct[i] === "A" ? "B" : "A") + ct.slice(i + 1);
          return `${SESSION_COOKIE}=${parts.join(".")}`;
        },
      ],
      ["a token for A encrypted with another secret", async (w) => `${SESSION_COOKIE}=${await encode({ token: { sub: w.a.id }, secret: "another-secret-0123456789-abcdefghijklmnopq", salt: SESSION_COOKIE })}`],
      [
        "an unsigned JWT (alg none) naming A",
        async (w) => {
          const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
          return `${SESSION_COOKIE}=${b64({ alg: "none", typ: "JWT" })}.${b64({ sub: w.a.id, exp: Math.floor(Date.now() / 1000) + 3600 })}.`;
        },
      ],
      ["A's token after it expired", async (w) => `${SESSION_COOKIE}=${await encode({ token: { sub: w.a.id }, secret: process.env.AUTH_SECRET!, salt: SESSION_COOKIE, maxAge: -3600 })}`],
      ["A's token under the secure cookie name (another key)", async (w) => `${SECURE_SESSION_COOKIE}=${w.a.cookie.slice(SESSION_COOKIE.length + 1)}`],
      ["a well-made token for a user that does not exist", async () => `${SESSION_COOKIE}=${await encode({ token: { sub: randomUUID() }, secret: process.env.AUTH_SECRET!, salt: SESSION_COOKIE })}`],
    ];

    it.each(forgeries)("%s: GET /api/v1/checkins and DELETE /api/v1/checkins/[id] answer 401, A's check-in stays", async (_name, forge) => {
      const cookie = await forge(w);
      const list = await send("GET /api/v1/checkins", { path: "/api/v1/checkins" }, cookie);
      expect(list.status).toBe(401);
      expect(list.json).toEqual(UNAUTHORIZED);
      const before = await footprint(db(), w.a.id);
      const del = await send("DELETE /api/v1/checkins/[id]", { path: `/api/v1/checkins/${w.ids.checkin}`, params: { id: w.ids.checkin } }, cookie);
      expect(del.status).toBe(401);
      expect(del.json).toEqual(UNAUTHORIZED);
      expect(await footprint(db(), w.a.id)).toEqual(before);
    });

    it("while A's real cookie still works (the forgeries were refused for being forged)", async () => {
      const res = await send("GET /api/v1/checkins/[id]", { path: `/api/v1/checkins/${w.ids.checkin}`, params: { id: w.ids.checkin } }, w.a.cookie);
      expect(res.status).toBe(200);
    });
  });

  // -----------------------------------------------------------------------------------------------
  // Pages
  // -----------------------------------------------------------------------------------------------

  describe("pages under app/(app)", () => {
    it("the (app) layout sends anonymous visitors to /sign-in", async () => {
      stubs.pageUserId = null;
      const layout = (await import("@/app/(app)/layout")).default as (props: { children: null }) => Promise<unknown>;
      expect(await thrownBy(() => layout({ children: null }))).toBe(REDIRECT_TO_SIGN_IN);
    });

    it("the onboarding page, outside the (app) layout, sends anonymous visitors to /sign-in itself", async () => {
      const page = (await import("@/app/onboarding/page")).default as () => Promise<unknown>;
      stubs.pageUserId = null;
      expect(await thrownBy(() => page())).toBe(REDIRECT_TO_SIGN_IN);
      stubs.pageUserId = w.a.id;
      expect(await thrownBy(() => page())).toBe("rendered");
    });

    for (const page of pages) {
      const entry = PAGES[page.url];
      describe(page.url, () => {
        if (!entry) {
          it("is listed in PAGES", () => expect.fail(`${page.file}: add "${page.url}" to PAGES`));
          return;
        }
        const render = async (role: Role) => {
          stubs.pageUserId = role === "anonymous" ? null : role === "intruder" ? w.b.id : w.a.id;
          const mod = (await import(/* @vite-ignore */ path.join(ROOT, page.file))) as { default: (props: unknown) => unknown };
          return mod.default(entry.props?.(w) ?? {});
        };

        if (entry.readsData) {
          it("anonymous → the page itself redirects to /sign-in", async () => {
            expect(await thrownBy(() => render("anonymous"))).toBe(REDIRECT_TO_SIGN_IN);
          });
        } else {
          it("anonymous → renders a shell that reads no data (the layout redirects; its data comes from the API)", async () => {
            await expect(render("anonymous")).resolves.toBeDefined();
          });
        }

        if (entry.intruder === "not_found") {
          it("runner B with A's id → 404 page", async () => {
            expect(await thrownBy(() => render("intruder"))).toBe(NOT_FOUND);
          });
        } else if (entry.readsData) {
          it("runner B → a page with none of A's data", async () => {
            expect(leakedIn(textOf(await render("intruder")), w)).toEqual([]);
          });
        }

        if (entry.readsData) {
          it("runner A → their page" + (entry.ownerShows ? ", showing their data" : ""), async () => {
            const text = textOf(await render("owner"));
            if (entry.ownerShows) expect(text).toContain(entry.ownerShows(w));
          });
        }
      });
    }
  });
});

/*
 * Why there are static checks as well: Next.js renders a layout and its page concurrently, so the
 * layout's redirect does not stop a page's own queries from running. Each page that reads data
 * must check the session itself. The calls above prove today's behaviour with a stubbed session;
 * these read the source, so the rule holds for the real `currentUserId()` too and a page cannot be
 * declared "reads no data" in PAGES while importing the database.
 */
describe("pages under app/(app): PAGES lists them all, and the sign-in rule holds in the source", () => {
  it("lists every page, and no page that is gone", () => {
    const unlisted = pages.filter((p) => !(p.url in PAGES)).map((p) => `${p.file}: add "${p.url}" to PAGES`);
    const stale = Object.keys(PAGES)
      .filter((url) => !pages.some((p) => p.url === url))
      .map((url) => `PAGES lists "${url}", which has no page.tsx under app/(app)`);
    expect([...unlisted, ...stale], [...unlisted, ...stale].join("\n")).toEqual([]);
  });

  it("the layout redirects to /sign-in when currentUserId() is falsy", () => {
    const text = source("app/(app)/layout.tsx");
    expect(text).toMatch(/import\s*\{\s*currentUserId\s*\}\s*from\s*["']@\/lib\/auth\/current-user["']/);
    expect(text).toMatch(/if\s*\(\s*!\s*\(\s*await\s+currentUserId\(\)\s*\)\s*\)\s*redirect\(\s*["']\/sign-in["']\s*\)/);
  });

  it.each(pages.map((p) => [p.url, p.file] as const))("%s: declared as reading data exactly when it does, and then checks currentUserId() first", (url, file) => {
    const text = source(file);
    const entry = PAGES[url];
    expect(entry, `add "${url}" to PAGES`).toBeDefined();
    expect(READS_DATA.test(text), `${file}: readsData in PAGES must match whether it imports @/db`).toBe(entry!.readsData);
    if (entry!.readsData) {
      expect(text).toMatch(/const\s+userId\s*=\s*await\s+currentUserId\(\)\s*;\s*\n\s*if\s*\(\s*!userId\s*\)\s*redirect\(\s*["']\/sign-in["']\s*\)/);
    } else {
      expect(text, `${file} reads no data, so it must not reach the session or database itself`).not.toMatch(/@\/lib\/auth|@\/db/);
    }
  });

  it("no other page reads the database outside app/(app) except the root redirect", () => {
    const others = filesNamed(APP_DIR, /^page\.(tsx|ts|jsx|js)$/)
      .map(relative)
      .filter((f) => !f.startsWith(`app${path.sep}(app)${path.sep}`))
      .filter((f) => READS_DATA.test(source(f)));
    expect(others).toEqual([]);
  });

  it("server actions are only the layout's sign-out (a new one is an entry point of its own: review it)", () => {
    const withActions = filesNamed(APP_DIR, /\.(tsx|ts)$/)
      .map(relative)
      .filter((f) => /["']use server["']/.test(source(f)));
    expect(withActions).toEqual([path.join("app", "(app)", "layout.tsx")]);
  });
});
