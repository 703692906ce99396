import type { Db } from "@/db/client";
import { replaceStravaGear } from "@/db/queries/gear";
import { errorFields, log } from "@/lib/log";
import { scheduleBackfill } from "./backfill";
import { gearFromStravaAthlete, hasStravaGearLists } from "./gear";
import { storeStravaTokens, type StravaOAuthTokens } from "./tokens";

/**
 * A runner connected (or reconnected) Strava through the OAuth flow: keep the encrypted tokens and
 * the scopes they granted, the shoes from the athlete profile Auth.js has just fetched (no extra
 * request), and queue the history import (lib/strava/backfill.ts), which carries on from its
 * checkpoint after a reconnect.
 */
export async function onStravaConnected(
  db: Db,
  secret: string,
  userId: string,
  account: StravaOAuthTokens,
  profile: unknown,
  grantedScopes: string | null,
  now = new Date(),
): Promise<boolean> {
  const p = (profile && typeof profile === "object" ? profile : {}) as { created_at?: unknown };
  const created = typeof p.created_at === "string" ? new Date(p.created_at) : null;
  const athleteCreatedAt = created && !Number.isNaN(created.getTime()) ? created : null;
  const stored = await storeStravaTokens(db, secret, userId, account, now, { scopes: grantedScopes, athleteCreatedAt });
  if (!stored) return false;
  if (hasStravaGearLists(profile)) {
    try {
      await replaceStravaGear(db, userId, gearFromStravaAthlete(profile), now);
    } catch (err) {
      log.warn("could not store the runner's Strava gear", { userId, ...errorFields(err) });
    }
  }
  await scheduleBackfill(db, userId, now);
  return true;
}
