import { assertStorageFor } from "@/db/queries/storage";
import { listUploads } from "@/db/queries/uploads";
import { getUserSettings } from "@/db/queries/users";
import { ingestFile } from "@/lib/activities/ingest";
import { apiRoute } from "@/lib/api/guard";
import { ApiError, notFound } from "@/lib/api/errors";
import { maxUploadBytes } from "@/lib/env";
import { formatBytes } from "@/lib/format-bytes";
import { activityFileFormat } from "@/lib/import/archive";
import { ACCEPTED_EXTENSIONS, MAX_SINGLE_DECOMPRESSED_BYTES } from "@/lib/import/parse-file";
import { spikesOf } from "@/lib/today/for-runner";

/** Receives one activity file (.gpx, .tcx, .fit, each optionally .gz) as multipart/form-data field `file`. */
export const POST = apiRoute({}, async ({ req, db, userId }) => {
  const limit = maxUploadBytes();
  const lengthHeader = req.headers.get("content-length");
  if (lengthHeader === null) {
    // Without a declared length the body could be unbounded; browsers always declare it for uploads.
    throw new ApiError(411, "length_required", "The upload must declare its size (Content-Length).");
  }
  const declared = Number(lengthHeader);
  if (!Number.isFinite(declared) || declared > limit + 64 * 1024) {
    throw new ApiError(413, "payload_too_large", `The file is larger than the ${formatBytes(limit)} limit.`);
  }
  await assertStorageFor(db, userId, declared);
  if (!(req.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data")) {
    throw new ApiError(415, "unsupported_media_type", "Upload the file as multipart/form-data with the field name “file”.");
  }
  let form: FormData;
  try {
    form = await req.formData();
  } catch {
    throw new ApiError(400, "bad_request:file", "The upload was incomplete or malformed. Please try again.");
  }
  const file = form.get("file");
  if (!(file instanceof File)) {
    throw new ApiError(400, "bad_request:file", "Choose a .gpx, .tcx or .fit file to upload.");
  }
  if (file.size > limit) {
    throw new ApiError(413, "payload_too_large", `The file is larger than the ${formatBytes(limit)} limit.`);
  }
  if (/\.zip$/i.test(file.name)) {
    throw new ApiError(415, "unsupported_media_type", `“${file.name.slice(0, 80)}” is an archive: import it under “Import a Strava archive or a .zip of files”.`);
  }
  if (!activityFileFormat(file.name)) {
    throw new ApiError(415, "unsupported_media_type", `“${file.name.slice(0, 80)}” is not an activity file. Patella reads ${ACCEPTED_EXTENSIONS.join(", ")}.`);
  }
  const settings = await getUserSettings(db, userId);
  if (!settings) throw notFound("user");

  const result = await ingestFile(db, {
    userId,
    timeZone: settings.timeZone,
    fileName: file.name,
    bytes: new Uint8Array(await file.arrayBuffer()),
    // Gunzipped, parsed and measured on a heavy-work thread, never on this one.
    maxDecompressedBytes: MAX_SINGLE_DECOMPRESSED_BYTES,
  });
  if (result.status === "failed") {
    throw new ApiError(422, "unprocessable:import", result.error.message, { reason: result.error.code });
  }
  if (result.status === "duplicate") {
    throw new ApiError(409, "conflict:duplicate_activity", `This file was already imported as “${result.name}”.`, {
      activityId: result.activityId,
    });
  }
  // The run's spike against the 30 days before it (null for other sports and for a run counted as another's duplicate).
  const spikes = await spikesOf(db, userId, settings.timeZone, [{ id: result.activityId, startTime: result.figures.startTime }]);
  return Response.json(
    {
      status: "imported",
      spike: spikes.get(result.activityId) ?? null,
      activityId: result.activityId,
      uploadId: result.uploadId,
      name: result.name,
      ...result.figures,
      sameRunAs: result.sameRunAs,
      sportDetected: result.sportDetected,
    },
    { status: 201 },
  );
});

export const GET = apiRoute({}, async ({ db, userId }) => ({ uploads: await listUploads(db, { userId, limit: 50 }) }));
