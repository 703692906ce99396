import fs from "node:fs";
import { and, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import * as activityRoute from "@/app/api/v1/activities/[id]/route";
import * as uploadsRoute from "@/app/api/v1/uploads/route";
import { activities, uploads } from "@/db/schema";
import { describeEachDatabase } from "../support/db";
import { createRunner } from "../support/factories";
import { call } from "../support/http";
import { stretch } from "../support/time-factor";

const FIXTURES = "tests/fixtures/gpx";

function form(name: string, bytes: Uint8Array | string, type = "application/gpx+xml") {
  const body = new FormData();
  body.append("file", new File([typeof bytes === "string" ? bytes : new Uint8Array(bytes)], name, { type }));
  return body;
}

describeEachDatabase("uploads API", ({ db }) => {
  let runner: Awaited<ReturnType<typeof createRunner>>;

  beforeAll(async () => {
    runner = await createRunner(db(), { timeZone: "Europe/Paris" });
  });

  const countActivities = async () =>
    (await db().select({ id: activities.id }).from(activities).where(eq(activities.userId, runner.id))).length;

  it("imports a GPX file into an activity and records the upload", async () => {
    const bytes = fs.readFileSync(`${FIXTURES}/garmin-connect-run-hr-2012.gpx`);
    const res = await call(uploadsRoute.POST, { method: "POST", path: "/api/v1/uploads", cookie: runner.cookie, body: form("run.gpx", bytes) });
    expect(res.status).toBe(201);
    const [row] = await db().select().from(activities).where(eq(activities.id, res.json.activityId));
    // gpxpy: 3102.0 m, 948 s moving, start 2012-10-24T23:29:40Z (= 01:29:40 on the 25th in Paris, UTC+2).
    expect(row!.distanceM).toBeGreaterThan(3102 * 0.995);
    expect(row!.distanceM).toBeLessThan(3102 * 1.005);
    expect(row!.movingS).toBe(948);
    // Recorded in Washington DC (its first point): stored with that zone and the date as it was run
    // (19:29:40 EDT on the 24th); the API's localDate, which weeks use, is in the runner's zone.
    expect(row!.timeZone).toBe("America/New_York");
    expect(row!.localDate).toBe("2012-10-24");
    const detail = await call(activityRoute.GET, { path: `/api/v1/activities/${row!.id}`, cookie: runner.cookie, params: { id: row!.id } });
    expect(detail.json.activity).toMatchObject({ localDate: "2012-10-25", weekTimeZone: "Europe/Paris", startLocal: "2012-10-24T19:29" });
    expect(row!.userId).toBe(runner.id);
    const [up] = await db().select().from(uploads).where(eq(uploads.id, res.json.uploadId));
    expect(up).toMatchObject({ status: "imported", activityId: res.json.activityId, fileName: "run.gpx", sizeBytes: bytes.length });
  });

  it("recognises the same file uploaded again: 409 with the existing activity, nothing new stored", async () => {
    const before = await countActivities();
    const bytes = fs.readFileSync(`${FIXTURES}/garmin-connect-run-hr-2012.gpx`);
    const res = await call(uploadsRoute.POST, { method: "POST", path: "/api/v1/uploads", cookie: runner.cookie, body: form("copy.gpx", bytes) });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("conflict:duplicate_activity");
    expect(res.json.error.details.activityId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await countActivities()).toBe(before);
  });

  it.each([
    ["hostile-xxe.gpx", "unsafe_xml"],
    ["hostile-billion-laughs.gpx", "unsafe_xml"],
    ["hostile-truncated-garmin-connect-run.gpx", "malformed"],
    ["alltrails-route-only.gpx", "route_only"],
    ["outdooractive-tour-no-times.gpx", "no_times"],
  ])("refuses %s with 422 (%s), a message, and no activity", async (file, reason) => {
    const before = await countActivities();
    const res = await call(uploadsRoute.POST, {
      method: "POST",
      path: "/api/v1/uploads",
      cookie: runner.cookie,
      body: form(file, fs.readFileSync(`${FIXTURES}/${file}`)),
    });
    expect(res.status).toBe(422);
    expect(res.json.error).toMatchObject({ code: "unprocessable:import", details: { reason } });
    expect(res.json.error.message.length).toBeGreaterThan(10);
    expect(await countActivities()).toBe(before);
    const failed = await db()
      .select()
      .from(uploads)
      .where(and(eq(uploads.userId, runner.id), eq(uploads.fileName, file)));
    expect(failed[0]).toMatchObject({ status: "failed", errorCode: reason, activityId: null });
  });

  it("refuses a file that is not .gpx, a missing file, a non-multipart body and a missing length", async () => {
    const txt = await call(uploadsRoute.POST, { method: "POST", path: "/api/v1/uploads", cookie: runner.cookie, body: form("notes.txt", "hello", "text/plain") });
    expect(txt.status).toBe(415);
    const none = new FormData();
    none.append("other", "x");
    const missing = await call(uploadsRoute.POST, { method: "POST", path: "/api/v1/uploads", cookie: runner.cookie, body: none });
    expect(missing.status).toBe(400);
    expect(missing.json.error.code).toBe("bad_request:file");
    const json = await call(uploadsRoute.POST, { method: "POST", path: "/api/v1/uploads", cookie: runner.cookie, json: { file: "x" } });
    expect(json.status).toBe(415);
    const oversized = await call(uploadsRoute.POST, {
      method: "POST",
      path: "/api/v1/uploads",
      cookie: runner.cookie,
      body: form("big.gpx", "<gpx/>"),
      headers: { "content-length": String(1024 * 1024 * 1024) },
    });
    expect(oversized.status).toBe(413);
  });

  it("answers 401 without a session and 403 for a cross-site post, storing nothing", async () => {
    const before = await countActivities();
    const bytes = fs.readFileSync(`${FIXTURES}/strava-run-hr.gpx`);
    const anon = await call(uploadsRoute.POST, { method: "POST", path: "/api/v1/uploads", body: form("a.gpx", bytes) });
    expect(anon.status).toBe(401);
    const forged = await call(uploadsRoute.POST, {
      method: "POST",
      path: "/api/v1/uploads",
      cookie: runner.cookie,
      origin: "http://attacker.test",
      body: form("a.gpx", bytes),
    });
    expect(forged.status).toBe(403);
    expect(await countActivities()).toBe(before);
  });

  it("imports a TCX named .gpx by its content, and says which sport it found", async () => {
    const res = await call(uploadsRoute.POST, {
      method: "POST",
      path: "/api/v1/uploads",
      cookie: runner.cookie,
      body: form("not-gpx-garmin-connect-tcx.gpx", fs.readFileSync(`${FIXTURES}/not-gpx-garmin-connect-tcx.gpx`)),
    });
    expect(res.status).toBe(201);
    const [row] = await db().select().from(activities).where(eq(activities.id, res.json.activityId));
    expect(row).toMatchObject({ source: "tcx", sport: "ride", sportDetected: null }); // its Sport="Biking" says so
    expect(res.json.sportDetected).toBeNull();
  });

  it("lists the runner's uploads with their outcome", async () => {
    const res = await call(uploadsRoute.GET, { path: "/api/v1/uploads", cookie: runner.cookie });
    expect(res.status).toBe(200);
    const statuses = (res.json.uploads as { status: string }[]).map((u) => u.status);
    expect(statuses.filter((s) => s === "imported")).toHaveLength(2);
    expect(statuses.filter((s) => s === "duplicate")).toHaveLength(1);
    expect(statuses.filter((s) => s === "failed")).toHaveLength(5);
  });
});

describeEachDatabase("uploads API, many files", ({ db }) => {
  it("takes 200 files in one go, each stored once", async () => {
    const { makeGpx } = await import("@/scripts/bench/make-gpx");
    const runner = await createRunner(db());
    const day = Date.UTC(2026, 0, 1, 7, 0, 0);
    const statuses: number[] = [];
    // Three at a time, as the upload page sends them.
    for (let i = 0; i < 200; i += 3) {
      const batch = [i, i + 1, i + 2].filter((n) => n < 200);
      const answers = await Promise.all(
        batch.map((n) =>
          call(uploadsRoute.POST, {
            method: "POST",
            path: "/api/v1/uploads",
            cookie: runner.cookie,
            body: form(`run-${n}.gpx`, makeGpx(60, day + n * 86_400_000)),
          }),
        ),
      );
      statuses.push(...answers.map((a) => a.status));
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(200);
    const rows = await db().select({ id: activities.id }).from(activities).where(eq(activities.userId, runner.id));
    expect(rows).toHaveLength(200);
  }, stretch(120_000));
});

describeEachDatabase("uploads API, sport inferred", ({ db }) => {
  it("an untyped slow track is imported as a walk, and the upload answer and the activity say why", async () => {
    const runner = await createRunner(db(), { timeZone: "Europe/Paris" });
    // 400 points 10 s apart, 12.5 m apart (1.25 m/s = 13:20 /km), flat, 66 min: a walk.
    const t0 = Date.UTC(2026, 3, 5, 8, 0, 0);
    const pts = Array.from({ length: 400 }, (_, i) => {
      const lat = (45 + (i * 12.5) / 111_195).toFixed(7);
      return `<trkpt lat="${lat}" lon="6.0000000"><ele>100</ele><time>${new Date(t0 + i * 10_000).toISOString()}</time></trkpt>`;
    });
    const gpx = `<?xml version="1.0"?><gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>${pts.join("")}</trkseg></trk></gpx>`;
    const res = await call(uploadsRoute.POST, { method: "POST", path: "/api/v1/uploads", cookie: runner.cookie, body: form("untitled.gpx", gpx) });
    expect(res.status).toBe(201);
    expect(res.json.sport).toBe("walk");
    expect(res.json.sportDetected).toEqual({ sport: "walk", reason: "Average pace 13:20 /km — imported as a walk" });
    const id = res.json.activityId as string;
    const detail = await call(activityRoute.GET, { path: `/api/v1/activities/${id}`, params: { id }, cookie: runner.cookie });
    expect(detail.status).toBe(200);
    expect(detail.json.activity.sport).toBe("walk");
    expect(detail.json.sportDetected).toEqual({ sport: "walk", reason: "Average pace 13:20 /km — imported as a walk" });
  });
});
