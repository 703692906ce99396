/**
 * Runs the local Strava stand-in (e2e/strava-server) for development and the e2e tests:
 *   npm run strava:dev            # http://127.0.0.1:4010, client id "patella-dev"
 * Then start Patella with STRAVA_BASE_URL=http://127.0.0.1:4010 STRAVA_CLIENT_ID=patella-dev
 * STRAVA_CLIENT_SECRET=patella-dev-secret to try "Sign in with Strava" without a Strava account.
 *
 * It serves Strava's OAuth and API v3 (athlete, activities, streams, laps, gear, push
 * subscriptions) with Strava's rate limits and errors, for two seeded athletes: Ada Runner in
 * Paris (3,000 activities over six years) and Bo Trail in Boulder (600). Its control API under
 * /__control/ injects faults, moves the clock, edits activities and sends webhook events; the
 * header of e2e/strava-server/server.ts lists it.
 *
 * Settings (see e2e/strava-server/env.ts): STRAVA_FAKE_PORT, STRAVA_FAKE_HOST, STRAVA_CLIENT_ID,
 * STRAVA_CLIENT_SECRET, STRAVA_FAKE_READ_LIMIT / STRAVA_FAKE_OVERALL_LIMIT ("15-min,daily", e.g.
 * "100,1000"), STRAVA_FAKE_ACTIVITIES (per athlete), STRAVA_FAKE_HISTORY_END (ISO or epoch s, for
 * reproducible histories), STRAVA_FAKE_TOKEN_TTL, STRAVA_FAKE_WEBHOOK_RETRY_MS,
 * STRAVA_FAKE_MAX_ATHLETES, STRAVA_FAKE_CALLBACK_DOMAIN.
 */
import { optionsFromEnv } from "../e2e/strava-server/env";
import { startStravaServer } from "../e2e/strava-server/server";

const options = optionsFromEnv(process.env);
const started = performance.now();
const server = await startStravaServer(options);
const { limits } = server.control.rateLimits();
console.log(
  `Local Strava server on ${server.url} (client id ${options.clientId}); ` +
    `${options.athletes.map((a) => `${a.firstname} ${server.control.activities(a.id).length}`).join(", ")} activities, ` +
    `read limit ${limits.read.fifteenMinute},${limits.read.daily}; ready in ${Math.round(performance.now() - started)} ms`,
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
