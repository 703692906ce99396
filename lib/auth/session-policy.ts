import { randomUUID } from "node:crypto";
import { eq, lt, sql } from "drizzle-orm";
import { encode, type JWT, type JWTEncodeParams } from "next-auth/jwt";
import type { Db } from "@/db/client";
import { revokedSessions, users } from "@/db/schema";
import { sessionMaxAgeSeconds } from "@/lib/env";

/**
 * Revocable sessions. Auth.js keeps a session in an encrypted JWT cookie, which on its own stays
 * valid until it expires, whatever happens on the server. Patella adds three claims when a runner
 * signs in and checks them on every request that reads the session (the API guard, and through the
 * `jwt` callback every page and /api/auth/session):
 *
 * - `sv`, the runner's session version (users.session_version): a password change and "sign out
 *   everywhere" bump it, which ends every session of the runner at once; deleting the account
 *   deletes the row, which ends them too.
 * - `sid`, a random id for this one session: signing out records it in revoked_sessions, so a copy
 *   of the cookie taken before the sign-out is refused for good, while the runner's other devices
 *   stay signed in (a version bump would sign them all out).
 * - `ast`, when the runner signed in (seconds): past SESSION_MAX_AGE_DAYS (14 days by default) the
 *   session is over however active it was, and each re-issued token expires at that moment at the
 *   latest (cappedEncode), so /api/auth/session cannot extend it.
 *
 * Tokens without these claims (issued before this existed) are refused: everyone signs in again once.
 */
export interface SessionClaims {
  sub: string;
  sv: number;
  sid: string;
  ast: number;
}

/** How long an idle session lasts: each use of the session renews it by this much, up to the absolute lifetime. */
export const SLIDING_MAX_AGE_S = 7 * 24 * 3600;

export function readClaims(token: unknown): SessionClaims | null {
  if (!token || typeof token !== "object") return null;
  const t = token as Record<string, unknown>;
  if (typeof t.sub !== "string" || !t.sub) return null;
  if (typeof t.sv !== "number" || !Number.isSafeInteger(t.sv)) return null;
  if (typeof t.sid !== "string" || !t.sid || t.sid.length > 100) return null;
  if (typeof t.ast !== "number" || !Number.isFinite(t.ast)) return null;
  return { sub: t.sub, sv: t.sv, sid: t.sid, ast: t.ast };
}

/** When the session's absolute lifetime ends, in seconds since the epoch. */
export function absoluteExpiry(claims: Pick<SessionClaims, "ast">, maxAgeS = sessionMaxAgeSeconds()): number {
  return claims.ast + maxAgeS;
}

/** The claims for a session that starts now. Null when the runner does not exist. */
export async function startSession(db: Db, userId: string, now: Date = new Date()): Promise<SessionClaims | null> {
  const rows = await db.select({ sv: users.sessionVersion }).from(users).where(eq(users.id, userId)).limit(1);
  if (!rows[0]) return null;
  return { sub: userId, sv: rows[0].sv, sid: randomUUID(), ast: Math.floor(now.getTime() / 1000) };
}

/**
 * Whether a session may still be used: within its absolute lifetime, the runner still exists with
 * the same session version, and this session was not signed out. One query.
 */
export async function isSessionCurrent(db: Db, claims: SessionClaims, now: Date = new Date()): Promise<boolean> {
  const nowS = now.getTime() / 1000;
  if (nowS >= absoluteExpiry(claims)) return false;
  if (claims.ast > nowS + 300) return false; // signed in "in the future": not a token we issued
  const rows = await db
    .select({
      sv: users.sessionVersion,
      revoked: sql<boolean>`exists (select 1 from ${revokedSessions} where ${revokedSessions.sid} = ${claims.sid})`,
    })
    .from(users)
    .where(eq(users.id, claims.sub))
    .limit(1);
  const row = rows[0];
  return Boolean(row && row.sv === claims.sv && !row.revoked);
}

/** Ends one session for good (sign-out). Expired revocations are pruned on the way. */
export async function revokeSession(db: Db, claims: SessionClaims, now: Date = new Date()): Promise<void> {
  await db.delete(revokedSessions).where(lt(revokedSessions.expiresAt, now));
  const expiresAt = new Date(absoluteExpiry(claims) * 1000);
  if (expiresAt <= now) return; // refused anyway
  // Only for a runner who still exists (the foreign key); a deleted runner's tokens are dead already.
  await db.execute(sql`
    insert into ${revokedSessions} (sid, user_id, expires_at)
    select ${claims.sid}, ${users.id}, ${expiresAt.toISOString()}::timestamptz from ${users} where ${users.id} = ${claims.sub}
    on conflict (sid) do nothing`);
}

/** Ends every session of the runner (password change, "sign out everywhere"). */
export async function bumpSessionVersion(db: Pick<Db, "update">, userId: string): Promise<void> {
  await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId));
}

/**
 * Auth.js's JWT encoder, except that a token never outlives its session's absolute lifetime: Auth.js
 * re-issues the token with a fresh sliding expiry on every /api/auth/session call.
 */
export async function cappedEncode(params: JWTEncodeParams<JWT>): Promise<string> {
  const claims = readClaims(params.token);
  const sliding = params.maxAge ?? SLIDING_MAX_AGE_S;
  if (!claims) return encode({ ...params, maxAge: sliding });
  const left = Math.floor(absoluteExpiry(claims) - Date.now() / 1000);
  return encode({ ...params, maxAge: Math.max(1, Math.min(sliding, left)) });
}

type JwtCallbackParams = { token: JWT; user?: { id?: string | null } | null };

/**
 * The Auth.js pieces that make sessions revocable (see the top of this file), shared by
 * lib/auth/index.ts and the tests, which run them on @auth/core directly.
 */
export function revocableSessionConfig(db: Db) {
  return {
    session: { strategy: "jwt" as const, maxAge: SLIDING_MAX_AGE_S },
    jwt: { encode: cappedEncode },
    callbacks: {
      async jwt({ token, user }: JwtCallbackParams): Promise<JWT | null> {
        if (user) {
          // A sign-in (password or Strava): a new session with its own id and start.
          const id = user.id ?? token.sub;
          const claims = id ? await startSession(db, id) : null;
          return claims ? { ...token, ...claims } : null;
        }
        // Every later read (pages, /api/auth/session, also with trigger "update": the browser
        // cannot change the claims): refused, and the cookie removed, when no longer current.
        const claims = readClaims(token);
        if (!claims || !(await isSessionCurrent(db, claims))) return null;
        return token;
      },
      /** What the browser sees of the session: the user's id added; never the session claims. */
      session<S extends { user?: { id?: string } | null }>({ session, token }: { session: S; token: JWT }): S {
        if (token.sub && session.user) session.user.id = token.sub;
        return session;
      },
    },
    events: {
      async signOut(message: { token?: JWT | null } | { session?: unknown }) {
        const claims = "token" in message ? readClaims(message.token) : null;
        if (claims) await revokeSession(db, claims);
      },
    },
  };
}
