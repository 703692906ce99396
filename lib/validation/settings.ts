import { z } from "zod";
import { UNITS } from "@/db/schema";
import { isValidTimeZone } from "@/lib/time-zones";

export const timeZoneSchema = z.string().refine(isValidTimeZone, "Choose a time zone from the list (for example Europe/Paris).");

export const settingsPatchSchema = z
  .object({
    units: z.enum(UNITS, { error: "Units must be km or mi." }).optional(),
    timeZone: timeZoneSchema.optional(),
  })
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
