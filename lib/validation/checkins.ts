import { z } from "zod";
import { KNEE_LOCATIONS, KNEE_SIDES, PAIN_TIMINGS, RED_FLAGS } from "@/db/schema";
import { stripControlChars } from "./text";

/** The check-in form and API share these schemas; the handler turns `at` into an instant in the runner's time zone. */

const painScale = (label: string) =>
  z
    .number({ error: `${label} must be a whole number from 0 to 10.` })
    .int(`${label} must be a whole number from 0 to 10.`)
    .min(0, `${label} must be a whole number from 0 to 10.`)
    .max(10, `${label} must be a whole number from 0 to 10.`);

const uniqueList = <T extends string>(values: readonly [T, ...T[]], what: string, choices: string) =>
  z
    .array(z.enum(values, { error: `Unknown ${what}: choose from ${choices}.` }), { error: `Send ${what}s as a list.` })
    .max(values.length, `Choose each ${what} at most once.`)
    .refine((list) => new Set(list).size === list.length, `Choose each ${what} at most once.`);

const locations = uniqueList(KNEE_LOCATIONS, "location", KNEE_LOCATIONS.join(", "));
const redFlags = uniqueList(RED_FLAGS, "warning sign", RED_FLAGS.join(", "));

const notes = z
  .string({ error: "Notes must be text." })
  .max(1000, "Use at most 1000 characters for notes.")
  .transform((s) => stripControlChars(s).trim() || null);

const fields = {
  /** ISO 8601; without an offset, a time in the runner's time zone. Defaults to now. */
  at: z.string({ error: "Give the time as a date and time like 2026-11-24T07:30." }).max(40, "Give the time as a date and time like 2026-11-24T07:30."),
  pain: painScale("Pain"),
  timing: z.enum(PAIN_TIMINGS, { error: `When must be one of ${PAIN_TIMINGS.join(", ")}.` }),
  locations,
  side: z.enum(KNEE_SIDES, { error: "Side must be left, right or both." }).nullable(),
  redFlags,
  /** Pain during the run made the runner stop it. */
  stoppedRun: z.boolean({ error: "stoppedRun must be true or false." }),
  activityId: z.uuid("That is not an activity id.").nullable(),
  rpe: painScale("Perceived exertion").nullable(),
  notes: notes.nullable(),
};

export const checkinCreateSchema = z
  .object({
    at: fields.at.optional(),
    pain: fields.pain,
    timing: fields.timing,
    locations: fields.locations.default([]),
    side: fields.side.default(null),
    redFlags: fields.redFlags.default([]),
    stoppedRun: fields.stoppedRun.default(false),
    activityId: fields.activityId.default(null),
    rpe: fields.rpe.default(null),
    notes: fields.notes.default(null),
  })
  .strict()
  .refine((c) => c.rpe === null || c.activityId !== null, { message: "Perceived exertion belongs to a run: choose the run it was for.", path: ["rpe"] });
export type CheckinCreate = z.infer<typeof checkinCreateSchema>;

export const checkinPatchSchema = z
  .object({
    at: fields.at.optional(),
    pain: fields.pain.optional(),
    timing: fields.timing.optional(),
    locations: fields.locations.optional(),
    side: fields.side.optional(),
    redFlags: fields.redFlags.optional(),
    stoppedRun: fields.stoppedRun.optional(),
    activityId: fields.activityId.optional(),
    rpe: fields.rpe.optional(),
    notes: fields.notes.optional(),
    /** true: the runner has seen a healthcare professional about this check-in's warning signs. */
    redFlagsSeen: z.boolean({ error: "redFlagsSeen must be true or false." }).optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: "Send at least one field to change." });
export type CheckinPatch = z.infer<typeof checkinPatchSchema>;

export const checkinIdParams = z.object({ id: z.uuid("That is not a check-in id.") });

export const checkinListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

/** The four OSTRC-O2 answers as option indexes 0–3, or a skip. */
export const ostrcSubmitSchema = z.union([
  z
    .object({
      answers: z
        .array(z.number().int().min(0).max(3), { error: "Answer the four questions with an option from 0 to 3." })
        .length(4, "Answer all four questions."),
    })
    .strict(),
  z.object({ skipped: z.literal(true) }).strict(),
], { error: "Send four answers, or { skipped: true }." });
export type OstrcSubmit = z.infer<typeof ostrcSubmitSchema>;
