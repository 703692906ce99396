import { z } from "zod";
import { UNITS } from "@/db/schema";
import { isValidTimeZone } from "@/lib/time-zones";

export const timeZoneSchema = z.string().refine(isValidTimeZone, "Choose a time zone from the list (for example Europe/Paris).");

export const settingsPatchSchema = z
  .object({
    units: z.enum(UNITS, { error: "Units must be km or mi." }).optional(),
    timeZone: timeZoneSchema.optional(),
    sex: z.enum(["female", "male"], { error: "Sex must be female or male (or empty)." }).nullable().optional(),
    hrRest: z.number().int().min(25, "Resting heart rate must be at least 25 bpm.").max(120, "Resting heart rate must be at most 120 bpm.").nullable().optional(),
    hrMax: z.number().int().min(100, "Maximum heart rate must be at least 100 bpm.").max(240, "Maximum heart rate must be at most 240 bpm.").nullable().optional(),
  })
  .strict()
  .refine((v) => v.hrRest == null || v.hrMax == null || v.hrMax > v.hrRest + 20, {
    message: "Maximum heart rate must be well above the resting one.",
    path: ["hrMax"],
  });
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
