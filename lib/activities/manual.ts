import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { findSameRun, getActivity, insertActivity, type ActivityView } from "@/db/queries/activities";
import { RUNNING_SPORTS, type Sport } from "@/db/schema";
import { ApiError } from "@/lib/api/errors";
import { EARLIEST_CHECKIN, FUTURE_TOLERANCE_MS, parseCheckinTime } from "@/lib/checkins/time";
import { localDateOf } from "@/lib/load/weeks";
import { surfaceWithoutTrack } from "@/lib/surface/service";
import type { ManualActivity } from "@/lib/validation/activities";

/**
 * An activity entered by hand (source "manual"): a treadmill run, a run the watch missed, a ride.
 * No track: distance and duration are the runner's, moving time equals the duration. A run's
 * surface is the runner's choice, else what its sport says (treadmill, trail) or road (assumed).
 * The same run already imported (overlapping times, distance within 10 %) makes this a duplicate
 * of it, counted once, as an import would be.
 */

function badField(path: string, message: string): ApiError {
  return new ApiError(400, "bad_request:body", `${path}: ${message}`, [{ path, message }]);
}

const DEFAULT_NAMES: Record<Sport, string> = {
  run: "Run",
  trail_run: "Trail run",
  treadmill_run: "Treadmill run",
  ride: "Ride",
  swim: "Swim",
  walk: "Walk",
  hike: "Hike",
  strength: "Strength training",
  other: "Activity",
};

export async function createManualActivity(db: Db, userId: string, timeZone: string, input: ManualActivity, now = new Date()): Promise<ActivityView> {
  const start = parseCheckinTime(input.start, timeZone);
  if (!start) throw badField("start", "Give the start as a date and time like 2026-11-24T07:30.");
  if (start.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) throw badField("start", "An activity cannot start in the future.");
  if (start < EARLIEST_CHECKIN) throw badField("start", "An activity cannot be dated before 1990.");
  const running = RUNNING_SPORTS.includes(input.sport);
  if (input.surface !== undefined && !running) throw badField("surface", "Only a run has a surface.");
  const localDate = localDateOf(start, timeZone);
  const name = input.name ?? `${DEFAULT_NAMES[input.sport]} on ${localDate}`;
  const label =
    input.surface !== undefined
      ? { surface: input.surface, source: "user" as const, confidence: "high" as const, split: null }
      : surfaceWithoutTrack(input.sport, "manual", name, input.distanceM);
  const id = await db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    const sameRunAs = await findSameRun(tx, { userId, startTime: start, elapsedS: input.durationS, distanceM: input.distanceM });
    return insertActivity(tx, {
      userId,
      source: "manual",
      sourceRef: randomUUID(),
      sport: input.sport,
      name,
      startTime: start,
      localDate,
      timeZone,
      distanceM: input.distanceM,
      movingS: input.durationS,
      elapsedS: input.durationS,
      rpe: input.rpe ?? null,
      notes: input.notes ?? null,
      surface: label.surface,
      surfaceSource: label.source,
      surfaceConfidence: label.confidence,
      surfaceSplit: null,
      duplicateOf: sameRunAs?.id ?? null,
    });
  });
  const activity = id ? await getActivity(db, { userId, id }) : null;
  if (!activity) throw new Error("a hand-entered activity was not stored");
  return activity;
}
