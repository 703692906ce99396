import { z } from "zod";
import { emailSchema, passwordSchema } from "@/lib/auth/credentials";
import { timeZoneSchema } from "./settings";

export const signUpSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: z.string().trim().max(100, "Use at most 100 characters for your name.").optional(),
  // The browser's zone, so weeks are right from the first chart; falls back to UTC.
  timeZone: timeZoneSchema.optional().catch(undefined),
});
