import type { IncomingMessage, ServerResponse } from "node:http";
import type { ActivityRecord } from "./activities";
import { homeOf } from "./athletes";
import type { ServerContext } from "./context";
import { parseFault, type ActiveFault, type FaultSpec } from "./faults";
import { readJson, sendJson } from "./http";
import type { RateLimits, RateLimitsInput, RateLimitUsage } from "./rate-limit";
import type { ActivityChanges, NewActivity } from "./store";
import { summaryJson } from "./summary";
import { localToEpoch, parseWallClock } from "./time";
import type { PushSubscriptionJson, SportType, SummaryActivityJson, Visibility, WebhookEventJson } from "./types";
import { notifyActivityChange, type ActivityChange, type Delivery, type EventInput } from "./webhooks";

/**
 * The stand-in's control surface, which real Strava does not have: a programmatic API
 * (StravaServer.control) for tests in the same process, and the same operations over HTTP under
 * /__control/ for Playwright and other processes. See the header of server.ts for the routes.
 */

export interface ActivityMutation {
  activity: SummaryActivityJson | null;
  /** The webhook deliveries this change caused (first attempt done), in order. */
  events: Delivery[];
}

export interface StravaControl {
  /** The server's clock, epoch seconds. */
  now(): number;
  /** Moves the server's clock forward (tokens expire, rate-limit windows roll); returns the new time. */
  advanceClock(seconds: number): number;
  injectFault(spec: FaultSpec): void;
  clearFaults(): void;
  pendingFaults(): ActiveFault[];
  setRateLimits(limits: RateLimitsInput): void;
  resetRateLimitUsage(): void;
  rateLimits(): { limits: RateLimits; usage: RateLimitUsage };
  /** Adds an activity as if the athlete had just uploaded it, and sends the webhook events. */
  createActivity(athleteId: number, input?: NewActivity, options?: { webhook?: boolean }): Promise<ActivityMutation>;
  /** Edits an activity; title, type and privacy changes send update events (§5). */
  updateActivity(id: number, changes: ActivityChanges): Promise<ActivityMutation | null>;
  deleteActivity(id: number): Promise<ActivityMutation | null>;
  /** The athlete revokes access in Strava's settings: tokens die, an {"authorized":"false"} event goes out. */
  deauthorizeAthlete(athleteId: number): Promise<Delivery | null>;
  /** Strava's API refuses the athlete's tokens while refreshes still succeed, and no event goes out. */
  revokeSilently(athleteId: number): void;
  /** Sends any event to the subscription (subscription_id and event_time filled in). */
  pushEvent(event: EventInput): Promise<Delivery | null>;
  subscription(): PushSubscriptionJson | null;
  readonly deliveries: readonly Delivery[];
  /** An athlete's stored activities, oldest first. */
  activities(athleteId: number): readonly ActivityRecord[];
}

export function createControl(ctx: ServerContext, advance: (seconds: number) => void): StravaControl {
  const notify = (athleteId: number, change: ActivityChange) => notifyActivityChange(ctx.webhooks, ctx.tokens.scopeOf(athleteId), change);
  return {
    now: () => ctx.now(),
    advanceClock(seconds) {
      advance(seconds);
      return ctx.now();
    },
    injectFault: (spec) => ctx.faults.add(spec),
    clearFaults: () => ctx.faults.clear(),
    pendingFaults: () => ctx.faults.pending(),
    setRateLimits: (limits) => ctx.limiter.setLimits(limits),
    resetRateLimitUsage: () => ctx.limiter.resetUsage(),
    rateLimits: () => ({ limits: ctx.limiter.limits, usage: ctx.limiter.usage(ctx.now()) }),
    async createActivity(athleteId, input = {}, options = {}) {
      const rec = ctx.store.create(athleteId, input, ctx.now());
      // webhook: false — the upload happens but its event never reaches the app (it was down).
      const events = options.webhook === false ? [] : await notify(athleteId, { kind: "create", after: rec });
      return { activity: summaryJson(rec), events };
    },
    async updateActivity(id, changes) {
      const change = ctx.store.update(id, changes);
      if (!change) return null;
      const events = await notify(change.after.athleteId, { kind: "update", ...change });
      return { activity: summaryJson(change.after), events };
    },
    async deleteActivity(id) {
      const rec = ctx.store.delete(id);
      if (!rec) return null;
      const events = await notify(rec.athleteId, { kind: "delete", before: rec });
      return { activity: null, events };
    },
    deauthorizeAthlete: (athleteId) => ctx.deauthorize(athleteId),
    revokeSilently: (athleteId) => ctx.tokens.revokeSilently(athleteId),
    pushEvent: (event) => ctx.webhooks.send(event),
    subscription() {
      const s = ctx.webhooks.current();
      return s ? ctx.webhooks.toJson(s) : null;
    },
    get deliveries() {
      return ctx.webhooks.deliveries;
    },
    activities: (athleteId) => ctx.store.activitiesOf(athleteId),
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP: JSON in Strava's snake_case, validated, since other processes send it.

class BadInput extends Error {}

type Json = Record<string, unknown>;

function asObject(v: unknown): Json {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new BadInput("expected a JSON object");
  return v as Json;
}

function opt<T>(o: Json, key: string, check: (v: unknown) => v is T, what: string): T | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (!check(v)) throw new BadInput(`${key} must be ${what}`);
  return v;
}

const isString = (v: unknown): v is string => typeof v === "string";
const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isBool = (v: unknown): v is boolean => typeof v === "boolean";
const isStringOrNull = (v: unknown): v is string | null => v === null || typeof v === "string";
const isNumberOrNull = (v: unknown): v is number | null => v === null || isNumber(v);
const isVisibility = (v: unknown): v is Visibility => v === "everyone" || v === "followers_only" || v === "only_me";
const isSportType = (v: unknown): v is SportType => typeof v === "string" && /^[A-Z][A-Za-z]+$/.test(v);

function visibilityOf(o: Json): Visibility | undefined {
  const visibility = opt(o, "visibility", isVisibility, "everyone, followers_only or only_me");
  const priv = opt(o, "private", isBool, "a boolean");
  return visibility ?? (priv === undefined ? undefined : priv ? "only_me" : "everyone");
}

function parseNewActivity(ctx: ServerContext, o: Json, athleteId: number): NewActivity {
  const startDate = opt(o, "start_date", isString, "an ISO-8601 UTC date");
  const startLocal = opt(o, "start_date_local", isString, "a local date-time");
  let startEpoch: number | undefined;
  if (startDate !== undefined) {
    const ms = Date.parse(startDate);
    if (Number.isNaN(ms)) throw new BadInput("start_date must be an ISO-8601 date");
    startEpoch = Math.floor(ms / 1000);
  } else if (startLocal !== undefined) {
    const wall = parseWallClock(startLocal);
    if (wall === null) throw new BadInput("start_date_local must look like 2026-03-15T08:02:11Z");
    startEpoch = localToEpoch(homeOf(ctx.store.athlete(athleteId)!).zone, wall);
  }
  const input: NewActivity = {
    sportType: opt(o, "sport_type", isSportType, "a sport type such as Run"),
    startEpoch,
    manual: opt(o, "manual", isBool, "a boolean"),
    visibility: visibilityOf(o),
    gearId: opt(o, "gear_id", isStringOrNull, "a gear id or null"),
    name: opt(o, "name", isString, "a string"),
    description: opt(o, "description", isStringOrNull, "a string or null"),
    distance: opt(o, "distance", isNumber, "a number of metres"),
    movingTime: opt(o, "moving_time", isNumber, "a number of seconds"),
    elapsedTime: opt(o, "elapsed_time", isNumber, "a number of seconds"),
    trainer: opt(o, "trainer", isBool, "a boolean"),
    commute: opt(o, "commute", isBool, "a boolean"),
    workoutType: opt(o, "workout_type", isNumberOrNull, "a number or null"),
    hasHeartrate: opt(o, "has_heartrate", isBool, "a boolean"),
  };
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as NewActivity;
}

function parseChanges(o: Json): ActivityChanges {
  const changes: ActivityChanges = {
    name: opt(o, "name", isString, "a string"),
    sportType: opt(o, "sport_type", isSportType, "a sport type such as Run"),
    visibility: visibilityOf(o),
    description: opt(o, "description", isStringOrNull, "a string or null"),
    gearId: opt(o, "gear_id", isStringOrNull, "a gear id or null"),
    commute: opt(o, "commute", isBool, "a boolean"),
    trainer: opt(o, "trainer", isBool, "a boolean"),
  };
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as ActivityChanges;
}

function parseEvent(o: Json): EventInput {
  const objectType = o.object_type;
  const aspect = o.aspect_type;
  if (objectType !== "activity" && objectType !== "athlete") throw new BadInput("object_type must be activity or athlete");
  if (aspect !== "create" && aspect !== "update" && aspect !== "delete") throw new BadInput("aspect_type must be create, update or delete");
  const objectId = opt(o, "object_id", isNumber, "a number");
  const ownerId = opt(o, "owner_id", isNumber, "a number");
  if (objectId === undefined || ownerId === undefined) throw new BadInput("object_id and owner_id are required");
  const updates = o.updates === undefined ? {} : asObject(o.updates);
  if (!Object.values(updates).every(isString)) throw new BadInput('updates values must be strings, e.g. {"private": "true"}');
  const event: EventInput = {
    object_type: objectType as WebhookEventJson["object_type"],
    aspect_type: aspect as WebhookEventJson["aspect_type"],
    object_id: objectId,
    owner_id: ownerId,
    updates: updates as Record<string, string>,
  };
  const eventTime = opt(o, "event_time", isNumber, "epoch seconds");
  if (eventTime !== undefined) event.event_time = eventTime;
  return event;
}

function deliveryJson(d: Delivery | null) {
  return d && { event: d.event, delivered: d.delivered, attempts: d.attempts };
}

function mutationJson(m: ActivityMutation) {
  return { activity: m.activity, events: m.events.map(deliveryJson) };
}

function limitsInput(o: Json): RateLimitsInput {
  const out: RateLimitsInput = {};
  for (const bucket of ["overall", "read"] as const) {
    const v = o[bucket];
    if (v === undefined) continue;
    // Accept Strava's header form "100,1000" or {"fifteen_minute": 100, "daily": 1000}.
    if (typeof v === "string") {
      const [q, d] = v.split(",").map(Number);
      if (!Number.isInteger(q) || !Number.isInteger(d)) throw new BadInput(`${bucket} must look like "100,1000"`);
      out[bucket] = { fifteenMinute: q!, daily: d! };
    } else {
      const b = asObject(v);
      const fifteenMinute = opt(b, "fifteen_minute", isNumber, "a number");
      const daily = opt(b, "daily", isNumber, "a number");
      out[bucket] = { ...(fifteenMinute !== undefined && { fifteenMinute }), ...(daily !== undefined && { daily }) };
    }
  }
  return out;
}

/** Handles /__control/…; answers JSON, 400 {error} on bad input and 404 {error} when nothing matches. */
export async function handleControl(ctx: ServerContext, control: StravaControl, requests: unknown, req: IncomingMessage, res: ServerResponse, url: URL) {
  const path = url.pathname.replace(/\/+$/, "");
  const method = req.method ?? "GET";
  try {
    if (path === "/__control/faults") {
      if (method === "POST") {
        const body = await readJson(req);
        for (const item of Array.isArray(body) ? body : [body]) {
          const spec = parseFault(item);
          if (typeof spec === "string") throw new BadInput(spec);
          control.injectFault(spec);
        }
        return sendJson(res, { faults: control.pendingFaults() });
      }
      if (method === "DELETE") {
        control.clearFaults();
        return sendJson(res, { faults: [] });
      }
      if (method === "GET") return sendJson(res, { faults: control.pendingFaults() });
    }
    if (path === "/__control/clock") {
      if (method === "POST") {
        const seconds = opt(asObject(await readJson(req)), "advance_s", isNumber, "a number of seconds");
        if (seconds === undefined || seconds < 0) throw new BadInput("advance_s (seconds, ≥ 0) is required");
        control.advanceClock(seconds);
      }
      if (method === "POST" || method === "GET") return sendJson(res, { now: control.now() });
    }
    if (path === "/__control/rate-limits") {
      if (method === "PUT") control.setRateLimits(limitsInput(asObject(await readJson(req))));
      if (method === "DELETE") control.resetRateLimitUsage();
      if (method === "PUT" || method === "DELETE" || method === "GET") return sendJson(res, control.rateLimits());
    }
    if (path === "/__control/activities" && method === "POST") {
      const o = asObject(await readJson(req));
      const athleteId = opt(o, "athlete_id", isNumber, "a number");
      if (athleteId === undefined || !ctx.store.athlete(athleteId)) throw new BadInput("athlete_id must name a known athlete");
      const webhook = opt(o, "webhook", (v): v is boolean => typeof v === "boolean", "true or false");
      const { webhook: _webhook, ...fields } = o;
      return sendJson(res, mutationJson(await control.createActivity(athleteId, parseNewActivity(ctx, fields, athleteId), { webhook })), 201);
    }
    const activity = /^\/__control\/activities\/(\d+)$/.exec(path);
    if (activity && (method === "PUT" || method === "PATCH" || method === "DELETE")) {
      const id = Number(activity[1]);
      const result = method === "DELETE" ? await control.deleteActivity(id) : await control.updateActivity(id, parseChanges(asObject(await readJson(req))));
      if (!result) return sendJson(res, { error: `no activity ${id}` }, 404);
      return sendJson(res, mutationJson(result));
    }
    const deauth = /^\/__control\/athletes\/(\d+)\/deauthorize$/.exec(path);
    if (deauth && method === "POST") {
      const athleteId = Number(deauth[1]);
      if (!ctx.store.athlete(athleteId)) return sendJson(res, { error: `no athlete ${athleteId}` }, 404);
      return sendJson(res, { event: deliveryJson(await control.deauthorizeAthlete(athleteId)) });
    }
    const silent = /^\/__control\/athletes\/(\d+)\/revoke-silently$/.exec(path);
    if (silent && method === "POST") {
      const athleteId = Number(silent[1]);
      if (!ctx.store.athlete(athleteId)) return sendJson(res, { error: `no athlete ${athleteId}` }, 404);
      control.revokeSilently(athleteId);
      return sendJson(res, { athlete_id: athleteId, revoked: "silently" });
    }
    if (path === "/__control/events" && method === "POST") {
      if (!control.subscription()) return sendJson(res, { error: "no push subscription" }, 409);
      return sendJson(res, { event: deliveryJson(await control.pushEvent(parseEvent(asObject(await readJson(req))))) });
    }
    if (path === "/__control/webhooks" && method === "GET") {
      return sendJson(res, { subscription: control.subscription(), deliveries: control.deliveries.map(deliveryJson) });
    }
    if (path === "/__control/requests" && method === "GET") return sendJson(res, { requests });
    sendJson(res, { error: `no control route ${method} ${path}` }, 404);
  } catch (e) {
    if (e instanceof BadInput || e instanceof SyntaxError) return sendJson(res, { error: e.message }, 400);
    throw e;
  }
}
