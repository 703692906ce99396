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

/**
 * Keeps the tokens of a Strava sign-in, encrypted, in strava_connections (one statement, so the
 * newest refresh token replaces the old one atomically). Returns false when the account carries no
 * usable tokens.
 */
export async function storeStravaTokens(db: Db, secret: string, userId: string, account: StravaOAuthTokens, now = new Date()): Promise<boolean> {
  const athleteId = Number(account.providerAccountId);
  if (!account.access_token || !account.refresh_token || !Number.isSafeInteger(athleteId)) return false;
  await upsertStravaConnection(db, {
    userId,
    athleteId,
    accessTokenEnc: encryptSecret(account.access_token, secret),
    refreshTokenEnc: encryptSecret(account.refresh_token, secret),
    expiresAt: account.expires_at ? new Date(account.expires_at * 1000) : new Date(now.getTime() + 6 * 3600 * 1000),
    scopes: account.scope ?? null,
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

/** What the runner may see of their connection: never a token. */
export async function stravaStatus(db: Db, userId: string) {
  const row = await getStravaConnection(db, userId);
  return row ? { connected: true as const, athleteId: row.athleteId, connectedAt: row.createdAt } : { connected: false as const };
}
