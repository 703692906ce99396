import { Auth, type AuthConfig } from "@auth/core";
import Credentials from "@auth/core/providers/credentials";
import { describe, expect, it } from "vitest";
import { authCookieOptions } from "@/lib/auth/cookie-options";
import { SECURE_SESSION_COOKIE, SESSION_COOKIE, sessionUserId } from "@/lib/auth/session-token";

/**
 * The session cookie Auth.js sets with Patella's cookie options (lib/auth/cookie-options.ts), on a
 * real Auth.js (@auth/core, which next-auth wraps: next-auth itself only loads inside Next.js).
 * A credentials sign-in, then the cookie's name and attributes, then lib/auth/session-token.ts
 * reading it back, as the API guard does.
 */

const USER_ID = "6f1c2a7e-4b1d-4c55-9a0e-3f7e2b9d8c11";

function config(authUrl: string | undefined): AuthConfig {
  return {
    secret: process.env.AUTH_SECRET!,
    trustHost: true,
    basePath: "/api/auth",
    session: { strategy: "jwt" },
    providers: [Credentials({ credentials: { email: {}, password: {} }, authorize: async () => ({ id: USER_ID, email: "ada@example.test" }) })],
    // The claims Patella's jwt callback adds at sign-in (lib/auth/session-policy.ts; tested in sessions.test.ts).
    callbacks: { jwt: ({ token }) => ({ ...token, sv: 0, sid: "session-1", ast: Math.floor(Date.now() / 1000) }) },
    ...authCookieOptions(authUrl),
  };
}

interface SetCookie {
  name: string;
  value: string;
  attributes: string[];
}

function setCookies(res: Response): SetCookie[] {
  return res.headers.getSetCookie().map((line) => {
    const [pair = "", ...attributes] = line.split(";").map((p) => p.trim());
    const eq = pair.indexOf("=");
    return { name: pair.slice(0, eq), value: pair.slice(eq + 1), attributes: attributes.map((a) => a.toLowerCase()) };
  });
}

/** Signs in through Auth.js's credentials callback at `origin`, as the sign-in form does; the session cookie set. */
async function signIn(origin: string, authUrl: string | undefined, headers: Record<string, string> = {}): Promise<SetCookie> {
  const cfg = config(authUrl);
  const csrf = await Auth(new Request(`${origin}/api/auth/csrf`, { headers }), cfg);
  const csrfCookie = setCookies(csrf).find((c) => c.name.endsWith("authjs.csrf-token"))!;
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await Auth(
    new Request(`${origin}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/x-www-form-urlencoded", cookie: `${csrfCookie.name}=${csrfCookie.value}` },
      body: new URLSearchParams({ csrfToken, email: "ada@example.test", password: "a long enough password" }),
    }),
    cfg,
  );
  expect(res.status).toBe(302);
  const session = setCookies(res).find((c) => c.name.endsWith("authjs.session-token"));
  expect(session, "a session cookie").toBeDefined();
  return session!;
}

const asRequest = (cookie: SetCookie) => new Request("http://localhost:3000/api/v1/settings", { headers: { cookie: `${cookie.name}=${cookie.value}` } });

describe("session cookies", () => {
  it("on local http (no AUTH_URL): authjs.session-token, HttpOnly, SameSite=Lax, not Secure (a browser would drop it)", async () => {
    const cookie = await signIn("http://localhost:3000", undefined);
    expect(cookie.name).toBe(SESSION_COOKIE);
    expect(cookie.attributes).toEqual(expect.arrayContaining(["httponly", "samesite=lax", "path=/"]));
    expect(cookie.attributes).not.toContain("secure");
    expect(await sessionUserId(asRequest(cookie))).toBe(USER_ID);
  });

  it("with AUTH_URL https: __Secure-authjs.session-token, Secure, HttpOnly, SameSite=Lax, even when the proxy talks plain http to Patella", async () => {
    // What Patella sees behind a TLS-terminating proxy that sends no X-Forwarded-Proto.
    const cookie = await signIn("http://10.0.0.5:3000", "https://patella.example.org");
    expect(cookie.name).toBe(SECURE_SESSION_COOKIE);
    expect(cookie.attributes).toEqual(expect.arrayContaining(["secure", "httponly", "samesite=lax", "path=/"]));
    expect(await sessionUserId(asRequest(cookie))).toBe(USER_ID);
  });

  it("without AUTH_URL behind a proxy that says https (X-Forwarded-Proto): Secure too", async () => {
    // lib/auth/request-origin.ts rebuilds the URL from the forwarded headers before Auth.js sees it.
    const cookie = await signIn("https://patella.example.org", undefined, { "x-forwarded-proto": "https" });
    expect(cookie.name).toBe(SECURE_SESSION_COOKIE);
    expect(cookie.attributes).toEqual(expect.arrayContaining(["secure", "httponly", "samesite=lax"]));
  });

  it("authCookieOptions: Secure forced only for an https AUTH_URL; HttpOnly and SameSite=Lax pinned always", () => {
    expect(authCookieOptions("https://patella.example.org").useSecureCookies).toBe(true);
    for (const url of [undefined, "", "http://localhost:3000", "not a url"]) {
      expect(authCookieOptions(url).useSecureCookies, String(url)).toBeUndefined(); // Auth.js decides per request
      expect(authCookieOptions(url).cookies?.sessionToken?.options).toMatchObject({ httpOnly: true, sameSite: "lax", path: "/" });
    }
  });
});
