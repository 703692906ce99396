import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleApi } from "./api";
import type { FakeAthlete } from "./athletes";
import type { ServerContext } from "./context";
import { createControl, handleControl, type StravaControl } from "./control";
import { FaultQueue, type FaultSpec } from "./faults";
import { sendFault } from "./http";
import { handleAccept, handleAuthorize, handleDeauthorize, handleToken, TokenStore } from "./oauth";
import { mergeLimits, RateLimiter, STRAVA_DEFAULT_RATE_LIMITS, type RateLimitsInput } from "./rate-limit";
import { ActivityStore } from "./store";
import { Webhooks } from "./webhooks";

/**
 * A local stand-in for Strava's OAuth and API v3, faithful to Strava as described in
 * /work/shared/reference/strava-api.md, so Patella's sign-in, sync, webhook and reliability code
 * can run without Strava. Started by scripts/strava-server.ts (`npm run strava:dev`, Playwright).
 *
 * Strava's side (same paths, parameters, JSON and errors as Strava):
 *   GET  /oauth/authorize (also /oauth/mobile/authorize)  consent page: athlete picker, one
 *        checkbox per requested scope; its form posts to POST /oauth/accept_application, which
 *        redirects with ?state&code&scope (the ticked scopes) or ?error=access_denied
 *   POST /oauth/token (also /api/v3/oauth/token)  authorization_code and refresh_token grants;
 *        single-use codes, 6 h access tokens (the same token back while > 1 h is left), refresh
 *        tokens rotate and the old one dies at once; 403 past maxConnectedAthletes (default 10)
 *   POST /oauth/deauthorize  access_token (form, query or Bearer): revokes all the athlete's tokens
 *        and sends the {"authorized":"false"} webhook event
 *   GET  /api/v3/athlete  summary; detailed (shoes, bikes, weight…) with profile:read_all
 *   GET  /api/v3/athlete/activities  before, after (epoch s, exclusive), page, per_page (default
 *        30, values over 200 give 200); newest first; "Only You" only with activity:read_all;
 *        without activity:read(_all) 401 {resource:"AccessToken", field:"activity:read_permission"}
 *   POST /api/v3/activities  manual activity (activity:write); the one non-read call
 *   GET  /api/v3/activities/{id}  DetailedActivity (description, calories, gear, laps, splits)
 *   GET  /api/v3/activities/{id}/streams?keys=…&key_by_type=true  (404 for manual activities)
 *   GET  /api/v3/activities/{id}/laps,  GET /api/v3/gear/{id}
 *   POST|GET /api/v3/push_subscriptions, DELETE /api/v3/push_subscriptions/{id}  webhooks with
 *        the hub.challenge handshake (2 s); events retried up to 3 attempts
 *   Every /api/v3 response carries X-RateLimit-Limit/-Usage and X-ReadRateLimit-Limit/-Usage
 *   ("15-min,daily"); over a limit, 429. Windows reset at :00/:15/:30/:45 and 00:00 UTC.
 *   Unknown, revoked and expired tokens get 401 {resource:"Athlete", field:"access_token"}.
 *
 * The stand-in's own control API (not Strava's; JSON in and out; also `server.control` in-process):
 *   POST   /__control/faults  {"kind":"error"|"hang"|"drop", "count":N=1, "status":500,
 *          "delayMs":T (hang: then answer normally; omitted: never answer), "pathPrefix":"/api/v3/"}
 *          or a list of them: the next N matching requests fail that way, in queue order.
 *          GET lists the pending faults, DELETE clears them.
 *   POST   /__control/clock {"advance_s": S}  moves the clock forward (token expiry, rate windows);
 *          GET /__control/clock → {"now"}
 *   GET|PUT|DELETE /__control/rate-limits  read, set ({"read":"100,1000","overall":{"fifteen_minute":
 *          200,"daily":2000}}) or reset the usage
 *   POST   /__control/activities {"athlete_id", "sport_type", "name", "start_date" | "start_date_local",
 *          "distance", "moving_time", "elapsed_time", "private" | "visibility", "manual", "trainer",
 *          "gear_id", "webhook": false, …}  as if uploaded now; sends the create event (not with
 *          "webhook": false: the event is lost, as when the app was down)
 *   PUT    /__control/activities/{id} {"name", "sport_type", "private" | "visibility", "description",
 *          "gear_id", …}  sends update events for title, type and privacy (delete/create for an app
 *          without activity:read_all); DELETE /__control/activities/{id} sends the delete event
 *   POST   /__control/athletes/{id}/deauthorize  the athlete revokes access on Strava's side
 *   POST   /__control/athletes/{id}/revoke-silently  the API refuses the athlete's tokens (401)
 *          while refreshes still succeed and no event goes out; a new authorization lifts it
 *   POST   /__control/events {"object_type", "object_id", "aspect_type", "owner_id", "updates"}
 *          sends any event to the subscription's callback
 *   GET    /__control/webhooks  the subscription and every delivery with its attempts
 *   GET    /__control/requests  every request received (method and path)
 *   Activity and event routes answer {activity, events: [{event, delivered, attempts}]} once the
 *   first delivery attempt is done, so a test can assert on what its callback received.
 *
 * Seeded athletes (athletes.ts, history.ts, activities.ts): histories are generated from a seed with no
 * Math.random (same seed and historyEnd, same activities), streams are regenerated on request.
 */

export type { FakeAthlete, GearSpec, HistorySpec } from "./athletes";
export { DEFAULT_ATHLETES } from "./athletes";
export type { FaultSpec } from "./faults";
export type { RateLimits, RateLimitsInput } from "./rate-limit";
export { STRAVA_DEFAULT_RATE_LIMITS } from "./rate-limit";
export type { StravaControl } from "./control";
export type { Delivery } from "./webhooks";

export interface StravaServerOptions {
  port?: number;
  host?: string;
  clientId: string;
  clientSecret: string;
  /** Athletes who can "log in" on the consent page; the first is pre-selected. */
  athletes: FakeAthlete[];
  /** Access-token lifetime in seconds (Strava: 6 h). */
  tokenTtlS?: number;
  /** The clock, epoch seconds (tests pass their own and advance it instead of waiting). */
  now?: () => number;
  /** Activities generated per athlete, overriding each athlete's history.activities. */
  activitiesPerAthlete?: number;
  /** Generated histories end here (epoch s); default the clock at start-up. */
  historyEnd?: number;
  /** Rate limits; Strava's defaults (200/2,000 overall, 100/1,000 read) for what is left out. */
  rateLimits?: RateLimitsInput;
  /** Faults queued from the start (see the control API above). */
  faults?: FaultSpec[];
  /** How long webhook callbacks have to answer (Strava: 2,000 ms). */
  webhookTimeoutMs?: number;
  /** Delay before a failed event is retried (Strava: about 2 minutes). */
  webhookRetryDelayMs?: number;
  /** The app's Authorization Callback Domain; unset accepts any redirect_uri host. */
  callbackDomain?: string;
  /** Standard tier: 10 connected athletes (§0). */
  maxConnectedAthletes?: number;
  /** Serve /__control/ (default true). */
  controlApi?: boolean;
}

export interface StravaServer {
  url: string;
  close(): Promise<void>;
  /** For tests: every request the server received, method and path. */
  requests: { method: string; path: string }[];
  /** Clock, faults, rate limits, activity changes and webhook events (see the file header). */
  control: StravaControl;
}

function isReadRequest(method: string, path: string): boolean {
  // The read ("non-upload") bucket covers everything except POST /activities and uploads (§4).
  return !(method === "POST" && (path === "/api/v3/activities" || path.startsWith("/api/v3/uploads")));
}

export async function startStravaServer(options: StravaServerOptions): Promise<StravaServer> {
  const baseNow = options.now ?? (() => Math.floor(Date.now() / 1000));
  let clockOffset = 0;
  const now = () => baseNow() + clockOffset;
  const requests: { method: string; path: string }[] = [];
  const faults = new FaultQueue();
  for (const f of options.faults ?? []) faults.add(f);
  const webhooks = new Webhooks({
    now,
    applicationId: /^\d+$/.test(options.clientId) ? Number(options.clientId) : options.clientId,
    timeoutMs: options.webhookTimeoutMs ?? 2000,
    retryDelayMs: options.webhookRetryDelayMs ?? 120_000,
    maxAttempts: 3,
  });
  const tokens = new TokenStore(now, options.tokenTtlS ?? 6 * 3600);
  const ctx: ServerContext = {
    options: {
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      callbackDomain: options.callbackDomain,
      maxConnectedAthletes: options.maxConnectedAthletes ?? 10,
    },
    now,
    store: new ActivityStore(options.athletes, { activitiesPerAthlete: options.activitiesPerAthlete, historyEnd: options.historyEnd ?? now() }),
    tokens,
    limiter: new RateLimiter(mergeLimits(STRAVA_DEFAULT_RATE_LIMITS, options.rateLimits)),
    faults,
    webhooks,
    deauthorize(athleteId) {
      const wasConnected = tokens.revokeAthlete(athleteId);
      if (!wasConnected) return Promise.resolve(null);
      return webhooks.send({ object_type: "athlete", object_id: athleteId, aspect_type: "update", updates: { authorized: "false" }, owner_id: athleteId });
    },
  };
  const control = createControl(ctx, (seconds) => {
    clockOffset += seconds;
  });

  // Hanging requests wait on these; close() releases them so the process can exit.
  const hangs = new Set<{ timer: ReturnType<typeof setTimeout> | null; release: () => void }>();
  let closing = false;
  const hang = (delayMs: number | null) =>
    new Promise<void>((resolve) => {
      const entry = { timer: null as ReturnType<typeof setTimeout> | null, release: resolve };
      if (delayMs !== null) {
        entry.timer = setTimeout(() => {
          hangs.delete(entry);
          resolve();
        }, delayMs);
      }
      hangs.add(entry);
    });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://strava.local");
    const method = req.method ?? "GET";
    const path = url.pathname;
    requests.push({ method, path });

    if (path.startsWith("/__control/") && options.controlApi !== false) return handleControl(ctx, control, requests, req, res, url);

    const fault = faults.take(path);
    if (fault?.kind === "drop") {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === "error") return sendFault(res, fault.status, http.STATUS_CODES[fault.status] ?? "Error", []);
    if (fault?.kind === "hang") {
      await hang(fault.delayMs);
      if (closing || res.destroyed || req.socket.destroyed) return;
    }

    // The token endpoint sends no rate headers and is not counted (§4), under either path.
    if (method === "POST" && (path === "/oauth/token" || path === "/api/v3/oauth/token")) return handleToken(ctx, req, res);
    if (path === "/api/v3" || path.startsWith("/api/v3/")) {
      const { limited, headers } = ctx.limiter.record(now(), isReadRequest(method, path));
      for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
      if (limited) return sendFault(res, 429, "Rate Limit Exceeded", [{ resource: "Application", field: "rate limit", code: "exceeded" }]);
      return handleApi(ctx, req, res, url);
    }
    if (method === "GET" && (path === "/oauth/authorize" || path === "/oauth/mobile/authorize")) return handleAuthorize(ctx, res, url);
    if (method === "POST" && path === "/oauth/accept_application") return handleAccept(ctx, req, res);
    if (method === "POST" && path === "/oauth/deauthorize") return handleDeauthorize(ctx, req, res, url);
    sendFault(res, 404, "Record Not Found", [{ resource: "Resource", field: "path", code: "invalid" }]);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendFault(res, 400, "Bad Request", [{ resource: "Request", field: "body", code: "invalid" }]);
      else res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${address.port}`,
    requests,
    control,
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        webhooks.close();
        for (const h of hangs) {
          if (h.timer) clearTimeout(h.timer);
          h.release();
        }
        hangs.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
