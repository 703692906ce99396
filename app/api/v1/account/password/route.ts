import { changePassword } from "@/lib/account/password";
import { apiRoute } from "@/lib/api/guard";
import { passwordChangeSchema } from "@/lib/validation/account";

/**
 * Changes the runner's password: `{ currentPassword, newPassword }`, or `{ newPassword }` alone to
 * set a first one (a runner who signed up with Strava). Answers `{ changed: true, firstPassword }`.
 */
export const PATCH = apiRoute({ body: passwordChangeSchema }, async ({ db, userId, body }) => changePassword(db, userId, body));
