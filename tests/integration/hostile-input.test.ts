import { asc, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import * as activityRoute from "@/app/api/v1/activities/[id]/route";
import * as signUpRoute from "@/app/api/v1/auth/sign-up/route";
import * as checkinRoute from "@/app/api/v1/checkins/[id]/route";
import * as checkinsRoute from "@/app/api/v1/checkins/route";
import * as ostrcRoute from "@/app/api/v1/ostrc/route";
import * as settingsRoute from "@/app/api/v1/settings/route";
import * as uploadsRoute from "@/app/api/v1/uploads/route";
import { activities, activityStreams, checkins, ostrcResponses, uploads, users } from "@/db/schema";
import type { ErrorCode } from "@/lib/api/errors";
import type { RouteHandler } from "@/lib/api/guard";
import { maxUploadBytes } from "@/lib/env";
import type { ImportErrorCode } from "@/lib/import/types";
import { makeGpx } from "@/scripts/bench/make-gpx";
import { describeEachDatabase } from "../support/db";
import { createRunner } from "../support/factories";
import { call, type CallResult } from "../support/http";

/**
 * Hostile input through the real route handlers, on both databases. One row per case: the route,
 * what is sent, and the answer expected. Every refused case must answer its 4xx with
 * `{ error: { code, message } }`, write nothing (the runner's rows in every table, and the number
 * of accounts, are the same before and after — but for the "failed" upload record that a refused
 * file leaves by design), pollute no prototype, and leave the server answering. Hostile strings
 * that are legitimately accepted (an injection-looking note) must come back exactly as text.
 */

// A 1 MiB upload limit, so that "larger than the limit" needs no 50 MiB body. (Read once, on the
// first request; this file's modules are its own.)
vi.stubEnv("MAX_UPLOAD_MB", "1");
afterAll(() => {
  vi.unstubAllEnvs();
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
  /** A body of this many spaces, streamed in chunks, with no declared length. */
  | { stream: number; type: string }
  /** multipart/form-data as a browser sends it. */
  | { form: FormData }
  /** A GPX file of this content uploaded as the field "file". */
  | { gpx: string | Uint8Array; name?: string };

/** What a case sends, or a function making it when the case runs (fresh emails, the runner's ids). */
type Sendable = Input | (() => Input | Promise<Input>);

type RouteKey = "POST /uploads" | "POST /checkins" | "PATCH /checkins/:id" | "PATCH /settings" | "PATCH /activities/:id" | "POST /ostrc" | "POST /auth/sign-up";

interface Ids {
  checkin: string;
  activity: string;
}

interface Route {
  handler: RouteHandler;
  method: "POST" | "PATCH";
  path: (ids: Ids, id?: string) => string;
  params?: (ids: Ids, id?: string) => Record<string, string>;
  anonymous?: boolean;
  /** For the generic rows: a valid body, and one with a raw JSON value in a number / text field. */
  valid?: () => Record<string, unknown>;
  num?: (raw: string) => string;
  text?: (raw: string) => string;
}

let signUps = 0;
const freshEmail = () => `hostile-${Date.now().toString(36)}-${signUps++}@example.test`;

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
    valid: () => ({ email: freshEmail(), password: "correct horse battery" }),
    num: (v) => `{"email":"${freshEmail()}","password":${v}}`,
    text: (v) => `{"email":"${freshEmail()}","password":"correct horse battery","name":${v}}`,
  },
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
  /** For uploads refused as files (422): the import error, recorded as a "failed" upload. */
  reason?: ImportErrorCode;
}

const KiB = 1024;
const deepArrays = (n: number) => "[".repeat(n) + "]".repeat(n);
const deepObjects = (n: number) => '{"a":'.repeat(n) + "1" + "}".repeat(n);
const gpxPoints = (start: number, name = "Evening run") =>
  makeGpx(30, start).replace("<name>Bench run</name>", `<name>${name.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</name>`);

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
  // Unknown keys are refused by the strict schemas; sign-up ignores them (see the accepted cases).
  if (route !== "POST /auth/sign-up") {
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
  { route: "POST /auth/sign-up", name: "the email of an existing account, in capitals", send: () => ({ json: { email: runner.email.toUpperCase(), password: "correct horse battery" } }), status: 409, code: "conflict:email_taken" },

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
];

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
      status: 201,
      check: async (res, w) => expect((await w.user(res.json.user.id)).name).toBe(text),
    }),
  ),
  {
    route: "POST /auth/sign-up",
    name: "__proto__ and constructor keys (ignored: nothing polluted)",
    send: () => ({ raw: `{"__proto__":{"polluted":true,"isAdmin":true},"constructor":{"prototype":{"polluted":true}},"email":"${freshEmail()}","password":"correct horse battery"}` }),
    status: 201,
    check: async (res, w) => {
      const user = await w.user(res.json.user.id);
      expect(user).toMatchObject({ name: null, timeZone: "UTC" });
      expect(Object.keys(res.json.user).sort()).toEqual(["email", "id"]);
    },
  },
  {
    route: "POST /auth/sign-up",
    name: "an SQL injection as the time zone (falls back to UTC)",
    send: () => ({ json: { email: freshEmail(), password: "correct horse battery", timeZone: "UTC'; DROP TABLE users; --" } }),
    status: 201,
    check: async (res, w) => expect((await w.user(res.json.user.id)).timeZone).toBe("UTC"),
  },
  {
    route: "POST /auth/sign-up",
    name: "a password with a NUL and an injection (hashed, never stored)",
    send: () => ({ json: { email: freshEmail(), password: "p\u0000ss'; DROP TABLE users; --" } }),
    status: 201,
    check: async (res, w) => expect((await w.user(res.json.user.id)).passwordHash).toMatch(/^scrypt\$/),
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
];

// ---------------------------------------------------------------------------------------------
// Sending.
// ---------------------------------------------------------------------------------------------

let runner: Awaited<ReturnType<typeof createRunner>>;
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
    if (cookie) headers.set("cookie", cookie);
    const response = await route.handler(streamRequest(`${ORIGIN}${path}`, route.method, headers, given.stream), { params: Promise.resolve(params ?? {}) });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : null, headers: response.headers };
  }
  if ("json" in given) return call(route.handler, { ...base, json: given.json });
  if ("form" in given) return call(route.handler, { ...base, body: given.form });
  if ("gpx" in given) return call(route.handler, { ...base, body: uploadForm(given.name ?? "hostile.gpx", given.gpx) });
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
  beforeAll(async () => {
    runner = await createRunner(db(), { timeZone: "Europe/Paris" });
    const run = await send("POST /uploads", { gpx: gpxPoints(Date.UTC(2026, 0, 10, 7)) });
    expect(run.status).toBe(201);
    const checkin = await send("POST /checkins", { json: { pain: 2, timing: "after" } });
    expect(checkin.status).toBe(201);
    ids = { activity: run.json.activityId, checkin: checkin.json.checkin.id };
    expect(maxUploadBytes()).toBe(1024 * 1024);
  });

  /** Everything of the runner's in every table they own, and the number of accounts. */
  async function snapshot() {
    const d = db();
    return {
      user: await d.select().from(users).where(eq(users.id, runner.id)),
      accounts: (await d.select({ n: count() }).from(users))[0]!.n,
      activities: await d.select().from(activities).where(eq(activities.userId, runner.id)).orderBy(asc(activities.id)),
      streams: (await d.select({ n: count() }).from(activityStreams).where(eq(activityStreams.userId, runner.id)))[0]!.n,
      uploads: await d.select().from(uploads).where(eq(uploads.userId, runner.id)).orderBy(asc(uploads.id)),
      checkins: await d.select().from(checkins).where(eq(checkins.userId, runner.id)).orderBy(asc(checkins.id)),
      ostrc: await d.select().from(ostrcResponses).where(eq(ostrcResponses.userId, runner.id)).orderBy(asc(ostrcResponses.id)),
    };
  }

  async function stillAnswers() {
    const res = await call(settingsRoute.GET, { path: "/api/v1/settings", cookie: runner.cookie });
    expect(res.status).toBe(200);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTO_KEYS);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }

  it.each(REFUSED.map((c) => [`${c.route}: ${c.name} → ${c.status} ${c.reason ?? c.code}`, c] as const))("%s", async (_title, c) => {
    const before = await snapshot();
    const started = performance.now();
    const res = await send(c.route, c.send, c.id);
    // Refusing takes milliseconds; seconds would be a parser or a regex gone quadratic.
    expect(performance.now() - started, "answered in under 2 s").toBeLessThan(2000);
    expect({ status: res.status, code: res.json?.error?.code, reason: res.json?.error?.details?.reason }).toEqual({ status: c.status, code: c.code, reason: c.reason });
    expect(typeof res.json.error.message).toBe("string");
    expect(res.json.error.message.trim().length).toBeGreaterThan(0);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);

    const after = await snapshot();
    if (c.reason) {
      // A refused file leaves exactly one record: its "failed" upload, with the reason.
      const known = new Set(before.uploads.map((u) => u.id));
      const added = after.uploads.filter((u) => !known.has(u.id));
      expect(added).toEqual([expect.objectContaining({ status: "failed", errorCode: c.reason, activityId: null, userId: runner.id })]);
      expect(added[0]!.errorMessage).toBe(res.json.error.message);
      expect({ ...after, uploads: after.uploads.filter((u) => known.has(u.id)) }).toEqual(before);
    } else {
      expect(after).toEqual(before);
    }
    await stillAnswers();
  });

  it.each(ACCEPTED.map((c) => [`${c.route}: ${c.name} → ${c.status}, stored as text`, c] as const))("%s", async (_title, c) => {
    const res = await send(c.route, c.send);
    expect(res.status, JSON.stringify(res.json)).toBe(c.status);
    const d = db();
    await c.check(res, {
      checkin: async () => (await d.select().from(checkins).where(eq(checkins.id, res.json.checkin?.id ?? ids.checkin)))[0]!,
      ostrc: async () => (await d.select().from(ostrcResponses).where(eq(ostrcResponses.userId, runner.id)))[0]!,
      user: async (id) => (await d.select().from(users).where(eq(users.id, id)))[0]!,
      activity: async (id) => (await d.select().from(activities).where(eq(activities.id, id)))[0]!,
      upload: async (id) => (await d.select().from(uploads).where(eq(uploads.id, id)))[0]!,
    });
    // The tables an injection would have dropped are still there.
    for (const table of [users, activities, checkins, uploads]) await d.select({ n: count() }).from(table);
    await stillAnswers();
  });
});
