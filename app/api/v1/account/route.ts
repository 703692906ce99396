import { deleteAccount } from "@/lib/account/delete";
import { apiRoute } from "@/lib/api/guard";
import { env } from "@/lib/env";
import { appStravaDeps } from "@/lib/strava/runtime";
import { deleteAccountSchema } from "@/lib/validation/account";

/**
 * Deletes the signed-in runner's account and all its data, confirmed in the body: `{ password }`
 * for a runner who has one, else `{ confirm }` with their email address or "DELETE". Answers 200
 * with what was removed; the client then signs out.
 */
export const DELETE = apiRoute({ body: deleteAccountSchema }, async ({ db, userId, body }) =>
  deleteAccount(db, userId, body, { strava: appStravaDeps(db), dataDir: env().DATA_DIR }),
);
