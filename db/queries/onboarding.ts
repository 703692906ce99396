import { eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { users } from "../schema";

/**
 * Records that the runner finished (or skipped) the first-run questions; the first time counts, a
 * later call changes nothing. Returns when that was, or null when there is no such runner.
 */
export async function markOnboarded(db: Db, userId: string, now: Date): Promise<Date | null> {
  const [row] = await db
    .update(users)
    .set({ onboardedAt: sql`coalesce(${users.onboardedAt}, ${now.toISOString()}::timestamptz)` })
    .where(eq(users.id, userId))
    .returning({ onboardedAt: users.onboardedAt });
  return row ? row.onboardedAt : null;
}

export async function isOnboarded(db: Db, userId: string): Promise<boolean> {
  const [row] = await db.select({ onboardedAt: users.onboardedAt }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.onboardedAt != null;
}
