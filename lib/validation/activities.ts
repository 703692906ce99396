import { z } from "zod";
import type { ActivitySource, Sport, Surface } from "@/db/schema";
import { isoDate } from "./load";
import { cleanOneLine, stripControlChars } from "./text";

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

const activityName = z
  .string({ error: "The title must be text." })
  .transform((s) => cleanOneLine(s, 1000))
  .pipe(z.string().min(1, "Give the activity a title.").max(200, "Use at most 200 characters for the title."));

const activityNotes = z
  .string({ error: "Notes must be text." })
  .max(2000, "Use at most 2000 characters for notes.")
  .transform((s) => stripControlChars(s).trim() || null);

const rpeScale = z
  .number({ error: "Perceived exertion must be a whole number from 0 to 10." })
  .int("Perceived exertion must be a whole number from 0 to 10.")
  .min(0, "Perceived exertion must be a whole number from 0 to 10.")
  .max(10, "Perceived exertion must be a whole number from 0 to 10.");

/** Distance a hand-entered activity may claim: up to 1,000 km (an ultra-distance ride). */
export const MAX_MANUAL_DISTANCE_M = 1_000_000;
/** Duration a hand-entered activity may claim: up to 48 hours. */
export const MAX_MANUAL_DURATION_S = 48 * 3600;

/**
 * An activity entered by hand (POST /api/v1/activities): `start` is a date and time in the
 * runner's zone ("2026-11-24T07:30") or an instant with an offset; the surface applies to runs.
 */
export const manualActivitySchema = z
  .object({
    start: z.string({ error: "Give the start as a date and time like 2026-11-24T07:30." }).max(40, "Give the start as a date and time like 2026-11-24T07:30."),
    sport: oneOf("sport", SPORT_VALUES),
    durationS: z
      .number({ error: "The duration must be a number of seconds." })
      .int("The duration must be a whole number of seconds.")
      .min(1, "The duration must be at least one second.")
      .max(MAX_MANUAL_DURATION_S, "The duration can be at most 48 hours."),
    distanceM: z
      .number({ error: "The distance must be a number of metres." })
      .min(0, "The distance cannot be negative.")
      .max(MAX_MANUAL_DISTANCE_M, "The distance can be at most 1,000 km."),
    name: activityName.optional(),
    surface: z.enum(CHOOSABLE_SURFACES, { error: `Surface must be one of ${CHOOSABLE_SURFACES.join(", ")}.` }).optional(),
    rpe: rpeScale.nullable().optional(),
    notes: activityNotes.nullable().optional(),
  })
  .strict();
export type ManualActivity = z.infer<typeof manualActivitySchema>;

export const activityPatchSchema = z
  .object({
    /** Another of the runner's activities this one is the same run as; null counts it on its own. */
    duplicateOf: z.uuid("That is not an activity id.").nullable().optional(),
    /** The runner's choice of surface for this run. */
    surface: z.enum(CHOOSABLE_SURFACES, { error: `Surface must be one of ${CHOOSABLE_SURFACES.join(", ")}.` }).optional(),
    /** With `surface`: give every run on the same route (start, end and shape) that surface too. */
    applyToRoute: z.boolean({ error: "applyToRoute must be true or false." }).optional(),
    /** The runner's title for the activity (a Strava activity keeps it through Strava's updates). */
    name: activityName.optional(),
    /** The runner's sport: the surface is derived again and every figure follows. */
    sport: oneOf("sport", SPORT_VALUES).optional(),
    /** The runner's notes; null or "" clears them. */
    notes: activityNotes.nullable().optional(),
    /** Perceived exertion, 0–10; null clears it. */
    rpe: rpeScale.nullable().optional(),
    /** Strava's title and sport again: forgets the runner's edits of them (a Strava activity only). */
    useStravaValues: z.literal(true, { error: "useStravaValues can only be true." }).optional(),
  })
  .strict()
  .refine((p) => p.useStravaValues === undefined || (p.name === undefined && p.sport === undefined), {
    message: "Either edit the title and sport or use Strava's again, not both.",
    path: ["useStravaValues"],
  })
  .refine((p) => p.applyToRoute === undefined || p.surface !== undefined, { message: "applyToRoute goes with a surface.", path: ["applyToRoute"] })
  .refine((p) => Object.keys(p).length > 0, { message: "Send at least one field to change." });

export const streamsQuery = z.object({
  points: z.coerce.number().int().min(10).max(5000).default(600),
});
