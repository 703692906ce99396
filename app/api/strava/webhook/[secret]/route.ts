import { z } from "zod";
import { publicApiRoute, type RouteHandler } from "@/lib/api/guard";
import { ApiError } from "@/lib/api/errors";
import { getAuthSecret } from "@/lib/auth/secret";
import { env } from "@/lib/env";
import { queueWebhookEvent, webhookEventSchema } from "@/lib/strava/events";
import { isOurSubscription, onHandshake, sameSecret, webhookCallbackPath, webhookPathSecret } from "@/lib/strava/webhook";

/**
 * Strava's webhook callback (strava-api.md §5), at a secret path: /api/strava/webhook/<secret>
 * (lib/strava/webhook.ts). Public by nature: Strava calls it, with no session.
 *
 * GET: the subscription handshake. Answers {"hub.challenge": …} when the path's secret is right and
 *      hub.verify_token matches STRAVA_VERIFY_TOKEN, 403 otherwise (and when no verify token is set).
 * POST: an event. Every event gets the same answer, 200 {"received": true}, whether it was queued,
 *      dropped (wrong secret, another subscription, an unknown athlete, the runner's cap reached)
 *      or repeated, so the answer tells nobody which athletes use this server. Only a malformed body
 *      sent to the right path gets a 400.
 */

const RECEIVED = { received: true } as const;

const params = z.object({ secret: z.string().max(200) });

const handshakeQuery = z.object({
  "hub.mode": z.literal("subscribe", { error: "hub.mode must be subscribe" }),
  "hub.challenge": z.string().min(1).max(200),
  "hub.verify_token": z.string().max(500),
});

/** This server's path secret, or null when webhooks are off (no STRAVA_VERIFY_TOKEN). */
function expectedSecret(): string | null {
  return webhookPathSecret(getAuthSecret(), env().STRAVA_VERIFY_TOKEN);
}

function rightPath(given: string): string | null {
  const expected = expectedSecret();
  return expected !== null && sameSecret(given, expected) ? expected : null;
}

export const GET = publicApiRoute({ params, query: handshakeQuery }, async ({ db, params, query }) => {
  const verifyToken = env().STRAVA_VERIFY_TOKEN;
  if (!rightPath(params.secret) || !verifyToken || !sameSecret(query["hub.verify_token"], verifyToken)) {
    throw new ApiError(403, "forbidden:verify_token", "The verify token does not match this server's STRAVA_VERIFY_TOKEN.");
  }
  await onHandshake(db, new Date());
  return { "hub.challenge": query["hub.challenge"] };
});

const secretPathPost = publicApiRoute({ params, body: webhookEventSchema }, async ({ db, params, body }) => {
  const secret = rightPath(params.secret);
  if (!secret) return RECEIVED;
  const e = env();
  const now = new Date();
  const config = { baseUrl: e.STRAVA_BASE_URL, clientId: e.STRAVA_CLIENT_ID ?? "", clientSecret: e.STRAVA_CLIENT_SECRET ?? "" };
  if (!(await isOurSubscription(db, body.subscription_id, { config, callbackPath: webhookCallbackPath(secret), now }))) return RECEIVED;
  await queueWebhookEvent(db, body, now);
  return RECEIVED;
});

/** A wrong path is answered before its body is read: as an event would be, and at no cost. */
const wrongPathPost = publicApiRoute({ params }, async () => RECEIVED);

export const POST: RouteHandler = async (req, ctx) => {
  const given = (await ctx.params).secret;
  return (typeof given === "string" && rightPath(given) ? secretPathPost : wrongPathPost)(req, ctx);
};
