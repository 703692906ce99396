import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { ensurePrivateDir } from "@/db/client";
import { assertStorageFor } from "@/db/queries/storage";
import { apiRoute } from "@/lib/api/guard";
import { ApiError } from "@/lib/api/errors";
import { env, maxArchiveBytes } from "@/lib/env";
import { formatBytes } from "@/lib/format-bytes";
import { archiveFileName, archivesDir, checkArchive, listArchiveImports, queueArchiveImport } from "@/lib/import/archive-import";
import { ImportError } from "@/lib/import/types";
import { archiveImportJson } from "./json";

/**
 * Receives an archive — Strava's export, a .zip of .gpx/.tcx/.fit files, or a Patella export to
 * restore (lib/account/restore.ts) — as the raw request
 * body (Content-Type application/zip; the name in X-File-Name, URI-encoded), streamed to
 * DATA_DIR/archives without being held in memory, checked (a ZIP whose activities Patella can
 * find), and queued for import. Answers 202 with the import, whose progress GET /api/v1/archives/:id
 * reports.
 */
export const POST = apiRoute({}, async ({ req, db, userId }) => {
  const limit = maxArchiveBytes();
  const declared = req.headers.get("content-length");
  if (declared === null) throw new ApiError(411, "length_required", "The upload must declare its size (Content-Length).");
  if (!Number.isFinite(Number(declared)) || Number(declared) > limit) {
    throw new ApiError(413, "payload_too_large", `The archive is larger than the ${formatBytes(limit)} limit (MAX_ARCHIVE_MB).`);
  }
  await assertStorageFor(db, userId, Number(declared));
  const type = (req.headers.get("content-type") ?? "").toLowerCase();
  if (!/^application\/(zip|x-zip-compressed|octet-stream)\b/.test(type)) {
    throw new ApiError(415, "unsupported_media_type", "Send the archive as the request body with Content-Type application/zip.");
  }
  let fileName = "archive.zip";
  try {
    fileName = decodeURIComponent(req.headers.get("x-file-name") ?? "archive.zip") || "archive.zip";
  } catch {
    // keep the default
  }
  if (!/\.zip$/i.test(fileName)) throw new ApiError(415, "unsupported_media_type", "Only .zip archives can be imported here; single files go to the upload above.");
  if (!req.body) throw new ApiError(400, "bad_request:file", "The archive is empty.");

  const dir = archivesDir(env().DATA_DIR);
  ensurePrivateDir(dir);
  // Named after its runner, so deleting the account finds it even if the server stopped mid-upload.
  const filePath = path.join(dir, archiveFileName(userId, randomUUID()));
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.byteLength;
      if (size > limit) done(new ApiError(413, "payload_too_large", `The archive is larger than the ${formatBytes(limit)} limit (MAX_ARCHIVE_MB).`));
      else done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(req.body as WebReadableStream<Uint8Array>), counter, fs.createWriteStream(filePath, { mode: 0o600 }));
    if (size === 0) throw new ApiError(400, "bad_request:file", "The archive is empty.");
    // Refuse what is not a usable archive now, while the runner is waiting, rather than in the job:
    // checked on a heavy-work thread (this one only waits), with every cap of the import.
    const plan = await checkArchive(filePath);
    // An export of an account without activities still restores its settings.
    if (plan.items === 0 && plan.kind !== "patella_export") {
      throw new ApiError(422, "unprocessable:import", "This archive holds no .gpx, .tcx or .fit activity files.", { reason: "no_activities" });
    }
  } catch (err) {
    await fs.promises.rm(filePath, { force: true });
    if (err instanceof ImportError) throw new ApiError(422, "unprocessable:import", err.message, { reason: err.code });
    if (err instanceof ApiError) throw err;
    throw new ApiError(400, "bad_request:file", "The upload was interrupted or incomplete. Please try again.");
  }
  const run = await queueArchiveImport(db, { userId, fileName, filePath, sizeBytes: size, now: new Date() });
  return Response.json({ archive: archiveImportJson(run) }, { status: 202 });
});

/** The runner's recent archive imports, newest first. */
export const GET = apiRoute({}, async ({ db, userId }) => ({ archives: (await listArchiveImports(db, userId)).map(archiveImportJson) }));
