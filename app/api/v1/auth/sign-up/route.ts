import { createPasswordUser } from "@/db/queries/users";
import { publicApiRoute } from "@/lib/api/guard";
import { ApiError } from "@/lib/api/errors";
import { hashPassword } from "@/lib/auth/password";
import { signUpSchema } from "@/lib/validation/auth";

/** Creates an email + password account. The browser then signs in through Auth.js. */
export const POST = publicApiRoute({ body: signUpSchema }, async ({ db, body }) => {
  const user = await createPasswordUser(db, {
    email: body.email,
    name: body.name || null,
    passwordHash: await hashPassword(body.password),
    timeZone: body.timeZone ?? "UTC",
  });
  if (!user) {
    throw new ApiError(409, "conflict:email_taken", "An account with this email already exists. Sign in instead.");
  }
  return Response.json({ user: { id: user.id, email: user.email } }, { status: 201 });
});
