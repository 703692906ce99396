import { z } from "zod";
import { emailSchema, passwordSchema } from "@/lib/auth/credentials";
import { timeZoneSchema } from "./settings";
import { plainText } from "./text";

export const signUpSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: plainText(100, "your name").optional(),
  // The browser's zone, so weeks are right from the first chart; falls back to UTC.
  timeZone: timeZoneSchema.optional().catch(undefined),
  // Needed when SIGNUP is "invite" (or unset once an account exists): from `npm run user -- invite`.
  invite: z.string().trim().max(100, "That invitation code is too long.").optional(),
});
