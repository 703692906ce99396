import { z } from "zod";
import { apiRoute } from "@/lib/api/guard";
import { ApiError } from "@/lib/api/errors";
import { getArchiveImport } from "@/lib/import/archive-import";
import { archiveImportJson } from "../json";

const params = z.object({ id: z.uuid({ error: "id must be a UUID" }) });

/** One archive import and its progress (counts per status). */
export const GET = apiRoute({ params }, async ({ db, userId, params }) => {
  const run = await getArchiveImport(db, { userId, id: params.id });
  if (!run) throw new ApiError(404, "not_found:archive", "No archive import with that id was found in your account.");
  return { archive: archiveImportJson(run) };
});
