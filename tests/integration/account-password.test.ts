import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import * as passwordRoute from "@/app/api/v1/account/password/route";
import { users } from "@/db/schema";
import { verifyCredentials } from "@/lib/auth/credentials";
import { hashPassword } from "@/lib/auth/password";
import { describeEachDatabase } from "../support/db";
import { createRunner } from "../support/factories";
import { call } from "../support/http";

/** Changing the password (the current one required), and setting a first one after signing up with Strava. */

type Runner = Awaited<ReturnType<typeof createRunner>>;

const OLD = "my old password";
const NEW = "my brand new password";

const patch = (runner: Runner, json: unknown) => call(passwordRoute.PATCH, { method: "PATCH", path: "/api/v1/account/password", cookie: runner.cookie, json });

describeEachDatabase("password change", ({ db }) => {
  async function withPassword(): Promise<Runner> {
    const runner = await createRunner(db());
    await db().update(users).set({ passwordHash: await hashPassword(OLD) }).where(eq(users.id, runner.id));
    return runner;
  }
  const signsInWith = async (runner: Runner, password: string) => (await verifyCredentials(db(), { email: runner.email, password }, "192.0.2.1")).ok;

  it("changes the password once the current one is given, and refuses a wrong or missing one", async () => {
    const runner = await withPassword();
    const missing = await patch(runner, { newPassword: NEW });
    expect(missing.status).toBe(400);
    expect(missing.json.error).toMatchObject({ code: "bad_request:body", message: expect.stringMatching(/^currentPassword: /) });
    const wrong = await patch(runner, { currentPassword: "not it at all", newPassword: NEW });
    expect(wrong.status).toBe(403);
    expect(wrong.json.error).toMatchObject({ code: "forbidden:password", message: expect.stringMatching(/current password is not right/) });
    expect(await signsInWith(runner, OLD)).toBe(true);

    const res = await patch(runner, { currentPassword: OLD, newPassword: NEW });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ changed: true, firstPassword: false });
    expect(await signsInWith(runner, NEW)).toBe(true);
    expect(await signsInWith(runner, OLD)).toBe(false);
  });

  it("holds the new password to the sign-up rules", async () => {
    const runner = await withPassword();
    const short = await patch(runner, { currentPassword: OLD, newPassword: "short" });
    expect(short.status).toBe(400);
    expect(short.json.error.message).toMatch(/at least 10 characters/);
    const common = await patch(runner, { currentPassword: OLD, newPassword: "qwertyuiop123" });
    expect(common.status).toBe(400);
    expect(common.json.error.message).toMatch(/one of the most common passwords/);
    expect((await patch(runner, { currentPassword: OLD, newPassword: "x".repeat(201) })).status).toBe(400);
    expect((await patch(runner, { currentPassword: OLD, newPassword: OLD })).status).toBe(400);
    expect((await patch(runner, { currentPassword: OLD, newPassword: NEW, isAdmin: true })).status).toBe(400);
    expect(await signsInWith(runner, OLD)).toBe(true);
  });

  it("counts wrong current passwords toward the sign-in limit", async () => {
    const runner = await withPassword();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await patch(runner, { currentPassword: `guess ${i}`, newPassword: NEW })).status);
    expect(statuses.slice(0, 5)).toEqual([403, 403, 403, 403, 403]);
    expect(statuses.at(-1)).toBe(429);
    const locked = await patch(runner, { currentPassword: OLD, newPassword: NEW });
    expect(locked.status).toBe(429);
    expect(locked.json.error.code).toBe("rate_limited:password");
  });

  it("lets a runner who signed up with Strava set a first password, which then guards the next change", async () => {
    const runner = await createRunner(db());
    const first = await patch(runner, { newPassword: NEW });
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ changed: true, firstPassword: true });
    expect(await signsInWith(runner, NEW)).toBe(true);
    // Every earlier session ended with the change; the answer carries the caller's new one.
    expect((await patch(runner, { newPassword: "another password" })).status).toBe(401);
    const fresh = first.headers.getSetCookie()[0]!.split(";")[0]!;
    expect((await patch({ ...runner, cookie: fresh }, { newPassword: "another password" })).status).toBe(400);
  });

  it("refuses a first password for an account without an email address (it could not be used)", async () => {
    const runner = await createRunner(db());
    await db().update(users).set({ email: null }).where(eq(users.id, runner.id));
    const res = await patch(runner, { newPassword: NEW });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("conflict:no_email");
    expect((await db().select({ hash: users.passwordHash }).from(users).where(eq(users.id, runner.id)))[0]!.hash).toBeNull();
  });

  it("answers 401 without a session", async () => {
    expect((await call(passwordRoute.PATCH, { method: "PATCH", path: "/api/v1/account/password", json: { newPassword: NEW } })).status).toBe(401);
  });
});
