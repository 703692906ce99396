import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import * as archivesRoute from "@/app/api/v1/archives/route";
import * as uploadsRoute from "@/app/api/v1/uploads/route";
import type { Db } from "@/db/client";
import { activities, activityStreams, archiveImports, checkins, uploadFiles } from "@/db/schema";
import { env } from "@/lib/env";
import { archivesDir, runArchiveImport } from "@/lib/import/archive-import";
import { closeHeavyPool } from "@/lib/workers/pool";
import { describeEachDatabase } from "../support/db";
import { createRunner } from "../support/factories";
import { call } from "../support/http";
import { BAD_RECORDS, type HostileFiles, MiB, makeHostileFiles } from "../support/hostile-files";
import { expectHeld, watch } from "../support/reader-watch";
import { stretch } from "../support/time-factor";

/**
 * Issue 17's hostile inputs, each sent while a second signed-in runner keeps reading
 * /api/v1/settings. For each: the hostile request gets a 202 or a clear 4xx, this process's RSS
 * (the server's: route handlers, database and heavy-work threads all live here) stays under a
 * stated bound, the reader never waits longer than a stated bound (tests/support/reader-watch.ts), and
 * nothing is stored half.
 *
 * The bounds are generous on purpose (a busy 2-core machine must not fail them): before the heavy
 * work moved off the request thread, the restore bomb froze every request for minutes and grew
 * past 6 GB. The figures themselves are measured by `npm run bench:hostile`.
 */


const dir = fs.mkdtempSync(path.join(os.tmpdir(), "patella-heavy-hostile-"));
let files: HostileFiles;

beforeAll(async () => {
  files = await makeHostileFiles(dir);
}, stretch(300_000));

afterAll(async () => {
  await closeHeavyPool();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function storedOf(db: Db, userId: string) {
  const [a, s, f, c] = await Promise.all([
    db.select().from(activities).where(eq(activities.userId, userId)),
    db.select().from(activityStreams).where(eq(activityStreams.userId, userId)),
    db.select().from(uploadFiles).where(eq(uploadFiles.userId, userId)),
    db.select().from(checkins).where(eq(checkins.userId, userId)),
  ]);
  return { activities: a.length, streams: s.length, originals: f.length, checkins: c.length };
}

const NOTHING = { activities: 0, streams: 0, originals: 0, checkins: 0 };

function postArchive(cookie: string, file: string) {
  return call(archivesRoute.POST, {
    method: "POST",
    path: "/api/v1/archives",
    cookie,
    body: new Uint8Array(fs.readFileSync(file)),
    headers: { "content-type": "application/zip", "x-file-name": "patella-export.zip" },
  });
}

/** Leftovers of refused uploads in DATA_DIR/archives (there must be none). */
const archiveLeftovers = () => (fs.existsSync(archivesDir(env().DATA_DIR)) ? fs.readdirSync(archivesDir(env().DATA_DIR)) : []);

describeEachDatabase("hostile inputs run off the request thread", ({ db }) => {
  it("the restore bomb (260 MB of empty records, 1.8 MB zipped) gets a clear 422 while another runner is served", async () => {
    expect(fs.statSync(files.restoreBomb).size).toBeGreaterThan(1 * MiB);
    expect(fs.statSync(files.restoreBomb).size).toBeLessThan(3 * MiB);
    const attacker = await createRunner(db());
    const reader = await createRunner(db());
    const before = archiveLeftovers();
    const w = watch(reader);
    const res = await postArchive(attacker.cookie, files.restoreBomb);
    expectHeld(await w.stop());
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe("unprocessable:import");
    expect(res.json.error.message).toMatch(/more than 100,000 records/);
    expect(await storedOf(db(), attacker.id)).toEqual(NOTHING);
    expect(await db().select().from(archiveImports).where(eq(archiveImports.userId, attacker.id))).toEqual([]);
    expect(archiveLeftovers()).toEqual(before);

    const flood = await postArchive(attacker.cookie, files.recordFlood);
    expect(flood.status).toBe(422);
    expect(flood.json.error.message).toMatch(/activities\.json holds more than 100,000 records/);
  }, stretch(300_000));

  it("a 256 MB GPX gzipped to under 1 MB is refused as too large for a single upload, nothing stored", async () => {
    const gpxBomb = fs.readFileSync(files.gpxBomb);
    expect(gpxBomb.byteLength).toBeLessThan(1 * MiB);
    const attacker = await createRunner(db());
    const reader = await createRunner(db());
    const w = watch(reader);
    const form = new FormData();
    form.append("file", new File([new Uint8Array(gpxBomb)], "bomb.gpx.gz"));
    const res = await call(uploadsRoute.POST, { method: "POST", path: "/api/v1/uploads", cookie: attacker.cookie, body: form });
    expectHeld(await w.stop());
    expect(res.status).toBe(422);
    expect(res.json.error.details.reason).toBe("too_large");
    expect(res.json.error.message).toMatch(/more than 128 MB/);
    expect(await storedOf(db(), attacker.id)).toEqual(NOTHING);
  }, stretch(300_000));

  it("a restore of 6 million points is accepted (202), and its activity refused by the point cap, nothing half-stored", async () => {
    expect(fs.statSync(files.sixMillionPoints).size).toBeLessThan(1 * MiB);
    const attacker = await createRunner(db());
    const reader = await createRunner(db());
    const w = watch(reader);
    const res = await postArchive(attacker.cookie, files.sixMillionPoints);
    expect(res.status).toBe(202);
    const id = res.json.archive.id as string;
    while ((await runArchiveImport(db(), id)) === "more");
    expectHeld(await w.stop());
    const [run] = await db().select().from(archiveImports).where(eq(archiveImports.id, id));
    expect(run).toMatchObject({ status: "done", total: 1, done: 1, imported: 0, failed: 1, path: null, planPath: null });
    expect(Object.keys(run!.problems ?? {})).toEqual([expect.stringMatching(/more than 250,000 points/)]);
    expect(await storedOf(db(), attacker.id)).toEqual(NOTHING);
  }, stretch(300_000));

  it("an archive of 26,000 bad records (42 KB) is planned once, finishes in one turn and logs one summary, not a line per record", async () => {
    expect(fs.statSync(files.badRecords).size).toBeLessThan(64 * 1024);
    const attacker = await createRunner(db());
    const reader = await createRunner(db());
    const lines: string[] = [];
    const grab = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
    const spies = [vi.spyOn(console, "log").mockImplementation(grab), vi.spyOn(console, "error").mockImplementation(grab)];
    const w = watch(reader);
    let turns = 0;
    try {
      const res = await postArchive(attacker.cookie, files.badRecords);
      expect(res.status).toBe(202);
      const id = res.json.archive.id as string;
      while ((await runArchiveImport(db(), id, { budgetMs: 3_000 })) === "more") turns += 1;
      const [run] = await db().select().from(archiveImports).where(eq(archiveImports.id, id));
      expect(run).toMatchObject({ status: "done", kind: "patella_export", total: BAD_RECORDS, done: BAD_RECORDS, imported: 0, failed: BAD_RECORDS });
      expect(Object.values(run!.problems ?? {}).reduce((a, b) => a + b, 0)).toBe(BAD_RECORDS);
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
    expectHeld(await w.stop());
    // Refused while planning: no turn walks them one by one.
    expect(turns).toBe(0);
    expect(lines.length, lines.slice(0, 5).join("\n")).toBeLessThan(10);
    expect(lines.filter((l) => l.includes("archive records refused"))).toHaveLength(1);
    expect(await storedOf(db(), attacker.id)).toEqual(NOTHING);
  }, stretch(300_000));
});
