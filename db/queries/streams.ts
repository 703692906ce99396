import { and, eq } from "drizzle-orm";
import type { Db } from "../client";
import { activityStreams } from "../schema";
import type { PackedStreams } from "@/lib/activities/streams";

export async function insertStreams(db: Db, values: PackedStreams & { activityId: string; userId: string }): Promise<void> {
  await db.insert(activityStreams).values(values);
}

/** As insertStreams, but a second writer of the same activity's streams (two page views) is a no-op. */
export async function insertStreamsOnce(db: Db, values: PackedStreams & { activityId: string; userId: string }): Promise<void> {
  await db.insert(activityStreams).values(values).onConflictDoNothing({ target: activityStreams.activityId });
}

/** The streams of the runner's own activity, or null (none stored, or not theirs). */
export async function getStreams(db: Db, { userId, activityId }: { userId: string; activityId: string }): Promise<PackedStreams | null> {
  const rows = await db
    .select()
    .from(activityStreams)
    .where(and(eq(activityStreams.userId, userId), eq(activityStreams.activityId, activityId)))
    .limit(1);
  return rows[0] ?? null;
}
