import { markOnboarded } from "@/db/queries/onboarding";
import { apiRoute } from "@/lib/api/guard";
import { notFound } from "@/lib/api/errors";

/** POST /api/v1/onboarding — the runner finished or skipped the first-run questions: `{ onboardedAt }` (the first time). */
export const POST = apiRoute({}, async ({ db, userId }) => {
  const onboardedAt = await markOnboarded(db, userId, new Date());
  if (!onboardedAt) throw notFound("user");
  return { onboardedAt };
});
