import { deleteActivity, duplicatesOf, editActivity, getActivity, setDuplicateOf } from "@/db/queries/activities";
import type { NewActivity } from "@/db/schema";
import { getSportDetected } from "@/db/queries/sport-detected";
import { getUserSettings } from "@/db/queries/users";
import { apiRoute } from "@/lib/api/guard";
import { ApiError, notFound } from "@/lib/api/errors";
import { refreshFromStrava } from "@/lib/strava/events";
import { relabelSurface, surfaceForSport } from "@/lib/surface/service";
import { spikesOf } from "@/lib/today/for-runner";
import { activityIdParams, activityPatchSchema } from "@/lib/validation/activities";

export const GET = apiRoute({ params: activityIdParams }, async ({ db, userId, params }) => {
  const activity = await getActivity(db, { userId, id: params.id });
  if (!activity) throw notFound("activity");
  const settings = await getUserSettings(db, userId);
  if (!settings) throw notFound("user");
  const [countedAs, standsFor, spikes, sportDetected] = await Promise.all([
    activity.duplicateOf ? getActivity(db, { userId, id: activity.duplicateOf }) : null,
    duplicatesOf(db, { userId, id: activity.id }),
    spikesOf(db, userId, settings.timeZone, [activity]),
    getSportDetected(db, { userId, id: activity.id }),
  ]);
  return {
    activity,
    /** The run's spike against the longest run of the 30 days before it; null for other sports and merged duplicates. */
    spike: spikes.get(activity.id) ?? null,
    sameRun: {
      countedAs: countedAs ? { id: countedAs.id, name: countedAs.name, source: countedAs.source } : null,
      duplicates: standsFor,
    },
    /** The sport inferred at import when the file did not say, and why ("Average pace 22:43 /km — imported as a hike"); else null. */
    sportDetected,
  };
});

/**
 * Changes what counts: `duplicateOf: null` counts the activity on its own again (undoes a merge).
 * `surface` is the runner's choice for this run; with `applyToRoute: true` also for every run on the
 * same route (the answer lists them in `relabelled`). `name`, `sport`, `notes` and `rpe` are the
 * runner's edits: a new sport derives the surface again (as an import would) and every figure that
 * reads activities follows (the activities_version trigger invalidates cached reports); the title
 * and sport are remembered as edited, so Strava's updates leave them alone until `useStravaValues`.
 */
export const PATCH = apiRoute({ params: activityIdParams, body: activityPatchSchema }, async ({ db, userId, params, body }) => {
  const activity = await getActivity(db, { userId, id: params.id });
  if (!activity) throw notFound("activity");
  if (body.duplicateOf !== undefined) {
    if (body.duplicateOf !== null) {
      const target = await getActivity(db, { userId, id: body.duplicateOf });
      if (!target) throw notFound("activity");
      if (target.id === activity.id || target.duplicateOf !== null) {
        throw new ApiError(422, "unprocessable:merge", "An activity can only be merged into another that is counted on its own.");
      }
    }
    await setDuplicateOf(db, { userId, id: activity.id, duplicateOf: body.duplicateOf });
  }
  await applyEdits(db, userId, activity, body);
  let surface = null;
  if (body.surface !== undefined) {
    surface = await relabelSurface(db, {
      userId,
      activityId: activity.id,
      distanceM: activity.distanceM,
      surface: body.surface,
      applyToRoute: body.applyToRoute ?? false,
    });
  }
  return { activity: await getActivity(db, { userId, id: activity.id }), ...(surface ? { surface } : {}) };
});

export const DELETE = apiRoute({ params: activityIdParams }, async ({ db, userId, params }) => {
  if (!(await deleteActivity(db, { userId, id: params.id }))) throw notFound("activity");
  return new Response(null, { status: 204 });
});

type Patch = typeof activityPatchSchema extends { _zod: { output: infer O } } ? O : never;

async function applyEdits(db: Parameters<typeof getActivity>[0], userId: string, activity: NonNullable<Awaited<ReturnType<typeof getActivity>>>, body: Patch) {
  const set: Parameters<typeof editActivity>[1]["set"] = {};
  const edited = new Set(activity.editedFields);
  if (body.name !== undefined && body.name !== activity.name) {
    set.name = body.name;
    edited.add("name");
  }
  if (body.sport !== undefined && body.sport !== activity.sport) {
    set.sport = body.sport;
    edited.add("sport");
    const label = await surfaceForSport(db, {
      userId,
      activityId: activity.id,
      sport: body.sport,
      source: activity.source,
      name: body.name ?? activity.name,
      distanceM: activity.distanceM,
      current: { surface: activity.surface, surfaceSource: activity.surfaceSource },
    });
    if (label) Object.assign(set, { surface: label.surface, surfaceSource: label.source, surfaceConfidence: label.confidence, surfaceSplit: label.split } satisfies Partial<NewActivity>);
  }
  if (body.notes !== undefined) set.notes = body.notes;
  if (body.rpe !== undefined) set.rpe = body.rpe;
  if (body.useStravaValues) {
    if (activity.source !== "strava") throw new ApiError(422, "unprocessable:not_strava", "Only an activity from Strava has Strava's title and sport to go back to.");
    edited.delete("name");
    edited.delete("sport");
  }
  if (edited.size !== activity.editedFields.length || [...edited].some((f) => !activity.editedFields.includes(f))) set.editedFields = [...edited].sort();
  await editActivity(db, { userId, id: activity.id, set });
  if (body.useStravaValues) await refreshFromStrava(db, userId, activity.sourceRef, new Date());
}
