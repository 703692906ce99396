import { createHash, randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { consumeInvite, insertInvite } from "@/db/queries/invites";
import { createPasswordUser } from "@/db/queries/users";
import { accounts, users } from "@/db/schema";
import { ApiError } from "@/lib/api/errors";
import { configuredSignup, signupPerHour } from "@/lib/env";
import { throttle } from "./credentials";
import { hashPassword } from "./password";

/**
 * Who may create an account (SIGNUP): "open", "invite" (a single-use code made with
 * `npm run user -- invite`) or "closed". Unset: open until the first account exists — the person
 * installing Patella signs up — then invite-only.
 */
export type SignupMode = "open" | "invite" | "closed";

export const configuredSignupMode = configuredSignup;

export async function signupMode(db: Db, source: Record<string, string | undefined> = process.env): Promise<SignupMode> {
  const configured = configuredSignupMode(source);
  if (configured) return configured;
  const rows = await db.select({ one: sql<number>`1` }).from(users).limit(1);
  return rows.length === 0 ? "open" : "invite";
}

/** The sign-up mode now, for the sign-up page (which reads no runner's data: only whether any account exists). */
export async function currentSignupMode(): Promise<SignupMode> {
  const { getDb } = await import("@/db/client");
  return signupMode(await getDb());
}

/**
 * Whether a Strava sign-in may go ahead: always for an athlete who already has an account here, or
 * for a signed-in runner connecting Strava (`signedIn`, asked only when needed); an athlete Patella
 * has not seen gets a new account only when sign-up is open. Otherwise the sign-in page's address
 * with the error that explains it (Auth.js redirects there).
 */
export async function stravaSignInAllowed(db: Db, providerAccountId: string, signedIn: () => Promise<boolean>): Promise<true | string> {
  const known = await db
    .select({ userId: accounts.userId })
    .from(accounts)
    .where(and(eq(accounts.provider, "strava"), eq(accounts.providerAccountId, providerAccountId)))
    .limit(1);
  if (known.length > 0) return true;
  if ((await signupMode(db)) === "open") return true;
  if (await signedIn()) return true;
  return "/sign-in?error=SignupClosed";
}

/** Invites last a week unless said otherwise. */
export const INVITE_DAYS = 7;

export function hashInviteCode(code: string): string {
  return createHash("sha256").update(code.trim()).digest("hex");
}

/** Makes a single-use invite; the code is returned once and only its hash is stored. */
export async function createInvite(db: Db, options: { days?: number; note?: string | null; now?: Date } = {}): Promise<{ code: string; expiresAt: Date }> {
  const code = randomBytes(18).toString("base64url");
  const now = options.now ?? new Date();
  const expiresAt = new Date(now.getTime() + (options.days ?? INVITE_DAYS) * 24 * 3600 * 1000);
  await insertInvite(db, { codeHash: hashInviteCode(code), expiresAt, note: options.note ?? null });
  return { code, expiresAt };
}

/** Sign-ups from one address within this window count toward SIGNUP_PER_HOUR; past it, each waits 30 s, 1 min, 2 min … (lib/auth/credentials.ts). */
export const SIGNUP_WINDOW_MS = 3600 * 1000;

export interface SignUpInput {
  email: string;
  password: string;
  name?: string;
  timeZone?: string;
  invite?: string;
}

/** The one answer to every sign-up that got this far, whether the email was free or taken. */
export const SIGN_UP_ACCEPTED = {
  accepted: true,
  message: "If this email address was not registered yet, its account now exists: sign in with it and this password.",
} as const;

function rateLimited(retryAfterS: number): ApiError {
  const wait = retryAfterS < 60 ? `${retryAfterS} second${retryAfterS === 1 ? "" : "s"}` : `${Math.ceil(retryAfterS / 60)} minutes`;
  return new ApiError(429, "rate_limited:sign_up", `Too many sign-ups from your network. Try again in ${wait}.`, { retryAfterS });
}

/**
 * Creates an email + password account when sign-up allows it. Refusals that say nothing about the
 * email come first (sign-up closed, too many sign-ups from this address, a missing or used invite);
 * then the answer is the same whether the email was free or already registered (no way to learn who
 * has an account here): the same status and body, and the same password hashing work. An invite is
 * used up either way.
 */
export async function signUp(db: Db, input: SignUpInput, address: string, now: Date = new Date()): Promise<typeof SIGN_UP_ACCEPTED> {
  const mode = await signupMode(db);
  if (mode === "closed") {
    throw new ApiError(403, "forbidden:signup_closed", "Sign-up is closed on this Patella server. Ask the person who runs it for an account.");
  }
  const perHour = signupPerHour();
  if (perHour > 0) {
    const allowed = await throttle(db, { email: input.email, address, kind: "sign_up" }, { free: perHour, freeAddress: perHour, windowMs: SIGNUP_WINDOW_MS }, now);
    if (!allowed.ok) throw rateLimited(allowed.retryAfterS);
  }
  if (mode === "invite") {
    if (!input.invite?.trim()) {
      throw new ApiError(403, "forbidden:invite_required", "Sign-up on this Patella server needs an invitation code. Ask the person who runs it for one.");
    }
    if (!(await consumeInvite(db, hashInviteCode(input.invite), now))) {
      throw new ApiError(403, "forbidden:invite_invalid", "This invitation code is not valid: it may have been used already or have expired. Ask for a new one.");
    }
  }
  await createPasswordUser(db, {
    email: input.email,
    name: input.name || null,
    passwordHash: await hashPassword(input.password),
    timeZone: input.timeZone ?? "UTC",
  });
  return SIGN_UP_ACCEPTED;
}
