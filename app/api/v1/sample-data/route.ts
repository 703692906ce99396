import { apiRoute } from "@/lib/api/guard";
import { addSampleData, removeSampleData } from "@/lib/sample/sample-data";

/**
 * POST /api/v1/sample-data — adds the sample history for the signed-in runner: 201 with
 * `{ added, activities, checkins }`, or 200 with `added: 0` when they already have it.
 * DELETE /api/v1/sample-data — removes it: 200 with `{ removed, activities, checkins, uploads }`.
 */
export const POST = apiRoute({}, async ({ db, userId }) => {
  const result = await addSampleData(db, userId);
  return Response.json(result, { status: result.added > 0 ? 201 : 200 });
});

export const DELETE = apiRoute({}, async ({ db, userId }) => removeSampleData(db, userId));
