import { eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import * as signUpRoute from "@/app/api/v1/auth/sign-up/route";
import { accounts, invites, users } from "@/db/schema";
import { createInvite, signUp, signupMode, stravaSignInAllowed } from "@/lib/auth/sign-up";
import { describeEachDatabase } from "../support/db";
import { createRunner } from "../support/factories";
import { call } from "../support/http";

/** Who may sign up: SIGNUP=open|invite|closed and its default, invitations, and the per-address throttle. */

const post = (json: unknown, address = "198.51.100.20") =>
  call(signUpRoute.POST, { method: "POST", path: "/api/v1/auth/sign-up", json, headers: { "x-forwarded-for": address } });
const PASSWORD = "a long enough password";

describeEachDatabase("who may sign up", ({ db }) => {
  // Many sign-ups from one test address: the throttle has its own test below.
  beforeEach(() => {
    process.env.SIGNUP_PER_HOUR = "0";
  });
  afterEach(() => {
    delete process.env.SIGNUP;
    delete process.env.SIGNUP_PER_HOUR;
  });
  const exists = async (email: string) => (await db().select().from(users).where(eq(users.email, email))).length === 1;

  it("SIGNUP=closed refuses everyone, even on an empty server, and says so", async () => {
    process.env.SIGNUP = "closed";
    expect(await signupMode(db())).toBe("closed");
    const { code } = await createInvite(db());
    const res = await post({ email: "closed@example.test", password: PASSWORD, invite: code });
    expect(res.status).toBe(403);
    expect(res.json.error).toMatchObject({ code: "forbidden:signup_closed", message: expect.stringContaining("Sign-up is closed") });
    expect(await exists("closed@example.test")).toBe(false);
  });

  it("unset: open for the first account, then invite-only", async () => {
    expect(await signupMode(db())).toBe("open");
    const first = await post({ email: "owner@example.test", password: PASSWORD });
    expect(first.status).toBe(202);
    expect(await exists("owner@example.test")).toBe(true);
    expect(await signupMode(db())).toBe("invite");

    const second = await post({ email: "friend@example.test", password: PASSWORD });
    expect(second.status).toBe(403);
    expect(second.json.error).toMatchObject({ code: "forbidden:invite_required", message: expect.stringContaining("needs an invitation") });
    const wrong = await post({ email: "friend@example.test", password: PASSWORD, invite: "not-a-real-code" });
    expect(wrong.status).toBe(403);
    expect(wrong.json.error.code).toBe("forbidden:invite_invalid");
    expect(await exists("friend@example.test")).toBe(false);
  });

  it("an invitation works once, only before it expires, and only its hash is stored", async () => {
    const { code } = await createInvite(db(), { note: "for a friend" });
    const stored = await db().select().from(invites);
    expect(stored.map((i) => i.codeHash)).not.toContain(code);
    expect(JSON.stringify(stored)).not.toContain(code);

    const ok = await post({ email: "friend@example.test", password: PASSWORD, invite: ` ${code} ` });
    expect(ok.status).toBe(202);
    expect(await exists("friend@example.test")).toBe(true);
    const again = await post({ email: "friend2@example.test", password: PASSWORD, invite: code });
    expect(again.status).toBe(403);
    expect(again.json.error.code).toBe("forbidden:invite_invalid");

    const old = await createInvite(db(), { days: 1, now: new Date(Date.now() - 2 * 24 * 3600 * 1000) });
    const expired = await post({ email: "late@example.test", password: PASSWORD, invite: old.code });
    expect(expired.status).toBe(403);
    expect(expired.json.error.code).toBe("forbidden:invite_invalid");
    expect(await exists("late@example.test")).toBe(false);
  });

  it("with an invitation, a taken email gets the same answer as a free one (the invitation is used either way)", async () => {
    const a = await createInvite(db());
    const b = await createInvite(db());
    const taken = await post({ email: "owner@example.test", password: "someone else's password", invite: a.code });
    const free = await post({ email: "newcomer@example.test", password: "someone else's password", invite: b.code });
    expect(taken.status).toBe(202);
    expect(free.status).toBe(202);
    expect(taken.json).toEqual(free.json);
    const reuse = await post({ email: "third@example.test", password: PASSWORD, invite: a.code });
    expect(reuse.json.error.code).toBe("forbidden:invite_invalid");
  });

  it("SIGNUP=open needs no invitation once accounts exist; SIGNUP=invite needs one", async () => {
    process.env.SIGNUP = "open";
    expect(await signupMode(db())).toBe("open");
    expect((await post({ email: "open@example.test", password: PASSWORD })).status).toBe(202);
    expect(await exists("open@example.test")).toBe(true);
    process.env.SIGNUP = "invite";
    expect((await post({ email: "invite@example.test", password: PASSWORD })).json.error.code).toBe("forbidden:invite_required");
  });

  it("throttles sign-ups per address: SIGNUP_PER_HOUR free, then a doubling wait; other addresses go on", async () => {
    process.env.SIGNUP = "open";
    process.env.SIGNUP_PER_HOUR = "2";
    const t0 = new Date("2026-07-01T08:00:00Z");
    const at = (s: number) => new Date(t0.getTime() + s * 1000);
    const input = (n: string) => ({ email: `${n}@example.test`, password: PASSWORD });
    await signUp(db(), input("t1"), "192.0.2.9", at(0));
    await signUp(db(), input("t2"), "192.0.2.9", at(1));
    await expect(signUp(db(), input("t3"), "192.0.2.9", at(2))).rejects.toMatchObject({ status: 429, code: "rate_limited:sign_up", details: { retryAfterS: 29 } });
    expect(await exists("t3@example.test")).toBe(false);
    // Another address is not held back.
    await signUp(db(), input("t4"), "192.0.2.10", at(3));
    // After the wait (30 s after the latest), one more; then the wait doubles.
    await signUp(db(), input("t5"), "192.0.2.9", at(31));
    await expect(signUp(db(), input("t6"), "192.0.2.9", at(40))).rejects.toMatchObject({ status: 429, details: { retryAfterS: 31 + 60 - 40 } });
    expect(await exists("t5@example.test")).toBe(true);
    // Through the route: the same 429, with a message that says how long.
    process.env.SIGNUP_PER_HOUR = "1";
    expect((await post(input("r1"), "192.0.2.50")).status).toBe(202);
    const limited = await post(input("r2"), "192.0.2.50");
    expect(limited.status).toBe(429);
    expect(limited.json.error.message).toMatch(/^Too many sign-ups from your network\. Try again in \d+ seconds\.$/);
  });
});

describeEachDatabase("who may sign up with Strava", ({ db }) => {
  afterEach(() => {
    delete process.env.SIGNUP;
  });

  it("an athlete with an account signs in; a new one gets an account only when sign-up is open, or when a signed-in runner connects", async () => {
    const owner = await createRunner(db());
    await db().insert(accounts).values({ userId: owner.id, type: "oauth", provider: "strava", providerAccountId: "424242" });
    const signedOut = async () => false;
    const signedInRunner = async () => true;

    // Accounts exist and SIGNUP is unset: invite-only.
    expect(await stravaSignInAllowed(db(), "424242", signedOut)).toBe(true);
    expect(await stravaSignInAllowed(db(), "999001", signedOut)).toBe("/sign-in?error=SignupClosed");
    expect(await stravaSignInAllowed(db(), "999001", signedInRunner)).toBe(true);
    process.env.SIGNUP = "closed";
    expect(await stravaSignInAllowed(db(), "424242", signedOut)).toBe(true);
    expect(await stravaSignInAllowed(db(), "999001", signedOut)).toBe("/sign-in?error=SignupClosed");
    process.env.SIGNUP = "open";
    expect(await stravaSignInAllowed(db(), "999001", signedOut)).toBe(true);
  });
});
