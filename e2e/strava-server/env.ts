import { DEFAULT_ATHLETES } from "./athletes";
import type { RateLimitsInput, WindowLimits } from "./rate-limit";
import type { StravaServerOptions } from "./server";

/**
 * The stand-in's settings from environment variables, for scripts/strava-server.ts (dev server and
 * Playwright's webServer). Kept here, apart from the script, so it can be tested.
 *
 *   STRAVA_FAKE_PORT=4010  STRAVA_FAKE_HOST=127.0.0.1
 *   STRAVA_CLIENT_ID=patella-dev  STRAVA_CLIENT_SECRET=patella-dev-secret
 *   STRAVA_FAKE_READ_LIMIT=100,1000      read limit, "15-min,daily" as in Strava's headers
 *   STRAVA_FAKE_OVERALL_LIMIT=200,2000   overall limit
 *   STRAVA_FAKE_ACTIVITIES=3000          activities per athlete (default: Ada 3,000, Bo 600)
 *   STRAVA_FAKE_HISTORY_END=2026-07-01T00:00:00Z   histories end here (ISO or epoch s; default now)
 *   STRAVA_FAKE_TOKEN_TTL=21600          access-token lifetime, seconds
 *   STRAVA_FAKE_WEBHOOK_RETRY_MS=120000  delay before a failed webhook event is sent again
 *   STRAVA_FAKE_MAX_ATHLETES=10          connected-athlete cap
 *   STRAVA_FAKE_CALLBACK_DOMAIN=         Authorization Callback Domain (unset: any host)
 */

type Env = Record<string, string | undefined>;

function intVar(env: Env, name: string): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, not "${raw}"`);
  return n;
}

function limitVar(env: Env, name: string): WindowLimits | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const m = /^(\d+),(\d+)$/.exec(raw);
  if (!m) throw new Error(`${name} must look like "100,1000" (15-minute,daily), not "${raw}"`);
  return { fifteenMinute: Number(m[1]), daily: Number(m[2]) };
}

function timeVar(env: Env, name: string): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  if (/^\d+$/.test(raw)) return Number(raw);
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) throw new Error(`${name} must be an ISO date or epoch seconds, not "${raw}"`);
  return Math.floor(ms / 1000);
}

export function optionsFromEnv(env: Env): StravaServerOptions {
  const rateLimits: RateLimitsInput = {};
  const read = limitVar(env, "STRAVA_FAKE_READ_LIMIT");
  const overall = limitVar(env, "STRAVA_FAKE_OVERALL_LIMIT");
  if (read) rateLimits.read = read;
  if (overall) rateLimits.overall = overall;
  return {
    port: intVar(env, "STRAVA_FAKE_PORT") ?? 4010,
    host: env.STRAVA_FAKE_HOST?.trim() || "127.0.0.1",
    clientId: env.STRAVA_CLIENT_ID ?? "patella-dev",
    clientSecret: env.STRAVA_CLIENT_SECRET ?? "patella-dev-secret",
    athletes: DEFAULT_ATHLETES,
    rateLimits,
    activitiesPerAthlete: intVar(env, "STRAVA_FAKE_ACTIVITIES"),
    historyEnd: timeVar(env, "STRAVA_FAKE_HISTORY_END"),
    tokenTtlS: intVar(env, "STRAVA_FAKE_TOKEN_TTL"),
    webhookRetryDelayMs: intVar(env, "STRAVA_FAKE_WEBHOOK_RETRY_MS"),
    maxConnectedAthletes: intVar(env, "STRAVA_FAKE_MAX_ATHLETES"),
    callbackDomain: env.STRAVA_FAKE_CALLBACK_DOMAIN?.trim() || undefined,
  };
}
