import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { archiveImports } from "@/db/schema";
import { env } from "@/lib/env";
import { archiveFileName, archivesDir, queueArchiveImport } from "@/lib/import/archive-import";
import { sweepArchives } from "@/lib/import/archive-sweep";
import { describeEachDatabase } from "../support/db";
import { createRunner } from "../support/factories";

describeEachDatabase("leftover archive files", ({ db }) => {
  it("are swept at start: those no queued or running import needs, once they are 15 minutes old", async () => {
    const runner = await createRunner(db());
    const dir = archivesDir(env().DATA_DIR);
    fs.mkdirSync(dir, { recursive: true });
    const now = new Date("2026-12-01T12:00:00Z");
    const hourAgo = new Date(now.getTime() - 3_600_000);
    const write = (name: string, at: Date) => {
      const p = path.join(dir, name);
      fs.writeFileSync(p, "PK");
      fs.utimesSync(p, at, at);
      return p;
    };
    const waiting = write(archiveFileName(runner.id, "waiting"), hourAgo);
    const waitingRun = await queueArchiveImport(db(), { userId: runner.id, fileName: "a.zip", filePath: waiting, sizeBytes: 2, now });
    const waitingPlan = write(`${waitingRun.id}.plan`, hourAgo);
    await db().update(archiveImports).set({ planPath: waitingPlan }).where(eq(archiveImports.id, waitingRun.id));
    const cutShort = write(archiveFileName(runner.id, "cut-short"), hourAgo);
    const arriving = write(archiveFileName(runner.id, "arriving"), new Date(now.getTime() - 60_000));
    const finished = write(archiveFileName(runner.id, "finished"), hourAgo);
    const finishedRun = await queueArchiveImport(db(), { userId: runner.id, fileName: "b.zip", filePath: finished, sizeBytes: 2, now });
    await db().update(archiveImports).set({ status: "done" }).where(eq(archiveImports.id, finishedRun.id));
    const staleName = `stale-${runner.id}.plan`;
    write(staleName, hourAgo);

    const removed = await sweepArchives(db(), env().DATA_DIR, now);
    expect(removed.filter((n) => n.includes(runner.id)).sort()).toEqual([path.basename(cutShort), path.basename(finished), staleName].sort());
    for (const kept of [waiting, waitingPlan, arriving]) expect(fs.existsSync(kept), kept).toBe(true);
    for (const gone of [cutShort, finished]) expect(fs.existsSync(gone), gone).toBe(false);
    fs.rmSync(arriving);
  });
});
