import { z } from "zod";

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
  })
  .strict();

export const streamsQuery = z.object({
  points: z.coerce.number().int().min(10).max(5000).default(600),
});
