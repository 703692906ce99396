import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import type { Adapter } from "next-auth/adapters";
import { getDb, type Db } from "@/db/client";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { onStravaConnected } from "@/lib/strava/connect";
import { grantedScopeStore } from "@/lib/strava/tokens";
import { env, stravaConfigured } from "@/lib/env";
import { errorFields, log } from "@/lib/log";
import { authCookieOptions } from "./cookie-options";
import { clientAddress } from "@/lib/security/client-address";
import { verifyCredentials } from "./credentials";
import { getAuthSecret } from "./secret";
import { isSessionCurrent, revocableSessionConfig } from "./session-policy";
import { sessionClaims } from "./session-token";
import { stravaSignInAllowed } from "./sign-up";
import { stravaProvider } from "./strava-provider";

class RateLimitedSignIn extends CredentialsSignin {
  override code = "rate_limited";
}

/** The Drizzle adapter, except that provider tokens are never written to the accounts table. */
function patellaAdapter(db: Db): Adapter {
  const base = DrizzleAdapter(db, {
    usersTable: users,
    accountsTable: accounts,
    sessionsTable: sessions,
    verificationTokensTable: verificationTokens,
  });
  return {
    ...base,
    linkAccount: (account) =>
      base.linkAccount!({
        ...account,
        access_token: undefined,
        refresh_token: undefined,
        id_token: undefined,
        expires_at: undefined,
      }),
  };
}

async function buildConfig(): Promise<NextAuthConfig> {
  const db = await getDb();
  const e = env();
  const secret = getAuthSecret();
  const revocable = revocableSessionConfig(db);
  return {
    secret,
    // Auth.js reads the host from X-Forwarded-Host, falling back to Host. Those headers are only
    // what the browser or a trusted proxy sent: without TRUST_PROXY=1, the X-Forwarded-* a client
    // sends are removed before Next.js sees the request (lib/security/forwarded-headers.ts), and
    // AUTH_URL, when set, overrides the request's address altogether.
    trustHost: true,
    ...authCookieOptions(e.AUTH_URL ?? process.env.NEXTAUTH_URL),
    // A sliding lifetime (renewed by use) capped by an absolute one: lib/auth/session-policy.ts.
    session: revocable.session,
    jwt: revocable.jwt,
    adapter: patellaAdapter(db),
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      Credentials({
        credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
        async authorize(input, request) {
          const result = await verifyCredentials(db, input, clientAddress(request.headers));
          if (result.ok) return result.user;
          if (result.reason === "rate_limited") {
            const refusal = new RateLimitedSignIn();
            refusal.code = `rate_limited:${Math.ceil(result.retryAfterS / 60)}`;
            throw refusal;
          }
          return null;
        },
      }),
      ...(stravaConfigured(e) ? [stravaProvider(e)] : []),
    ],
    logger: {
      // A wrong password is an expected outcome, not a server error worth a stack trace.
      error(error) {
        // Auth.js error classes carry a stable `type`; class names are minified in the build.
        const type = (error as Error & { type?: string }).type ?? error.name;
        if (type === "CredentialsSignin") return;
        log.error("auth error", { type, detail: error.message });
      },
      warn(code) {
        log.warn("auth warning", { code });
      },
    },
    callbacks: {
      // Strava sign-in creates an account for an athlete it has not seen: only when sign-up is open
      // (SIGNUP), or when a signed-in runner is connecting Strava to their account.
      async signIn({ account }) {
        if (account?.provider !== "strava") return true;
        return stravaSignInAllowed(db, account.providerAccountId, async () => {
          const claims = await sessionClaims(new Request("http://patella.invalid/", { headers: await headers() }));
          return Boolean(claims && (await isSessionCurrent(db, claims)));
        });
      },
      jwt: revocable.callbacks.jwt,
      session: revocable.callbacks.session,
    },
    events: {
      signOut: revocable.events.signOut,
      async signIn({ user, account, profile }) {
        if (account?.provider !== "strava" || !user.id) return;
        try {
          await onStravaConnected(db, secret, user.id, account, profile, grantedScopeStore.getStore() ?? null);
        } catch (err) {
          log.error("could not store Strava tokens", { userId: user.id, ...errorFields(err) });
        }
      },
    },
  };
}

const nextAuth = NextAuth(buildConfig);

export const { handlers, signIn, signOut } = nextAuth;
/** The current session, computed once per request. */
export const auth = cache(() => nextAuth.auth());
