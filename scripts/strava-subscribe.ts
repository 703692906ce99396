/**
 * Registers (or shows, or deletes) Patella's Strava webhook subscription. Strava allows one per
 * application; it calls back GET {callback}?hub.challenge=… at once, so the app must be running
 * and reachable from Strava at the callback URL, with the same STRAVA_VERIFY_TOKEN.
 *
 *   npm run strava:subscribe -- https://patella.example.org/api/strava/webhook
 *   npm run strava:subscribe -- --list
 *   npm run strava:subscribe -- --delete
 *
 * Reads STRAVA_CLIENT_ID, STRAVA_CLIENT_SECRET, STRAVA_VERIFY_TOKEN and STRAVA_BASE_URL.
 */
import { createPushSubscription, deletePushSubscription, listPushSubscriptions, StravaError, type StravaConfig } from "../lib/strava/client";
import { parseEnv } from "../lib/env";

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const e = (() => {
  try {
    return parseEnv(process.env);
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
})();
if (!e.STRAVA_CLIENT_ID || !e.STRAVA_CLIENT_SECRET) fail("Set STRAVA_CLIENT_ID and STRAVA_CLIENT_SECRET (from https://www.strava.com/settings/api).");
const config: StravaConfig = { baseUrl: e.STRAVA_BASE_URL, clientId: e.STRAVA_CLIENT_ID, clientSecret: e.STRAVA_CLIENT_SECRET };
const arg = process.argv[2];

try {
  if (arg === "--list" || arg === undefined) {
    const subs = await listPushSubscriptions(config);
    console.log(subs.length ? subs.map((s) => `subscription ${s.id}: ${s.callback_url}`).join("\n") : "No webhook subscription.");
    if (arg === undefined) console.log("\nTo subscribe: npm run strava:subscribe -- https://your-patella/api/strava/webhook");
  } else if (arg === "--delete") {
    const subs = await listPushSubscriptions(config);
    for (const s of subs) {
      await deletePushSubscription(config, s.id);
      console.log(`Deleted subscription ${s.id} (${s.callback_url}).`);
    }
    if (subs.length === 0) console.log("No webhook subscription to delete.");
  } else {
    let url: URL;
    try {
      url = new URL(arg);
    } catch {
      fail(`Not a URL: ${arg}`);
    }
    if (!/^https?:$/.test(url.protocol)) fail("The callback URL must be http(s).");
    if (!e.STRAVA_VERIFY_TOKEN) fail("Set STRAVA_VERIFY_TOKEN (any secret string of 8+ characters) here and in the running app.");
    const id = await createPushSubscription(config, url.toString(), e.STRAVA_VERIFY_TOKEN);
    console.log(`Subscribed: subscription ${id} sends events to ${url}.`);
  }
} catch (err) {
  fail(err instanceof StravaError ? `Strava refused: ${err.message}` : `Failed: ${err instanceof Error ? err.message : String(err)}`);
}
