import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { asc, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import * as activityRoute from "@/app/api/v1/activities/[id]/route";
import * as archivesRoute from "@/app/api/v1/archives/route";
import * as signUpRoute from "@/app/api/v1/auth/sign-up/route";
import * as checkinRoute from "@/app/api/v1/checkins/[id]/route";
import * as checkinsRoute from "@/app/api/v1/checkins/route";
import * as ostrcRoute from "@/app/api/v1/ostrc/route";
import * as settingsRoute from "@/app/api/v1/settings/route";
import * as stravaImportRoute from "@/app/api/v1/strava/import/route";
import * as stravaRoute from "@/app/api/v1/strava/route";
import * as uploadsRoute from "@/app/api/v1/uploads/route";
import * as webhookRoute from "@/app/api/strava/webhook/[secret]/route";
import type { Db } from "@/db/client";
import { upsertStravaConnection } from "@/db/queries/strava";
import { storeSubscriptionId } from "@/db/queries/strava-webhook";
import { activities, activityStreams, archiveImports, checkins, gear, jobs, ostrcResponses, stravaConnections, uploadFiles, uploads, users } from "@/db/schema";
import type { ErrorCode } from "@/lib/api/errors";
import type { RouteHandler } from "@/lib/api/guard";
import { env, maxArchiveBytes, maxUploadBytes } from "@/lib/env";
import { ARCHIVE_JOB, archivesDir, runArchiveImport } from "@/lib/import/archive-import";
import type { ImportErrorCode } from "@/lib/import/types";
import { EVENT_JOB } from "@/lib/strava/events";
import { webhookPathSecret } from "@/lib/strava/webhook";
import { makeGpx } from "@/scripts/bench/make-gpx";
import { makeActivityFile } from "../support/activity-files";
import { describeEachDatabase } from "../support/db";
import { createRunner } from "../support/factories";
import { call, type CallResult } from "../support/http";
import { type ArchiveSpec, gzipBytes, makeArchive, patchCentralEntry, repeated } from "../support/make-archive";
import { stretch } from "../support/time-factor";

/**
 * Hostile input through the real route handlers, on both databases. One row per case: the route,
 * what is sent, and the answer expected. Every refused case must answer its 4xx with
 * `{ error: { code, message } }`, write nothing (the runner's rows in every table, and the number
 * of accounts, are the same before and after — but for the "failed" upload record that a refused
 * file leaves by design), pollute no prototype, and leave the server answering. "Everything" is
 * every table a runner owns (the queued jobs and Strava connections of everyone) and every file
 * under DATA_DIR: a refused archive leaves no file in DATA_DIR/archives and no archive_imports
 * row. Hostile strings that are legitimately accepted (an injection-looking note, a NUL in a
 * Strava title) must come back exactly as text, or cleaned as documented; an accepted archive
 * (202) writes exactly its archive_imports row, its queued job and its file, and its import then
 * refuses the hostile entries one by one.
 */

// A 1 MiB upload limit and a 2 MiB archive limit, so that "larger than the limit" needs no 50 MiB
// or 20 GiB body. (Read once, on the first request; this file's modules are its own.)
vi.stubEnv("MAX_UPLOAD_MB", "1");
vi.stubEnv("MAX_ARCHIVE_MB", "2");
const zipDir = fs.mkdtempSync(path.join(os.tmpdir(), "patella-hostile-"));
afterAll(() => {
  vi.unstubAllEnvs();
  fs.rmSync(zipDir, { recursive: true, force: true });
});

const ORIGIN = "http://localhost:3000";

/** An answer's body is read field by field (as tests/support/http.ts's call() gives it). */
type Answer = CallResult<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const OTHER_UUID = "7d444840-9dc0-41d2-8b6f-0c4e1a3d6e1f";
const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();

// ---------------------------------------------------------------------------------------------
// What can be sent.
// ---------------------------------------------------------------------------------------------

type Input =
  /** JSON.stringify'd, as application/json. */
  | { json: unknown }
  /** Raw JSON text (for NaN, -0, 1e309, deep nesting…), as application/json unless `type` says otherwise. */
  | { raw: string | Uint8Array; type?: string | null; length?: string }
  /** A body of this many spaces, streamed in chunks, with no declared length (or a false one). */
  | { stream: number; type: string; length?: string }
  /** multipart/form-data as a browser sends it. */
  | { form: FormData }
  /** A GPX file of this content uploaded as the field "file". */
  | { gpx: string | Uint8Array; name?: string }
  /** An archive as the raw body: X-File-Name as given (already URI-encoded; null: none), application/zip unless `type` says otherwise. */
  | { zip: Uint8Array; fileName?: string | null; type?: string | null; length?: string }
  /** A GET with this query string. */
  | { query: Record<string, string> };

/** What a case sends, or a function making it when the case runs (fresh emails, the runner's ids). */
type Sendable = Input | (() => Input | Promise<Input>);

type RouteKey =
  | "POST /uploads"
  | "POST /checkins"
  | "PATCH /checkins/:id"
  | "PATCH /settings"
  | "PATCH /activities/:id"
  | "POST /ostrc"
  | "POST /auth/sign-up"
  | "POST /archives"
  | "POST /strava/webhook"
  | "GET /strava/webhook"
  | "POST /strava/import"
  | "DELETE /strava";

interface Ids {
  checkin: string;
  activity: string;
}

interface Route {
  handler: RouteHandler;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: (ids: Ids, id?: string) => string;
  params?: (ids: Ids, id?: string) => Record<string, string>;
  anonymous?: boolean;
  /** Unknown keys are stripped, not refused (sign-up, Strava's events): see the accepted cases. */
  lenient?: boolean;
  /** For the generic rows: a valid body, and one with a raw JSON value in a number / text field. */
  valid?: () => Record<string, unknown>;
  num?: (raw: string) => string;
  text?: (raw: string) => string;
}

let signUps = 0;
let lastEmail = "";
const freshEmail = () => (lastEmail = `hostile-${Date.now().toString(36)}-${signUps++}@example.test`);
/** The account the latest sign-up made (sign-up answers the same for every email, without an id). */
const signedUp = async (w: Written) => (await w.db.select().from(users).where(eq(users.email, lastEmail)))[0]!;

/** The Strava athlete connected to the second runner (`athlete`): events for them are queued. */
const ATHLETE = 7_770_001;
/** An athlete no runner has connected: their events are dropped. */
const STRANGER = 7_770_999;
/** Patella's webhook subscription (stored in beforeAll), and the secret path its events arrive at. */
const SUBSCRIPTION = 424_242;
const HOOK_SECRET = webhookPathSecret(process.env.AUTH_SECRET!, process.env.STRAVA_VERIFY_TOKEN)!;
let events = 0;
/** A valid event for the connected athlete, with its own object id (so the dedupe key never repeats). */
const stravaEvent = (extra: Record<string, unknown> = {}) => ({ object_type: "activity", object_id: 5_000_000 + events++, aspect_type: "update", owner_id: ATHLETE, subscription_id: SUBSCRIPTION, event_time: 1_767_225_600, ...extra });

const ROUTES: Record<RouteKey, Route> = {
  "POST /uploads": { handler: uploadsRoute.POST, method: "POST", path: () => "/api/v1/uploads" },
  "POST /checkins": {
    handler: checkinsRoute.POST,
    method: "POST",
    path: () => "/api/v1/checkins",
    valid: () => ({ pain: 3, timing: "after" }),
    num: (v) => `{"pain":${v},"timing":"after"}`,
    text: (v) => `{"pain":3,"timing":"after","notes":${v}}`,
  },
  "PATCH /checkins/:id": {
    handler: checkinRoute.PATCH,
    method: "PATCH",
    path: (ids, id = ids.checkin) => `/api/v1/checkins/${encodeURIComponent(id)}`,
    params: (ids, id = ids.checkin) => ({ id }),
    valid: () => ({ pain: 4 }),
    num: (v) => `{"pain":${v}}`,
    text: (v) => `{"notes":${v}}`,
  },
  "PATCH /settings": {
    handler: settingsRoute.PATCH,
    method: "PATCH",
    path: () => "/api/v1/settings",
    valid: () => ({ units: "km" }),
    num: (v) => `{"hrRest":${v}}`,
    text: (v) => `{"timeZone":${v}}`,
  },
  "PATCH /activities/:id": {
    handler: activityRoute.PATCH,
    method: "PATCH",
    path: (ids, id = ids.activity) => `/api/v1/activities/${encodeURIComponent(id)}`,
    params: (ids, id = ids.activity) => ({ id }),
    valid: () => ({ surface: "road" }),
    num: (v) => `{"surface":"road","applyToRoute":${v}}`,
    text: (v) => `{"surface":${v}}`,
  },
  "POST /ostrc": {
    handler: ostrcRoute.POST,
    method: "POST",
    path: () => "/api/v1/ostrc",
    valid: () => ({ answers: [0, 0, 0, 0] }),
    num: (v) => `{"answers":[${v},0,0,0]}`,
    text: (v) => `{"answers":${v}}`,
  },
  "POST /auth/sign-up": {
    handler: signUpRoute.POST,
    method: "POST",
    path: () => "/api/v1/auth/sign-up",
    anonymous: true,
    lenient: true,
    valid: () => ({ email: freshEmail(), password: "correct horse battery" }),
    num: (v) => `{"email":"${freshEmail()}","password":${v}}`,
    text: (v) => `{"email":"${freshEmail()}","password":"correct horse battery","name":${v}}`,
  },
  "POST /archives": { handler: archivesRoute.POST, method: "POST", path: () => "/api/v1/archives" },
  "POST /strava/webhook": {
    handler: webhookRoute.POST,
    method: "POST",
    path: () => `/api/strava/webhook/${HOOK_SECRET}`,
    params: () => ({ secret: HOOK_SECRET }),
    anonymous: true,
    lenient: true,
    valid: () => stravaEvent({ updates: { title: "Morning run" } }),
    num: (v) => `{"object_type":"activity","object_id":${v},"aspect_type":"create","owner_id":${ATHLETE},"subscription_id":${SUBSCRIPTION}}`,
    text: (v) => `{"object_type":"activity","object_id":1,"aspect_type":"update","owner_id":${ATHLETE},"subscription_id":${SUBSCRIPTION},"updates":{"title":${v}}}`,
  },
  "GET /strava/webhook": { handler: webhookRoute.GET, method: "GET", path: () => `/api/strava/webhook/${HOOK_SECRET}`, params: () => ({ secret: HOOK_SECRET }), anonymous: true },
  "POST /strava/import": { handler: stravaImportRoute.POST, method: "POST", path: () => "/api/v1/strava/import" },
  "DELETE /strava": { handler: stravaRoute.DELETE, method: "DELETE", path: () => "/api/v1/strava" },
};

const JSON_ROUTES = (Object.keys(ROUTES) as RouteKey[]).filter((k) => ROUTES[k].valid);

// ---------------------------------------------------------------------------------------------
// The cases.
// ---------------------------------------------------------------------------------------------

interface Refused {
  route: RouteKey;
  name: string;
  send: Sendable;
  /** Another id in the path (for the routes with one). */
  id?: string;
  status: number;
  code: ErrorCode;
  /** For files refused as such (422): the import error; an upload's is recorded as a "failed" upload. */
  reason?: ImportErrorCode | "no_activities";
  /** Time allowed for the answer (default 2 s). */
  withinMs?: number;
}

const KiB = 1024;
const deepArrays = (n: number) => "[".repeat(n) + "]".repeat(n);
const deepObjects = (n: number) => '{"a":'.repeat(n) + "1" + "}".repeat(n);
const gpxPoints = (start: number, name = "Evening run") =>
  makeGpx(30, start).replace("<name>Bench run</name>", `<name>${name.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</name>`);
const MiB = 1024 * KiB;

/** `n` bytes of deterministic noise (xorshift). */
function noise(n: number, seed = 0x9e3779b9): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Built once, on first use, and reused (each case runs once per database). */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}

let zips = 0;
/** A ZIP's bytes (tests/support/make-archive.ts writes any name, even "../x"), patched if asked, built once. */
function zipOf(spec: ArchiveSpec, patch?: (buf: Buffer) => void): () => Promise<Buffer> {
  return once(async () => {
    const file = path.join(zipDir, `${zips++}.zip`);
    await makeArchive(file, spec);
    const buf = fs.readFileSync(file);
    patch?.(buf);
    return buf;
  });
}

/** A distinct activity file: activity `i` of tests/support/activity-files.ts (a run on its own day). */
const run = (i: number, format: "gpx" | "tcx" | "fit", fileName: string) => ({ id: i, format, gz: false, bytes: makeActivityFile(format, i, 40), fileName });

/** 320 MiB of zeros gzipped (about 320 KiB): over the 256 MiB a .gz may unpack to, and 1000 times its size. */
const gzipBomb = once(() => gzipBytes(repeated(320 * MiB)));
/** A small, valid archive: one GPX (queued, never imported). */
const goodZip = zipOf({ csvRows: null, activities: [run(200, "gpx", "runs/one.gpx")] });
/** An end-of-central-directory record alone, promising 65,534 entries at an offset past the end. */
const lyingEocd = Buffer.from([0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 0xfe, 0xff, 0xfe, 0xff, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x10, 0x00, 0, 0]);
/** Unicode, an RTL override and a NUL in the names of activity files. */
const unicodeZip = zipOf({
  csvRows: null,
  activities: [run(216, "gpx", "runs/Läufe 🏃 2026.gpx"), run(217, "fit", "runs/\u202Eevil.fit")],
  extraEntries: [{ name: "runs/a\u0000b.gpx", bytes: makeActivityFile("gpx", 218, 40) }],
});
/** A valid FIT file with one byte of its data changed (its checksum no longer matches). */
const flippedFit = () => {
  const fit = makeActivityFile("fit", 300, 40);
  const k = Math.floor(fit.length / 2);
  fit[k] = fit[k]! ^ 0xff;
  return fit;
};
/** A valid FIT file whose header declares 4 GiB of data. */
const hugeFit = () => {
  const fit = makeActivityFile("fit", 301, 40);
  new DataView(fit.buffer, fit.byteOffset).setUint32(4, 0xffff_ffff, true);
  return fit;
};

/** Rows every JSON route must refuse the same way. */
function genericJsonCases(route: RouteKey): Refused[] {
  const r = ROUTES[route];
  const valid = () => JSON.stringify(r.valid!());
  const rows: Refused[] = [
    { route, name: "a body over the 256 KiB JSON limit", send: () => ({ json: { ...r.valid!(), pad: "x".repeat(300 * KiB) } }), status: 413, code: "payload_too_large" },
    { route, name: "a 2 MiB chunked body with no declared length", send: { stream: 2048 * KiB, type: "application/json" }, status: 413, code: "payload_too_large" },
    { route, name: "a declared length of 1 GB (with a small body)", send: () => ({ raw: valid(), length: String(1024 ** 3) }), status: 413, code: "payload_too_large" },
    { route, name: "truncated JSON", send: () => ({ raw: valid().slice(0, -3) }), status: 400, code: "bad_request:json" },
    { route, name: "an empty body", send: { raw: "" }, status: 400, code: "bad_request:json" },
    { route, name: "JSON behind a byte-order mark", send: () => ({ raw: `\uFEFF${valid()}` }), status: 400, code: "bad_request:json" },
    { route, name: "JSON sent as text/plain", send: () => ({ raw: valid(), type: "text/plain" }), status: 415, code: "unsupported_media_type" },
    { route, name: "a urlencoded form", send: { raw: "pain=3&timing=after", type: "application/x-www-form-urlencoded" }, status: 415, code: "unsupported_media_type" },
    { route, name: "multipart/form-data", send: { form: new FormData() }, status: 415, code: "unsupported_media_type" },
    { route, name: "no content type at all", send: () => ({ raw: new TextEncoder().encode(valid()), type: null }), status: 415, code: "unsupported_media_type" },
    { route, name: "100,000 nested arrays", send: { raw: deepArrays(100_000) }, status: 400, code: "bad_request:body" },
    { route, name: "40,000 nested objects", send: { raw: deepObjects(40_000) }, status: 400, code: "bad_request:body" },
    { route, name: "100,000 nested arrays in a field", send: { raw: r.text!(deepArrays(100_000)) }, status: 400, code: "bad_request:body" },
    { route, name: "a JSON array as the body", send: { raw: "[]" }, status: 400, code: "bad_request:body" },
    { route, name: "JSON null as the body", send: { raw: "null" }, status: 400, code: "bad_request:body" },
    { route, name: "a JSON string as the body", send: { raw: '"{}"' }, status: 400, code: "bad_request:body" },
    { route, name: "NaN (not JSON)", send: { raw: r.num!("NaN") }, status: 400, code: "bad_request:json" },
    { route, name: "Infinity (not JSON)", send: { raw: r.num!("Infinity") }, status: 400, code: "bad_request:json" },
    { route, name: "a hexadecimal number (not JSON)", send: { raw: r.num!("0x10") }, status: 400, code: "bad_request:json" },
    { route, name: "1e309 (parsed as Infinity)", send: { raw: r.num!("1e309") }, status: 400, code: "bad_request:body" },
    { route, name: "-1e309", send: { raw: r.num!("-1e309") }, status: 400, code: "bad_request:body" },
    { route, name: "a number as a string", send: { raw: r.num!('"3"') }, status: 400, code: "bad_request:body" },
    { route, name: "a huge integer (2^53 + 1)", send: { raw: r.num!("9007199254740993") }, status: 400, code: "bad_request:body" },
    { route, name: "1e21", send: { raw: r.num!("1e21") }, status: 400, code: "bad_request:body" },
    { route, name: "an object where text goes", send: { raw: r.text!('{"$ne":null}') }, status: 400, code: "bad_request:body" },
    { route, name: "a control character in the key", send: { raw: `{"pain\\u0000":3,"timing":"after","email":"x"}` }, status: 400, code: "bad_request:body" },
  ];
  // Unknown keys are refused by the strict schemas; sign-up and the webhook ignore them (see the accepted cases).
  if (!r.lenient) {
    rows.push(
      { route, name: "a __proto__ key", send: () => ({ raw: `{"__proto__":{"polluted":true},${valid().slice(1)}` }), status: 400, code: "bad_request:body" },
      { route, name: "a constructor.prototype key", send: () => ({ raw: `{"constructor":{"prototype":{"polluted":true}},${valid().slice(1)}` }), status: 400, code: "bad_request:body" },
    );
  }
  return rows;
}

const injection = "'); DROP TABLE checkins; --";

const REFUSED: Refused[] = [
  ...JSON_ROUTES.flatMap(genericJsonCases),

  // POST /strava/webhook: update keys must be identifiers: a NUL or a lone surrogate in a key (which jsonb cannot store)
  // is refused (these were 500s before keys were checked).
  { route: "POST /strava/webhook", name: "a NUL in an update key", send: () => ({ json: stravaEvent({ updates: { "ti\u0000tle": "x" } }) }), status: 400, code: "bad_request:body" },
  { route: "POST /strava/webhook", name: "a lone surrogate in an update key", send: () => ({ json: stravaEvent({ updates: { "ti\uD800tle": "x" } }) }), status: 400, code: "bad_request:body" },

  // POST /checkins
  { route: "POST /checkins", name: "a date that does not exist", send: { json: { at: "2026-02-30T07:30", pain: 3, timing: "after" } }, status: 400, code: "bad_request:body" },
  { route: "POST /checkins", name: "SQL after the time", send: { json: { at: "2026-11-20T07:30'; DROP TABLE checkins; --", pain: 3, timing: "after" } }, status: 400, code: "bad_request:body" },
  { route: "POST /checkins", name: "a NUL after the time", send: { json: { at: "2026-11-20T07:30Z\u0000", pain: 3, timing: "after" } }, status: 400, code: "bad_request:body" },
  { route: "POST /checkins", name: "a year past 9999", send: { json: { at: "+275760-09-13T00:00:00Z", pain: 3, timing: "after" } }, status: 400, code: "bad_request:body" },
  { route: "POST /checkins", name: "SQL as the run id", send: { json: { pain: 3, timing: "after", activityId: "' OR 1=1 --" } }, status: 400, code: "bad_request:body" },
  { route: "POST /checkins", name: "a run that does not exist", send: { json: { pain: 3, timing: "after", activityId: OTHER_UUID } }, status: 404, code: "not_found:activity" },
  { route: "POST /checkins", name: "__proto__ as a location", send: { json: { pain: 3, timing: "after", locations: ["__proto__"] } }, status: 400, code: "bad_request:body" },
  { route: "POST /checkins", name: "an array-like object as locations", send: { json: { pain: 3, timing: "after", locations: { 0: "front", length: 1 } } }, status: 400, code: "bad_request:body" },
  { route: "POST /checkins", name: "a location with a NUL", send: { json: { pain: 3, timing: "after", locations: ["front\u0000"] } }, status: 400, code: "bad_request:body" },
  { route: "POST /checkins", name: "1001 characters of notes", send: { json: { pain: 3, timing: "after", notes: "x".repeat(1001) } }, status: 400, code: "bad_request:body" },
  { route: "POST /checkins", name: "pain 10.5", send: { raw: '{"pain":10.5,"timing":"after"}' }, status: 400, code: "bad_request:body" },
  { route: "POST /checkins", name: "pain -1", send: { raw: '{"pain":-1,"timing":"after"}' }, status: 400, code: "bad_request:body" },
  { route: "POST /checkins", name: "a boolean as pain", send: { raw: '{"pain":true,"timing":"after"}' }, status: 400, code: "bad_request:body" },

  // PATCH /checkins/:id
  { route: "PATCH /checkins/:id", name: "SQL as the id", id: "' OR '1'='1", send: { json: { pain: 1 } }, status: 400, code: "bad_request:params" },
  { route: "PATCH /checkins/:id", name: "a path as the id", id: "../../settings", send: { json: { pain: 1 } }, status: 400, code: "bad_request:params" },
  { route: "PATCH /checkins/:id", name: "an id with a NUL", id: `${OTHER_UUID}\u0000`, send: { json: { pain: 1 } }, status: 400, code: "bad_request:params" },
  { route: "PATCH /checkins/:id", name: "an id of nobody's check-in", id: OTHER_UUID, send: { json: { pain: 1 } }, status: 404, code: "not_found:checkin" },
  { route: "PATCH /checkins/:id", name: "redFlagsSeen as a string", send: { json: { redFlagsSeen: "true" } }, status: 400, code: "bad_request:body" },
  { route: "PATCH /checkins/:id", name: "a time in the year 10000", send: { json: { at: "10000-01-01T00:00" } }, status: 400, code: "bad_request:body" },

  // PATCH /settings
  { route: "PATCH /settings", name: "a time zone with a NUL", send: { json: { timeZone: "UTC\u0000" } }, status: 400, code: "bad_request:body" },
  { route: "PATCH /settings", name: "a time zone behind an RTL override", send: { json: { timeZone: "\u202EUTC" } }, status: 400, code: "bad_request:body" },
  { route: "PATCH /settings", name: "a time zone that is a path", send: { json: { timeZone: "../../../../etc/passwd" } }, status: 400, code: "bad_request:body" },
  { route: "PATCH /settings", name: "a time zone with a line break", send: { json: { timeZone: "Europe/Paris\nSet-Cookie: x=1" } }, status: 400, code: "bad_request:body" },
  { route: "PATCH /settings", name: "an operator object as units", send: { json: { units: { $ne: null } } }, status: 400, code: "bad_request:body" },
  { route: "PATCH /settings", name: "a fractional heart rate", send: { json: { hrRest: 60.5 } }, status: 400, code: "bad_request:body" },
  { route: "PATCH /settings", name: "-0 as a heart rate (below the minimum)", send: { raw: '{"hrRest":-0}' }, status: 400, code: "bad_request:body" },
  { route: "PATCH /settings", name: "an empty sex", send: { json: { sex: "" } }, status: 400, code: "bad_request:body" },

  // PATCH /activities/:id
  { route: "PATCH /activities/:id", name: "SQL as the id", id: "1; DELETE FROM activities", send: { json: { surface: "road" } }, status: 400, code: "bad_request:params" },
  { route: "PATCH /activities/:id", name: "an id of nobody's activity", id: OTHER_UUID, send: { json: { surface: "road" } }, status: 404, code: "not_found:activity" },
  { route: "PATCH /activities/:id", name: "a surface with a NUL", send: { json: { surface: "road\u0000" } }, status: 400, code: "bad_request:body" },
  { route: "PATCH /activities/:id", name: "SQL as the surface", send: { json: { surface: "road'; UPDATE activities SET name='x" } }, status: 400, code: "bad_request:body" },
  { route: "PATCH /activities/:id", name: "'mixed', which only a measurement gives", send: { json: { surface: "mixed" } }, status: 400, code: "bad_request:body" },
  { route: "PATCH /activities/:id", name: "applyToRoute as a string", send: { json: { surface: "road", applyToRoute: "true" } }, status: 400, code: "bad_request:body" },
  { route: "PATCH /activities/:id", name: "applyToRoute without a surface", send: { json: { applyToRoute: true } }, status: 400, code: "bad_request:body" },
  { route: "PATCH /activities/:id", name: "SQL as duplicateOf", send: { json: { duplicateOf: "' OR 1=1 --" } }, status: 400, code: "bad_request:body" },
  { route: "PATCH /activities/:id", name: "itself as duplicateOf", send: () => ({ json: { duplicateOf: ids.activity } }), status: 422, code: "unprocessable:merge" },
  { route: "PATCH /activities/:id", name: "nobody's activity as duplicateOf", send: { json: { duplicateOf: OTHER_UUID } }, status: 404, code: "not_found:activity" },
  { route: "PATCH /activities/:id", name: "an empty change", send: { json: {} }, status: 400, code: "bad_request:body" },

  // POST /ostrc
  { route: "POST /ostrc", name: "answers as a string", send: { json: { answers: "0,0,0,0" } }, status: 400, code: "bad_request:body" },
  { route: "POST /ostrc", name: "answers as an array-like object", send: { json: { answers: { 0: 0, 1: 0, 2: 0, 3: 0, length: 4 } } }, status: 400, code: "bad_request:body" },
  { route: "POST /ostrc", name: "an answer as a string", send: { json: { answers: [0, 0, 0, "0"] } }, status: 400, code: "bad_request:body" },
  { route: "POST /ostrc", name: "an answer as an array", send: { json: { answers: [[0], 0, 0, 0] } }, status: 400, code: "bad_request:body" },
  { route: "POST /ostrc", name: "100,000 answers", send: { raw: `{"answers":[${"0,".repeat(99_999)}0]}` }, status: 400, code: "bad_request:body" },
  { route: "POST /ostrc", name: "skipped as a string", send: { json: { skipped: "true" } }, status: 400, code: "bad_request:body" },
  { route: "POST /ostrc", name: "skipped as 1", send: { json: { skipped: 1 } }, status: 400, code: "bad_request:body" },

  // POST /auth/sign-up
  { route: "POST /auth/sign-up", name: "an email with a NUL", send: () => ({ json: { email: `a\u0000${freshEmail()}`, password: "correct horse battery" } }), status: 400, code: "bad_request:body" },
  { route: "POST /auth/sign-up", name: "SQL in the email", send: { json: { email: "x@example.test'; DROP TABLE users; --", password: "correct horse battery" } }, status: 400, code: "bad_request:body" },
  { route: "POST /auth/sign-up", name: "an email of 300 characters", send: { json: { email: `${"a".repeat(288)}@example.test`, password: "correct horse battery" } }, status: 400, code: "bad_request:body" },
  { route: "POST /auth/sign-up", name: "emails as a list", send: () => ({ json: { email: [freshEmail(), freshEmail()], password: "correct horse battery" } }), status: 400, code: "bad_request:body" },
  { route: "POST /auth/sign-up", name: "a password of 100,000 characters", send: () => ({ json: { email: freshEmail(), password: "p".repeat(100_000) } }), status: 400, code: "bad_request:body" },
  { route: "POST /auth/sign-up", name: "a name with a NUL", send: () => ({ json: { email: freshEmail(), password: "correct horse battery", name: "Ada\u0000" } }), status: 400, code: "bad_request:body" },
  { route: "POST /auth/sign-up", name: "a name with a line break", send: () => ({ json: { email: freshEmail(), password: "correct horse battery", name: "Ada\r\nX-Admin: 1" } }), status: 400, code: "bad_request:body" },
  { route: "POST /auth/sign-up", name: "a name of 101 characters", send: () => ({ json: { email: freshEmail(), password: "correct horse battery", name: "n".repeat(101) } }), status: 400, code: "bad_request:body" },

  // POST /uploads: the request itself.
  { route: "POST /uploads", name: "no declared length (streamed)", send: { stream: 64 * KiB, type: "multipart/form-data; boundary=x" }, status: 411, code: "length_required" },
  { route: "POST /uploads", name: "a declared length that is not a number", send: { raw: "--x--", type: "multipart/form-data; boundary=x", length: "abc" }, status: 413, code: "payload_too_large" },
  { route: "POST /uploads", name: "a declared length of 1e999", send: { raw: "--x--", type: "multipart/form-data; boundary=x", length: "1e999" }, status: 413, code: "payload_too_large" },
  { route: "POST /uploads", name: "a declared length of 1 GB", send: { raw: "--x--", type: "multipart/form-data; boundary=x", length: String(1024 ** 3) }, status: 413, code: "payload_too_large" },
  { route: "POST /uploads", name: "a file 1 byte over the limit", send: () => ({ gpx: new Uint8Array(maxUploadBytes() + 1).fill(0x20) }), status: 413, code: "payload_too_large" },
  { route: "POST /uploads", name: "JSON", send: { raw: '{"file":"<gpx/>"}' }, status: 415, code: "unsupported_media_type" },
  { route: "POST /uploads", name: "GPX sent as the body, not a form", send: { raw: gpxPoints(Date.UTC(2026, 0, 1)), type: "application/gpx+xml" }, status: 415, code: "unsupported_media_type" },
  { route: "POST /uploads", name: "no content type", send: { raw: new TextEncoder().encode("<gpx/>"), type: null }, status: 415, code: "unsupported_media_type" },
  { route: "POST /uploads", name: "multipart without a boundary", send: { raw: "--x\r\n\r\n--x--", type: "multipart/form-data" }, status: 400, code: "bad_request:file" },
  { route: "POST /uploads", name: "multipart with another boundary", send: () => multipartOf(uploadForm("a.gpx", "<gpx/>"), { boundary: "not-the-one" }), status: 400, code: "bad_request:file" },
  { route: "POST /uploads", name: "multipart cut off in the file", send: () => multipartOf(uploadForm("a.gpx", gpxPoints(Date.UTC(2026, 0, 2))), { cutTo: 0.5 }), status: 400, code: "bad_request:file" },
  { route: "POST /uploads", name: "multipart cut off in the headers", send: () => multipartOf(uploadForm("a.gpx", "<gpx/>"), { cutTo: 60 }), status: 400, code: "bad_request:file" },
  { route: "POST /uploads", name: "the file as a text field", send: () => ({ form: formWith((f) => f.append("file", gpxPoints(Date.UTC(2026, 0, 3)))) }), status: 400, code: "bad_request:file" },
  { route: "POST /uploads", name: "an empty form", send: () => ({ form: new FormData() }), status: 400, code: "bad_request:file" },
  { route: "POST /uploads", name: "a .gpx.exe file", send: { gpx: "<gpx/>", name: "run.gpx.exe" }, status: 415, code: "unsupported_media_type" },
  { route: "POST /uploads", name: "a name with a NUL before another extension", send: { gpx: "<gpx/>", name: "run.gpx\u0000.txt" }, status: 415, code: "unsupported_media_type" },
  { route: "POST /uploads", name: "an RTL override that makes a .exe look like .gpx", send: { gpx: "<gpx/>", name: "run\u202Expg.exe" }, status: 415, code: "unsupported_media_type" },

  // POST /uploads: hostile files, refused as files (422, with their "failed" upload record).
  { route: "POST /uploads", name: "an empty file", send: { gpx: "" }, status: 422, code: "unprocessable:import", reason: "empty_file" },
  {
    route: "POST /uploads",
    name: "billion laughs",
    send: {
      gpx: `<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><gpx><trk><name>&d;</name></trk></gpx>`,
    },
    status: 422,
    code: "unprocessable:import",
    reason: "unsafe_xml",
  },
  {
    route: "POST /uploads",
    name: "billion laughs in UTF-16",
    send: { gpx: new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<!DOCTYPE gpx [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;">]><gpx>&b;</gpx>', "utf16le")])) },
    status: 422,
    code: "unprocessable:import",
    reason: "unsafe_xml",
  },
  {
    route: "POST /uploads",
    name: "billion laughs behind a UTF-8 byte-order mark",
    send: { gpx: `\uFEFF<!DOCTYPE gpx [<!ENTITY a "ha">]><gpx>&a;</gpx>` },
    status: 422,
    code: "unprocessable:import",
    reason: "unsafe_xml",
  },
  { route: "POST /uploads", name: "an external entity (XXE)", send: { gpx: '<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><gpx><trk><name>&xxe;</name></trk></gpx>' }, status: 422, code: "unprocessable:import", reason: "unsafe_xml" },
  { route: "POST /uploads", name: "an external DTD", send: { gpx: '<!DOCTYPE gpx SYSTEM "http://127.0.0.1:9/evil.dtd"><gpx/>' }, status: 422, code: "unprocessable:import", reason: "unsafe_xml" },
  { route: "POST /uploads", name: "a parameter entity", send: { gpx: '<!DOCTYPE gpx [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]><gpx/>' }, status: 422, code: "unprocessable:import", reason: "unsafe_xml" },
  { route: "POST /uploads", name: "a DOCTYPE inside the root element", send: { gpx: '<gpx><!DOCTYPE x [<!ENTITY a "b">]></gpx>' }, status: 422, code: "unprocessable:import", reason: "unsafe_xml" },
  { route: "POST /uploads", name: "an undeclared entity", send: { gpx: "<gpx><trk><name>&xxe;</name></trk></gpx>" }, status: 422, code: "unprocessable:import", reason: "malformed" },
  { route: "POST /uploads", name: "a character reference to NUL", send: { gpx: "<gpx><trk><name>&#0;</name></trk></gpx>" }, status: 422, code: "unprocessable:import", reason: "malformed" },
  { route: "POST /uploads", name: "a NUL in a tag name (quoted in the error)", send: { gpx: "<gpx><a\u0000b></gpx>" }, status: 422, code: "unprocessable:import", reason: "malformed" },
  { route: "POST /uploads", name: "control characters in an unclosed tag name", send: { gpx: "<gpx><trk\u0000\u0007\u001b[31m>" }, status: 422, code: "unprocessable:import", reason: "malformed" },
  { route: "POST /uploads", name: "an undeclared prefix with a NUL", send: { gpx: "<gpx><p\u0000:x/></gpx>" }, status: 422, code: "unprocessable:import", reason: "malformed" },
  { route: "POST /uploads", name: "100,000 nested elements", send: { gpx: `<gpx>${"<a>".repeat(100_000)}` }, status: 422, code: "unprocessable:import", reason: "malformed" },
  { route: "POST /uploads", name: "a 60 KiB prefixed attribute (regex backtracking)", send: { gpx: `<gpx a:${"b".repeat(60_000)}></gpx>` }, status: 422, code: "unprocessable:import", reason: "no_track" },
  {
    route: "POST /uploads",
    name: "a time padded with 60 KiB of spaces (regex backtracking)",
    send: { gpx: `<gpx><trk><trkseg><trkpt lat="1" lon="1"><time>2026-01-01T00:00:00${" ".repeat(60_000)}x</time></trkpt></trkseg></trk></gpx>` },
    status: 422,
    code: "unprocessable:import",
    reason: "bad_time",
  },
  { route: "POST /uploads", name: "an overlong UTF-8 '<'", send: { gpx: new Uint8Array([...Buffer.from("<gpx>"), 0xc0, 0xbc, ...Buffer.from("trk></gpx>")]) }, status: 422, code: "unprocessable:import", reason: "no_track" },
  { route: "POST /uploads", name: "CDATA holding a DOCTYPE (text, never markup)", send: { gpx: '<gpx><![CDATA[<!DOCTYPE x [<!ENTITY a SYSTEM "file:///etc/passwd">]>&a;]]></gpx>' }, status: 422, code: "unprocessable:import", reason: "no_track" },
  { route: "POST /uploads", name: "an XInclude of a local file (never fetched)", send: { gpx: '<gpx xmlns:xi="http://www.w3.org/2001/XInclude"><trk><xi:include href="file:///etc/passwd" parse="text"/></trk></gpx>' }, status: 422, code: "unprocessable:import", reason: "no_track" },
  { route: "POST /uploads", name: "an HTML page", send: { gpx: "<html><body><script>alert(1)</script></body></html>" }, status: 422, code: "unprocessable:import", reason: "not_gpx" },
  { route: "POST /uploads", name: "gzip bytes", send: { gpx: new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00]) }, status: 422, code: "unprocessable:import", reason: "malformed" },
  { route: "POST /uploads", name: "a time in the year 275760", send: { gpx: gpxPoints(Date.UTC(2026, 0, 4)).replace("<time>2026-01-04T00:00:05Z</time>", "<time>+275760-09-13T00:00:00Z</time>") }, status: 422, code: "unprocessable:import", reason: "bad_time" },
  { route: "POST /uploads", name: "a latitude of 1e309", send: { gpx: gpxPoints(Date.UTC(2026, 0, 5)).replace(/lat="[^"]*"/, 'lat="1e309"') }, status: 422, code: "unprocessable:import", reason: "bad_coordinates" },
  { route: "POST /uploads", name: "a latitude of NaN", send: { gpx: gpxPoints(Date.UTC(2026, 0, 6)).replace(/lat="[^"]*"/, 'lat="NaN"') }, status: 422, code: "unprocessable:import", reason: "bad_coordinates" },

  // POST /uploads: the other formats, and gzip.
  { route: "POST /uploads", name: "a .zip (archives have their own route)", send: async () => ({ gpx: await goodZip(), name: "export.zip" }), status: 415, code: "unsupported_media_type" },
  { route: "POST /uploads", name: "a .fit of random bytes", send: { gpx: noise(4 * KiB), name: "run.fit" }, status: 422, code: "unprocessable:import", reason: "not_fit" },
  // A GPX named .fit, or a plain GPX named .gpx.gz, is read by its content (lib/import/sniff.ts); content of no known format is refused by its name's parser.
  { route: "POST /uploads", name: "a .fit that is a KML", send: { gpx: '<?xml version="1.0"?><kml><Document/></kml>', name: "run.fit" }, status: 422, code: "unprocessable:import", reason: "not_fit" },
  { route: "POST /uploads", name: "a .fit with a FIT header and random bytes after it", send: { gpx: new Uint8Array([14, 0x20, 0x08, 0x08, 0x00, 0x10, 0x00, 0x00, 0x2e, 0x46, 0x49, 0x54, 0x00, 0x00, ...noise(4 * KiB)]), name: "run.fit" }, status: 422, code: "unprocessable:import", reason: "corrupt_fit" },
  { route: "POST /uploads", name: "a .fit with one byte changed", send: () => ({ gpx: flippedFit(), name: "run.fit" }), status: 422, code: "unprocessable:import", reason: "corrupt_fit" },
  { route: "POST /uploads", name: "a .fit whose header declares 4 GiB of data", send: () => ({ gpx: hugeFit(), name: "run.fit" }), status: 422, code: "unprocessable:import", reason: "corrupt_fit" },
  { route: "POST /uploads", name: "a .gpx.gz that is neither gzip nor an activity file", send: { gpx: "just some text, not gzip", name: "run.gpx.gz" }, status: 422, code: "unprocessable:import", reason: "malformed" },
  { route: "POST /uploads", name: "a .gpx.gz cut short", send: () => ({ gpx: gzipSync(gpxPoints(Date.UTC(2026, 0, 9))).subarray(0, 400), name: "run.gpx.gz" }), status: 422, code: "unprocessable:import", reason: "malformed" },
  { route: "POST /uploads", name: "a .gpx.gz of nothing", send: () => ({ gpx: gzipSync(""), name: "run.gpx.gz" }), status: 422, code: "unprocessable:import", reason: "empty_file" },
  // Inflated up to the 128 MiB cap of a single upload and no further (half a second on an idle machine; more on a busy one).
  { route: "POST /uploads", name: "a gzip bomb .gpx.gz (320 MiB of zeros)", send: async () => ({ gpx: await gzipBomb(), name: "bomb.gpx.gz" }), status: 422, code: "unprocessable:import", reason: "too_large", withinMs: 15_000 },
  { route: "POST /uploads", name: "a .tcx with a DOCTYPE", send: { gpx: '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "ha">]><TrainingCenterDatabase><Activities>&a;</Activities></TrainingCenterDatabase>', name: "run.tcx" }, status: 422, code: "unprocessable:import", reason: "unsafe_xml" },
  { route: "POST /uploads", name: "a .tcx.gz with an external entity", send: () => ({ gpx: gzipSync('<!DOCTYPE t [<!ENTITY x SYSTEM "file:///etc/passwd">]><TrainingCenterDatabase>&x;</TrainingCenterDatabase>'), name: "run.tcx.gz" }), status: 422, code: "unprocessable:import", reason: "unsafe_xml" },

  // POST /archives: the request itself (the archive is deleted, nothing is recorded).
  { route: "POST /archives", name: "no declared length (streamed)", send: { stream: 64 * KiB, type: "application/zip" }, status: 411, code: "length_required" },
  { route: "POST /archives", name: "a declared length of 1 GB", send: () => ({ zip: noise(KiB), length: String(1024 ** 3) }), status: 413, code: "payload_too_large" },
  { route: "POST /archives", name: "a declared length that is not a number", send: () => ({ zip: noise(KiB), length: "abc" }), status: 413, code: "payload_too_large" },
  { route: "POST /archives", name: "a 3 MiB body declared as 1 KiB (counted while streaming)", send: { stream: 3 * MiB, type: "application/zip", length: String(KiB) }, status: 413, code: "payload_too_large" },
  { route: "POST /archives", name: "a body 1 byte over the limit, declared at the limit", send: () => ({ zip: new Uint8Array(maxArchiveBytes() + 1), length: String(maxArchiveBytes()) }), status: 413, code: "payload_too_large" },
  { route: "POST /archives", name: "a ZIP sent as text/plain", send: async () => ({ zip: await goodZip(), type: "text/plain" }), status: 415, code: "unsupported_media_type" },
  { route: "POST /archives", name: "a ZIP sent as a form", send: () => ({ form: formWith((f) => f.append("file", new File([new Uint8Array(0)], "export.zip"))) }), status: 415, code: "unsupported_media_type" },
  { route: "POST /archives", name: "a ZIP with no content type", send: async () => ({ zip: await goodZip(), type: null }), status: 415, code: "unsupported_media_type" },
  { route: "POST /archives", name: "a .tar name", send: async () => ({ zip: await goodZip(), fileName: "runs.tar" }), status: 415, code: "unsupported_media_type" },
  { route: "POST /archives", name: "a .zip.exe name", send: async () => ({ zip: await goodZip(), fileName: "runs.zip.exe" }), status: 415, code: "unsupported_media_type" },
  { route: "POST /archives", name: "a name with an encoded NUL before another extension", send: async () => ({ zip: await goodZip(), fileName: "runs.zip%00.exe" }), status: 415, code: "unsupported_media_type" },
  { route: "POST /archives", name: "an encoded RTL override that makes a .exe look like .zip", send: async () => ({ zip: await goodZip(), fileName: encodeURIComponent("runs\u202Epiz.exe") }), status: 415, code: "unsupported_media_type" },
  { route: "POST /archives", name: "bad percent-encoding in the name (read as archive.zip), and random bytes", send: () => ({ zip: noise(4 * KiB), fileName: "%E0%A4%A.zip" }), status: 422, code: "unprocessable:import", reason: "bad_archive" },
  { route: "POST /archives", name: "an empty body", send: { zip: new Uint8Array(0) }, status: 400, code: "bad_request:file" },

  // POST /archives: hostile archives, refused before anything is queued.
  { route: "POST /archives", name: "random bytes", send: () => ({ zip: noise(64 * KiB) }), status: 422, code: "unprocessable:import", reason: "bad_archive" },
  { route: "POST /archives", name: "a ZIP cut in half", send: async () => ({ zip: (await goodZip()).subarray(0, 0.5 * (await goodZip()).length) }), status: 422, code: "unprocessable:import", reason: "bad_archive" },
  { route: "POST /archives", name: "a ZIP without its last byte", send: async () => ({ zip: (await goodZip()).subarray(0, -1) }), status: 422, code: "unprocessable:import", reason: "bad_archive" },
  { route: "POST /archives", name: "a directory record alone promising 65,534 entries past the end", send: { zip: lyingEocd }, status: 422, code: "unprocessable:import", reason: "bad_archive" },
  {
    route: "POST /archives",
    name: "a ZIP with no activity files",
    send: async () => ({ zip: await zipOf({ csvRows: null, extraEntries: [{ name: "readme.txt", bytes: "hello" }, { name: "media/photo.jpg", bytes: noise(KiB) }, { name: "routes/1.gpx", bytes: "<gpx/>" }] })() }),
    status: 422,
    code: "unprocessable:import",
    reason: "no_activities",
  },
  {
    route: "POST /archives",
    name: "a ZIP whose only activity files have unsafe names (../, /, C:\\, NUL, a symlink)",
    send: async () => ({
      zip: await zipOf({
        csvRows: null,
        extraEntries: [
          { name: "../x.gpx", bytes: gpxPoints(Date.UTC(2026, 0, 11)) },
          { name: "/etc/passwd", bytes: "root:x:0:0::/root:/bin/sh" },
          { name: "/etc/x.gpx", bytes: gpxPoints(Date.UTC(2026, 0, 12)) },
          { name: "C:\\x.gpx", bytes: gpxPoints(Date.UTC(2026, 0, 13)) },
          { name: "runs/a\u0000b.gpx", bytes: gpxPoints(Date.UTC(2026, 0, 14)) },
          { name: "runs/link.gpx", bytes: "/etc/passwd", mode: 0o120777 },
        ],
      })(),
    }),
    status: 422,
    code: "unprocessable:import",
    reason: "no_activities",
  },
  {
    route: "POST /archives",
    name: "a ZIP holding only a ZIP of activities (never opened)",
    send: async () => ({ zip: await zipOf({ csvRows: null, extraEntries: [{ name: "inner.zip", bytes: await goodZip() }] })() }),
    status: 422,
    code: "unprocessable:import",
    reason: "no_activities",
  },
  {
    route: "POST /archives",
    name: "an activities.csv without an Activity ID column",
    send: async () => ({ zip: await zipOf({ csvBytes: "Name,Surprise\nx,y\n", activities: [{ ...run(201, "gpx", "activities/1.gpx"), id: 1 }] })() }),
    status: 422,
    code: "unprocessable:import",
    reason: "bad_archive",
  },
  {
    route: "POST /archives",
    name: "an activities.csv that is not CSV (an unclosed quote)",
    send: async () => ({ zip: await zipOf({ csvBytes: 'Activity ID,Filename\n"1,activities/1.gpx\n', activities: [{ ...run(202, "gpx", "activities/1.gpx"), id: 1 }] })() }),
    status: 422,
    code: "unprocessable:import",
    reason: "bad_archive",
  },
  {
    route: "POST /archives",
    name: "an activities.csv bomb (51 MiB of spaces)",
    send: async () => ({ zip: await zipOf({ csvRows: null, extraEntries: [{ name: "activities/1.gpx", bytes: gpxPoints(Date.UTC(2026, 0, 15)) }, { name: "activities.csv", bytes: repeated(51 * MiB, 0x20) }] })() }),
    status: 422,
    code: "unprocessable:import",
    reason: "too_large",
  },
  {
    route: "POST /archives",
    name: "an activities.csv that unpacks to more than its header declares",
    send: async () => ({
      zip: await zipOf({ activities: [run(203, "gpx", "activities/1.gpx")] }, (buf) => patchCentralEntry(buf, "activities.csv", { uncompressedSize: 10 }))(),
    }),
    status: 422,
    code: "unprocessable:import",
    reason: "unsafe_archive",
  },
  {
    route: "POST /archives",
    name: "an encrypted activities.csv",
    send: async () => ({ zip: await zipOf({ activities: [run(204, "gpx", "activities/1.gpx")] }, (buf) => patchCentralEntry(buf, "activities.csv", { flags: 1 }))() }),
    status: 422,
    code: "unprocessable:import",
    reason: "unsupported_format",
  },

  // POST /strava/webhook: Strava's events (public; validated, then queued for the worker).
  { route: "POST /strava/webhook", name: "an object id as a string", send: () => ({ json: stravaEvent({ object_id: "123" }) }), status: 400, code: "bad_request:body" },
  { route: "POST /strava/webhook", name: "an unknown object type", send: () => ({ json: stravaEvent({ object_type: "gear" }) }), status: 400, code: "bad_request:body" },
  { route: "POST /strava/webhook", name: "an aspect type as a number", send: () => ({ json: stravaEvent({ aspect_type: 1 }) }), status: 400, code: "bad_request:body" },
  { route: "POST /strava/webhook", name: "no owner", send: () => ({ json: stravaEvent({ owner_id: undefined }) }), status: 400, code: "bad_request:body" },
  { route: "POST /strava/webhook", name: "an owner id of 2^53", send: () => ({ raw: JSON.stringify(stravaEvent({ owner_id: 0 })).replace('"owner_id":0', '"owner_id":9007199254740992') }), status: 400, code: "bad_request:body" },
  { route: "POST /strava/webhook", name: "an owner id of 1e300", send: () => ({ raw: JSON.stringify(stravaEvent({ owner_id: 0 })).replace('"owner_id":0', '"owner_id":1e300') }), status: 400, code: "bad_request:body" },
  { route: "POST /strava/webhook", name: "an object id of 2^64", send: () => ({ raw: JSON.stringify(stravaEvent({ object_id: 0 })).replace('"object_id":0', '"object_id":18446744073709551616') }), status: 400, code: "bad_request:body" },
  { route: "POST /strava/webhook", name: "a negative owner id", send: () => ({ json: stravaEvent({ owner_id: -ATHLETE }) }), status: 400, code: "bad_request:body" },
  { route: "POST /strava/webhook", name: "an object id of 0", send: () => ({ json: stravaEvent({ object_id: 0 }) }), status: 400, code: "bad_request:body" },
  { route: "POST /strava/webhook", name: "a fractional object id", send: () => ({ json: stravaEvent({ object_id: 1.5 }) }), status: 400, code: "bad_request:body" },
  { route: "POST /strava/webhook", name: "a negative event time", send: () => ({ json: stravaEvent({ event_time: -1 }) }), status: 400, code: "bad_request:body" },
  { route: "POST /strava/webhook", name: "updates as a list", send: () => ({ json: stravaEvent({ updates: ["title"] }) }), status: 400, code: "bad_request:body" },
  { route: "POST /strava/webhook", name: "an update that is an object", send: () => ({ json: stravaEvent({ updates: { title: { $ne: null } } }) }), status: 400, code: "bad_request:body" },
  { route: "POST /strava/webhook", name: "a constructor.prototype update", send: () => ({ raw: JSON.stringify(stravaEvent({ updates: {} })).replace('"updates":{}', '"updates":{"constructor":{"prototype":{"polluted":true}}}') }), status: 400, code: "bad_request:body" },
  { route: "POST /strava/webhook", name: "21 update keys", send: () => ({ json: stravaEvent({ updates: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, i])) }) }), status: 400, code: "bad_request:body" },
  { route: "POST /strava/webhook", name: "10,000 update keys", send: () => ({ json: stravaEvent({ updates: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, "x"])) }) }), status: 400, code: "bad_request:body" },
  { route: "POST /strava/webhook", name: "an update key of 101 characters", send: () => ({ json: stravaEvent({ updates: { ["k".repeat(101)]: "x" } }) }), status: 400, code: "bad_request:body" },
  { route: "POST /strava/webhook", name: "a title of 1001 characters", send: () => ({ json: stravaEvent({ updates: { title: "t".repeat(1001) } }) }), status: 400, code: "bad_request:body" },
  { route: "POST /strava/webhook", name: "a 300 KB title", send: () => ({ json: stravaEvent({ updates: { title: "t".repeat(300_000) } }) }), status: 413, code: "payload_too_large" },

  // GET /strava/webhook: the subscription handshake.
  { route: "GET /strava/webhook", name: "no hub.challenge", send: { query: { "hub.mode": "subscribe", "hub.verify_token": "patella-test-verify-token" } }, status: 400, code: "bad_request:query" },
  { route: "GET /strava/webhook", name: "an empty hub.challenge", send: { query: { "hub.mode": "subscribe", "hub.challenge": "", "hub.verify_token": "patella-test-verify-token" } }, status: 400, code: "bad_request:query" },
  { route: "GET /strava/webhook", name: "a hub.challenge of 201 characters", send: { query: { "hub.mode": "subscribe", "hub.challenge": "c".repeat(201), "hub.verify_token": "patella-test-verify-token" } }, status: 400, code: "bad_request:query" },
  { route: "GET /strava/webhook", name: "a hub.challenge of 100,000 characters", send: { query: { "hub.mode": "subscribe", "hub.challenge": "c".repeat(100_000), "hub.verify_token": "patella-test-verify-token" } }, status: 400, code: "bad_request:query" },
  { route: "GET /strava/webhook", name: "a wrong verify token", send: { query: { "hub.mode": "subscribe", "hub.challenge": "abc", "hub.verify_token": "patella-test-verify-tokem" } }, status: 403, code: "forbidden:verify_token" },
  { route: "GET /strava/webhook", name: "a verify token as long in characters but not in bytes", send: { query: { "hub.mode": "subscribe", "hub.challenge": "abc", "hub.verify_token": "patella-test-verify-toké" } }, status: 403, code: "forbidden:verify_token" },
  { route: "GET /strava/webhook", name: "an empty verify token", send: { query: { "hub.mode": "subscribe", "hub.challenge": "abc", "hub.verify_token": "" } }, status: 403, code: "forbidden:verify_token" },
  { route: "GET /strava/webhook", name: "no verify token", send: { query: { "hub.mode": "subscribe", "hub.challenge": "abc" } }, status: 400, code: "bad_request:query" },
  { route: "GET /strava/webhook", name: "a verify token of 501 characters", send: { query: { "hub.mode": "subscribe", "hub.challenge": "abc", "hub.verify_token": "t".repeat(501) } }, status: 400, code: "bad_request:query" },
  { route: "GET /strava/webhook", name: "hub.mode unsubscribe", send: { query: { "hub.mode": "unsubscribe", "hub.challenge": "abc", "hub.verify_token": "patella-test-verify-token" } }, status: 400, code: "bad_request:query" },
  { route: "GET /strava/webhook", name: "no hub.mode", send: { query: { "hub.challenge": "abc", "hub.verify_token": "patella-test-verify-token" } }, status: 400, code: "bad_request:query" },

  // POST /strava/import and DELETE /strava, for a runner with no Strava connection, whatever the body.
  ...(["POST /strava/import", "DELETE /strava"] as const).flatMap((route): Refused[] => [
    { route, name: "no body, no connection", send: { raw: new Uint8Array(0), type: null }, status: 404, code: "not_found:strava" },
    { route, name: "a JSON body it does not expect", send: { json: { force: true, athleteId: ATHLETE, userId: OTHER_UUID } }, status: 404, code: "not_found:strava" },
    { route, name: "a __proto__ body", send: { raw: '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}' }, status: 404, code: "not_found:strava" },
    { route, name: "truncated JSON", send: { raw: '{"force":' }, status: 404, code: "not_found:strava" },
    { route, name: "a text/plain body", send: { raw: "DROP TABLE strava_connections;", type: "text/plain" }, status: 404, code: "not_found:strava" },
    { route, name: "a 2 MiB chunked body", send: { stream: 2 * MiB, type: "application/json" }, status: 404, code: "not_found:strava" },
  ]),
];

/**
 * Known bugs: hostile input the app answers with a 500 today. Each row states the answer it should
 * give and runs with it.fails, so the suite stays green while the bug is there and turns red once it
 * is fixed: then move the row into REFUSED. (Checked by hand: today's 500 writes nothing and the
 * server keeps answering.)
 */

interface Accepted {
  route: RouteKey;
  name: string;
  send: Sendable;
  status: number;
  /** Checks the answer and what was written (rows added or changed since before the request). */
  check: (res: Answer, written: Written) => void | Promise<void>;
}

interface Written {
  checkin: () => Promise<typeof checkins.$inferSelect>;
  ostrc: () => Promise<typeof ostrcResponses.$inferSelect>;
  user: (id: string) => Promise<typeof users.$inferSelect>;
  activity: (id: string) => Promise<typeof activities.$inferSelect>;
  upload: (id: string) => Promise<typeof uploads.$inferSelect>;
  db: Db;
  /** Everything as it was before the request. */
  before: Snapshot;
  /** What was added since (new rows, new files), and everything else as it is now. */
  changes: () => Promise<Changes>;
}

// ---------------------------------------------------------------------------------------------
// What can be written.
// ---------------------------------------------------------------------------------------------

/** An object's promises, awaited together. */
async function all<T extends Record<string, PromiseLike<unknown>>>(promises: T): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
  const entries = await Promise.all(Object.entries(promises).map(async ([key, value]) => [key, await value] as const));
  return Object.fromEntries(entries) as { [K in keyof T]: Awaited<T[K]> };
}

/** Every file under `root`, by relative path, with its size. */
function filesUnder(root: string): { id: string; bytes: number }[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true })
    .map(String)
    .sort()
    .map((f) => ({ f, stat: fs.statSync(path.join(root, f)) }))
    .filter(({ stat }) => stat.isFile())
    .map(({ f, stat }) => ({ id: f, bytes: stat.size }));
}

/** Everything of the runner's in every table they own, the number of accounts, everyone's jobs and Strava connections, and every file under DATA_DIR. */
async function snapshot(d: Db) {
  const mine = runner.id;
  return all({
    user: d.select().from(users).where(eq(users.id, mine)),
    accounts: d.select({ n: count() }).from(users).then((r) => r[0]!.n),
    activities: d.select().from(activities).where(eq(activities.userId, mine)).orderBy(asc(activities.id)),
    streams: d.select({ id: activityStreams.activityId, points: activityStreams.pointCount }).from(activityStreams).where(eq(activityStreams.userId, mine)).orderBy(asc(activityStreams.activityId)),
    uploads: d.select().from(uploads).where(eq(uploads.userId, mine)).orderBy(asc(uploads.id)),
    uploadFiles: d.select({ id: uploadFiles.sha256, fileName: uploadFiles.fileName, bytes: uploadFiles.sizeBytes }).from(uploadFiles).where(eq(uploadFiles.userId, mine)).orderBy(asc(uploadFiles.sha256)),
    checkins: d.select().from(checkins).where(eq(checkins.userId, mine)).orderBy(asc(checkins.id)),
    ostrc: d.select().from(ostrcResponses).where(eq(ostrcResponses.userId, mine)).orderBy(asc(ostrcResponses.id)),
    archiveImports: d.select().from(archiveImports).where(eq(archiveImports.userId, mine)).orderBy(asc(archiveImports.id)),
    gear: d.select({ n: count() }).from(gear).where(eq(gear.userId, mine)).then((r) => r[0]!.n),
    // Everyone's: a webhook event queues work for whichever runner Strava's athlete belongs to.
    jobs: d.select().from(jobs).orderBy(asc(jobs.id)),
    stravaConnections: d.select().from(stravaConnections).orderBy(asc(stravaConnections.userId)),
    dataFiles: Promise.resolve(filesUnder(env().DATA_DIR)),
  });
}
type Snapshot = Awaited<ReturnType<typeof snapshot>>;

/** The parts of a snapshot that are lists of rows (or files) with an id: what a request may add to. */
const LISTS = ["activities", "streams", "uploads", "uploadFiles", "checkins", "ostrc", "archiveImports", "jobs", "dataFiles"] as const;
type Added = { [K in (typeof LISTS)[number]]: Snapshot[K] };
interface Changes {
  added: Added;
  /** `after` without the added rows: equal to `before` when nothing else changed. */
  kept: Snapshot;
}
const NOTHING_ADDED = Object.fromEntries(LISTS.map((k) => [k, []])) as unknown as Added;

function changes(before: Snapshot, after: Snapshot): Changes {
  const added: Record<string, unknown[]> = {};
  const kept: Record<string, unknown> = { ...after };
  for (const key of LISTS) {
    const known = new Set((before[key] as { id: unknown }[]).map((r) => r.id));
    added[key] = (after[key] as { id: unknown }[]).filter((r) => !known.has(r.id));
    kept[key] = (after[key] as { id: unknown }[]).filter((r) => known.has(r.id));
  }
  return { added: added as Added, kept: kept as Snapshot };
}

/**
 * An accepted archive (202): exactly its archive_imports row (queued), its job and its file under
 * DATA_DIR/archives, holding the bytes sent; nothing else. Answers the import's id.
 */
async function expectQueuedArchive(res: Answer, w: Written, fileName: string, sent: Uint8Array): Promise<string> {
  const id = res.json.archive.id as string;
  expect(res.json.archive).toMatchObject({ fileName, status: "queued", sizeBytes: sent.length });
  expect(res.json.archive.path, "the server's path is never shown").toBeUndefined();
  const { added, kept } = await w.changes();
  expect(added.archiveImports).toEqual([expect.objectContaining({ id, userId: runner.id, fileName, status: "queued", sizeBytes: sent.length, total: null, done: 0 })]);
  const file = added.archiveImports[0]!.path!;
  expect(path.dirname(file)).toBe(archivesDir(env().DATA_DIR));
  expect(added.dataFiles).toEqual([{ id: path.relative(env().DATA_DIR, file), bytes: sent.length }]);
  expect(Buffer.compare(fs.readFileSync(file), Buffer.from(sent))).toBe(0);
  expect(added.jobs).toEqual([expect.objectContaining({ kind: ARCHIVE_JOB, userId: runner.id, payload: { archiveImportId: id }, status: "queued" })]);
  expect({ ...added, archiveImports: [], dataFiles: [], jobs: [] }).toEqual(NOTHING_ADDED);
  expect(kept).toEqual(w.before);
  return id;
}

/**
 * Runs an accepted archive's import to the end, then checks it imported `imported` files
 * completely (each activity with its stream, its upload record and its original) and refused
 * `failed` ones (a "failed" upload record each, and nothing else), skipped `skipped` entries, and
 * deleted the archive. Answers the upload records added.
 */
async function expectImported(w: Written, id: string, counts: { total: number; imported: number; failed: number; skipped: number }) {
  expect(await runArchiveImport(w.db, id)).toBe("done");
  const { added, kept } = await w.changes();
  expect(added.archiveImports).toEqual([expect.objectContaining({ id, status: "done", path: null, done: counts.total, duplicates: 0, ...counts })]);
  expect(added.dataFiles, "the archive is deleted once imported").toEqual([]);
  expect(added.activities).toHaveLength(counts.imported);
  const activityIds = added.activities.map((a) => a.id).sort();
  expect(added.streams.map((s) => s.id).sort()).toEqual(activityIds);
  expect(added.uploadFiles).toHaveLength(counts.imported);
  const imported = added.uploads.filter((u) => u.status === "imported");
  const failed = added.uploads.filter((u) => u.status === "failed");
  expect(imported.map((u) => u.activityId).sort()).toEqual(activityIds);
  expect(failed).toHaveLength(counts.failed);
  for (const f of failed) expect(f).toMatchObject({ activityId: null, userId: runner.id });
  expect(added.uploads).toHaveLength(counts.imported + counts.failed);
  expect(added.jobs).toHaveLength(1); // the import's own (run here, not by a worker)
  expect(kept).toEqual({ ...w.before, user: kept.user });
  return { imported, failed };
}

/** An accepted event for the connected athlete: exactly one job queued, whose payload is `payload` and holds no NUL. */
async function expectQueuedEvent(res: Answer, w: Written, payload: Record<string, unknown>) {
  expect(res.json).toEqual({ received: true });
  const { added, kept } = await w.changes();
  expect(added.jobs).toEqual([expect.objectContaining({ kind: EVENT_JOB, userId: athlete.id, status: "queued" })]);
  const queued = added.jobs[0]!.payload as Record<string, unknown>;
  expect(queued).toEqual(payload);
  expect(Object.getPrototypeOf(queued)).toBe(Object.prototype);
  expect(JSON.stringify(queued)).not.toMatch(/\\u0000|[\u0000-\u0008]/);
  expect({ ...added, jobs: [] }).toEqual(NOTHING_ADDED);
  expect(kept).toEqual(w.before);
}

async function expectNothingWritten(w: Written) {
  const { added, kept } = await w.changes();
  expect(added).toEqual(NOTHING_ADDED);
  expect(kept).toEqual(w.before);
}

/** Hostile-looking text that is fine to store: it must come back exactly, as text. */
const VERBATIM = [
  ["an SQL injection", injection],
  ["a quote-escape injection", "\\'; SELECT pg_sleep(10); --"],
  ["an RTL override and zero-width characters", "\u202Egnp.exe\u200B\u200D ok"],
  ["an operator-looking string", '{"$gt": ""}'],
  ["an HTML script tag", "<script>alert(1)</script>"],
  ["a backslash-zero sequence (not a NUL)", "\\x00 \\0 %00"],
  ["emoji and combining marks", "🏃‍♀️ Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇"],
] as const;

const ACCEPTED: Accepted[] = [
  ...VERBATIM.map(
    ([label, text]): Accepted => ({
      route: "POST /checkins",
      name: `notes with ${label}`,
      send: { json: { pain: 2, timing: "after", notes: text } },
      status: 201,
      check: async (res, w) => {
        expect(res.json.checkin.notes).toBe(text);
        expect((await w.checkin()).notes).toBe(text);
      },
    }),
  ),
  {
    route: "POST /checkins",
    name: "notes of 1000 emoji (the limit counts characters, not UTF-16 units)",
    send: { json: { pain: 2, timing: "after", notes: "🏃".repeat(1000) } },
    status: 201,
    check: async (_res, w) => expect((await w.checkin()).notes).toBe("🏃".repeat(1000)),
  },
  {
    route: "POST /checkins",
    name: "notes with NUL and other control characters (removed: PostgreSQL refuses NUL)",
    send: { json: { pain: 2, timing: "after", notes: "a\u0000b\u0007c\u001b[31md\u007f" } },
    status: 201,
    check: async (res, w) => {
      expect(res.json.checkin.notes).toBe("abc[31md");
      expect((await w.checkin()).notes).toBe("abc[31md");
    },
  },
  {
    route: "POST /checkins",
    name: "notes with a lone surrogate (stored as U+FFFD)",
    send: { json: { pain: 2, timing: "after", notes: "a\uD800b" } },
    status: 201,
    check: async (_res, w) => {
      expect((await w.checkin()).notes).toBe("a\uFFFDb");
    },
  },
  {
    route: "POST /checkins",
    name: "notes with invalid UTF-8 bytes (read as U+FFFD)",
    send: { raw: new Uint8Array([...Buffer.from('{"pain":2,"timing":"after","notes":"a'), 0xc0, 0xaf, 0xff, ...Buffer.from('b"}')]) },
    status: 201,
    check: async (_res, w) => {
      expect((await w.checkin()).notes).toBe("a\uFFFD\uFFFD\uFFFDb");
    },
  },
  {
    route: "POST /checkins",
    name: "pain -0 (read as 0)",
    send: { raw: '{"pain":-0,"timing":"after"}' },
    status: 201,
    check: async (res, w) => {
      expect(res.json.checkin.pain).toBe(0);
      expect(Object.is((await w.checkin()).pain, 0)).toBe(true);
    },
  },
  {
    route: "PATCH /checkins/:id",
    name: "notes with an SQL injection",
    send: { json: { notes: injection } },
    status: 200,
    check: async (res, w) => {
      expect(res.json.checkin.notes).toBe(injection);
      expect((await w.checkin()).notes).toBe(injection);
    },
  },
  {
    route: "POST /ostrc",
    name: "answers with -0 (read as 0)",
    send: { raw: '{"answers":[-0,0,0,0]}' },
    status: 200,
    check: async (res, w) => {
      expect(res.json).toMatchObject({ skipped: false, severity: 0 });
      expect((await w.ostrc()).answers).toEqual([0, 0, 0, 0]);
    },
  },
  ...VERBATIM.filter(([label]) => !label.startsWith("an HTML")).map(
    ([label, text]): Accepted => ({
      route: "POST /auth/sign-up",
      name: `a name with ${label}`,
      send: () => ({ json: { email: freshEmail(), password: "correct horse battery", name: text } }),
      status: 202,
      check: async (_res, w) => expect((await signedUp(w)).name).toBe(text),
    }),
  ),
  {
    route: "POST /auth/sign-up",
    name: "__proto__ and constructor keys (ignored: nothing polluted)",
    send: () => ({ raw: `{"__proto__":{"polluted":true,"isAdmin":true},"constructor":{"prototype":{"polluted":true}},"email":"${freshEmail()}","password":"correct horse battery"}` }),
    status: 202,
    check: async (res, w) => {
      const user = await signedUp(w);
      expect(user).toMatchObject({ name: null, timeZone: "UTC" });
      expect(Object.keys(res.json).sort()).toEqual(["accepted", "message"]);
    },
  },
  {
    route: "POST /auth/sign-up",
    name: "an SQL injection as the time zone (falls back to UTC)",
    send: () => ({ json: { email: freshEmail(), password: "correct horse battery", timeZone: "UTC'; DROP TABLE users; --" } }),
    status: 202,
    check: async (_res, w) => expect((await signedUp(w)).timeZone).toBe("UTC"),
  },
  {
    route: "POST /auth/sign-up",
    name: "a password with a NUL and an injection (hashed, never stored)",
    send: () => ({ json: { email: freshEmail(), password: "p\u0000ss'; DROP TABLE users; --" } }),
    status: 202,
    check: async (_res, w) => expect((await signedUp(w)).passwordHash).toMatch(/^scrypt\$/),
  },
  {
    route: "POST /uploads",
    name: "a track named with an injection, an RTL override and a NUL",
    send: { gpx: gpxPoints(Date.UTC(2026, 1, 1, 7), "Run'); DROP TABLE activities; --\u202E\u0000x") },
    status: 201,
    check: async (res, w) => {
      // Control characters in a name become spaces; the rest is kept as written.
      const name = "Run'); DROP TABLE activities; --\u202E x";
      expect(res.json.name).toBe(name);
      expect((await w.activity(res.json.activityId)).name).toBe(name);
    },
  },
  {
    route: "POST /uploads",
    name: "a file name with folders and a NUL",
    send: { gpx: gpxPoints(Date.UTC(2026, 1, 2, 7)), name: "../../etc/pass\u0000wd.gpx" },
    status: 201,
    check: async (res, w) => expect((await w.upload(res.json.uploadId)).fileName).toBe("passwd.gpx"),
  },

  // POST /archives: accepted (202) with exactly its row, job and file; the import refuses the bombs.
  ...(
    [
      {
        name: "a ZIP bomb entry (100 MiB of zeros) among good files",
        zip: zipOf({ csvRows: null, activities: [run(210, "gpx", "runs/a.gpx"), run(211, "fit", "runs/b.fit")], extraEntries: [{ name: "runs/bomb.gpx", bytes: repeated(100 * MiB) }] }),
        bomb: "bomb.gpx",
      },
      {
        name: "a ZIP bomb entry whose header declares 1 KiB, among good files",
        zip: zipOf(
          { csvRows: null, activities: [run(212, "tcx", "runs/a.tcx"), run(213, "gpx", "runs/b.gpx")], extraEntries: [{ name: "runs/bomb.gpx", bytes: repeated(100 * MiB) }] },
          (buf) => patchCentralEntry(buf, "runs/bomb.gpx", { uncompressedSize: KiB }),
        ),
        bomb: "bomb.gpx",
      },
      {
        name: "a gzip bomb .gpx.gz (320 MiB of zeros) among good files",
        zip: once(async () => zipOf({ csvRows: null, activities: [run(214, "gpx", "runs/a.gpx"), run(215, "tcx", "runs/b.tcx")], extraEntries: [{ name: "runs/bomb.gpx.gz", bytes: await gzipBomb(), compress: false }] })()),
        bomb: "bomb.gpx.gz",
      },
    ] as const
  ).map(
    ({ name, zip, bomb }): Accepted => ({
      route: "POST /archives",
      name: `${name}: the bomb fails in the import, the others are imported, nothing half-written`,
      send: async () => ({ zip: await zip() }),
      status: 202,
      check: async (res, w) => {
        const id = await expectQueuedArchive(res, w, "hostile.zip", await zip());
        const started = performance.now();
        const { failed } = await expectImported(w, id, { total: 3, imported: 2, failed: 1, skipped: 0 });
        expect(performance.now() - started, "the bomb is refused without being inflated whole").toBeLessThan(stretch(10_000));
        expect(failed).toEqual([expect.objectContaining({ fileName: bomb, errorCode: "unsafe_archive" })]);
      },
    }),
  ),
  {
    route: "POST /archives",
    name: "unicode, an RTL override and a NUL in names inside the ZIP (the NUL one is skipped)",
    send: async () => ({ zip: await unicodeZip() }),
    status: 202,
    check: async (res, w) => {
      const id = await expectQueuedArchive(res, w, "hostile.zip", await unicodeZip());
      const { imported } = await expectImported(w, id, { total: 2, imported: 2, failed: 0, skipped: 1 });
      expect(imported.map((u) => u.fileName).sort()).toEqual(["Läufe 🏃 2026.gpx", "\u202Eevil.fit"].sort());
    },
  },
  ...(
    [
      ["a unicode name", encodeURIComponent("Läufe 🏃 — 2026.zip"), "Läufe 🏃 — 2026.zip"],
      ["encoded NUL and control characters in the name (removed)", "run%00%07%1B.zip", "run.zip"],
      ["an encoded RTL override in the name (kept, as text)", encodeURIComponent("\u202Egnp.zip"), "\u202Egnp.zip"],
      ["an encoded line break in the name (kept, as text: never a header)", "run%0D%0ASet-Cookie%3A%20x%3D1.zip", "run\r\nSet-Cookie: x=1.zip"],
      ["bad percent-encoding in the name (read as archive.zip)", "%E0%A4%A.zip", "archive.zip"],
      ["bad percent-encoding in a name that is not .zip (read as archive.zip)", "runs%ZZ.exe", "archive.zip"],
      ["no name (read as archive.zip)", null, "archive.zip"],
      ["an empty name (read as archive.zip)", "", "archive.zip"],
    ] as const
  ).map(
    ([name, header, stored]): Accepted => ({
      route: "POST /archives",
      name: `${name}: queued as “${stored}”`,
      send: async () => ({ zip: await goodZip(), fileName: header }),
      status: 202,
      check: async (res, w) => {
        await expectQueuedArchive(res, w, stored, await goodZip());
      },
    }),
  ),
  {
    route: "POST /archives",
    name: "a name of 8,000 characters (cut to 255)",
    send: async () => ({ zip: await goodZip(), fileName: `${"n".repeat(8000)}.zip` }),
    status: 202,
    check: async (res, w) => {
      await expectQueuedArchive(res, w, "n".repeat(255), await goodZip());
    },
  },
  {
    route: "POST /archives",
    name: "a name cut to 255 characters in the middle of an emoji (still well-formed text)",
    send: async () => ({ zip: await goodZip(), fileName: encodeURIComponent(`${"n".repeat(254)}🏃.zip`) }),
    status: 202,
    check: async (res, w) => {
      const stored = (await w.changes()).added.archiveImports[0]!.fileName;
      expect(stored.startsWith("n".repeat(254))).toBe(true);
      expect(stored.length).toBeLessThanOrEqual(255);
      expect(stored, "no half of a surrogate pair").not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      expect(res.json.archive.fileName).toBe(stored);
      await expectQueuedArchive(res, w, stored, await goodZip());
    },
  },

  // POST /strava/webhook: accepted, cleaned, queued (or dropped, for an athlete nobody connected).
  {
    route: "POST /strava/webhook",
    name: "a title with NUL and control characters (queued cleaned: no NUL in the job)",
    send: () => ({ json: stravaEvent({ object_id: 6_000_001, updates: { title: "Morning\u0000 run\u0007\u001b[31m\r\nX\u007f", private: "false" } }) }),
    status: 200,
    check: (res, w) =>
      expectQueuedEvent(res, w, { ...stravaEvent({ object_id: 6_000_001 }), updates: { title: "Morning run[31m X", private: "false" } }),
  },
  {
    route: "POST /strava/webhook",
    name: "a title with an RTL override and a lone surrogate (removed; U+FFFD)",
    send: () => ({ json: stravaEvent({ object_id: 6_000_002, updates: { title: "\u202Eevil\uD800 run" } }) }),
    status: 200,
    check: (res, w) => expectQueuedEvent(res, w, { ...stravaEvent({ object_id: 6_000_002 }), updates: { title: "evil\uFFFD run" } }),
  },
  {
    route: "POST /strava/webhook",
    name: "__proto__ and constructor keys in updates (__proto__ dropped, nothing polluted)",
    send: () => ({ raw: JSON.stringify(stravaEvent({ object_id: 6_000_003, updates: {} })).replace('"updates":{}', '"updates":{"__proto__":{"polluted":true},"constructor":"c","toString":"t","title":"T"}') }),
    status: 200,
    check: (res, w) => expectQueuedEvent(res, w, { ...stravaEvent({ object_id: 6_000_003 }), updates: { constructor: "c", toString: "t", title: "T" } }),
  },
  {
    route: "POST /strava/webhook",
    name: "__proto__ and constructor keys at the top (stripped, nothing polluted)",
    send: () => ({ raw: `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},${JSON.stringify(stravaEvent({ object_id: 6_000_004 })).slice(1)}` }),
    status: 200,
    check: (res, w) => expectQueuedEvent(res, w, stravaEvent({ object_id: 6_000_004 })),
  },
  {
    route: "POST /strava/webhook",
    name: "exactly 20 update keys",
    send: () => ({ json: stravaEvent({ object_id: 6_000_005, updates: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i])) }) }),
    status: 200,
    check: (res, w) => expectQueuedEvent(res, w, stravaEvent({ object_id: 6_000_005, updates: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i])) })),
  },
  {
    route: "POST /strava/webhook",
    name: "an event for an athlete nobody connected (dropped: nothing queued)",
    send: () => ({ json: stravaEvent({ owner_id: STRANGER }) }),
    status: 200,
    check: async (res, w) => {
      expect(res.json).toEqual({ received: true });
      await expectNothingWritten(w);
    },
  },
  {
    route: "POST /strava/webhook",
    name: "a deauthorization for an athlete nobody connected (dropped: nothing queued)",
    send: () => ({ json: { object_type: "athlete", object_id: STRANGER, aspect_type: "update", owner_id: STRANGER, subscription_id: SUBSCRIPTION, updates: { authorized: "false" } } }),
    status: 200,
    check: async (res, w) => {
      expect(res.json).toEqual({ received: true });
      await expectNothingWritten(w);
    },
  },

  // GET /strava/webhook: the handshake echoes any challenge, as JSON.
  {
    route: "GET /strava/webhook",
    name: "a hostile challenge (echoed as JSON, nothing written)",
    send: { query: { "hub.mode": "subscribe", "hub.challenge": `<script>alert(1)</script>"'\u202E\u0000`, "hub.verify_token": "patella-test-verify-token" } },
    status: 200,
    check: async (res, w) => {
      expect(res.json).toEqual({ "hub.challenge": `<script>alert(1)</script>"'\u202E\u0000` });
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      await expectNothingWritten(w);
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Sending.
// ---------------------------------------------------------------------------------------------

let runner: Awaited<ReturnType<typeof createRunner>>;
/** Another runner, connected to Strava as ATHLETE (`runner` has no Strava connection). */
let athlete: Awaited<ReturnType<typeof createRunner>>;
let ids: Ids;

function uploadForm(name: string, content: string | Uint8Array): FormData {
  const form = new FormData();
  form.append("file", new File([typeof content === "string" ? content : new Uint8Array(content)], name, { type: "application/gpx+xml" }));
  return form;
}

function formWith(fill: (form: FormData) => void): FormData {
  const form = new FormData();
  fill(form);
  return form;
}

/** A form's multipart bytes, cut short (a fraction, or a byte count) or declared with another boundary. */
async function multipartOf(form: FormData, { cutTo, boundary }: { cutTo?: number; boundary?: string }): Promise<Input> {
  const encoded = new Response(form);
  const bytes = new Uint8Array(await encoded.arrayBuffer());
  const type = encoded.headers.get("content-type")!;
  const end = cutTo === undefined ? bytes.length : cutTo < 1 ? Math.floor(bytes.length * cutTo) : cutTo;
  return { raw: bytes.subarray(0, end), type: boundary ? `multipart/form-data; boundary=${boundary}` : type };
}

function streamRequest(url: string, method: string, headers: Headers, totalBytes: number): Request {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= totalBytes) return controller.close();
      const n = Math.min(64 * KiB, totalBytes - sent);
      sent += n;
      controller.enqueue(new Uint8Array(n).fill(0x20));
    },
  });
  return new Request(url, { method, headers, body, duplex: "half" } as RequestInit);
}

async function send(key: RouteKey, input: Sendable, id?: string): Promise<Answer> {
  const route = ROUTES[key];
  const given = typeof input === "function" ? await input() : input;
  const path = route.path(ids, id);
  const params = route.params?.(ids, id);
  const cookie = route.anonymous ? undefined : runner.cookie;
  const base = { method: route.method, path, params, cookie };

  if ("stream" in given) {
    const headers = new Headers({ host: "localhost:3000", origin: ORIGIN, "content-type": given.type });
    if (given.length !== undefined) headers.set("content-length", given.length);
    if (cookie) headers.set("cookie", cookie);
    const response = await route.handler(streamRequest(`${ORIGIN}${path}`, route.method, headers, given.stream), { params: Promise.resolve(params ?? {}) });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : null, headers: response.headers };
  }
  if ("json" in given) return call(route.handler, { ...base, json: given.json });
  if ("form" in given) return call(route.handler, { ...base, body: given.form });
  if ("gpx" in given) return call(route.handler, { ...base, body: uploadForm(given.name ?? "hostile.gpx", given.gpx) });
  if ("query" in given) return call(route.handler, { ...base, path: `${path}?${new URLSearchParams(given.query)}` });
  if ("zip" in given) {
    const headers: Record<string, string> = {};
    const type = given.type === undefined ? "application/zip" : given.type;
    if (type !== null) headers["content-type"] = type;
    const fileName = given.fileName === undefined ? "hostile.zip" : given.fileName;
    if (fileName !== null) headers["x-file-name"] = fileName;
    if (given.length !== undefined) headers["content-length"] = given.length;
    return call(route.handler, { ...base, body: new Uint8Array(given.zip), headers });
  }
  const headers: Record<string, string> = {};
  const type = given.type === undefined ? "application/json" : given.type;
  if (type !== null) headers["content-type"] = type;
  if (given.length !== undefined) headers["content-length"] = given.length;
  const body = typeof given.raw === "string" ? given.raw : new Uint8Array(given.raw);
  return call(route.handler, { ...base, body, headers });
}

// ---------------------------------------------------------------------------------------------
// The suite.
// ---------------------------------------------------------------------------------------------

describeEachDatabase("hostile input through the route handlers", ({ db }) => {
  // Sign-up open and unthrottled: the accepted sign-ups below must reach the handler.
  beforeAll(() => {
    process.env.SIGNUP = "open";
    process.env.SIGNUP_PER_HOUR = "0";
  });
  afterAll(() => {
    delete process.env.SIGNUP;
    delete process.env.SIGNUP_PER_HOUR;
  });
  beforeAll(async () => {
    runner = await createRunner(db(), { timeZone: "Europe/Paris" });
    athlete = await createRunner(db());
    await storeSubscriptionId(db(), SUBSCRIPTION, new Date());
    await upsertStravaConnection(db(), { userId: athlete.id, athleteId: ATHLETE, accessTokenEnc: "not-a-token", refreshTokenEnc: "not-a-token", expiresAt: new Date(Date.now() + 3_600_000), scopes: "read,activity:read_all" });
    const run = await send("POST /uploads", { gpx: gpxPoints(Date.UTC(2026, 0, 10, 7)) });
    expect(run.status).toBe(201);
    const checkin = await send("POST /checkins", { json: { pain: 2, timing: "after" } });
    expect(checkin.status).toBe(201);
    ids = { activity: run.json.activityId, checkin: checkin.json.checkin.id };
    expect(maxUploadBytes()).toBe(1024 * 1024);
    expect(maxArchiveBytes()).toBe(2 * 1024 * 1024);
  });

  async function stillAnswers() {
    const res = await call(settingsRoute.GET, { path: "/api/v1/settings", cookie: runner.cookie });
    expect(res.status).toBe(200);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTO_KEYS);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }

  async function expectRefused(c: Refused) {
    const input = typeof c.send === "function" ? await c.send() : c.send;
    const before = await snapshot(db());
    const started = performance.now();
    const res = await send(c.route, input, c.id);
    // Refusing takes milliseconds; seconds would be a parser or a regex gone quadratic (or a bomb inflated).
    const withinMs = stretch(c.withinMs ?? 2000); // "it did not hang", stretched on a busy machine
    expect(performance.now() - started, `answered in under ${withinMs} ms`).toBeLessThan(withinMs);
    expect({ status: res.status, code: res.json?.error?.code, reason: res.json?.error?.details?.reason }).toEqual({ status: c.status, code: c.code, reason: c.reason });
    expect(typeof res.json.error.message).toBe("string");
    expect(res.json.error.message.trim().length).toBeGreaterThan(0);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);

    const { added, kept } = changes(before, await snapshot(db()));
    // A refused upload leaves exactly one record: its "failed" upload, with the reason. Nothing
    // else, anywhere: no row, no job, no file (a refused archive's file is deleted).
    const failedUpload = c.route === "POST /uploads" && c.reason !== undefined;
    expect(added).toEqual({
      ...NOTHING_ADDED,
      uploads: failedUpload ? [expect.objectContaining({ status: "failed", errorCode: c.reason, activityId: null, userId: runner.id, errorMessage: res.json.error.message })] : [],
    });
    expect(kept).toEqual(before);
    await stillAnswers();
  }

  it.each(REFUSED.map((c) => [`${c.route}: ${c.name} → ${c.status} ${c.reason ?? c.code}`, c] as const))("%s", (_title, c) => expectRefused(c));


  it.each(ACCEPTED.map((c) => [`${c.route}: ${c.name} → ${c.status}`, c] as const))("%s", async (_title, c) => {
    const d = db();
    const input = typeof c.send === "function" ? await c.send() : c.send;
    const before = await snapshot(d);
    const res = await send(c.route, input);
    expect(res.status, JSON.stringify(res.json)).toBe(c.status);
    await c.check(res, {
      checkin: async () => (await d.select().from(checkins).where(eq(checkins.id, res.json.checkin?.id ?? ids.checkin)))[0]!,
      ostrc: async () => (await d.select().from(ostrcResponses).where(eq(ostrcResponses.userId, runner.id)))[0]!,
      user: async (id) => (await d.select().from(users).where(eq(users.id, id)))[0]!,
      activity: async (id) => (await d.select().from(activities).where(eq(activities.id, id)))[0]!,
      upload: async (id) => (await d.select().from(uploads).where(eq(uploads.id, id)))[0]!,
      db: d,
      before,
      changes: async () => changes(before, await snapshot(d)),
    });
    // The tables an injection would have dropped are still there.
    for (const table of [users, activities, checkins, uploads, jobs, archiveImports]) await d.select({ n: count() }).from(table);
    await stillAnswers();
  });
});
