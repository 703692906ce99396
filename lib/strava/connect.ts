import type { Db } from "@/db/client";
import { replaceStravaGear } from "@/db/queries/gear";
import { errorFields, log } from "@/lib/log";
import { getStravaConnection, updateBackfill } from "@/db/queries/strava";
import { scheduleBackfill } from "./backfill";
import { scheduleSync } from "./sync";
import { gearFromStravaAthlete, hasStravaGearLists } from "./gear";
import { storeStravaTokens, type StravaOAuthTokens } from "./tokens";

/**
 * A runner connected (or reconnected) Strava through the OAuth flow: keep the encrypted tokens and
 * the scopes they granted, the shoes from the athlete profile Auth.js has just fetched (no extra
 * request), and queue the history import (lib/strava/backfill.ts), which carries on from its
 * checkpoint after a reconnect.
 *
 * A reconnect also syncs at once (lib/strava/sync.ts: what arrived while the connection needed a
 * reconnect). A reconnect that grants private activities for the first time (activity:read →
 * activity:read_all) reads the whole history again from the top, so the runs the old grant hid
 * arrive; what is already stored is not stored twice (the import is idempotent).
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
  const before = await getStravaConnection(db, userId);
  const stored = await storeStravaTokens(db, secret, userId, account, now, { scopes: grantedScopes, athleteCreatedAt });
  if (!stored) return false;
  if (hasStravaGearLists(profile)) {
    try {
      await replaceStravaGear(db, userId, gearFromStravaAthlete(profile), now);
    } catch (err) {
      log.warn("could not store the runner's Strava gear", { userId, ...errorFields(err) });
    }
  }
  const after = await getStravaConnection(db, userId);
  if (before && after && widensToPrivate(before.scopes, after.scopes)) {
    log.info("strava grant now includes private activities: reading the history again", { userId });
    await updateBackfill(db, userId, {
      backfillStatus: "running",
      backfillBefore: null,
      backfillStartedAt: now,
      backfillFinishedAt: null,
      backfillPausedUntil: null,
      lastError: null,
      resetCounts: true,
    });
  }
  await scheduleBackfill(db, userId, now);
  if (before && (after?.backfillStatus ?? before.backfillStatus) === "done") {
    await scheduleSync(db, userId, now);
  }
  return true;
}

/** The old grant hid private ("Only You") activities and the new one shows them. */
export function widensToPrivate(oldScopes: string | null, newScopes: string | null): boolean {
  const has = (s: string | null) => (s ?? "").split(",").includes("activity:read_all");
  // Unknown old scopes (a connection from before Patella recorded them): nothing to tell.
  return oldScopes !== null && !has(oldScopes) && has(newScopes);
}
