import type { Db } from "@/db/client";
import { getCheckin, insertCheckin, ownsActivity, updateCheckin, type CheckinValues, type CheckinView } from "@/db/queries/checkins";
import { ApiError, notFound } from "@/lib/api/errors";
import { localDateOf } from "@/lib/load/weeks";
import type { CheckinCreate, CheckinPatch } from "@/lib/validation/checkins";
import { EARLIEST_CHECKIN, FUTURE_TOLERANCE_MS, parseCheckinTime } from "./time";

/**
 * Writing check-ins: what zod cannot check alone (the time read in the runner's time zone, the
 * linked run belonging to the runner, RPE needing a run) before one transactional write.
 */

function badField(path: string, message: string): ApiError {
  return new ApiError(400, "bad_request:body", `${path}: ${message}`, [{ path, message }]);
}

/** The instant and calendar date of `at` (now when absent), refused in the future or before 1990. */
function timeFields(at: string | undefined, timeZone: string, now: Date): Pick<CheckinValues, "at" | "localDate" | "timeZone"> {
  const instant = at === undefined ? now : parseCheckinTime(at, timeZone);
  if (!instant) throw badField("at", "Give the time as a date and time like 2026-11-24T07:30.");
  if (instant.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) throw badField("at", "A check-in cannot be in the future.");
  if (instant < EARLIEST_CHECKIN) throw badField("at", "A check-in cannot be dated before 1990.");
  return { at: instant, localDate: localDateOf(instant, timeZone), timeZone };
}

async function checkActivity(db: Db, userId: string, activityId: string | null | undefined): Promise<void> {
  if (activityId && !(await ownsActivity(db, { userId, activityId }))) throw notFound("activity");
}

/** `sample`: part of the sample history (lib/sample), removable with it. */
export async function createCheckin(
  db: Db,
  userId: string,
  timeZone: string,
  input: CheckinCreate,
  now = new Date(),
  { sample = false }: { sample?: boolean } = {},
): Promise<CheckinView> {
  const { at, ...rest } = input;
  const time = timeFields(at, timeZone, now);
  await checkActivity(db, userId, rest.activityId);
  const id = await insertCheckin(db, userId, { ...rest, ...time, ...(sample ? { sample: true } : {}) });
  return (await getCheckin(db, { userId, id }))!;
}

/** Applies a patch to the runner's own check-in; null when there is no such check-in (so: 404). */
export async function changeCheckin(
  db: Db,
  userId: string,
  id: string,
  patch: CheckinPatch,
  now = new Date(),
): Promise<CheckinView | null> {
  const existing = await getCheckin(db, { userId, id });
  if (!existing) return null;
  const { at, redFlagsSeen, ...rest } = patch;
  const values: Partial<CheckinValues> = { ...rest };
  // An edited time is read in the time zone the check-in was made in (the form shows it in that zone).
  if (at !== undefined) Object.assign(values, timeFields(at, existing.timeZone, now));
  await checkActivity(db, userId, rest.activityId);

  const activityId = rest.activityId !== undefined ? rest.activityId : (existing.activity?.id ?? null);
  if (rest.rpe != null && activityId === null) throw badField("rpe", "Perceived exertion belongs to a run: choose the run it was for.");
  // Unlinking the run takes its effort rating with it.
  if (activityId === null && rest.rpe === undefined && existing.rpe !== null) values.rpe = null;

  if (redFlagsSeen !== undefined) values.redFlagsSeenAt = redFlagsSeen ? (existing.redFlagsSeenAt ?? now) : null;
  else if (rest.redFlags?.some((flag) => !existing.redFlags.includes(flag))) values.redFlagsSeenAt = null; // a new sign is not seen yet

  if (!(await updateCheckin(db, { userId, id, values }))) return null;
  return getCheckin(db, { userId, id });
}
