import { Readable } from "node:stream";
import { exportAccount } from "@/lib/account/export";
import { apiRoute } from "@/lib/api/guard";
import { notFound } from "@/lib/api/errors";

/**
 * Everything the runner has in Patella as one ZIP, streamed as it is written (lib/account/export.ts):
 * activities (JSON and CSV), check-ins (JSON and CSV), the weekly questionnaires, settings, and the
 * original files. Importing the ZIP under Upload → Import an archive restores it.
 */
export const GET = apiRoute({}, async ({ db, userId }) => {
  const result = await exportAccount(db, userId);
  if (!result) throw notFound("user");
  return new Response(Readable.toWeb(result.stream) as unknown as ReadableStream<Uint8Array>, {
    headers: {
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="${result.fileName}"`,
      "cache-control": "no-store",
    },
  });
});
