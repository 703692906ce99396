import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { findSameRun } from "@/db/queries/activities";
import { activities, type NewActivity } from "@/db/schema";
import { errorFields, log } from "@/lib/log";
import { activityFromStrava } from "./mapping";
import { parseStravaActivity, type StravaDetailedActivity } from "./types";

/**
 * Stores Strava activities (summaries from a history page, or one detail from a webhook event) as
 * the runner's activities. Inserting is idempotent — the unique (user, source, source_ref) index
 * turns a second copy into nothing — so a page seen twice, or an event racing the history import,
 * never stores a run twice, and an activity already imported from the runner's Strava export archive
 * (source "archive", the same Strava id) is not stored again. A run the runner also uploaded as a file is kept but counted once
 * (duplicate_of the upload), as ingest does the other way round.
 */

export interface StoreOutcome {
  inserted: number;
  /** Already stored. */
  existing: number;
  /** Not a valid activity (logged without its content). */
  invalid: number;
}

/** Validates raw JSON items; answers the valid ones and how many were not. */
export function validActivities(items: readonly unknown[]): { valid: StravaDetailedActivity[]; invalid: number } {
  const valid: StravaDetailedActivity[] = [];
  let invalid = 0;
  for (const item of items) {
    const parsed = parseStravaActivity(item);
    if (parsed.ok) valid.push(parsed.activity);
    else {
      invalid += 1;
      log.warn("skipped an invalid Strava activity", { error: parsed.error });
    }
  }
  return { valid, invalid };
}

/** The row values of one Strava activity for the runner. */
export async function rowFor(db: Db, userId: string, activity: StravaDetailedActivity, fallbackTimeZone: string): Promise<NewActivity> {
  const { values, routeShape } = activityFromStrava(activity, { userId, fallbackTimeZone });
  const same = await findSameRun(db, {
    userId,
    startTime: values.startTime,
    elapsedS: values.elapsedS,
    distanceM: values.distanceM,
    excludeSource: "strava",
  });
  return { ...values, routeShape, duplicateOf: same?.id ?? null };
}

/** Inserts what is not stored yet, in the caller's transaction. */
export async function insertStravaActivities(tx: Db, userId: string, list: readonly StravaDetailedActivity[], fallbackTimeZone: string): Promise<StoreOutcome> {
  const rows: NewActivity[] = [];
  let invalid = 0;
  // Activities already imported from the runner's Strava export archive (keyed by the same id).
  const ids = list.map((a) => String(a.id));
  const fromArchive = ids.length
    ? new Set(
        (
          await tx
            .select({ ref: activities.sourceRef })
            .from(activities)
            .where(and(eq(activities.userId, userId), eq(activities.source, "archive"), inArray(activities.sourceRef, ids)))
        ).map((r) => r.ref),
      )
    : new Set<string>();
  let existing = 0;
  for (const activity of list) {
    if (fromArchive.has(String(activity.id))) {
      existing += 1;
      continue;
    }
    try {
      rows.push(await rowFor(tx, userId, activity, fallbackTimeZone));
    } catch (err) {
      invalid += 1;
      log.warn("could not map a Strava activity", errorFields(err));
    }
  }
  if (rows.length === 0) return { inserted: 0, existing, invalid };
  const inserted = await tx
    .insert(activities)
    .values(rows)
    .onConflictDoNothing({ target: [activities.userId, activities.source, activities.sourceRef] })
    .returning({ id: activities.id });
  return { inserted: inserted.length, existing: existing + rows.length - inserted.length, invalid };
}

export async function findStravaActivity(db: Db, userId: string, stravaId: string) {
  const rows = await db
    .select({ id: activities.id, name: activities.name, sport: activities.sport, surfaceSource: activities.surfaceSource, editedFields: activities.editedFields })
    .from(activities)
    .where(and(eq(activities.userId, userId), eq(activities.source, "strava"), eq(activities.sourceRef, stravaId)))
    .limit(1);
  return rows[0] ?? null;
}
