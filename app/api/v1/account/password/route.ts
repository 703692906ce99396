import { changePassword } from "@/lib/account/password";
import { apiRoute } from "@/lib/api/guard";
import { getUserSettings } from "@/db/queries/users";
import { freshSessionCookie } from "@/lib/auth/session-cookie";
import { passwordChangeSchema } from "@/lib/validation/account";

/**
 * Changes the runner's password: `{ currentPassword, newPassword }`, or `{ newPassword }` alone to
 * set a first one (a runner who signed up with Strava). Answers `{ changed: true, firstPassword }`.
 * Every session of the runner ends, on every device; the caller gets a new session cookie, so the
 * runner stays signed in here (and only here).
 */
export const PATCH = apiRoute({ body: passwordChangeSchema }, async ({ req, db, userId, body }) => {
  const result = await changePassword(db, userId, body);
  const user = await getUserSettings(db, userId);
  const cookie = user ? await freshSessionCookie(db, req, { id: userId, email: user.email, name: user.name }) : null;
  return Response.json(result, { headers: cookie ? { "set-cookie": cookie } : {} });
});
