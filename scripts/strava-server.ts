/**
 * Runs the local Strava stand-in (e2e/strava-server) for development and the e2e tests:
 *   npm run strava:dev            # http://127.0.0.1:4010, client id "patella-dev"
 * Then start Patella with STRAVA_BASE_URL=http://127.0.0.1:4010 STRAVA_CLIENT_ID=patella-dev
 * STRAVA_CLIENT_SECRET=patella-dev-secret to try "Sign in with Strava" without a Strava account.
 */
import { DEFAULT_ATHLETES, startStravaServer } from "../e2e/strava-server/server";

const port = Number(process.env.STRAVA_FAKE_PORT ?? 4010);
const clientId = process.env.STRAVA_CLIENT_ID ?? "patella-dev";
const clientSecret = process.env.STRAVA_CLIENT_SECRET ?? "patella-dev-secret";

const server = await startStravaServer({ port, clientId, clientSecret, athletes: DEFAULT_ATHLETES });
console.log(`Local Strava server on ${server.url} (client id ${clientId})`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
