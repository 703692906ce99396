import { z } from "zod";
import { signUpSchema } from "./auth";

/** The word a runner without a password types to confirm deleting their account (or their email). */
export const DELETE_CONFIRMATION_WORD = "DELETE";

/**
 * Changing the password: the new one follows the sign-up rules. The current one is required when
 * the runner has one (the handler checks); a runner who signed up with Strava sets a first one
 * without it.
 */
export const passwordChangeSchema = z
  .object({
    currentPassword: z.string({ error: "Enter your current password." }).max(200, "Enter your current password.").optional(),
    newPassword: signUpSchema.shape.password,
  })
  .strict()
  .refine((v) => v.currentPassword === undefined || v.currentPassword !== v.newPassword, {
    message: "Choose a new password that differs from the current one.",
    path: ["newPassword"],
  });
export type PasswordChange = z.infer<typeof passwordChangeSchema>;

/** Deleting the account: the password for a runner who has one, else their email or the word DELETE. */
export const deleteAccountSchema = z
  .object({
    password: z.string({ error: "Enter your password." }).max(200, "Enter your password.").optional(),
    confirm: z.string({ error: `Type your email address or ${DELETE_CONFIRMATION_WORD}.` }).max(320).optional(),
  })
  .strict();
export type DeleteAccountConfirmation = z.infer<typeof deleteAccountSchema>;
