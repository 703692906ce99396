import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { activities } from "@/db/schema";
import type { SportDetected } from "@/lib/activities/infer-sport";

/** The sport inferred at import for one of the runner's activities, and why (null when the file said, or nothing was inferred). */
export async function getSportDetected(db: Db, { userId, id }: { userId: string; id: string }): Promise<SportDetected | null> {
  const rows = await db
    .select({ sport: activities.sportDetected, reason: activities.sportNote })
    .from(activities)
    .where(and(eq(activities.userId, userId), eq(activities.id, id)))
    .limit(1);
  const row = rows[0];
  return row?.sport && row.reason ? { sport: row.sport, reason: row.reason } : null;
}
