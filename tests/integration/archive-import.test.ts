import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import * as archivesRoute from "@/app/api/v1/archives/route";
import * as archiveRoute from "@/app/api/v1/archives/[id]/route";
import { activities, archiveImports, uploads } from "@/db/schema";
import { queueArchiveImport, runArchiveImport } from "@/lib/import/archive-import";
import { type Format, makeActivityFile } from "../support/activity-files";
import { describeEachDatabase } from "../support/db";
import { createRunner } from "../support/factories";
import { call } from "../support/http";
import { makeArchive, repeated } from "../support/make-archive";
import { stretch } from "../support/time-factor";

/**
 * Strava export archives and .zip files of activities: planned, imported entry by entry with a
 * checkpoint, twice (the second time everything is already there), and refused when hostile.
 */

/** Enough to cross many checkpoints and every format; `npm run bench:archive` imports 2,000 at full size. */
const N = 150;
const FORMATS: Format[] = ["gpx", "tcx", "fit"];
let dir = "";
let exportZip = "";

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "patella-archive-"));
  exportZip = path.join(dir, "export.zip");
  // N activities: GPX, TCX and FIT in turn, every other one gzipped as Strava does; Strava ids
  // that are not the file names (as in real exports); plus media, a route and a manual activity.
  await makeArchive(exportZip, {
    activities: (function* () {
      for (let i = 0; i < N; i++) {
        const format = FORMATS[i % 3]!;
        yield {
          id: 9_000_000_000 + i,
          format,
          gz: i % 2 === 0,
          bytes: makeActivityFile(format, i, 120),
          fileName: `activities/${5_000_000 + i}.${format}${i % 2 === 0 ? ".gz" : ""}`,
          name: `Archive run ${i}`,
          type: i % 10 === 9 ? "Trail Run" : "Run",
        };
      }
    })(),
    extraEntries: [
      { name: "media/photo.jpg", bytes: "not a photo" },
      { name: "routes/1.gpx", bytes: "<gpx/>" },
      { name: "../escape.gpx", bytes: "<gpx/>" },
    ],
  });
}, stretch(120_000));

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describeEachDatabase("archive import", ({ db }) => {
  it("imports a Strava export mixing formats, then recognises all of it the second time", async () => {
    const runner = await createRunner(db(), { timeZone: "Europe/Paris" });
    const copy = path.join(dir, `run-${Date.now()}.zip`);
    fs.copyFileSync(exportZip, copy);
    const first = await queueArchiveImport(db(), { userId: runner.id, fileName: "export.zip", filePath: copy, sizeBytes: fs.statSync(copy).size, now: new Date() });
    // In turns, as the job does: each turn resumes from the checkpoint.
    let turns = 0;
    while ((await runArchiveImport(db(), first.id, { budgetMs: 100 })) === "more") turns += 1;
    expect(turns).toBeGreaterThan(0);
    const [done] = await db().select().from(archiveImports).where(eq(archiveImports.id, first.id));
    expect(done).toMatchObject({ status: "done", kind: "strava_export", total: N, done: N, imported: N, duplicates: 0, failed: 0, path: null });
    // The unsafe "../escape.gpx" is skipped and reported; media and routes are not activities.
    expect(done!.skipped).toBe(1);
    expect(fs.existsSync(copy)).toBe(false);

    const rows = await db().select().from(activities).where(eq(activities.userId, runner.id));
    expect(rows).toHaveLength(N);
    const byRef = new Map(rows.map((r) => [r.sourceRef, r]));
    expect(rows.every((r) => r.source === "archive")).toBe(true);
    // Keyed by the Strava id from activities.csv, named and typed from it.
    expect(byRef.get("9000000009")).toMatchObject({ name: "Archive run 9", sport: "trail_run", localDate: "2026-06-21" });
    expect(byRef.get("9000000001")).toMatchObject({ name: "Archive run 1", sport: "run" });
    // 120 points at 3 m a second: about 357 m (the TCX and FIT tracks run due north at 3 m/s).
    expect(byRef.get("9000000002")!.distanceM).toBeGreaterThan(340);
    expect(byRef.get("9000000002")!.distanceM).toBeLessThan(370);

    const copy2 = path.join(dir, `again-${Date.now()}.zip`);
    fs.copyFileSync(exportZip, copy2);
    const second = await queueArchiveImport(db(), { userId: runner.id, fileName: "export.zip", filePath: copy2, sizeBytes: fs.statSync(copy2).size, now: new Date() });
    while ((await runArchiveImport(db(), second.id)) === "more");
    const [again] = await db().select().from(archiveImports).where(eq(archiveImports.id, second.id));
    expect(again).toMatchObject({ status: "done", imported: 0, duplicates: N, failed: 0 });
    expect(await db().select().from(activities).where(eq(activities.userId, runner.id))).toHaveLength(N);
  }, stretch(120_000));

  it("takes an archive upload over HTTP, reports its progress, and keeps it to the runner", async () => {
    const runner = await createRunner(db());
    const other = await createRunner(db());
    const zip = path.join(dir, `small-${Date.now()}.zip`);
    await makeArchive(zip, {
      csvRows: null,
      activities: [0, 1, 2].map((i) => ({ id: i, format: FORMATS[i]!, gz: false, bytes: makeActivityFile(FORMATS[i]!, 2000 + i, 60), fileName: `my runs/${i}.${FORMATS[i]}` })),
    });
    const bytes = fs.readFileSync(zip);
    const res = await call(archivesRoute.POST, {
      method: "POST",
      path: "/api/v1/archives",
      cookie: runner.cookie,
      body: bytes,
      headers: { "content-type": "application/zip", "x-file-name": encodeURIComponent("my runs.zip") },
    });
    expect(res.status).toBe(202);
    expect(res.json.archive).toMatchObject({ fileName: "my runs.zip", status: "queued", sizeBytes: bytes.length });
    expect(res.json.archive.path).toBeUndefined();
    const id = res.json.archive.id as string;
    while ((await runArchiveImport(db(), id)) === "more");
    const progress = await call(archiveRoute.GET, { path: `/api/v1/archives/${id}`, cookie: runner.cookie, params: { id } });
    expect(progress.json.archive).toMatchObject({ status: "done", kind: "files", total: 3, imported: 3 });
    const intruder = await call(archiveRoute.GET, { path: `/api/v1/archives/${id}`, cookie: other.cookie, params: { id } });
    expect(intruder.status).toBe(404);
    const list = await call(archivesRoute.GET, { path: "/api/v1/archives", cookie: other.cookie });
    expect(list.json.archives).toEqual([]);
  });

  it("refuses hostile and broken archives with a clear 4xx, and imports nothing from them", async () => {
    const runner = await createRunner(db());
    const post = (body: Uint8Array, name = "x.zip", type = "application/zip") =>
      call(archivesRoute.POST, { method: "POST", path: "/api/v1/archives", cookie: runner.cookie, body: new Uint8Array(body), headers: { "content-type": type, "x-file-name": name } });

    const random = await post(new Uint8Array(4096).map((_, i) => (i * 7919) % 251));
    expect(random.status).toBe(422);
    expect(random.json.error.details.reason).toBe("bad_archive");

    const noActivities = path.join(dir, `none-${Date.now()}.zip`);
    await makeArchive(noActivities, { csvRows: null, extraEntries: [{ name: "readme.txt", bytes: "hello" }] });
    expect((await post(fs.readFileSync(noActivities))).status).toBe(422);

    const badCsv = path.join(dir, `badcsv-${Date.now()}.zip`);
    await makeArchive(badCsv, { csvBytes: "Name,Surprise\nx,y\n", activities: [{ id: 1, format: "gpx", gz: false, bytes: makeActivityFile("gpx", 3000, 30) }] });
    const csv = await post(fs.readFileSync(badCsv));
    expect(csv.status).toBe(422);
    expect(csv.json.error.message).toMatch(/Activity ID/);

    expect((await post(new Uint8Array([1, 2, 3]), "runs.tar")).status).toBe(415);
    expect((await post(new Uint8Array([1, 2, 3]), "x.zip", "text/plain")).status).toBe(415);

    // A ZIP bomb among good files: the bomb entry fails, the others import, nothing half-written.
    const bomb = path.join(dir, `bomb-${Date.now()}.zip`);
    await makeArchive(bomb, {
      csvRows: null,
      activities: [{ id: 1, format: "gpx", gz: false, bytes: makeActivityFile("gpx", 4000, 30), fileName: "ok.gpx" }],
      extraEntries: [{ name: "bomb.gpx", bytes: repeated(100 * 1024 * 1024) }],
    });
    const accepted = await post(fs.readFileSync(bomb));
    expect(accepted.status).toBe(202);
    const id = accepted.json.archive.id as string;
    while ((await runArchiveImport(db(), id)) === "more");
    const [run] = await db().select().from(archiveImports).where(eq(archiveImports.id, id));
    expect(run).toMatchObject({ status: "done", total: 2, imported: 1, failed: 1 });
    const [failed] = await db().select().from(uploads).where(and(eq(uploads.userId, runner.id), eq(uploads.fileName, "bomb.gpx")));
    expect(failed).toMatchObject({ status: "failed", errorCode: "unsafe_archive" });
    expect(await db().select().from(activities).where(eq(activities.userId, runner.id))).toHaveLength(1);
  }, stretch(60_000));
});
