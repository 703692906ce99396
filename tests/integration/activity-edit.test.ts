import fs from "node:fs";
import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import * as activityRoute from "@/app/api/v1/activities/[id]/route";
import * as listRoute from "@/app/api/v1/activities/route";
import * as loadRoute from "@/app/api/v1/load/route";
import * as surfacesRoute from "@/app/api/v1/surfaces/route";
import { activities } from "@/db/schema";
import { ingestFile } from "@/lib/activities/ingest";
import { describeEachDatabase } from "../support/db";
import { createRunner } from "../support/factories";
import { call } from "../support/http";

/**
 * Editing an activity (title, sport, notes, RPE) and entering one by hand, through the API: the
 * weeks, spikes and surfaces that read activities follow the edit.
 */

type Runner = Awaited<ReturnType<typeof createRunner>>;
type Week = { weekStart: string; runDistanceM: number };
type Spike = { localDate: string; band: string; distanceM: number };

const post = (r: Runner, json: unknown) => call(listRoute.POST, { method: "POST", path: "/api/v1/activities", cookie: r.cookie, json });
const patch = (r: Runner, id: string, json: unknown) => call(activityRoute.PATCH, { method: "PATCH", path: `/api/v1/activities/${id}`, params: { id }, cookie: r.cookie, json });
const detail = (r: Runner, id: string) => call(activityRoute.GET, { path: `/api/v1/activities/${id}`, params: { id }, cookie: r.cookie });

describeEachDatabase("editing an activity", ({ db }) => {
  let runner: Runner;
  let hikeId: string;
  // Monday 2026-11-02 … Sunday 2026-11-15 in Paris; three 8 km runs in the first week, then the
  // "run" of 18 km on Sunday 15 November that was really a hike.
  const load = async () => {
    const res = await call(loadRoute.GET, { path: "/api/v1/load?from=2026-11-02&to=2026-11-15", cookie: runner.cookie });
    expect(res.status).toBe(200);
    return res.json as { weeks: Week[]; spikes: Spike[] };
  };

  beforeAll(async () => {
    runner = await createRunner(db(), { timeZone: "Europe/Paris" });
    for (const day of ["2026-11-03", "2026-11-05", "2026-11-08"]) {
      const res = await post(runner, { start: `${day}T07:00`, sport: "run", durationS: 2400, distanceM: 8000 });
      expect(res.status).toBe(201);
    }
    const hike = await post(runner, { start: "2026-11-15T08:00", sport: "run", durationS: 6 * 3600 + 53 * 60, distanceM: 18_200, name: "2019-05-01 06:31:11 Tag" });
    expect(hike.status).toBe(201);
    hikeId = hike.json.activity.id;
  });

  it("counts the mis-labelled hike as a run with a large spike before the edit", async () => {
    const { weeks, spikes } = await load();
    expect(weeks.map((w) => [w.weekStart, w.runDistanceM])).toEqual([
      ["2026-11-02", 24_000],
      ["2026-11-09", 18_200],
    ]);
    // 18.2 km against a longest of 8 km in the 30 days before: +128 %.
    expect(spikes.find((s) => s.localDate === "2026-11-15")).toMatchObject({ band: "large", distanceM: 18_200 });
  });

  it("edits sport and title: the week drops its distance, the spike and the surface go, the edit is remembered", async () => {
    const res = await patch(runner, hikeId, { sport: "hike", name: "  Salève\u0007 loop " });
    expect(res.status).toBe(200);
    expect(res.json.activity).toMatchObject({ sport: "hike", name: "Salève loop", surface: "unknown", surfaceSource: "assumed", editedFields: ["name", "sport"] });

    const { weeks, spikes } = await load();
    expect(weeks.map((w) => [w.weekStart, w.runDistanceM])).toEqual([
      ["2026-11-02", 24_000],
      ["2026-11-09", 0],
    ]);
    expect(spikes.map((s) => s.localDate)).not.toContain("2026-11-15");
    const one = await detail(runner, hikeId);
    expect(one.json.spike).toBeNull();

    const surfaces = await call(surfacesRoute.GET, { path: "/api/v1/surfaces?from=2026-11-02&to=2026-11-15", cookie: runner.cookie });
    expect(surfaces.status).toBe(200);
    expect(JSON.stringify(surfaces.json)).not.toContain("18200");

    // A run again: the surface is derived as at import (no track, no hint: road, assumed).
    const back = await patch(runner, hikeId, { sport: "run" });
    expect(back.json.activity).toMatchObject({ sport: "run", surface: "road", surfaceSource: "assumed" });
    expect((await load()).weeks[1]!.runDistanceM).toBe(18_200);
    expect((await patch(runner, hikeId, { sport: "hike" })).status).toBe(200);
  });

  it("derives the surface from the new sport for an imported run, and keeps the runner's own surface", async () => {
    const result = await ingestFile(db(), { userId: runner.id, timeZone: "Europe/Paris", fileName: "a.gpx", bytes: fs.readFileSync("tests/fixtures/gpx/strava-run-hr.gpx") });
    if (result.status !== "imported") throw new Error(result.status);
    const id = result.activityId;
    expect((await patch(runner, id, { sport: "treadmill_run" })).json.activity).toMatchObject({ surface: "treadmill", surfaceSource: "file" });
    expect((await patch(runner, id, { sport: "trail_run" })).json.activity).toMatchObject({ surface: "trail", surfaceSource: "file" });
    expect((await patch(runner, id, { sport: "ride" })).json.activity).toMatchObject({ surface: "unknown", surfaceSource: "assumed" });
    expect((await patch(runner, id, { sport: "run", surface: "grass" })).json.activity).toMatchObject({ sport: "run", surface: "grass", surfaceSource: "user" });
    // A plain run keeps the runner's choice when its sport changes between running sports.
    expect((await patch(runner, id, { sport: "run" })).json.activity.surface).toBe("grass");
  });

  it("edits notes and RPE, and clears them", async () => {
    const res = await patch(runner, hikeId, { notes: " Knees fine on the descent ", rpe: 6 });
    expect(res.json.activity).toMatchObject({ notes: "Knees fine on the descent", rpe: 6 });
    const cleared = await patch(runner, hikeId, { notes: "", rpe: null });
    expect(cleared.json.activity).toMatchObject({ notes: null, rpe: null });
  });

  it("refuses bad edits with 400 and changes nothing", async () => {
    const [before] = await db().select().from(activities).where(eq(activities.id, hikeId));
    for (const body of [{ sport: "skating" }, { name: "" }, { name: "x".repeat(201) }, { rpe: 11 }, { rpe: 2.5 }, { notes: 5 }, { useStravaValues: false }, { sport: "run", useStravaValues: true }, { colour: "red" }]) {
      const res = await patch(runner, hikeId, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    // Strava's values exist only for a Strava activity.
    const notStrava = await patch(runner, hikeId, { useStravaValues: true });
    expect(notStrava.status).toBe(422);
    expect(notStrava.json.error.code).toBe("unprocessable:not_strava");
    const [after] = await db().select().from(activities).where(eq(activities.id, hikeId));
    expect(after).toEqual(before);
  });

  it("does not let another runner edit it", async () => {
    const other = await createRunner(db());
    const res = await patch(other, hikeId, { name: "Mine now" });
    expect(res.status).toBe(404);
    expect((await detail(runner, hikeId)).json.activity.name).toBe("Salève loop");
  });
});

describeEachDatabase("entering an activity by hand", ({ db }) => {
  let runner: Runner;
  beforeAll(async () => {
    runner = await createRunner(db(), { timeZone: "America/Los_Angeles" });
  });

  it("stores a treadmill run at the runner's wall-clock time, marked as entered by hand", async () => {
    const res = await post(runner, { start: "2026-11-15T17:30", sport: "treadmill_run", durationS: 1800, distanceM: 5000, rpe: 4, notes: "Gym" });
    expect(res.status).toBe(201);
    // 17:30 in Los Angeles (UTC-8 in November) is 01:30 UTC the next day.
    expect(res.json.activity).toMatchObject({
      source: "manual",
      sport: "treadmill_run",
      name: "Treadmill run on 2026-11-15",
      startTime: "2026-11-16T01:30:00.000Z",
      localDate: "2026-11-15",
      timeZone: "America/Los_Angeles",
      distanceM: 5000,
      movingS: 1800,
      elapsedS: 1800,
      rpe: 4,
      notes: "Gym",
      surface: "treadmill",
      duplicateOf: null,
    });
    const list = await call(listRoute.GET, { path: "/api/v1/activities?source=manual", cookie: runner.cookie });
    expect(list.json.items.map((a: { id: string }) => a.id)).toEqual([res.json.activity.id]);
  });

  it("takes a ride without a surface, and a run with the runner's surface", async () => {
    const ride = await post(runner, { start: "2026-11-10T09:00", sport: "ride", durationS: 3600, distanceM: 30_000, name: "Commute" });
    expect(ride.json.activity).toMatchObject({ sport: "ride", name: "Commute", surface: "unknown" });
    const run = await post(runner, { start: "2026-11-11T06:00", sport: "run", durationS: 3000, distanceM: 10_000, surface: "track" });
    expect(run.json.activity).toMatchObject({ sport: "run", surface: "track", surfaceSource: "user", name: "Run on 2026-11-11" });
  });

  it("refuses bad values with 400 and writes nothing", async () => {
    const count = async () => (await db().select({ id: activities.id }).from(activities).where(eq(activities.userId, runner.id))).length;
    const before = await count();
    const good = { start: "2026-11-12T07:00", sport: "run", durationS: 1800, distanceM: 5000 };
    const bad: Record<string, unknown>[] = [
      {},
      { ...good, start: "yesterday" },
      { ...good, start: "2026-02-30T07:00" },
      { ...good, start: "2099-01-01T07:00" },
      { ...good, start: "1985-01-01T07:00" },
      { ...good, sport: "skating" },
      { ...good, durationS: 0 },
      { ...good, durationS: 12.5 },
      { ...good, durationS: 49 * 3600 },
      { ...good, distanceM: -1 },
      { ...good, distanceM: 2_000_000 },
      { ...good, distanceM: "5 km" },
      { ...good, rpe: 12 },
      { ...good, surface: "mixed" },
      { ...good, sport: "ride", surface: "road" },
      { ...good, name: "" },
      { ...good, source: "strava" },
    ];
    for (const body of bad) {
      const res = await post(runner, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.code).toMatch(/^bad_request/);
    }
    expect(await count()).toBe(before);
  });

  it("marks a hand-entered copy of an imported run as its duplicate, counted once", async () => {
    const first = await post(runner, { start: "2026-11-13T07:00", sport: "run", durationS: 3000, distanceM: 10_000 });
    const copy = await post(runner, { start: "2026-11-13T07:01", sport: "run", durationS: 2900, distanceM: 9_900 });
    expect(copy.json.activity.duplicateOf).toBe(first.json.activity.id);
  });

  it("answers an anonymous caller with 401 and writes nothing", async () => {
    const res = await call(listRoute.POST, { method: "POST", path: "/api/v1/activities", json: { start: "2026-11-12T07:00", sport: "run", durationS: 1800, distanceM: 5000 } });
    expect(res.status).toBe(401);
  });
});
