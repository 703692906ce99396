import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import * as archivesRoute from "@/app/api/v1/archives/route";
import * as checkinsRoute from "@/app/api/v1/checkins/route";
import * as exportRoute from "@/app/api/v1/export/route";
import type { Db } from "@/db/client";
import { saveOstrc } from "@/db/queries/ostrc";
import { insertStreams } from "@/db/queries/streams";
import { activities, activityStreams, archiveImports, checkins, gear, ostrcResponses, uploadFiles, users } from "@/db/schema";
import { ENTRY } from "@/lib/account/export-format";
import { ingestFile } from "@/lib/activities/ingest";
import { queueArchiveImport, runArchiveImport } from "@/lib/import/archive-import";
import { makeActivityFile } from "../support/activity-files";
import { describeEachDatabase } from "../support/db";
import { createRunner } from "../support/factories";
import { call } from "../support/http";
import { makeArchive } from "../support/make-archive";
import { readZip } from "../support/read-zip";
import { stretch } from "../support/time-factor";

/**
 * "Your data is yours": a runner with every kind of data exports it over HTTP, the ZIP holds it
 * all (CSV escaped and defused), a fresh runner restores it through the archive importer and ends
 * up with the same activities, streams, files, check-ins, questionnaires, gear and settings, field
 * by field; restoring again — into either account — adds nothing.
 */

type Runner = Awaited<ReturnType<typeof createRunner>>;

const ROOT = process.cwd();
const GPX = fs.readFileSync(path.join(ROOT, "tests/fixtures/gpx/strava-run-hr.gpx"));
const GPX_GZ_SOURCE = fs.readFileSync(path.join(ROOT, "tests/fixtures/gpx/garmin-connect-run-hr-2012.gpx"));
const FIT = fs.readFileSync(path.join(ROOT, "tests/fixtures/fit/outdoor-run.fit"));
const TCX = Buffer.from(makeActivityFile("tcx", 77, 90));

const FORMULA_NAME = '=HYPERLINK("x")';
const AWKWARD_NAME = 'Long run, "easy"\nwith friends';
const NOTE = '@SUM(1) knee, "sharp"\nthen fine';
const STRAVA_ID = "13579246801";

let dir = "";
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "patella-export-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Four recorded points, as the streams columns pack them. */
function smallStreams() {
  const f32 = (values: number[]) => Buffer.from(new Float32Array(values).buffer);
  const i32 = (values: number[]) => Buffer.from(new Int32Array(values).buffer);
  return {
    pointCount: 4,
    timeS: f32([0, 1, 2, 3]),
    distanceM: f32([0, 3, 6, 9]),
    latLon: i32([450000000, 71234567, 450000270, 71234567, 450000540, 71234567, 450000810, 71234567]),
    altitudeM: f32([200, 201, 202, 203]),
    heartRate: f32([140, 141, 142, 143]),
    cadence: null,
    powerW: null,
    segmentStarts: i32([0]),
  };
}

async function imported(db: Db, runner: Runner, fileName: string, bytes: Uint8Array, fromArchive?: { stravaId: string; name: string; type: string }) {
  const result = await ingestFile(db, { userId: runner.id, timeZone: "Europe/Paris", fileName, bytes, fromArchive });
  if (result.status !== "imported") throw new Error(`${fileName} did not import: ${result.status}`);
  return result.activityId;
}

async function checkin(runner: Runner, json: Record<string, unknown>) {
  const res = await call(checkinsRoute.POST, { method: "POST", path: "/api/v1/checkins", cookie: runner.cookie, json });
  if (res.status !== 201) throw new Error(`check-in not created: ${res.status} ${JSON.stringify(res.json)}`);
}

/** Runner A: uploads in every format (one gzipped, one from a Strava archive), a Strava activity, a merged run, check-ins, questionnaires, gear, settings. */
async function makeRunnerWithEverything(db: Db): Promise<Runner> {
  const runner = await createRunner(db, { timeZone: "Europe/Paris", units: "mi" });
  await db.update(users).set({ sex: "female", hrRest: 48, hrMax: 188, passwordHash: "scrypt$secret-not-exported" }).where(eq(users.id, runner.id));

  const gpxRun = await imported(db, runner, "Morning run.gpx", GPX);
  await imported(db, runner, "outdoor-run.fit", FIT);
  await imported(db, runner, "garmin 2012.gpx.gz", gzipSync(GPX_GZ_SOURCE));
  await imported(db, runner, "9001.tcx", TCX, { stravaId: "9001", name: "From my Strava archive", type: "Run" });

  // A Strava activity (as the API import stores it), named to tempt a spreadsheet, with streams and gear.
  const [strava] = await db
    .insert(activities)
    .values({
      userId: runner.id,
      source: "strava",
      sourceRef: STRAVA_ID,
      sport: "trail_run",
      name: FORMULA_NAME,
      startTime: new Date("2026-03-01T07:15:00.000Z"),
      localDate: "2026-03-01",
      timeZone: "Europe/Paris",
      distanceM: 12345.6,
      movingS: 4100,
      elapsedS: 4300,
      elevGainM: 412.3,
      elevLossM: 398.1,
      avgHr: 151.7,
      maxHr: 178,
      avgCadenceSpm: 171.2,
      avgPowerW: 251,
      load: 88.5,
      surface: "mixed",
      surfaceSource: "strava",
      surfaceConfidence: "medium",
      surfaceSplit: [
        { surface: "trail", distanceM: 9000 },
        { surface: "road", distanceM: 3345.6 },
      ],
      routeShape: Buffer.from([1, 2, 3, 4, 5, 250]),
      gearId: "g777",
      polyline: "_p~iF~ps|U_ulLnnqC_mqNvxq`@",
      // Edited here: the notes and the title travel with the export, and a later Strava update keeps the title.
      notes: "Felt strong; stairs fine after",
      editedFields: ["name"],
    })
    .returning({ id: activities.id });
  await insertStreams(db, { activityId: strava!.id, userId: runner.id, ...smallStreams() });
  await db.insert(gear).values({ userId: runner.id, source: "strava", sourceRef: "g777", kind: "shoe", name: "Trail shoes, v2", distanceM: 412_000, primary: true });

  // The same run entered by hand, merged into the Strava one by the runner.
  await db.insert(activities).values({
    userId: runner.id,
    source: "manual",
    sourceRef: "manual entry: 2026-03-01 / trail",
    sport: "run",
    name: AWKWARD_NAME,
    startTime: new Date("2026-03-01T07:16:00.000Z"),
    localDate: "2026-03-01",
    timeZone: "Europe/Paris",
    distanceM: 12000,
    movingS: 4000,
    elapsedS: 4300,
    duplicateOf: strava!.id,
    surface: "trail",
    surfaceSource: "user",
    surfaceConfidence: "high",
  });

  await checkin(runner, { at: "2026-03-01T10:00", pain: 4, timing: "after", activityId: strava!.id, rpe: 7, locations: ["below_kneecap"], side: "left", notes: NOTE });
  await checkin(runner, { at: "2026-03-02T07:00", pain: 2, timing: "next_morning", activityId: gpxRun, rpe: 4 });
  await checkin(runner, { at: "2026-03-03T20:00", pain: 6, timing: "at_rest", redFlags: ["swelling"], notes: "=cmd|' /C calc'!A0" });
  await saveOstrc(db, runner.id, { weekStart: "2026-02-23", skipped: false, answers: [1, 2, 1, 0], severity: 38, substantial: false });
  await saveOstrc(db, runner.id, { weekStart: "2026-03-02", skipped: true, answers: null, severity: null, substantial: null });
  return runner;
}

async function exportOf(runner: Runner) {
  const res = await call(exportRoute.GET, { path: "/api/v1/export", cookie: runner.cookie });
  expect(res.status).toBe(200);
  expect(res.bytes).toBeDefined();
  return { res, entries: await readZip(res.bytes!) };
}

/** Restores a ZIP into a runner through the upload route and the archive importer, as the app does. */
async function restore(db: Db, runner: Runner, zip: Uint8Array) {
  const res = await call(archivesRoute.POST, {
    method: "POST",
    path: "/api/v1/archives",
    cookie: runner.cookie,
    body: new Uint8Array(zip),
    headers: { "content-type": "application/zip", "x-file-name": "patella-export.zip" },
  });
  expect(res.status, JSON.stringify(res.json)).toBe(202);
  const id = res.json.archive.id as string;
  while ((await runArchiveImport(db, id)) === "more");
  const [run] = await db.select().from(archiveImports).where(eq(archiveImports.id, id));
  return run!;
}

const keyOf = (a: { source: string; sourceRef: string }) => `${a.source}:${a.sourceRef}`;
const hashOf = (b: Buffer | null) => (b ? createHash("sha256").update(b).digest("hex") : null);

/** Everything a runner has, without database ids: links as (source, sourceRef), bytes as hashes. */
async function snapshot(db: Db, userId: string) {
  const acts = await db.select().from(activities).where(eq(activities.userId, userId));
  const byId = new Map(acts.map((a) => [a.id, keyOf(a)]));
  const streams = await db.select().from(activityStreams).where(eq(activityStreams.userId, userId));
  const streamsOf = new Map(
    streams.map(({ activityId, userId: _u, ...s }) => [
      activityId,
      { ...s, timeS: hashOf(s.timeS), distanceM: hashOf(s.distanceM), latLon: hashOf(s.latLon), altitudeM: hashOf(s.altitudeM), heartRate: hashOf(s.heartRate), cadence: hashOf(s.cadence), powerW: hashOf(s.powerW), segmentStarts: hashOf(s.segmentStarts) },
    ]),
  );
  const activityList = acts
    .map(({ id, userId: _u, updatedAt: _t, duplicateOf, routeShape, ...a }) => ({
      ...a,
      routeShape: hashOf(routeShape),
      duplicateOf: duplicateOf ? byId.get(duplicateOf) : null,
      streams: streamsOf.get(id) ?? null,
    }))
    .sort((x, y) => keyOf(x).localeCompare(keyOf(y)));
  const checkinList = (await db.select().from(checkins).where(eq(checkins.userId, userId)))
    .map(({ id: _id, userId: _u, activityId, ...c }) => ({ ...c, activity: activityId ? byId.get(activityId) : null }))
    .sort((x, y) => x.at.getTime() - y.at.getTime());
  const ostrc = (await db.select().from(ostrcResponses).where(eq(ostrcResponses.userId, userId)))
    .map(({ id: _id, userId: _u, ...o }) => o)
    .sort((x, y) => x.weekStart.localeCompare(y.weekStart));
  const gearList = (await db.select().from(gear).where(eq(gear.userId, userId))).map(({ userId: _u, updatedAt: _t, ...g }) => g);
  const files = (await db.select().from(uploadFiles).where(eq(uploadFiles.userId, userId)))
    .map((f) => ({ sha256: f.sha256, fileName: f.fileName, content: hashOf(gunzipSync(f.gz)) }))
    .sort((x, y) => x.sha256.localeCompare(y.sha256));
  const [settings] = await db
    .select({ units: users.units, timeZone: users.timeZone, sex: users.sex, hrRest: users.hrRest, hrMax: users.hrMax })
    .from(users)
    .where(eq(users.id, userId));
  return { settings, activities: activityList, checkins: checkinList, ostrc, gear: gearList, files };
}

describeEachDatabase("export and restore", ({ db }) => {
  let a: Runner;
  let zip: Uint8Array;
  let entries: Map<string, Buffer>;

  beforeAll(async () => {
    a = await makeRunnerWithEverything(db());
    const exported = await exportOf(a);
    zip = exported.res.bytes!;
    entries = exported.entries;
    expect(exported.res.headers.get("content-type")).toBe("application/zip");
    expect(exported.res.headers.get("content-disposition")).toMatch(/^attachment; filename="patella-export-\d{4}-\d{2}-\d{2}\.zip"$/);
  }, stretch(60_000));

  it("exports every part, with a manifest that holds settings and counts but no sign-in secrets", () => {
    const names = [...entries.keys()];
    for (const part of Object.values(ENTRY)) expect(names).toContain(part);
    const manifest = JSON.parse(entries.get(ENTRY.manifest)!.toString("utf8"));
    expect(manifest).toMatchObject({
      format: "patella-export",
      version: 1,
      settings: { units: "mi", timeZone: "Europe/Paris", sex: "female", hrRest: 48, hrMax: 188 },
      counts: { activities: 6, streams: 5, checkins: 3, ostrc: 2, gear: 1, files: 4 },
    });
    expect(Date.parse(manifest.exportedAt)).not.toBeNaN();
    const everything = [...entries.values()].map((b) => b.toString("latin1")).join("\n");
    expect(everything).not.toContain(a.email);
    expect(everything).not.toContain("scrypt$");
    expect(everything).not.toContain(a.id);
    expect(names.filter((n) => n.startsWith("streams/"))).toHaveLength(5);
  });

  it("exports the original files as uploaded (a gzipped upload unpacked), named by hash and name", () => {
    const files = [...entries.entries()].filter(([n]) => n.startsWith("files/"));
    expect(files).toHaveLength(4);
    const contents = files.map(([, b]) => hashOf(b));
    for (const original of [GPX, FIT, GPX_GZ_SOURCE, TCX]) expect(contents).toContain(hashOf(original));
    expect(files.map(([n]) => n)).toContainEqual(expect.stringMatching(/^files\/[0-9a-f]{16}-garmin 2012\.gpx$/));
    const records = JSON.parse(entries.get(ENTRY.activitiesJson)!.toString("utf8")) as { source: string; originalFile: { path: string } | null }[];
    // The archive activity (keyed by its Strava id) still points to its file.
    const fromArchive = records.find((r) => r.source === "archive")!;
    expect(entries.get(fromArchive.originalFile!.path)!.equals(TCX)).toBe(true);
  });

  it("writes CSV a parser reads back exactly, with formula-looking text defused", () => {
    const rows = parse(entries.get(ENTRY.activitiesCsv)!, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(6);
    const strava = rows.find((r) => r.source_ref === STRAVA_ID)!;
    expect(strava).toMatchObject({ name: `'${FORMULA_NAME}`, sport: "trail_run", distance_km: "12.346", moving_time_s: "4100", avg_heart_rate_bpm: "151.7", surface: "mixed" });
    const manual = rows.find((r) => r.source === "manual")!;
    expect(manual.name).toBe(AWKWARD_NAME);
    expect(manual.duplicate_of).toBe(`strava:${STRAVA_ID}`);
    expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining(["distance_km", "moving_time_s", "elapsed_time_s", "elevation_gain_m", "avg_heart_rate_bpm"]));

    const text = entries.get(ENTRY.checkinsCsv)!.toString("utf8");
    expect(text).toContain(`"'@SUM(1) knee, ""sharp""\nthen fine"`);
    const checks = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    expect(checks.map((c) => c.notes)).toEqual([`'${NOTE}`, "", "'=cmd|' /C calc'!A0"]);
    expect(checks[0]).toMatchObject({ pain_0_10: "4", timing: "after", locations: "below_kneecap", activity_source: "strava", activity_source_ref: STRAVA_ID, activity_name: `'${FORMULA_NAME}` });
  });

  it("restores into a fresh account field by field, then a second restore adds nothing", async () => {
    const b = await createRunner(db());
    const first = await restore(db(), b, zip);
    // 6 activities, 3 check-ins, 2 weekly questionnaires.
    expect(first).toMatchObject({ status: "done", kind: "patella_export", total: 11, done: 11, imported: 11, duplicates: 0, failed: 0, path: null });

    const original = await snapshot(db(), a.id);
    const restored = await snapshot(db(), b.id);
    expect(restored.activities).toHaveLength(6);
    expect(restored.activities.filter((x) => x.streams)).toHaveLength(5);
    expect(restored).toEqual(original);

    // And B's export is A's, part for part.
    const again = await exportOf(b);
    for (const part of [ENTRY.activitiesJson, ENTRY.checkinsJson, ENTRY.ostrc, ENTRY.gear, ENTRY.activitiesCsv, ENTRY.checkinsCsv]) {
      expect(again.entries.get(part)!.toString("utf8"), part).toBe(entries.get(part)!.toString("utf8"));
    }
    expect([...again.entries.keys()].sort()).toEqual([...entries.keys()].sort());

    const second = await restore(db(), b, zip);
    expect(second).toMatchObject({ status: "done", kind: "patella_export", total: 11, imported: 0, duplicates: 11, failed: 0 });
    expect(await snapshot(db(), b.id)).toEqual(original);
  }, stretch(60_000));

  it("restoring into the account it came from finds everything already there", async () => {
    const before = await snapshot(db(), a.id);
    const run = await restore(db(), a, zip);
    expect(run).toMatchObject({ status: "done", imported: 0, duplicates: 11, failed: 0 });
    expect(await snapshot(db(), a.id)).toEqual(before);
  });

  it("restores what it can from a damaged export, refuses one from a newer Patella, and exports an empty account", async () => {
    const manifest = JSON.parse(entries.get(ENTRY.manifest)!.toString("utf8"));
    const records = JSON.parse(entries.get(ENTRY.activitiesJson)!.toString("utf8")) as Record<string, unknown>[];
    const damagedZip = path.join(dir, `damaged-${Date.now()}.zip`);
    // One activity with an unknown sport (the 2012 run), one whose streams are garbage, one whose original file is not the one named.
    const broken = records.map((r) => ((r.originalFile as { fileName?: string } | null)?.fileName === "garmin 2012.gpx.gz" ? { ...r, sport: "quidditch" } : r));
    const streamsName = records.find((r) => r.source === "strava")!.streams as string;
    const fileName = (records.find((r) => r.source === "fit")!.originalFile as { path: string }).path;
    await makeArchive(damagedZip, {
      csvRows: null,
      extraEntries: [
        { name: ENTRY.manifest, bytes: JSON.stringify(manifest) },
        { name: ENTRY.activitiesJson, bytes: JSON.stringify(broken) },
        { name: streamsName, bytes: JSON.stringify({ pointCount: 3, timeS: "AAAA" }) },
        { name: fileName, bytes: "not the original" },
        ...[...entries.entries()]
          .filter(([n]) => n.startsWith("files/") && n !== fileName)
          .map(([name, bytes]) => ({ name, bytes: new Uint8Array(bytes) })),
      ],
    });
    const c = await createRunner(db());
    const run = await restore(db(), c, fs.readFileSync(damagedZip));
    expect(run).toMatchObject({ status: "done", kind: "patella_export", total: 6, imported: 5, failed: 1 });
    const restored = await db().select().from(activities).where(eq(activities.userId, c.id));
    expect(restored).toHaveLength(5);
    const strava = restored.find((r) => r.source === "strava")!;
    expect(await db().select().from(activityStreams).where(eq(activityStreams.activityId, strava.id))).toEqual([]);
    const fit = restored.find((r) => r.source === "fit")!;
    expect(await db().select().from(uploadFiles).where(and(eq(uploadFiles.userId, c.id), eq(uploadFiles.sha256, fit.sourceRef)))).toEqual([]);

    const newer = path.join(dir, `newer-${Date.now()}.zip`);
    await makeArchive(newer, { csvRows: null, extraEntries: [{ name: ENTRY.manifest, bytes: JSON.stringify({ ...manifest, version: 2 }) }, { name: ENTRY.activitiesJson, bytes: "[]" }] });
    const refused = await queueArchiveImport(db(), { userId: c.id, fileName: "newer.zip", filePath: newer, sizeBytes: fs.statSync(newer).size, now: new Date() });
    while ((await runArchiveImport(db(), refused.id)) === "more");
    const [failed] = await db().select().from(archiveImports).where(eq(archiveImports.id, refused.id));
    expect(failed).toMatchObject({ status: "failed" });
    expect(failed!.lastError).toMatch(/newer Patella/);

    const empty = await createRunner(db());
    const { entries: nothing } = await exportOf(empty);
    expect(JSON.parse(nothing.get(ENTRY.activitiesJson)!.toString("utf8"))).toEqual([]);
    expect(JSON.parse(nothing.get(ENTRY.checkinsJson)!.toString("utf8"))).toEqual([]);
    // An empty export still restores (its settings).
    const d = await createRunner(db());
    const emptyRun = await restore(db(), d, (await call(exportRoute.GET, { path: "/api/v1/export", cookie: empty.cookie })).bytes!);
    expect(emptyRun).toMatchObject({ status: "done", kind: "patella_export", total: 0 });
  }, stretch(60_000));

  it("answers 401 without a session", async () => {
    const res = await call(exportRoute.GET, { path: "/api/v1/export" });
    expect(res.status).toBe(401);
  });
});
