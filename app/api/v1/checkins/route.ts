import { listCheckins } from "@/db/queries/checkins";
import { getUserSettings } from "@/db/queries/users";
import { apiRoute } from "@/lib/api/guard";
import { notFound } from "@/lib/api/errors";
import { createCheckin } from "@/lib/checkins/service";
import { checkinCreateSchema, checkinListQuery } from "@/lib/validation/checkins";

/** GET /api/v1/checkins — the runner's check-ins, newest first. */
export const GET = apiRoute({ query: checkinListQuery }, async ({ db, userId, query }) => listCheckins(db, { userId, ...query }));

/** POST /api/v1/checkins — a new check-in; `at` without an offset is read in the runner's time zone. */
export const POST = apiRoute({ body: checkinCreateSchema }, async ({ db, userId, body }) => {
  const settings = await getUserSettings(db, userId);
  if (!settings) throw notFound("user");
  const checkin = await createCheckin(db, userId, settings.timeZone, body);
  return Response.json({ checkin }, { status: 201 });
});
