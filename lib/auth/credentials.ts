import { z } from "zod";
import type { Db } from "@/db/client";
import { clearFailures, forgetAttempt, recentFailures, recordPendingAttempt, type AttemptKind, type AttemptStats } from "@/db/queries/sign-in-attempts";
import { getUserByEmail } from "@/db/queries/users";
import { isCommonPassword } from "./common-passwords";
import { dummyHash, verifyPassword } from "./password";

/**
 * The sign-in throttle: a backoff per address and email, not a lockout per email. From one address,
 * the first FREE_FAILURES wrong passwords for an email within WINDOW_MS cost nothing; each further
 * one must wait twice as long as the one before (30 s, 1 min, 2 min … up to MAX_DELAY_S) after the
 * latest. Someone guessing a runner's password slows down only their own address: the runner
 * signing in from theirs is not held back. One address trying many emails slows down too, after
 * FREE_ADDRESS_FAILURES failures of any email. A refused attempt is not recorded, so it does not
 * lengthen the wait.
 */
export const FREE_FAILURES = 5;
export const FREE_ADDRESS_FAILURES = 50;
export const WINDOW_MS = 15 * 60 * 1000;
export const BASE_DELAY_S = 30;
export const MAX_DELAY_S = 15 * 60;
export const PASSWORD_MIN = 10;

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "That email address is too long.")
  .pipe(z.email("Enter a valid email address."));
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters for your password.`)
  .max(200, "Use at most 200 characters for your password.")
  .refine((p) => !isCommonPassword(p), "This is one of the most common passwords, which are tried first. Choose another.");

export const credentialsSchema = z.object({ email: emailSchema, password: z.string().min(1).max(200) });

export type CredentialsResult =
  | { ok: true; user: { id: string; email: string; name: string | null } }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterS: number };

/** How long to wait after the latest of `failures` failures, `free` of them free: 0, then 30 s, 60 s, 120 s … capped. */
export function backoffSeconds(failures: number, free: number, cap: number = MAX_DELAY_S): number {
  if (failures < free) return 0;
  return Math.min(cap, BASE_DELAY_S * 2 ** Math.min(20, failures - free));
}

/** Seconds still to wait before another attempt (0: go ahead). */
export function waitSeconds(stats: AttemptStats, free: number, now: Date, cap: number = MAX_DELAY_S): number {
  const delay = backoffSeconds(stats.count, free, cap);
  if (delay === 0 || !stats.latest) return 0;
  return Math.max(0, Math.ceil((stats.latest.getTime() + delay * 1000 - now.getTime()) / 1000));
}

/**
 * Records an attempt, then asks whether it may go ahead. The attempt is recorded (as failed) before
 * the check, and the check counts the others, so parallel guesses cannot all slip in at once.
 * Refused: the attempt is forgotten and the wait returned. Allowed: the attempt's id.
 */
export async function throttle(
  db: Db,
  attempt: { email: string; address: string; kind: AttemptKind },
  limits: { free: number; freeAddress: number; windowMs: number },
  now: Date,
): Promise<{ ok: true; attemptId: number } | { ok: false; retryAfterS: number }> {
  const attemptId = await recordPendingAttempt(db, attempt, now);
  const stats = await recentFailures(
    db,
    { address: attempt.address, email: attempt.kind === "sign_in" ? attempt.email : undefined, kind: attempt.kind, exceptId: attemptId },
    new Date(now.getTime() - limits.windowMs),
  );
  const wait = Math.max(waitSeconds(stats.pair, limits.free, now), waitSeconds(stats.address, limits.freeAddress, now));
  if (wait > 0) {
    await forgetAttempt(db, attemptId);
    return { ok: false, retryAfterS: wait };
  }
  return { ok: true, attemptId };
}

/**
 * Checks an email and password from an address. Unknown email and wrong password are
 * indistinguishable to the caller (same result, same scrypt work); see the throttle above.
 */
export async function verifyCredentials(db: Db, input: unknown, address: string, now: Date = new Date()): Promise<CredentialsResult> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password } = parsed.data;

  const allowed = await throttle(db, { email, address, kind: "sign_in" }, { free: FREE_FAILURES, freeAddress: FREE_ADDRESS_FAILURES, windowMs: WINDOW_MS }, now);
  if (!allowed.ok) return { ok: false, reason: "rate_limited", retryAfterS: allowed.retryAfterS };

  const user = await getUserByEmail(db, email);
  const valid = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
  if (!user?.passwordHash || !valid) return { ok: false, reason: "invalid" };
  await clearFailures(db, { email, address }, now);
  return { ok: true, user: { id: user.id, email: email, name: user.name } };
}
