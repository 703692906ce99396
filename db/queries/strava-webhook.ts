import { eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import { stravaWebhook } from "../schema";

/** Patella's Strava push subscription (one row, id 1); see lib/strava/webhook.ts. */

export async function storedSubscriptionId(db: Db): Promise<number | null> {
  const [row] = await db.select({ id: stravaWebhook.subscriptionId }).from(stravaWebhook).where(eq(stravaWebhook.id, 1));
  return row?.id ?? null;
}

/** Stores what Strava said the subscription is (null: none of Patella's). */
export async function storeSubscriptionId(db: Db, subscriptionId: number | null, now: Date): Promise<void> {
  await db
    .insert(stravaWebhook)
    .values({ id: 1, subscriptionId, checkedAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: stravaWebhook.id, set: { subscriptionId, checkedAt: now, updatedAt: now } });
}

/** A new subscription is being made (the handshake): forget the old id, and allow a look-up at once. */
export async function forgetSubscription(db: Db, now: Date): Promise<void> {
  await db
    .insert(stravaWebhook)
    .values({ id: 1, subscriptionId: null, checkedAt: null, updatedAt: now })
    .onConflictDoUpdate({ target: stravaWebhook.id, set: { subscriptionId: null, checkedAt: null, updatedAt: now } });
}

/**
 * Takes the right to ask Strava now: true for one caller at most every `intervalMs` (atomic, so
 * any number of requests and instances together ask at most once per interval).
 */
export async function claimSubscriptionLookup(db: Db, now: Date, intervalMs: number): Promise<boolean> {
  const before = new Date(now.getTime() - intervalMs);
  const rows = await db
    .insert(stravaWebhook)
    .values({ id: 1, subscriptionId: null, checkedAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: stravaWebhook.id,
      set: { checkedAt: now, updatedAt: sql`${stravaWebhook.updatedAt}` },
      setWhere: or(isNull(stravaWebhook.checkedAt), lt(stravaWebhook.checkedAt, before)),
    })
    .returning({ id: stravaWebhook.id });
  return rows.length > 0;
}
