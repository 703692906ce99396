import { and, eq, isNotNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { archiveImports, uploadFiles } from "@/db/schema";
import { ApiError } from "@/lib/api/errors";
import { maxUserStorageBytes } from "@/lib/env";
import { formatBytes } from "@/lib/format-bytes";

/**
 * A runner's storage on the server: the original files kept for their export (gzipped, in
 * upload_files) plus the archives waiting on disk for their import (archive_imports with a path).
 */
export async function storageUsedBytes(db: Db, userId: string): Promise<number> {
  const [files] = await db.select({ n: sql<string>`coalesce(sum(${uploadFiles.sizeBytes}), 0)` }).from(uploadFiles).where(eq(uploadFiles.userId, userId));
  const [archives] = await db
    .select({ n: sql<string>`coalesce(sum(${archiveImports.sizeBytes}), 0)` })
    .from(archiveImports)
    .where(and(eq(archiveImports.userId, userId), isNotNull(archiveImports.path)));
  return Number(files?.n ?? 0) + Number(archives?.n ?? 0);
}

/**
 * Refuses (413 payload_too_large:storage_quota) an upload of `incomingBytes` that would take the
 * runner past MAX_USER_STORAGE_MB. Checked before the body is read, from its declared size.
 */
export async function assertStorageFor(db: Db, userId: string, incomingBytes: number): Promise<void> {
  const quota = maxUserStorageBytes();
  if (quota === null) return;
  const used = await storageUsedBytes(db, userId);
  if (used + incomingBytes > quota) {
    throw new ApiError(
      413,
      "payload_too_large:storage_quota",
      `This upload (${formatBytes(incomingBytes)}) would take your storage past its ${formatBytes(quota)} limit (you use ${formatBytes(used)} for your original files and waiting archives). Ask whoever runs this Patella to raise MAX_USER_STORAGE_MB.`,
      { usedBytes: used, quotaBytes: quota },
    );
  }
}
