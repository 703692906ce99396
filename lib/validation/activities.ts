import { z } from "zod";
import type { ActivitySource, Sport, Surface } from "@/db/schema";
import { isoDate } from "./load";

/** Surfaces a runner can choose for a run ("mixed" comes only with a measured split). */
export const CHOOSABLE_SURFACES = ["road", "trail", "track", "grass", "treadmill", "unknown"] as const;

export const activityIdParams = z.object({ id: z.uuid("That is not an activity id.") });

/** How the activities list can be ordered: by start, distance or moving time. */
export const ACTIVITY_SORTS = ["date", "distance", "moving_time"] as const;
export type ActivitySort = (typeof ACTIVITY_SORTS)[number];
export const SORT_DIRECTIONS = ["asc", "desc"] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

/*
 * The values an activity's sport, surface and source take (db/schema.ts), spelled out here so that
 * browser code can validate the list's URL without bundling the schema; the type checks below fail
 * the build when the two drift apart.
 */
export const SPORT_VALUES = ["run", "trail_run", "treadmill_run", "ride", "swim", "walk", "hike", "strength", "other"] as const;
export const SURFACE_VALUES = ["road", "trail", "track", "grass", "treadmill", "mixed", "unknown"] as const;
export const SOURCE_VALUES = ["strava", "gpx", "tcx", "fit", "archive", "manual"] as const;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type FilterValuesMatchSchema = [
  Assert<Same<(typeof SPORT_VALUES)[number], Sport>>,
  Assert<Same<(typeof SURFACE_VALUES)[number], Surface>>,
  Assert<Same<(typeof SOURCE_VALUES)[number], ActivitySource>>,
];

const oneOf = <const T extends readonly [string, ...string[]]>(name: string, values: T) =>
  z.enum(values, { error: `${name} must be one of ${values.join(", ")}.` });

/** The filters of the activities list, shared by the API and the page's URL. */
export const activityFilterFields = {
  sport: oneOf("sport", SPORT_VALUES).optional(),
  surface: oneOf("surface", SURFACE_VALUES).optional(),
  source: oneOf("source", SOURCE_VALUES).optional(),
  /** First and last local date (in the runner's time zone) an activity may start on, inclusive. */
  from: isoDate.optional(),
  to: isoDate.optional(),
};

export const listActivitiesQuery = z
  .object({
    limit: z.coerce.number({ error: "limit must be a number." }).int("limit must be a whole number.").min(1, "limit must be 1 to 100.").max(100, "limit must be 1 to 100.").default(25),
    offset: z.coerce.number({ error: "offset must be a number." }).int("offset must be a whole number.").min(0, "offset cannot be negative.").max(1_000_000).default(0),
    sort: oneOf("sort", ACTIVITY_SORTS).default("date"),
    dir: oneOf("dir", SORT_DIRECTIONS).default("desc"),
    ...activityFilterFields,
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "from must be on or before to.", path: ["from"] });
export type ListActivitiesQuery = z.infer<typeof listActivitiesQuery>;

export const weeklyLoadQuery = z.object({
  weeks: z.coerce.number().int().min(1).max(520).default(12),
});

export const activityPatchSchema = z
  .object({
    /** Another of the runner's activities this one is the same run as; null counts it on its own. */
    duplicateOf: z.uuid("That is not an activity id.").nullable().optional(),
    /** The runner's choice of surface for this run. */
    surface: z.enum(CHOOSABLE_SURFACES, { error: `Surface must be one of ${CHOOSABLE_SURFACES.join(", ")}.` }).optional(),
    /** With `surface`: give every run on the same route (start, end and shape) that surface too. */
    applyToRoute: z.boolean({ error: "applyToRoute must be true or false." }).optional(),
  })
  .strict()
  .refine((p) => p.applyToRoute === undefined || p.surface !== undefined, { message: "applyToRoute goes with a surface.", path: ["applyToRoute"] })
  .refine((p) => Object.keys(p).length > 0, { message: "Send at least one field to change." });

export const streamsQuery = z.object({
  points: z.coerce.number().int().min(10).max(5000).default(600),
});
