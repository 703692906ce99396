import { eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import * as signUpRoute from "@/app/api/v1/auth/sign-up/route";
import { users } from "@/db/schema";
import { BASE_DELAY_S, FREE_FAILURES, WINDOW_MS, verifyCredentials } from "@/lib/auth/credentials";
import { describeEachDatabase } from "../support/db";
import { call } from "../support/http";

const signUp = (json: unknown, address = "198.51.100.1") =>
  call(signUpRoute.POST, { method: "POST", path: "/api/v1/auth/sign-up", json, headers: { "x-forwarded-for": address } });

const HERE = "203.0.113.5";
const THERE = "203.0.113.77";

describeEachDatabase("sign-up and sign-in", ({ db }) => {
  beforeEach(() => {
    process.env.SIGNUP = "open";
    process.env.SIGNUP_PER_HOUR = "0";
  });
  afterEach(() => {
    delete process.env.SIGNUP;
    delete process.env.SIGNUP_PER_HOUR;
  });

  it("creates an account with a salted scrypt hash, never the password itself", async () => {
    const res = await signUp({ email: "  Ada@Example.TEST ", password: "correct horse", name: "Ada", timeZone: "Europe/Paris" });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ accepted: true });
    const [row] = await db().select().from(users).where(eq(users.email, "ada@example.test"));
    expect(row!.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{88}$/);
    expect(row!.passwordHash).not.toContain("correct horse");
    expect(row!.timeZone).toBe("Europe/Paris");
    expect(row!.name).toBe("Ada");
  });

  it("answers a second sign-up for the same email exactly as a new one, and leaves the account as it was", async () => {
    const [before] = await db().select().from(users).where(eq(users.email, "ada@example.test"));
    const taken = await signUp({ email: "ADA@example.test", password: "another password", name: "Mallory" });
    const free = await signUp({ email: "grace@example.test", password: "another password", name: "Grace" });
    expect(taken.status).toBe(free.status);
    expect(taken.json).toEqual(free.json);
    expect(taken.headers.get("content-type")).toBe(free.headers.get("content-type"));
    const [after] = await db().select().from(users).where(eq(users.email, "ada@example.test"));
    expect(after).toEqual(before); // name and password untouched
    expect((await verifyCredentials(db(), { email: "ada@example.test", password: "another password" }, HERE)).ok).toBe(false);
    expect((await verifyCredentials(db(), { email: "grace@example.test", password: "another password" }, HERE)).ok).toBe(true);
  });

  it.each([
    [{ email: "b@example.test", password: "long enough", name: "a\u0000b" }, "name"],
    [{ email: "not-an-email", password: "long enough" }, "email"],
    [{ email: "b@example.test", password: "short" }, "password"],
    [{ email: "b@example.test", password: "nine char" }, "password"], // 9 characters: one short of 10
    [{ email: "b@example.test", password: "x".repeat(201) }, "password"],
    [{ email: "b@example.test" }, "password"],
  ])("refuses %j with 400 on %s", async (body, field) => {
    const res = await signUp(body);
    expect(res.status).toBe(400);
    expect(res.json.error.details.map((d: { path: string }) => d.path)).toContain(field);
  });

  it.each(["1234567890", "qwertyuiop", "Password123", "IloveYou12", "1q2w3e4r5t"])("refuses the common password %s, whatever its case", async (password) => {
    const res = await signUp({ email: "common@example.test", password });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toMatch(/^password: This is one of the most common passwords/);
    expect(await db().select().from(users).where(eq(users.email, "common@example.test"))).toHaveLength(0);
  });

  it("falls back to UTC for an unknown browser time zone", async () => {
    const res = await signUp({ email: "zone@example.test", password: "long enough", timeZone: "Not/AZone" });
    expect(res.status).toBe(202);
    const [row] = await db().select().from(users).where(eq(users.email, "zone@example.test"));
    expect(row!.timeZone).toBe("UTC");
  });

  it("signs in with the right password; wrong password and unknown email look the same", async () => {
    const ok = await verifyCredentials(db(), { email: "ada@example.test", password: "correct horse" }, HERE);
    expect(ok).toMatchObject({ ok: true, user: { email: "ada@example.test", name: "Ada" } });
    const wrong = await verifyCredentials(db(), { email: "ada@example.test", password: "wrong horse" }, HERE);
    const unknown = await verifyCredentials(db(), { email: "nobody@example.test", password: "wrong horse" }, HERE);
    expect(wrong).toEqual({ ok: false, reason: "invalid" });
    expect(unknown).toEqual(wrong);
  });

  it("backs off per address and email: slows the guesser, never the runner signing in from elsewhere", async () => {
    const t0 = new Date("2026-06-01T10:00:00Z");
    const at = (s: number) => new Date(t0.getTime() + s * 1000);
    await signUp({ email: "limited@example.test", password: "right password" });
    const attempt = (password: string, s: number, address = HERE) => verifyCredentials(db(), { email: "limited@example.test", password }, address, at(s));
    for (let i = 0; i < FREE_FAILURES; i++) expect(await attempt("wrong", i)).toEqual({ ok: false, reason: "invalid" });
    // Five failures from HERE, the latest at t0+4 s: the next must wait 30 s after it, even with the right password.
    expect(await attempt("right password", 10)).toEqual({ ok: false, reason: "rate_limited", retryAfterS: 4 + BASE_DELAY_S - 10 });
    // A refused attempt does not lengthen the wait: still due at t0+34 s.
    expect(await attempt("wrong", 20)).toEqual({ ok: false, reason: "rate_limited", retryAfterS: 14 });
    // The runner, from another address, signs in at once; that clears only their own address's failures.
    expect((await attempt("right password", 21, THERE)).ok).toBe(true);
    // From HERE, after the wait: one more guess, then the wait doubles (60 s after t0+34).
    expect(await attempt("wrong", 34)).toEqual({ ok: false, reason: "invalid" });
    expect(await attempt("wrong", 60)).toEqual({ ok: false, reason: "rate_limited", retryAfterS: 34 + 2 * BASE_DELAY_S - 60 });
    // Another email from HERE is not slowed by these.
    expect((await verifyCredentials(db(), { email: "ada@example.test", password: "correct horse" }, HERE, at(61))).ok).toBe(true);
    // Once the failures are older than the window, sign-in from HERE works again.
    expect((await attempt("right password", WINDOW_MS / 1000 + 40)).ok).toBe(true);
  });

  it("counts parallel guesses too: at most the free number are checked at once", async () => {
    await signUp({ email: "parallel@example.test", password: "right password" });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => verifyCredentials(db(), { email: "parallel@example.test", password: `wrong ${i}` }, HERE)),
    );
    const checked = results.filter((r) => !r.ok && r.reason === "invalid").length;
    expect(checked).toBeLessThanOrEqual(FREE_FAILURES);
    expect(results.filter((r) => !r.ok && r.reason === "rate_limited").length).toBe(20 - checked);
    const next = await verifyCredentials(db(), { email: "parallel@example.test", password: "right password" }, HERE);
    expect(next.ok).toBe(checked < FREE_FAILURES);
  });

  it("refuses a cross-site sign-up", async () => {
    const res = await call(signUpRoute.POST, {
      method: "POST",
      path: "/api/v1/auth/sign-up",
      json: { email: "csrf@example.test", password: "long enough" },
      origin: "https://evil.example",
    });
    expect(res.status).toBe(403);
    expect(await db().select().from(users).where(eq(users.email, "csrf@example.test"))).toHaveLength(0);
  });
});
