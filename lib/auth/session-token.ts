import { getToken } from "next-auth/jwt";
import { getAuthSecret } from "./secret";

export const SESSION_COOKIE = "authjs.session-token";
export const SECURE_SESSION_COOKIE = "__Secure-authjs.session-token";

function hasCookie(req: Request, name: string): boolean {
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
const decoded = new Map<string, { sub: string | null; until: number }>();

function cookieKey(req: Request): string {
  return req.headers.get("cookie") ?? "";
}

/**
 * The signed-in user's id from the Auth.js session cookie (an encrypted JWT), or null. Works on
 * any Request, so route handlers and their integration tests share one path.
 */
export async function sessionUserId(req: Request): Promise<string | null> {
  const secureCookie = hasCookie(req, SECURE_SESSION_COOKIE);
  if (!secureCookie && !hasCookie(req, SESSION_COOKIE)) return null;
  const key = cookieKey(req);
  const now = Date.now();
  const hit = decoded.get(key);
  if (hit && hit.until > now) return hit.sub;
  let sub: string | null = null;
  let until = now + CACHE_TTL_MS;
  try {
    const token = await getToken({ req, secret: getAuthSecret(), secureCookie });
    sub = typeof token?.sub === "string" ? token.sub : null;
    if (typeof token?.exp === "number") until = Math.min(until, token.exp * 1000);
  } catch {
    sub = null; // tampered, expired or encrypted with another secret
  }
  if (decoded.size >= CACHE_MAX) decoded.delete(decoded.keys().next().value as string);
  decoded.set(key, { sub, until });
  return sub;
}
