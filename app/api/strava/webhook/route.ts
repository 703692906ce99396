import { timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { publicApiRoute } from "@/lib/api/guard";
import { ApiError } from "@/lib/api/errors";
import { env } from "@/lib/env";
import { queueWebhookEvent, webhookEventSchema } from "@/lib/strava/events";

/**
 * Strava's webhook callback (strava-api.md §5). Public by nature: Strava calls it, with no session.
 *
 * GET: the subscription handshake. Answers {"hub.challenge": …} when hub.verify_token matches
 *      STRAVA_VERIFY_TOKEN, 403 otherwise (and when no verify token is configured).
 * POST: an event. It is validated and queued (lib/strava/events.ts) and answered 200 at once —
 *      Strava wants an answer within 2 s; the work happens in the job worker.
 */

const handshakeQuery = z.object({
  "hub.mode": z.literal("subscribe", { error: "hub.mode must be subscribe" }),
  "hub.challenge": z.string().min(1).max(200),
  "hub.verify_token": z.string().max(500),
});

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const GET = publicApiRoute({ query: handshakeQuery }, async ({ query }) => {
  const expected = env().STRAVA_VERIFY_TOKEN;
  if (!expected || !same(query["hub.verify_token"], expected)) {
    throw new ApiError(403, "forbidden:verify_token", "The verify token does not match this server's STRAVA_VERIFY_TOKEN.");
  }
  return { "hub.challenge": query["hub.challenge"] };
});

export const POST = publicApiRoute({ body: webhookEventSchema }, async ({ db, body }) => {
  const { queued } = await queueWebhookEvent(db, body, new Date());
  return { received: true, queued };
});
