import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { stravaConnections } from "../schema";

export interface StravaTokensInput {
  userId: string;
  athleteId: number;
  accessTokenEnc: string;
  refreshTokenEnc: string;
  expiresAt: Date;
  scopes: string | null;
}

/** Stores the newest tokens for a runner's Strava connection in one statement (insert or replace). */
export async function upsertStravaConnection(db: Db, input: StravaTokensInput): Promise<void> {
  const { userId: _userId, ...rest } = input;
  await db
    .insert(stravaConnections)
    .values(input)
    .onConflictDoUpdate({ target: stravaConnections.userId, set: { ...rest, lastError: null } });
}

export async function getStravaConnection(db: Db, userId: string) {
  const rows = await db.select().from(stravaConnections).where(eq(stravaConnections.userId, userId)).limit(1);
  return rows[0] ?? null;
}
