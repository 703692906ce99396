import type { Db } from "@/db/client";
import { getAuthSecret } from "./secret";
import { cappedEncode, SLIDING_MAX_AGE_S, startSession } from "./session-policy";
import { hasCookie, SECURE_SESSION_COOKIE, SESSION_COOKIE } from "./session-token";

/**
 * A Set-Cookie value with a new session for the runner, under the cookie name the request used (so
 * Secure stays Secure): what a password change answers with, since it ended every earlier session
 * of the runner, the caller's included. The same token Auth.js would issue at sign-in.
 */
export async function freshSessionCookie(db: Db, req: Request, user: { id: string; email: string | null; name: string | null }): Promise<string | null> {
  const claims = await startSession(db, user.id);
  if (!claims) return null;
  const secure = hasCookie(req, SECURE_SESSION_COOKIE);
  const name = secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
  const token = await cappedEncode({
    token: { name: user.name, email: user.email, ...claims },
    secret: getAuthSecret(),
    salt: name,
    maxAge: SLIDING_MAX_AGE_S,
  });
  return `${name}=${token}; Path=/; Max-Age=${SLIDING_MAX_AGE_S}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}
