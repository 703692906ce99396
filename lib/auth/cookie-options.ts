import type { NextAuthConfig } from "next-auth";

/**
 * Auth.js's cookie settings for Patella.
 *
 * Auth.js marks its cookies Secure, and names the session cookie "__Secure-authjs.session-token"
 * (lib/auth/session-token.ts reads both names), when the URL it works out for a request is https;
 * the session cookie is HttpOnly and SameSite=Lax by default. Pinned here so that neither an
 * upgrade nor a deployment detail can weaken them:
 *
 * - AUTH_URL https (a production deployment): always Secure cookies, even when the proxy in front
 *   talks plain http to Patella and forgets X-Forwarded-Proto.
 * - Otherwise Auth.js decides per request: plain cookies on http://localhost (a browser would drop
 *   Secure ones there), Secure ones behind a proxy that sends X-Forwarded-Proto: https.
 */
export function authCookieOptions(authUrl: string | undefined): Pick<NextAuthConfig, "useSecureCookies" | "cookies"> {
  return {
    ...(isHttps(authUrl) ? { useSecureCookies: true } : {}),
    // Merged into Auth.js's defaults (name and Secure stay its own): never readable by scripts, and
    // not sent with cross-site subrequests or form posts, only with top-level navigations.
    cookies: { sessionToken: { options: { httpOnly: true, sameSite: "lax", path: "/" } } },
  };
}

function isHttps(url: string | undefined): boolean {
  if (!url) return false;
  try {
    return new URL(url).protocol === "https:";
  } catch {
    return false;
  }
}
