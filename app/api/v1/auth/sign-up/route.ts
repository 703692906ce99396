import { publicApiRoute } from "@/lib/api/guard";
import { signUp } from "@/lib/auth/sign-up";
import { clientAddress } from "@/lib/security/client-address";
import { signUpSchema } from "@/lib/validation/auth";

/**
 * Creates an email + password account when SIGNUP allows it (lib/auth/sign-up.ts). Answers 202 with
 * the same body whether the email was free or already registered; the browser then signs in
 * through Auth.js, which succeeds only with the account's own password.
 */
export const POST = publicApiRoute({ body: signUpSchema }, async ({ req, db, body }) =>
  Response.json(await signUp(db, body, clientAddress(req.headers)), { status: 202 }),
);
