import fs from "node:fs";
import path from "node:path";
import { inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { archiveImports } from "@/db/schema";
import { errorFields, log } from "@/lib/log";
import { archiveFileName, archivesDir } from "./archive-import";

/**
 * Files in DATA_DIR/archives that no queued or running import needs: an upload cut off by a crash
 * or a restart (its file was written before its row), a plan left by an import that ended while
 * the server stopped. Swept when the server starts. A file changed in the last `graceMs` is left
 * alone: it may be an upload still arriving at another instance that shares DATA_DIR.
 */
export async function sweepArchives(db: Db, dataDir: string, now: Date, graceMs = 15 * 60_000): Promise<string[]> {
  const dir = archivesDir(dataDir);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const live = await db
    .select({ path: archiveImports.path, planPath: archiveImports.planPath })
    .from(archiveImports)
    .where(inArray(archiveImports.status, ["queued", "running"]));
  const keep = new Set(live.flatMap((r) => [r.path, r.planPath]).filter((p): p is string => p !== null).map((p) => path.resolve(p)));
  const removed: string[] = [];
  for (const name of names) {
    const full = path.join(dir, name);
    if (keep.has(full)) continue;
    try {
      const stat = fs.statSync(full);
      if (!stat.isFile() || now.getTime() - stat.mtimeMs < graceMs) continue;
      fs.rmSync(full, { force: true });
      removed.push(name);
    } catch (err) {
      log.warn("could not sweep a leftover archive file", { name, ...errorFields(err) });
    }
  }
  if (removed.length > 0) log.info("leftover archive files swept", { count: removed.length });
  return removed;
}

/** Every file in DATA_DIR/archives uploaded by this runner (named after them), listed in the database or not. */
export function archiveFilesOf(dataDir: string, userId: string): string[] {
  const prefix = archiveFileName(userId, "");
  const stem = prefix.slice(0, prefix.length - ".zip".length);
  try {
    return fs
      .readdirSync(archivesDir(dataDir))
      .filter((name) => name.startsWith(stem))
      .map((name) => path.join(archivesDir(dataDir), name));
  } catch {
    return [];
  }
}
