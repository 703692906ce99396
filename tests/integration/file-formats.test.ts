import fs from "node:fs";
import { gzipSync } from "node:zlib";
import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import * as uploadsRoute from "@/app/api/v1/uploads/route";
import { activities, activityStreams, uploads } from "@/db/schema";
import { describeEachDatabase } from "../support/db";
import { createRunner } from "../support/factories";
import { call } from "../support/http";

/** FIT, TCX and gzipped files through the upload route, the ingest and the database. */

const fit = (name: string) => fs.readFileSync(`tests/fixtures/fit/${name}`);
const tcx = (name: string) => fs.readFileSync(`tests/fixtures/tcx/${name}`);

function form(name: string, bytes: Uint8Array) {
  const body = new FormData();
  body.append("file", new File([new Uint8Array(bytes)], name, { type: "application/octet-stream" }));
  return body;
}

describeEachDatabase("uploads of FIT, TCX and .gz files", ({ db }) => {
  let runner: Awaited<ReturnType<typeof createRunner>>;
  beforeAll(async () => {
    runner = await createRunner(db(), { timeZone: "Europe/Paris" });
  });
  const upload = (name: string, bytes: Uint8Array) => call(uploadsRoute.POST, { method: "POST", path: "/api/v1/uploads", cookie: runner.cookie, body: form(name, bytes) });
  const row = async (id: string) => (await db().select().from(activities).where(eq(activities.id, id)))[0]!;

  it("imports a FIT run: distance along the meridian, cadence in steps per minute, streams stored", async () => {
    const res = await upload("morning.fit", fit("outdoor-run.fit"));
    expect(res.status).toBe(201);
    const a = await row(res.json.activityId);
    // 600 s × 322 semicircles a second along a meridian: R·Δφ = 1800.675 m (lib/import/fit.test.ts).
    expect(a.distanceM).toBeCloseTo(1800.675, 0);
    expect(a).toMatchObject({ source: "fit", sport: "run", elapsedS: 600 });
    expect(a.avgCadenceSpm).toBeGreaterThan(150);
    const streams = await db().select().from(activityStreams).where(eq(activityStreams.activityId, a.id));
    expect(streams[0]!.pointCount).toBe(601);
  });

  it("imports a FIT treadmill run from the belt's distance, as a treadmill run on the treadmill surface", async () => {
    const res = await upload("belt.fit", fit("treadmill-run.fit"));
    expect(res.status).toBe(201);
    const a = await row(res.json.activityId);
    expect(a).toMatchObject({ sport: "treadmill_run", surface: "treadmill" });
    expect(a.distanceM).toBeCloseTo(1500, 0);
  });

  it("imports a TCX treadmill run without positions from DistanceMeters", async () => {
    const res = await upload("indoor.tcx", tcx("garmin-treadmill-run-no-position.tcx"));
    expect(res.status).toBe(201);
    const a = await row(res.json.activityId);
    expect(a.source).toBe("tcx");
    expect(a.distanceM).toBeCloseTo(126, 6);
    expect(a.surface).toBe("treadmill");
  });

  it("reads .gz files, and knows a gzipped copy of a file it already has", async () => {
    const bytes = tcx("garmin-connect-run-ns3-runcadence-2-laps.tcx");
    const first = await upload("laps.tcx.gz", gzipSync(bytes));
    expect(first.status).toBe(201);
    const again = await upload("laps.tcx", bytes);
    expect(again.status).toBe(409);
    expect(again.json.error.details.activityId).toBe(first.json.activityId);
  });

  it("refuses a damaged FIT, a gzip bomb and a .zip with clear 4xx answers and no activity", async () => {
    const before = (await db().select().from(activities).where(eq(activities.userId, runner.id))).length;
    const corrupt = await upload("bad.fit", fit("corrupt-crc-outdoor-run.fit"));
    expect(corrupt.status).toBe(422);
    expect(corrupt.json.error.details.reason).toBe("corrupt_fit");
    const truncated = await upload("cut.fit", fit("truncated-outdoor-run.fit"));
    expect(truncated.status).toBe(422);
    // 300 MB of zeros gzip to about 300 KB: refused once past 256 MB, never kept whole.
    const bomb = await upload("bomb.gpx.gz", gzipSync(Buffer.alloc(300 * 1024 * 1024)));
    expect(bomb.status).toBe(422);
    expect(bomb.json.error.details.reason).toBe("too_large");
    // Named .gz but a plain FIT: read by its content (already imported above, so a duplicate).
    const notGzip = await upload("fake.fit.gz", fit("outdoor-run.fit"));
    expect(notGzip.status).toBe(409);
    const junkGz = await upload("junk.gpx.gz", new Uint8Array([1, 2, 3, 4]));
    expect(junkGz.status).toBe(422);
    expect(junkGz.json.error.message).toMatch(/not a valid gzip/);
    const zip = await upload("export.zip", new Uint8Array([0x50, 0x4b, 3, 4]));
    expect(zip.status).toBe(415);
    const other = await upload("notes.txt", new Uint8Array([1, 2, 3]));
    expect(other.status).toBe(415);
    expect((await db().select().from(activities).where(eq(activities.userId, runner.id))).length).toBe(before);
    const failed = await db().select().from(uploads).where(eq(uploads.userId, runner.id));
    expect(failed.filter((u) => u.status === "failed").map((u) => u.errorCode).sort()).toEqual(["corrupt_fit", "corrupt_fit", "malformed", "too_large"]);
  });
});
