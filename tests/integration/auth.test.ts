import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import * as signUpRoute from "@/app/api/v1/auth/sign-up/route";
import { users } from "@/db/schema";
import { MAX_FAILURES, WINDOW_MS, verifyCredentials } from "@/lib/auth/credentials";
import { describeEachDatabase } from "../support/db";
import { call } from "../support/http";

const signUp = (json: unknown) => call(signUpRoute.POST, { method: "POST", path: "/api/v1/auth/sign-up", json });

describeEachDatabase("sign-up and sign-in", ({ db }) => {
  it("creates an account with a salted scrypt hash, never the password itself", async () => {
    const res = await signUp({ email: "  Ada@Example.TEST ", password: "correct horse", name: "Ada", timeZone: "Europe/Paris" });
    expect(res.status).toBe(201);
    expect(res.json.user.email).toBe("ada@example.test");
    const [row] = await db().select().from(users).where(eq(users.email, "ada@example.test"));
    expect(row!.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{88}$/);
    expect(row!.passwordHash).not.toContain("correct horse");
    expect(row!.timeZone).toBe("Europe/Paris");
  });

  it("refuses a second account for the same email, whatever its case", async () => {
    const res = await signUp({ email: "ADA@example.test", password: "another password" });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("conflict:email_taken");
  });

  it.each([
    [{ email: "b@example.test", password: "long enough", name: "a\u0000b" }, "name"],
    [{ email: "not-an-email", password: "long enough" }, "email"],
    [{ email: "b@example.test", password: "short" }, "password"],
    [{ email: "b@example.test", password: "x".repeat(201) }, "password"],
    [{ email: "b@example.test" }, "password"],
  ])("refuses %j with 400 on %s", async (body, field) => {
    const res = await signUp(body);
    expect(res.status).toBe(400);
    expect(res.json.error.details.map((d: { path: string }) => d.path)).toContain(field);
  });

  it("falls back to UTC for an unknown browser time zone", async () => {
    const res = await signUp({ email: "zone@example.test", password: "long enough", timeZone: "Not/AZone" });
    expect(res.status).toBe(201);
    const [row] = await db().select().from(users).where(eq(users.email, "zone@example.test"));
    expect(row!.timeZone).toBe("UTC");
  });

  it("signs in with the right password; wrong password and unknown email look the same", async () => {
    const ok = await verifyCredentials(db(), { email: "ada@example.test", password: "correct horse" });
    expect(ok).toMatchObject({ ok: true, user: { email: "ada@example.test", name: "Ada" } });
    const wrong = await verifyCredentials(db(), { email: "ada@example.test", password: "wrong horse" });
    const unknown = await verifyCredentials(db(), { email: "nobody@example.test", password: "wrong horse" });
    expect(wrong).toEqual({ ok: false, reason: "invalid" });
    expect(unknown).toEqual(wrong);
  });

  it("locks an email after repeated failures, for the rest of the window only", async () => {
    const t0 = new Date("2026-06-01T10:00:00Z");
    await signUp({ email: "limited@example.test", password: "right password" });
    for (let i = 0; i < MAX_FAILURES; i++) {
      const r = await verifyCredentials(db(), { email: "limited@example.test", password: "wrong" }, new Date(t0.getTime() + i * 1000));
      expect(r).toEqual({ ok: false, reason: "invalid" });
    }
    // Even the right password is refused while locked; the first failure was at t0, so the lock ends at t0 + 15 min.
    const locked = await verifyCredentials(db(), { email: "limited@example.test", password: "right password" }, new Date(t0.getTime() + 60_000));
    expect(locked).toEqual({ ok: false, reason: "rate_limited", retryAfterS: 15 * 60 - 60 });
    // Another email is not affected.
    expect((await verifyCredentials(db(), { email: "ada@example.test", password: "correct horse" }, new Date(t0.getTime() + 60_000))).ok).toBe(true);
    // Once the first failure is older than the window, fewer than MAX_FAILURES remain and sign-in works.
    const later = await verifyCredentials(db(), { email: "limited@example.test", password: "right password" }, new Date(t0.getTime() + WINDOW_MS + 1000));
    expect(later.ok).toBe(true);
  });

  it("counts parallel guesses too: at most the allowed number are checked at once", async () => {
    await signUp({ email: "parallel@example.test", password: "right password" });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => verifyCredentials(db(), { email: "parallel@example.test", password: `wrong ${i}` })),
    );
    const checked = results.filter((r) => !r.ok && r.reason === "invalid").length;
    expect(checked).toBeLessThanOrEqual(MAX_FAILURES);
    expect(results.filter((r) => !r.ok && r.reason === "rate_limited").length).toBe(20 - checked);
    const next = await verifyCredentials(db(), { email: "parallel@example.test", password: "right password" });
    expect(next.ok).toBe(checked < MAX_FAILURES);
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
