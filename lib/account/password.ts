import type { Db } from "@/db/client";
import { getAccountAuth, setPasswordHash } from "@/db/queries/account";
import { ApiError, notFound } from "@/lib/api/errors";
import { verifyCredentials } from "@/lib/auth/credentials";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import type { PasswordChange } from "@/lib/validation/account";

/**
 * Checks the runner's password before a change that needs it (a new password, deleting the
 * account). With an email it goes through the sign-in check itself, so wrong guesses meet the same
 * backoff (counted for the address "settings", whoever holds the session): a stolen session cannot
 * be used to guess the password faster than the sign-in form allows. Throws: 403
 * forbidden:password, 429 rate_limited:password.
 */
export async function checkPassword(
  db: Db,
  account: { email: string | null; passwordHash: string },
  password: string,
  wrong: string,
  now: Date = new Date(),
): Promise<void> {
  if (account.email) {
    const result = await verifyCredentials(db, { email: account.email, password }, SETTINGS_ADDRESS, now);
    if (result.ok) return;
    if (result.reason === "rate_limited") {
      const minutes = Math.ceil(result.retryAfterS / 60);
      throw new ApiError(429, "rate_limited:password", `Too many wrong passwords. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, { retryAfterS: result.retryAfterS });
    }
    throw new ApiError(403, "forbidden:password", wrong);
  }
  if (!(await verifyPassword(password, account.passwordHash))) throw new ApiError(403, "forbidden:password", wrong);
}

/** The throttle's address for password checks made in settings (lib/auth/credentials.ts). */
export const SETTINGS_ADDRESS = "settings";

function missing(path: string, message: string): ApiError {
  return new ApiError(400, "bad_request:body", `${path}: ${message}`, [{ path, message }]);
}

/**
 * Sets a new password: after checking the current one, or — for a runner who signed up with
 * Strava and has none — as their first (they can then also sign in with their email). Answers
 * whether it was the first. Every session of the runner ends (setPasswordHash bumps the session
 * version); the route hands the caller a fresh one.
 */
export async function changePassword(db: Db, userId: string, input: PasswordChange, now: Date = new Date()): Promise<{ changed: true; firstPassword: boolean }> {
  const account = await getAccountAuth(db, userId);
  if (!account) throw notFound("user");
  if (account.passwordHash) {
    if (input.currentPassword === undefined || input.currentPassword === "") throw missing("currentPassword", "Enter your current password.");
    await checkPassword(db, { email: account.email, passwordHash: account.passwordHash }, input.currentPassword, "Your current password is not right, so the password was not changed.", now);
  } else if (!account.email) {
    throw new ApiError(
      409,
      "conflict:no_email",
      "Your account has no email address, so a password could not be used to sign in. Keep signing in with Strava.",
    );
  }
  if (!(await setPasswordHash(db, userId, await hashPassword(input.newPassword)))) throw notFound("user");
  return { changed: true, firstPassword: account.passwordHash === null };
}
