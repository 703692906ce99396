import type { ArchiveImport } from "@/db/schema";

/** What the runner sees of an archive import: never the server-side path. */
export function archiveImportJson({ path: _path, userId: _userId, ...run }: ArchiveImport) {
  return run;
}
