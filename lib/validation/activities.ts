import { z } from "zod";

/** Surfaces a runner can choose for a run ("mixed" comes only with a measured split). */
export const CHOOSABLE_SURFACES = ["road", "trail", "track", "grass", "treadmill", "unknown"] as const;

export const activityIdParams = z.object({ id: z.uuid("That is not an activity id.") });

export const listActivitiesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

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
