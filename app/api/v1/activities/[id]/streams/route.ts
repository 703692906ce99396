import { getActivity } from "@/db/queries/activities";
import { getStreams } from "@/db/queries/streams";
import { downsample, unpackStreams } from "@/lib/activities/streams";
import { apiRoute } from "@/lib/api/guard";
import { notFound } from "@/lib/api/errors";
import { activityIdParams, streamsQuery } from "@/lib/validation/activities";

/** Downsampled distance, time, altitude, heart rate, pace and route of an activity, for its page. */
export const GET = apiRoute({ params: activityIdParams, query: streamsQuery }, async ({ db, userId, params, query }) => {
  if (!(await getActivity(db, { userId, id: params.id }))) throw notFound("activity");
  const packed = await getStreams(db, { userId, activityId: params.id });
  if (!packed) return { series: null };
  return { series: downsample(unpackStreams(packed), query.points) };
});
