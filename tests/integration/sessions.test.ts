import { Auth, type AuthConfig } from "@auth/core";
import Credentials from "@auth/core/providers/credentials";
import { eq } from "drizzle-orm";
import { decode } from "next-auth/jwt";
import { afterEach, expect, it, vi } from "vitest";
import * as deleteAccountRoute from "@/app/api/v1/account/route";
import * as passwordRoute from "@/app/api/v1/account/password/route";
import * as signOutEverywhereRoute from "@/app/api/v1/account/sign-out-everywhere/route";
import * as settingsRoute from "@/app/api/v1/settings/route";
import { revokedSessions, users } from "@/db/schema";
import { authCookieOptions } from "@/lib/auth/cookie-options";
import { verifyCredentials } from "@/lib/auth/credentials";
import { hashPassword } from "@/lib/auth/password";
import { revocableSessionConfig, SLIDING_MAX_AGE_S } from "@/lib/auth/session-policy";
import { SESSION_COOKIE } from "@/lib/auth/session-token";
import { clientAddress } from "@/lib/security/client-address";
import { describeEachDatabase } from "../support/db";
import { createRunner } from "../support/factories";
import { call } from "../support/http";

/**
 * Revocable sessions, end to end through a real Auth.js (@auth/core, which next-auth wraps) with
 * Patella's session callbacks and events (lib/auth/session-policy.ts), and the API guard: a copied
 * session cookie stops working after sign-out, after "sign out everywhere", after a password
 * change, after account deletion, and after the absolute lifetime (a fixed clock).
 */

const ORIGIN = "http://localhost:3000";
const PASSWORD = "my first long password";
const DAY_S = 24 * 3600;

function setCookies(res: Response): Map<string, { value: string; attributes: string }> {
  const map = new Map<string, { value: string; attributes: string }>();
  for (const line of res.headers.getSetCookie()) {
    const [pair = "", ...rest] = line.split(";");
    const eqAt = pair.indexOf("=");
    map.set(pair.slice(0, eqAt).trim(), { value: pair.slice(eqAt + 1), attributes: rest.join(";").toLowerCase() });
  }
  return map;
}

describeEachDatabase("revocable sessions", ({ db }) => {
  afterEach(() => {
    vi.useRealTimers();
    delete process.env.SESSION_MAX_AGE_DAYS;
  });

  function config(): AuthConfig {
    const revocable = revocableSessionConfig(db());
    return {
      secret: process.env.AUTH_SECRET!,
      trustHost: true,
      basePath: "/api/auth",
      ...authCookieOptions(undefined),
      session: revocable.session,
      jwt: revocable.jwt,
      callbacks: revocable.callbacks as AuthConfig["callbacks"],
      events: revocable.events as AuthConfig["events"],
      providers: [
        Credentials({
          credentials: { email: {}, password: {} },
          authorize: async (input, request) => {
            const r = await verifyCredentials(db(), input, clientAddress(request.headers));
            return r.ok ? r.user : null;
          },
        }),
      ],
    };
  }

  async function runnerWithPassword() {
    const runner = await createRunner(db());
    await db().update(users).set({ passwordHash: await hashPassword(PASSWORD) }).where(eq(users.id, runner.id));
    return runner;
  }

  async function csrf(): Promise<{ token: string; cookie: string }> {
    const res = await Auth(new Request(`${ORIGIN}/api/auth/csrf`), config());
    const c = [...setCookies(res)].find(([name]) => name.endsWith("authjs.csrf-token"))!;
    return { token: ((await res.json()) as { csrfToken: string }).csrfToken, cookie: `${c[0]}=${c[1].value}` };
  }

  /** Signs in as the sign-in form does; the session cookie ("name=value"). */
  async function signIn(email: string, password = PASSWORD): Promise<string> {
    const { token, cookie } = await csrf();
    const res = await Auth(
      new Request(`${ORIGIN}/api/auth/callback/credentials`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie },
        body: new URLSearchParams({ csrfToken: token, email, password }),
      }),
      config(),
    );
    expect(res.status).toBe(302);
    const session = setCookies(res).get(SESSION_COOKIE);
    expect(session?.value, "a session cookie").toBeTruthy();
    return `${SESSION_COOKIE}=${session!.value}`;
  }

  async function signOut(sessionCookie: string): Promise<void> {
    const { token, cookie } = await csrf();
    const res = await Auth(
      new Request(`${ORIGIN}/api/auth/signout`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: `${cookie}; ${sessionCookie}` },
        body: new URLSearchParams({ csrfToken: token }),
      }),
      config(),
    );
    expect(res.status).toBe(302);
  }

  /** /api/auth/session: the session (null when refused), and the renewed cookie if any. */
  async function session(cookie: string): Promise<{ body: { user?: { id?: string } } | null; renewed: string | null }> {
    const res = await Auth(new Request(`${ORIGIN}/api/auth/session`, { headers: { cookie } }), config());
    const set = setCookies(res).get(SESSION_COOKIE);
    return { body: (await res.json()) as { user?: { id?: string } } | null, renewed: set?.value ? `${SESSION_COOKIE}=${set.value}` : null };
  }

  /** What the API guard answers for this cookie. */
  const apiStatus = async (cookie: string) => (await call(settingsRoute.GET, { path: "/api/v1/settings", cookie })).status;

  it("a session works on the API and /api/auth/session; after sign-out a copy of its cookie never works again, and other sessions go on", async () => {
    const runner = await runnerWithPassword();
    const laptop = await signIn(runner.email);
    const phone = await signIn(runner.email);
    const copy = laptop;
    expect(await apiStatus(laptop)).toBe(200);
    expect((await session(laptop)).body?.user?.id).toBe(runner.id);

    await signOut(laptop);
    expect(await apiStatus(copy)).toBe(401);
    const after = await session(copy);
    expect(after.body).toBeNull();
    expect(after.renewed).toBeNull();
    expect(await db().select().from(revokedSessions).where(eq(revokedSessions.userId, runner.id))).toHaveLength(1);
    // The runner's other device is still signed in.
    expect(await apiStatus(phone)).toBe(200);
    expect((await session(phone)).body?.user?.id).toBe(runner.id);
  });

  it("sign out everywhere ends every session of the runner, the caller's included, and nobody else's", async () => {
    const runner = await runnerWithPassword();
    const other = await runnerWithPassword();
    const a = await signIn(runner.email);
    const b = await signIn(runner.email);
    const stranger = await signIn(other.email);
    const res = await call(signOutEverywhereRoute.POST, { method: "POST", path: "/api/v1/account/sign-out-everywhere", cookie: a });
    expect(res.status).toBe(204);
    expect(await apiStatus(a)).toBe(401);
    expect(await apiStatus(b)).toBe(401);
    expect((await session(b)).body).toBeNull();
    expect(await apiStatus(stranger)).toBe(200);
    // Signing in again works.
    expect(await apiStatus(await signIn(runner.email))).toBe(200);
    // Anonymous: 401, like every route.
    expect((await call(signOutEverywhereRoute.POST, { method: "POST", path: "/api/v1/account/sign-out-everywhere" })).status).toBe(401);
  });

  it("a password change ends every earlier session; the caller gets a new one", async () => {
    const runner = await runnerWithPassword();
    const mine = await signIn(runner.email);
    const copied = mine;
    const elsewhere = await signIn(runner.email);
    const res = await call(passwordRoute.PATCH, {
      method: "PATCH",
      path: "/api/v1/account/password",
      cookie: mine,
      json: { currentPassword: PASSWORD, newPassword: "my second long password" },
    });
    expect(res.status).toBe(200);
    const fresh = setCookies(new Response(null, { headers: res.headers })).get(SESSION_COOKIE);
    expect(fresh?.attributes).toContain("httponly");
    expect(fresh?.attributes).toContain("samesite=lax");
    expect(await apiStatus(copied)).toBe(401);
    expect(await apiStatus(elsewhere)).toBe(401);
    expect((await session(elsewhere)).body).toBeNull();
    const renewed = `${SESSION_COOKIE}=${fresh!.value}`;
    expect(await apiStatus(renewed)).toBe(200);
    expect((await session(renewed)).body?.user?.id).toBe(runner.id);
    // The new password signs in; the old one does not.
    expect(await apiStatus(await signIn(runner.email, "my second long password"))).toBe(200);
  });

  it("deleting the account ends its sessions", async () => {
    const runner = await runnerWithPassword();
    const cookie = await signIn(runner.email);
    const copy = cookie;
    const res = await call(deleteAccountRoute.DELETE, { method: "DELETE", path: "/api/v1/account", cookie, json: { password: PASSWORD } });
    expect(res.status).toBe(200);
    expect(await apiStatus(copy)).toBe(401);
    expect((await session(copy)).body).toBeNull();
  });

  it("a session ends 14 days after sign-in however active it is; renewals never reach past that (a fixed clock)", async () => {
    const runner = await runnerWithPassword();
    const t0 = new Date("2026-03-01T09:00:00Z");
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(t0);
    const first = await signIn(runner.email);
    const claims = await decode({ token: first.split("=")[1], secret: process.env.AUTH_SECRET!, salt: SESSION_COOKIE });
    const ast = Math.floor(t0.getTime() / 1000);
    expect(claims).toMatchObject({ sub: runner.id, ast, sv: 0 });
    expect(claims!.exp).toBe(ast + SLIDING_MAX_AGE_S); // the sliding lifetime: 7 days

    // Used every 6 days, the session is renewed each time...
    vi.setSystemTime(new Date(t0.getTime() + 6 * DAY_S * 1000));
    const second = (await session(first)).renewed!;
    expect(second).toBeTruthy();
    vi.setSystemTime(new Date(t0.getTime() + 12 * DAY_S * 1000));
    const third = (await session(second)).renewed!;
    expect(await apiStatus(third)).toBe(200);
    // ...but the renewed token expires at the absolute lifetime, not 7 days later.
    const thirdClaims = await decode({ token: third.split("=")[1], secret: process.env.AUTH_SECRET!, salt: SESSION_COOKIE });
    expect(thirdClaims!.exp).toBe(ast + 14 * DAY_S);
    expect(thirdClaims!.ast).toBe(ast);

    vi.setSystemTime(new Date(t0.getTime() + (14 * DAY_S - 60) * 1000));
    expect(await apiStatus(third)).toBe(200);
    vi.setSystemTime(new Date(t0.getTime() + (14 * DAY_S + 1) * 1000));
    expect(await apiStatus(third)).toBe(401);
    expect((await session(third)).body).toBeNull();
  });

  it("SESSION_MAX_AGE_DAYS sets the absolute lifetime", async () => {
    process.env.SESSION_MAX_AGE_DAYS = "1";
    const runner = await runnerWithPassword();
    const t0 = new Date("2026-04-01T09:00:00Z");
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(t0);
    const cookie = await signIn(runner.email);
    vi.setSystemTime(new Date(t0.getTime() + (DAY_S - 120) * 1000));
    const renewed = (await session(cookie)).renewed!;
    const claims = await decode({ token: renewed.split("=")[1], secret: process.env.AUTH_SECRET!, salt: SESSION_COOKIE });
    expect(claims!.exp).toBe(Math.floor(t0.getTime() / 1000) + DAY_S);
    vi.setSystemTime(new Date(t0.getTime() + (DAY_S + 1) * 1000));
    expect(await apiStatus(renewed)).toBe(401);
  });

  it("refuses a token without Patella's session claims (issued before them, or forged with a leaked secret's old format)", async () => {
    const runner = await createRunner(db());
    const { encode } = await import("next-auth/jwt");
    const bare = await encode({ token: { sub: runner.id }, secret: process.env.AUTH_SECRET!, salt: SESSION_COOKIE });
    expect(await apiStatus(`${SESSION_COOKIE}=${bare}`)).toBe(401);
    expect((await session(`${SESSION_COOKIE}=${bare}`)).body).toBeNull();
    expect(await apiStatus(runner.cookie)).toBe(200); // the test helper's cookie carries them
  });
});
