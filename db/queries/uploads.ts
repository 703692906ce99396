import { desc, eq } from "drizzle-orm";
import type { Db } from "../client";
import { uploadFiles, uploads } from "../schema";

export type NewUpload = typeof uploads.$inferInsert;

export async function recordUpload(db: Db, values: NewUpload): Promise<string> {
  const [row] = await db.insert(uploads).values(values).returning({ id: uploads.id });
  return row!.id;
}

/** Keeps the original bytes (gzip) of an imported file; a file already kept stays as it is. */
export async function keepOriginal(db: Db, values: { userId: string; sha256: string; fileName: string; gz: Buffer }): Promise<void> {
  await db
    .insert(uploadFiles)
    .values({ ...values, sizeBytes: values.gz.byteLength })
    .onConflictDoNothing({ target: [uploadFiles.userId, uploadFiles.sha256] });
}

export async function listUploads(db: Db, { userId, limit }: { userId: string; limit: number }) {
  return db
    .select({
      id: uploads.id,
      fileName: uploads.fileName,
      sizeBytes: uploads.sizeBytes,
      status: uploads.status,
      errorCode: uploads.errorCode,
      errorMessage: uploads.errorMessage,
      activityId: uploads.activityId,
      createdAt: uploads.createdAt,
    })
    .from(uploads)
    .where(eq(uploads.userId, userId))
    .orderBy(desc(uploads.createdAt))
    .limit(limit);
}
