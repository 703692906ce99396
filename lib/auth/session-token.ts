import { getToken } from "next-auth/jwt";
import { getAuthSecret } from "./secret";
import { readClaims, type SessionClaims } from "./session-policy";

export const SESSION_COOKIE = "authjs.session-token";
export const SECURE_SESSION_COOKIE = "__Secure-authjs.session-token";

export function hasCookie(req: Request, name: string): boolean {
  const header = req.headers.get("cookie") ?? "";
  return header.split(";").some((c) => {
    const key = c.trim().split("=")[0] ?? "";
    return key === name || key.startsWith(`${name}.`); // chunked cookies: name.0, name.1 …
  });
}

/**
 * Decrypting a session token (JWE with a key derived by HKDF) costs about a millisecond, paid on
 * every API call of a dashboard that makes several at once. Tokens already decrypted are
 * remembered for a minute (never past their own expiry), keyed by the exact cookie text, which
 * cannot be forged; a small bounded map, so nothing grows.
 */
const CACHE_TTL_MS = 60_000;
const CACHE_MAX = 2000;
const decoded = new Map<string, { claims: SessionClaims | null; until: number }>();

function cookieKey(req: Request): string {
  return req.headers.get("cookie") ?? "";
}

/**
 * The session's claims (user id, session version and id, sign-in time) from the Auth.js session
 * cookie (an encrypted JWT), or null. Only decoding is cached: whether the session is still current
 * (lib/auth/session-policy.ts, isSessionCurrent) is asked of the database on every request. Works
 * on any Request, so route handlers and their integration tests share one path.
 */
export async function sessionClaims(req: Request): Promise<SessionClaims | null> {
  const secureCookie = hasCookie(req, SECURE_SESSION_COOKIE);
  if (!secureCookie && !hasCookie(req, SESSION_COOKIE)) return null;
  const key = cookieKey(req);
  const now = Date.now();
  const hit = decoded.get(key);
  if (hit && hit.until > now) return hit.claims;
  let claims: SessionClaims | null = null;
  let until = now + CACHE_TTL_MS;
  try {
    const token = await getToken({ req, secret: getAuthSecret(), secureCookie });
    claims = readClaims(token);
    if (typeof token?.exp === "number") until = Math.min(until, token.exp * 1000);
  } catch {
    claims = null; // tampered, expired or encrypted with another secret
  }
  if (decoded.size >= CACHE_MAX) decoded.delete(decoded.keys().next().value as string);
  decoded.set(key, { claims, until });
  return claims;
}

/** The user id a session cookie names, without asking whether the session is still current. */
export async function sessionUserId(req: Request): Promise<string | null> {
  return (await sessionClaims(req))?.sub ?? null;
}
