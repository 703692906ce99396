import { AsyncLocalStorage } from "node:async_hooks";
import type { Db } from "@/db/client";
import { getStravaConnection, upsertStravaConnection } from "@/db/queries/strava";
import { decryptSecret, encryptSecret } from "@/lib/crypto";

export interface StravaOAuthTokens {
  providerAccountId: string;
  access_token?: string;
  refresh_token?: string;
  expires_at?: number;
  scope?: string;
}

/** What Patella asks for, and what goes missing without each part. */
export function missingScopeNotes(scopes: string | null): string[] {
  // Unknown (a connection made before Patella recorded scopes): the API will tell.
  if (scopes === null) return [];
  const granted = new Set(scopes.split(","));
  const notes: string[] = [];
  if (!granted.has("activity:read_all")) {
    notes.push(
      granted.has("activity:read")
        ? "Private (“Only You”) activities will not be imported."
        : "Patella may not read your activities, so nothing can be imported.",
    );
  }
  if (!granted.has("profile:read_all")) notes.push("Patella cannot read your shoes, so the shoe-distance reminder stays off.");
  return notes;
}

/**
 * Strava names the scopes the runner actually granted only in the redirect back to Patella
 * (`?code=…&scope=read,activity:read_all`), not in the token answer. The auth route runs the
 * callback inside this store with that value, so the sign-in event can keep it.
 */
export const grantedScopeStore = new AsyncLocalStorage<string | null>();

/** Keeps only well-formed scope names, comma-separated; null when there are none. */
export function cleanScopes(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const scopes = raw
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter((s) => /^[a-z_]+(:[a-z_]+)?$/.test(s) && s.length <= 40);
  return scopes.length ? [...new Set(scopes)].join(",") : null;
}

/**
 * Keeps the tokens of a Strava sign-in, encrypted, in strava_connections (one statement, so the
 * newest refresh token replaces the old one atomically). Returns false when the account carries no
 * usable tokens.
 */
export async function storeStravaTokens(
  db: Db,
  secret: string,
  userId: string,
  account: StravaOAuthTokens,
  now = new Date(),
  extra: { scopes?: string | null; athleteCreatedAt?: Date | null } = {},
): Promise<boolean> {
  const athleteId = Number(account.providerAccountId);
  if (!account.access_token || !account.refresh_token || !Number.isSafeInteger(athleteId)) return false;
  await upsertStravaConnection(db, {
    userId,
    athleteId,
    accessTokenEnc: encryptSecret(account.access_token, secret),
    refreshTokenEnc: encryptSecret(account.refresh_token, secret),
    expiresAt: account.expires_at ? new Date(account.expires_at * 1000) : new Date(now.getTime() + 6 * 3600 * 1000),
    scopes: cleanScopes(extra.scopes ?? account.scope ?? null),
    athleteCreatedAt: extra.athleteCreatedAt ?? null,
  });
  return true;
}

/** The decrypted tokens of a runner's connection, for server-side Strava calls only. */
export async function readStravaTokens(db: Db, secret: string, userId: string) {
  const row = await getStravaConnection(db, userId);
  if (!row) return null;
  return {
    athleteId: row.athleteId,
    accessToken: decryptSecret(row.accessTokenEnc, secret),
    refreshToken: decryptSecret(row.refreshTokenEnc, secret),
    expiresAt: row.expiresAt,
  };
}
