import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { Db } from "@/db/client";
import { claimSubscriptionLookup, forgetSubscription, storedSubscriptionId, storeSubscriptionId } from "@/db/queries/strava-webhook";
import { log } from "@/lib/log";
import { listPushSubscriptions, type StravaConfig } from "./client";

/**
 * What makes a webhook event Patella's (strava-api.md §5: events carry no signature).
 *
 * - The callback path holds a secret: /api/strava/webhook/<secret>, where the secret is
 *   HMAC-SHA256(AUTH_SECRET, STRAVA_VERIFY_TOKEN) in base64url (43 characters). Only Strava (told it
 *   by `npm run strava:subscribe`) and the operator know it; changing either variable changes the
 *   path, and the subscription must be made again.
 * - Every event names its subscription_id, which must be the id of Patella's subscription. Patella
 *   learns that id from Strava itself (GET /push_subscriptions with the client secret: the one
 *   whose callback is this secret path), the first time an event needs it, and again after a new
 *   handshake; look-ups are at most one a minute however many events arrive.
 */

export const WEBHOOK_PATH = "/api/strava/webhook";
/** At most one look-up of the subscription at Strava per this interval, across instances. */
export const SUBSCRIPTION_LOOKUP_INTERVAL_MS = 60_000;
/** Strava wants the event answered within 2 s: the look-up gets less. */
const LOOKUP_TIMEOUT_MS = 1_500;

/** The callback path's secret, or null when no STRAVA_VERIFY_TOKEN is set (webhooks off). */
export function webhookPathSecret(authSecret: string, verifyToken: string | undefined): string | null {
  if (!verifyToken) return null;
  return createHmac("sha256", authSecret).update(`patella:strava-webhook-path:${verifyToken}`).digest("base64url");
}

/** The callback path Strava must be given: /api/strava/webhook/<secret>. */
export function webhookCallbackPath(secret: string): string {
  return `${WEBHOOK_PATH}/${secret}`;
}

/** Compares in constant time (both sides hashed first, so their lengths do not show either). */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/** A new subscription is being made: the id Patella knew is no longer the one. */
export async function onHandshake(db: Db, now: Date): Promise<void> {
  await forgetSubscription(db, now);
}

/** Asks Strava which subscription is Patella's (the one calling back to `callbackPath`), and stores it. */
export async function lookUpSubscription(db: Db, config: StravaConfig, callbackPath: string, now: Date): Promise<number | null> {
  const subs = await listPushSubscriptions({ ...config, timeoutMs: Math.min(config.timeoutMs ?? LOOKUP_TIMEOUT_MS, LOOKUP_TIMEOUT_MS) });
  const ours = subs.find((s) => {
    try {
      return typeof s.id === "number" && new URL(s.callback_url).pathname.endsWith(callbackPath);
    } catch {
      return false;
    }
  });
  const id = ours?.id ?? null;
  await storeSubscriptionId(db, id, now);
  if (id === null) log.warn("Strava lists no webhook subscription calling this server's secret path: run npm run strava:subscribe", { subscriptions: subs.length });
  return id;
}

/**
 * Whether an event naming `subscriptionId` comes from Patella's subscription. The stored id
 * answers at once; an unknown or different id may trigger one look-up at Strava (at most one a
 * minute), after which the answer is the stored id again.
 */
export async function isOurSubscription(
  db: Db,
  subscriptionId: number | undefined,
  opts: { config: StravaConfig; callbackPath: string; now: Date },
): Promise<boolean> {
  if (subscriptionId === undefined) return false;
  const stored = await storedSubscriptionId(db);
  if (stored === subscriptionId) return true;
  if (!opts.config.clientId || !opts.config.clientSecret) return false;
  if (!(await claimSubscriptionLookup(db, opts.now, SUBSCRIPTION_LOOKUP_INTERVAL_MS))) return false;
  try {
    return (await lookUpSubscription(db, opts.config, opts.callbackPath, opts.now)) === subscriptionId;
  } catch (err) {
    log.warn("could not ask Strava which webhook subscription is this server's", { error: err instanceof Error ? err.message : String(err) });
    return false;
  }
}
