import { and, asc, desc, eq, notInArray, sql, type AnyColumn } from "drizzle-orm";
import type { Db } from "../client";
import { gear, users, type Gear } from "../schema";

/** One pair of shoes or one bike as a source reports it (lib/strava/gear.ts reads Strava's). */
export interface GearInput {
  /** The source's gear id, e.g. Strava's "g123" (shoes) or "b456" (bikes). */
  sourceRef: string;
  kind: Gear["kind"];
  name: string;
  /** Metres, as the source counts them: finite and not negative. */
  distanceM: number;
  primary: boolean;
}

/** The value the conflicting insert proposed for `column` (ON CONFLICT … DO UPDATE). */
const excluded = (column: AnyColumn) => sql`excluded.${sql.identifier(column.name)}`;

/**
 * Makes the runner's Strava gear what Strava reports now, in one transaction: every item is
 * inserted or updated (and un-retired, should it come back), and the runner's Strava gear that is
 * not in `items` is marked retired — Strava leaves retired gear out of the athlete's lists, and its
 * activities keep pointing at it — never deleted. Gear of other runners and other sources is not
 * touched. Two syncs of one runner take turns (the runner's row is locked), so an older list never
 * retires what a newer one just wrote. A runner deleted meanwhile gets nothing written.
 *
 * Items with the same sourceRef count once (the first wins). Throws a TypeError for a distance
 * that is negative or not finite: the caller validates what the source sent (gearFromStravaAthlete).
 */
export async function replaceStravaGear(
  db: Db,
  userId: string,
  items: readonly GearInput[],
  now: Date,
): Promise<{ upserted: number; retired: number }> {
  const unique = new Map<string, GearInput>();
  for (const item of items) {
    if (!Number.isFinite(item.distanceM) || item.distanceM < 0) {
      throw new TypeError(`gear ${item.sourceRef}: distance must be a finite number of metres, not negative`);
    }
    if (!unique.has(item.sourceRef)) unique.set(item.sourceRef, item);
  }
  const rows = [...unique.values()].map((item) => ({
    userId,
    source: "strava" as const,
    sourceRef: item.sourceRef,
    kind: item.kind,
    name: item.name,
    distanceM: item.distanceM,
    primary: item.primary,
    retired: false,
    updatedAt: now,
  }));

  return db.transaction(async (tx) => {
    const [runner] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("no key update");
    if (!runner) return { upserted: 0, retired: 0 };

    if (rows.length > 0) {
      await tx
        .insert(gear)
        .values(rows)
        .onConflictDoUpdate({
          target: [gear.userId, gear.source, gear.sourceRef],
          set: {
            kind: excluded(gear.kind),
            name: excluded(gear.name),
            distanceM: excluded(gear.distanceM),
            primary: excluded(gear.primary),
            retired: false,
            updatedAt: now,
          },
        });
    }

    const missing = rows.length > 0 ? notInArray(gear.sourceRef, rows.map((r) => r.sourceRef)) : undefined;
    const retired = await tx
      .update(gear)
      .set({ retired: true, updatedAt: now })
      .where(and(eq(gear.userId, userId), eq(gear.source, "strava"), eq(gear.retired, false), missing))
      .returning({ sourceRef: gear.sourceRef });
    return { upserted: rows.length, retired: retired.length };
  });
}

/**
 * The runner's gear from every source: shoes before bikes, pairs in use before retired ones, the
 * primary first, then the most used.
 */
export async function listGear(db: Db, userId: string): Promise<Gear[]> {
  return db
    .select()
    .from(gear)
    .where(eq(gear.userId, userId))
    .orderBy(desc(eq(gear.kind, "shoe")), asc(gear.retired), desc(gear.primary), desc(gear.distanceM), asc(gear.name), asc(gear.sourceRef));
}

/** Forgets the runner's Strava gear (on disconnecting Strava); returns how many rows went. */
export async function deleteStravaGear(db: Db, userId: string): Promise<number> {
  const rows = await db
    .delete(gear)
    .where(and(eq(gear.userId, userId), eq(gear.source, "strava")))
    .returning({ sourceRef: gear.sourceRef });
  return rows.length;
}
