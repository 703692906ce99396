import { publicApiRoute } from "@/lib/api/guard";
import { ApiError } from "@/lib/api/errors";

/**
 * The old, guessable webhook path. Strava's callback now lives at a secret path
 * (app/api/strava/webhook/[secret], lib/strava/webhook.ts): here a handshake is refused with a
 * note on what to do, and an event gets the same answer as anywhere else and changes nothing
 * (its body is not even read), so a subscription left on this path stops doing harm quietly.
 */

export const GET = publicApiRoute({}, async () => {
  throw new ApiError(404, "not_found:route", "Strava's webhook has moved to a secret path: run npm run strava:subscribe again (see the README).");
});

export const POST = publicApiRoute({}, async () => ({ received: true }));
