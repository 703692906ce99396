import { deleteActivity, getActivity } from "@/db/queries/activities";
import { apiRoute } from "@/lib/api/guard";
import { notFound } from "@/lib/api/errors";
import { activityIdParams } from "@/lib/validation/activities";

export const GET = apiRoute({ params: activityIdParams }, async ({ db, userId, params }) => {
  const activity = await getActivity(db, { userId, id: params.id });
  if (!activity) throw notFound("activity");
  return { activity };
});

export const DELETE = apiRoute({ params: activityIdParams }, async ({ db, userId, params }) => {
  if (!(await deleteActivity(db, { userId, id: params.id }))) throw notFound("activity");
  return new Response(null, { status: 204 });
});
