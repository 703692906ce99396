/**
 * Registers (or shows, or deletes) Patella's Strava webhook subscription. Strava allows one per
 * application; it calls back GET {callback}?hub.challenge=… at once, so the app must be running
 * and reachable from Strava at the callback URL, with the same STRAVA_VERIFY_TOKEN and AUTH_SECRET.
 *
 *   npm run strava:subscribe -- https://patella.example.org
 *   npm run strava:subscribe -- --list
 *   npm run strava:subscribe -- --delete
 *
 * The callback is the secret path /api/strava/webhook/<secret> (lib/strava/webhook.ts): the secret
 * is derived from STRAVA_VERIFY_TOKEN and AUTH_SECRET (or the DATA_DIR/auth-secret file the app
 * generated), so run this where the app's environment is. A URL that already names a path
 * (an old …/api/strava/webhook) is replaced by the secret path on the same origin.
 *
 * Reads STRAVA_CLIENT_ID, STRAVA_CLIENT_SECRET, STRAVA_VERIFY_TOKEN, AUTH_SECRET, DATA_DIR and
 * STRAVA_BASE_URL. Patella learns the subscription's id from Strava with the first event.
 */
import { createPushSubscription, deletePushSubscription, listPushSubscriptions, StravaError, type StravaConfig } from "../lib/strava/client";
import { getAuthSecret } from "../lib/auth/secret";
import { parseEnv } from "../lib/env";
import { webhookCallbackPath, webhookPathSecret, WEBHOOK_PATH } from "../lib/strava/webhook";

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
    if (arg === undefined) console.log("\nTo subscribe: npm run strava:subscribe -- https://your-patella");
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
    const secret = webhookPathSecret(getAuthSecret(), e.STRAVA_VERIFY_TOKEN)!;
    // The secret path replaces an old …/api/strava/webhook; any path before it is kept as a prefix.
    const at = url.pathname.indexOf(WEBHOOK_PATH);
    const prefix = at >= 0 ? url.pathname.slice(0, at) : url.pathname.replace(/\/+$/, "");
    const callback = new URL(`${prefix}${webhookCallbackPath(secret)}`, url.origin);
    const id = await createPushSubscription(config, callback.toString(), e.STRAVA_VERIFY_TOKEN);
    console.log(`Subscribed: subscription ${id} sends events to ${url.origin}${prefix}${WEBHOOK_PATH}/… (a secret path; keep it private).`);
  }
} catch (err) {
  fail(err instanceof StravaError ? `Strava refused: ${err.message}` : `Failed: ${err instanceof Error ? err.message : String(err)}`);
}
