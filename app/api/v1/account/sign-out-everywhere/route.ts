import { apiRoute } from "@/lib/api/guard";
import { bumpSessionVersion } from "@/lib/auth/session-policy";

/**
 * "Sign out everywhere": ends every session of the runner, this one included, on every device (a
 * new session version: lib/auth/session-policy.ts). Answers 204; the client then signs out.
 */
export const POST = apiRoute({}, async ({ db, userId }) => {
  await bumpSessionVersion(db, userId);
});
