import { z } from "zod";
import type { Db } from "@/db/client";
import { clearFailures, forgetAttempt, recentFailures, recordPendingAttempt } from "@/db/queries/sign-in-attempts";
import { getUserByEmail } from "@/db/queries/users";
import { dummyHash, verifyPassword } from "./password";

/** Five wrong passwords for one email within 15 minutes locks that email for the rest of the window. */
export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60 * 1000;

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "That email address is too long.")
  .pipe(z.email("Enter a valid email address."));
export const passwordSchema = z
  .string()
  .min(8, "Use at least 8 characters for your password.")
  .max(200, "Use at most 200 characters for your password.");

export const credentialsSchema = z.object({ email: emailSchema, password: z.string().min(1).max(200) });

export type CredentialsResult =
  | { ok: true; user: { id: string; email: string; name: string | null } }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterS: number };

/**
 * Checks an email and password. Unknown email and wrong password are indistinguishable to the
 * caller (same result, same scrypt work); repeated failures for one email are refused for a while.
 */
export async function verifyCredentials(db: Db, input: unknown, now: Date = new Date()): Promise<CredentialsResult> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password } = parsed.data;

  // The attempt is recorded as a failure before anything is checked, and the count includes it:
  // parallel guesses cannot all slip in before the first one is recorded.
  const attemptId = await recordPendingAttempt(db, email, now);
  const failures = await recentFailures(db, email, new Date(now.getTime() - WINDOW_MS));
  if (failures.count > MAX_FAILURES && failures.oldest) {
    await forgetAttempt(db, attemptId); // a refused attempt does not extend the lock
    const retryAfterS = Math.max(1, Math.ceil((failures.oldest.getTime() + WINDOW_MS - now.getTime()) / 1000));
    return { ok: false, reason: "rate_limited", retryAfterS };
  }

  const user = await getUserByEmail(db, email);
  const valid = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
  if (!user?.passwordHash || !valid) return { ok: false, reason: "invalid" };
  await clearFailures(db, email, now);
  return { ok: true, user: { id: user.id, email: email, name: user.name } };
}
