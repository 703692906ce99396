import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import * as archivesRoute from "@/app/api/v1/archives/route";
import * as uploadsRoute from "@/app/api/v1/uploads/route";
import { storageUsedBytes } from "@/db/queries/storage";
import { activities, archiveImports, uploadFiles } from "@/db/schema";
import { maxUserStorageBytes } from "@/lib/env";
import { makeActivityFile } from "../support/activity-files";
import { describeEachDatabase } from "../support/db";
import { createRunner } from "../support/factories";
import { call } from "../support/http";
import { stretch } from "../support/time-factor";

const GiB = 1024 ** 3;

describeEachDatabase("per-runner storage quota (MAX_USER_STORAGE_MB)", ({ db }) => {
  it("counts kept originals and waiting archives, refuses uploads past it with 413, and frees what an import releases", async () => {
    const runner = await createRunner(db());
    const other = await createRunner(db());
    expect(maxUserStorageBytes()).toBe(20 * GiB); // the default, 20,480 MiB
    const form = (seed: number) => {
      const body = new FormData();
      body.append("file", new File([new Uint8Array(makeActivityFile("gpx", seed, 60))], `run-${seed}.gpx`));
      return body;
    };
    const upload = (cookie: string, seed: number) => call(uploadsRoute.POST, { method: "POST", path: "/api/v1/uploads", cookie, body: form(seed) });

    expect((await upload(runner.cookie, 101)).status).toBe(201);
    const [kept] = await db().select().from(uploadFiles).where(eq(uploadFiles.userId, runner.id));
    expect(await storageUsedBytes(db(), runner.id)).toBe(kept!.sizeBytes);

    // An archive of 20 GiB waiting on disk fills the quota.
    const [waiting] = await db()
      .insert(archiveImports)
      .values({ userId: runner.id, fileName: "big.zip", path: "/nonexistent/big.zip", sizeBytes: 20 * GiB })
      .returning();
    expect(await storageUsedBytes(db(), runner.id)).toBe(kept!.sizeBytes + 20 * GiB);
    const refused = await upload(runner.cookie, 102);
    expect(refused.status).toBe(413);
    expect(refused.json.error.code).toBe("payload_too_large:storage_quota");
    expect(refused.json.error.message).toMatch(/past its 20480 MB limit/);
    expect(refused.json.error.details).toMatchObject({ quotaBytes: 20 * GiB });
    const archive = await call(archivesRoute.POST, {
      method: "POST",
      path: "/api/v1/archives",
      cookie: runner.cookie,
      body: new Uint8Array(1000),
      headers: { "content-type": "application/zip", "x-file-name": "more.zip" },
    });
    expect(archive.status).toBe(413);
    expect(archive.json.error.code).toBe("payload_too_large:storage_quota");
    expect(await db().select().from(activities).where(eq(activities.userId, runner.id))).toHaveLength(1);

    // Another runner's quota is their own.
    expect((await upload(other.cookie, 103)).status).toBe(201);

    // Once the import has ended (its file gone), the space is free again.
    await db().update(archiveImports).set({ path: null, status: "done" }).where(eq(archiveImports.id, waiting!.id));
    expect((await upload(runner.cookie, 104)).status).toBe(201);
  }, stretch(120_000));
});
