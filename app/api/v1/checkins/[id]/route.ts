import { deleteCheckin, getCheckin } from "@/db/queries/checkins";
import { apiRoute } from "@/lib/api/guard";
import { notFound } from "@/lib/api/errors";
import { changeCheckin } from "@/lib/checkins/service";
import { checkinIdParams, checkinPatchSchema } from "@/lib/validation/checkins";

export const GET = apiRoute({ params: checkinIdParams }, async ({ db, userId, params }) => {
  const checkin = await getCheckin(db, { userId, id: params.id });
  if (!checkin) throw notFound("checkin");
  return { checkin };
});

/** Any field of the check-in; `redFlagsSeen: true` marks its warning signs as seen by a healthcare professional. */
export const PATCH = apiRoute({ params: checkinIdParams, body: checkinPatchSchema }, async ({ db, userId, params, body }) => {
  const checkin = await changeCheckin(db, userId, params.id, body);
  if (!checkin) throw notFound("checkin");
  return { checkin };
});

export const DELETE = apiRoute({ params: checkinIdParams }, async ({ db, userId, params }) => {
  if (!(await deleteCheckin(db, { userId, id: params.id }))) throw notFound("checkin");
  return new Response(null, { status: 204 });
});
