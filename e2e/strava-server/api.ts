import type { IncomingMessage, ServerResponse } from "node:http";
import type { ActivityRecord } from "./activities";
import { homeOf } from "./athletes";
import type { ServerContext } from "./context";
import { param, readForm, sendFault, sendJson, type FaultError } from "./http";
import { bearerToken, hasScope, summaryAthlete, type AccessRecord } from "./oauth";
import { hashSeed } from "./prng";
import { RouteWalker } from "./routes";
import { generateStreams, lapsJson, selectStreams, splitsJson, type Resolution } from "./streams";
import { summaryJson } from "./summary";
import { localToEpoch, parseWallClock } from "./time";
import type { DetailedActivityJson, DetailedAthleteJson, SportType } from "./types";
import { notifyActivityChange } from "./webhooks";

/**
 * The /api/v3 endpoints (§2 of the reference). Rate limiting and fault injection happen before
 * these handlers (server.ts); here are authentication, scopes and the resources themselves.
 */

const INVALID_TOKEN: FaultError = { resource: "Athlete", field: "access_token", code: "invalid" };
const ACTIVITY_READ_MISSING: FaultError = { resource: "AccessToken", field: "activity:read_permission", code: "missing" };
const ACTIVITY_WRITE_MISSING: FaultError = { resource: "AccessToken", field: "activity:write_permission", code: "missing" };

/** GET /athlete/activities: per_page defaults to 30; integrators use 200 as the cap (§2). */
export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 200;

function notFound(res: ServerResponse, resource: string) {
  sendFault(res, 404, "Record Not Found", [{ resource, field: "id", code: "invalid" }]);
}

/** An unknown path: Strava's 404, before any authentication. */
function unknownPath(res: ServerResponse) {
  sendFault(res, 404, "Record Not Found", [{ resource: "Resource", field: "path", code: "invalid" }]);
}

const ROUTES: readonly [string, RegExp][] = [
  ["GET", /^\/api\/v3\/athlete$/],
  ["GET", /^\/api\/v3\/athlete\/activities$/],
  ["POST", /^\/api\/v3\/activities$/],
  ["GET", /^\/api\/v3\/activities\/\d+(?:\/(?:streams|laps))?$/],
  ["GET", /^\/api\/v3\/gear\/[A-Za-z0-9]+$/],
];

function badRequest(res: ServerResponse, resource: string, field: string, code = "invalid") {
  sendFault(res, 400, "Bad Request", [{ resource, field, code }]);
}

/** The token's record, or answers 401 (unknown, revoked or expired token: Strava's one body). */
function authenticate(ctx: ServerContext, req: IncomingMessage, res: ServerResponse, url: URL): AccessRecord | null {
  const token = bearerToken(req, url);
  const record = token ? ctx.tokens.authenticate(token) : undefined;
  if (!record || !ctx.store.athlete(record.athleteId)) {
    sendFault(res, 401, "Authorization Error", [INVALID_TOKEN]);
    return null;
  }
  return record;
}

/** A missing scope is a 401 too, naming the permission (§6). */
function requireActivityRead(token: AccessRecord, res: ServerResponse): boolean {
  if (hasScope(token.scope, "activity:read") || hasScope(token.scope, "activity:read_all")) return true;
  sendFault(res, 401, "Authorization Error", [ACTIVITY_READ_MISSING]);
  return false;
}

/** The activity if this token may see it: the athlete's own, and "Only You" only with activity:read_all. */
function visibleActivity(ctx: ServerContext, token: AccessRecord, id: string): ActivityRecord | undefined {
  const rec = ctx.store.get(Number(id));
  if (!rec || rec.athleteId !== token.athleteId) return undefined;
  if (rec.visibility === "only_me" && !hasScope(token.scope, "activity:read_all")) return undefined;
  return rec;
}

/** Parses an optional non-negative number parameter; NaN when present but not a number. */
function numberParam(url: URL, name: string, integer: boolean): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === "") return undefined;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 && (!integer || Number.isInteger(n)) ? n : NaN;
}

function embedToken(rec: ActivityRecord): string {
  return [1, 2, 3, 4, 5].map((k) => hashSeed(rec.seed, 0xe3b, k).toString(16).padStart(8, "0")).join("");
}

export function detailedActivityJson(ctx: ServerContext, rec: ActivityRecord): DetailedActivityJson {
  const summary = summaryJson(rec);
  const gear = rec.gearId ? ctx.store.gearOf(rec.athleteId).find((g) => g.id === rec.gearId) : undefined;
  const streams = generateStreams(rec);
  const json: DetailedActivityJson = {
    ...summary,
    resource_state: 3,
    map: {
      ...summary.map,
      resource_state: 3,
      polyline: rec.route ? new RouteWalker(rec.route).polyline(Math.min(1000, Math.max(50, Math.round(rec.distance / 20)))) : "",
    },
    description: rec.description,
    calories: rec.calories,
    gear: gear ? ctx.store.summaryGear(rec.athleteId, gear) : null,
    segment_efforts: [],
    photos: { primary: null, count: 0 },
    embed_token: embedToken(rec),
    perceived_exertion: null,
    prefer_perceived_exertion: false,
    private_note: null,
    hide_from_home: false,
  };
  if (streams) {
    json.laps = lapsJson(rec, streams);
    const metric = splitsJson(rec, streams, 1000);
    const standard = splitsJson(rec, streams, 1609.344);
    if (metric) json.splits_metric = metric;
    if (standard) json.splits_standard = standard;
  }
  return json;
}

function athleteJson(ctx: ServerContext, token: AccessRecord) {
  const athlete = ctx.store.athlete(token.athleteId)!;
  const summary = summaryAthlete(athlete, ctx.store.joinedAt(athlete.id, ctx.now()));
  if (!hasScope(token.scope, "profile:read_all")) return summary;
  // Retired gear is left out of the athlete's lists (as on Strava); /gear/{id} still serves it.
  const gear = ctx.store.gearOf(athlete.id).filter((g) => !g.retired);
  const detailed: DetailedAthleteJson = {
    ...summary,
    resource_state: 3,
    measurement_preference: athlete.measurementPreference ?? "meters",
    weight: athlete.weight ?? null,
    ftp: null,
    shoes: gear.filter((g) => g.kind === "shoe").map((g) => ctx.store.summaryGear(athlete.id, g)),
    bikes: gear.filter((g) => g.kind === "bike").map((g) => ctx.store.summaryGear(athlete.id, g)),
  };
  return detailed;
}

const SPORT_TYPE_RE = /^[A-Z][A-Za-z]+$/;

async function createActivity(ctx: ServerContext, req: IncomingMessage, res: ServerResponse, url: URL, token: AccessRecord) {
  if (!hasScope(token.scope, "activity:write")) return sendFault(res, 401, "Authorization Error", [ACTIVITY_WRITE_MISSING]);
  const form = await readForm(req);
  const name = param(form, url, "name");
  const sport = param(form, url, "sport_type") ?? param(form, url, "type");
  const startLocal = param(form, url, "start_date_local");
  const elapsed = Number(param(form, url, "elapsed_time"));
  if (!name) return badRequest(res, "Activity", "name", "missing");
  if (!sport || !SPORT_TYPE_RE.test(sport)) return badRequest(res, "Activity", "sport_type", sport ? "invalid" : "missing");
  const wall = startLocal ? parseWallClock(startLocal) : null;
  if (wall === null) return badRequest(res, "Activity", "start_date_local", startLocal ? "invalid" : "missing");
  if (!Number.isInteger(elapsed) || elapsed <= 0) return badRequest(res, "Activity", "elapsed_time", "invalid");
  const distance = Number(param(form, url, "distance") ?? 0);
  const athlete = ctx.store.athlete(token.athleteId)!;
  const rec = ctx.store.create(
    token.athleteId,
    {
      sportType: sport as SportType,
      manual: true,
      startEpoch: localToEpoch(homeOf(athlete).zone, wall),
      name,
      description: param(form, url, "description"),
      distance: Number.isFinite(distance) ? distance : 0,
      elapsedTime: elapsed,
      movingTime: elapsed,
      trainer: param(form, url, "trainer") === "1",
      commute: param(form, url, "commute") === "1",
      visibility: "everyone",
    },
    ctx.now(),
  );
  sendJson(res, detailedActivityJson(ctx, rec), 201);
  // The create event follows in the background, as it would from Strava.
  void notifyActivityChange(ctx.webhooks, ctx.tokens.scopeOf(token.athleteId), { kind: "create", after: rec });
}

function clientOk(ctx: ServerContext, form: URLSearchParams, url: URL): boolean {
  return param(form, url, "client_id") === ctx.options.clientId && param(form, url, "client_secret") === ctx.options.clientSecret;
}

async function pushSubscriptions(ctx: ServerContext, req: IncomingMessage, res: ServerResponse, url: URL, id: string | undefined) {
  const form = req.method === "POST" || req.method === "DELETE" ? await readForm(req) : new URLSearchParams();
  if (!clientOk(ctx, form, url)) return badRequest(res, "Application", "client_id");
  if (req.method === "GET" && id === undefined) {
    const sub = ctx.webhooks.current();
    return sendJson(res, sub ? [ctx.webhooks.toJson(sub)] : []);
  }
  if (req.method === "POST" && id === undefined) {
    const callbackUrl = param(form, url, "callback_url");
    const verifyToken = param(form, url, "verify_token");
    if (!callbackUrl) return badRequest(res, "PushSubscription", "callback_url", "missing");
    if (!verifyToken) return badRequest(res, "PushSubscription", "verify_token", "missing");
    const result = await ctx.webhooks.create(callbackUrl, verifyToken);
    if ("errors" in result) return sendFault(res, 400, "Bad Request", result.errors);
    return sendJson(res, result, 201);
  }
  if (req.method === "DELETE" && id !== undefined) {
    if (!ctx.webhooks.delete(Number(id))) return notFound(res, "PushSubscription");
    res.writeHead(204);
    res.end();
    return;
  }
  unknownPath(res);
}

export async function handleApi(ctx: ServerContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const path = url.pathname.replace(/\/+$/, "");
  const method = req.method ?? "GET";

  const subscription = /^\/api\/v3\/push_subscriptions(?:\/(\d+))?$/.exec(path);
  if (subscription) return pushSubscriptions(ctx, req, res, url, subscription[1]);

  if (!ROUTES.some(([m, re]) => m === method && re.test(path))) return unknownPath(res);
  const token = authenticate(ctx, req, res, url);
  if (!token) return;

  if (method === "GET" && path === "/api/v3/athlete") return sendJson(res, athleteJson(ctx, token));

  if (method === "GET" && path === "/api/v3/athlete/activities") {
    if (!requireActivityRead(token, res)) return;
    const before = numberParam(url, "before", false);
    const after = numberParam(url, "after", false);
    const page = numberParam(url, "page", true) ?? 1;
    const perPage = numberParam(url, "per_page", true) ?? DEFAULT_PER_PAGE;
    for (const [field, v] of [["before", before], ["after", after], ["page", page], ["per_page", perPage]] as const) {
      if (v !== undefined && (Number.isNaN(v) || ((field === "page" || field === "per_page") && v < 1))) return badRequest(res, "Activity", field);
    }
    const list = ctx.store.list(token.athleteId, {
      before,
      after,
      page,
      // Over the cap Strava still answers, with at most 200: clamp rather than refuse.
      perPage: Math.min(perPage, MAX_PER_PAGE),
      includePrivate: hasScope(token.scope, "activity:read_all"),
    });
    return sendJson(res, list.map(summaryJson));
  }

  if (method === "POST" && path === "/api/v3/activities") return createActivity(ctx, req, res, url, token);

  const activity = /^\/api\/v3\/activities\/(\d+)(?:\/(streams|laps))?$/.exec(path);
  if (method === "GET" && activity) {
    if (!requireActivityRead(token, res)) return;
    const rec = visibleActivity(ctx, token, activity[1]!);
    if (!rec) return notFound(res, "Activity");
    if (activity[2] === undefined) return sendJson(res, detailedActivityJson(ctx, rec));
    const streams = generateStreams(rec);
    if (activity[2] === "laps") return sendJson(res, streams ? lapsJson(rec, streams) : []);
    // Manual activities have no streams: 404, as Strava answers (§6).
    if (!streams) return notFound(res, "Activity");
    const keys = url.searchParams.get("keys");
    if (!keys) return badRequest(res, "Stream", "keys", "missing");
    const resolution = url.searchParams.get("resolution");
    if (resolution !== null && !["low", "medium", "high"].includes(resolution)) return badRequest(res, "Stream", "resolution");
    const selected = selectStreams(streams, rec, keys.split(","), (resolution as Resolution | null) ?? undefined);
    if (url.searchParams.get("key_by_type") === "true") return sendJson(res, Object.fromEntries(selected));
    // Without key_by_type Strava answers the older form: a list with each stream's type.
    return sendJson(
      res,
      selected.map(([type, s]) => ({ type, ...s })),
    );
  }

  const gear = /^\/api\/v3\/gear\/([A-Za-z0-9]+)$/.exec(path);
  if (method === "GET" && gear) {
    const found = ctx.store.findGear(gear[1]!);
    if (!found || found.owner !== token.athleteId) return notFound(res, "Gear");
    return sendJson(res, ctx.store.detailedGear(found.owner, found.gear));
  }

  unknownPath(res);
}
