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
 * The signed-in user's id from the Auth.js session cookie (an encrypted JWT), or null. Works on
 * any Request, so route handlers and their integration tests share one path.
 */
export async function sessionUserId(req: Request): Promise<string | null> {
  const secureCookie = hasCookie(req, SECURE_SESSION_COOKIE);
  if (!secureCookie && !hasCookie(req, SESSION_COOKIE)) return null;
  try {
    const token = await getToken({ req, secret: getAuthSecret(), secureCookie });
    return typeof token?.sub === "string" ? token.sub : null;
  } catch {
    return null; // tampered, expired or encrypted with another secret
  }
}
