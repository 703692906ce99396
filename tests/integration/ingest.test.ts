import fs from "node:fs";
import { eq, sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import * as activityRoute from "@/app/api/v1/activities/[id]/route";
import * as streamsRoute from "@/app/api/v1/activities/[id]/streams/route";
import * as weeklyRoute from "@/app/api/v1/load/weekly/route";
import { weeklyRunningTotals } from "@/db/queries/load";
import { activities, activityStreams, uploads } from "@/db/schema";
import { ingestFile } from "@/lib/activities/ingest";
import { describeEachDatabase } from "../support/db";
import { createRunner } from "../support/factories";
import { call } from "../support/http";

const run = fs.readFileSync("tests/fixtures/gpx/strava-run-hr.gpx");
const NOW = new Date("2026-11-25T12:00:00Z");

describeEachDatabase("import pipeline", ({ db, kind }) => {
  let runner: Awaited<ReturnType<typeof createRunner>>;
  beforeAll(async () => {
    runner = await createRunner(db(), { timeZone: "America/Los_Angeles" });
  });
  const ingest = (bytes: Uint8Array, fileName = "run.gpx", userId = runner.id) =>
    ingestFile(db(), { userId, timeZone: "America/Los_Angeles", fileName, bytes, now: NOW });
  const count = async (userId = runner.id) =>
    (await db().select({ id: activities.id }).from(activities).where(eq(activities.userId, userId))).length;

  it("stores one activity when the same file arrives twice at the same moment", async () => {
    const other = await createRunner(db());
    const results = await Promise.all([ingest(run, "a.gpx", other.id), ingest(run, "b.gpx", other.id), ingest(run, "c.gpx", other.id)]);
    expect(results.map((r) => r.status).sort()).toEqual(["duplicate", "duplicate", "imported"]);
    expect(await count(other.id)).toBe(1);
    const ids = new Set(results.map((r) => ("activityId" in r ? r.activityId : null)));
    expect(ids.size).toBe(1);
  });

  it("keeps the same run from a second file once, shows the link, and can undo it", async () => {
    const first = await ingest(run, "watch.gpx");
    // The same recording exported again by another app: other bytes (a different name), same run.
    const again = Buffer.from(run.toString("utf8").replace("Greeting SF with a dumb, dumb route", "Morning loop (phone)"));
    const second = await ingest(again, "phone.gpx");
    expect(first.status).toBe("imported");
    expect(second.status).toBe("imported");
    if (first.status !== "imported" || second.status !== "imported") return;
    expect(second.sameRunAs).toEqual({ id: first.activityId, name: "Greeting SF with a dumb, dumb route", source: "gpx" });

    const range = { userId: runner.id, timeZone: "America/Los_Angeles", from: new Date("2015-01-01"), to: new Date("2015-02-01") };
    expect((await weeklyRunningTotals(db(), range))[0]!.runs).toBe(1); // counted once

    const shown = await call(activityRoute.GET, { path: `/api/v1/activities/${second.activityId}`, params: { id: second.activityId }, cookie: runner.cookie });
    expect(shown.json.sameRun.countedAs).toMatchObject({ id: first.activityId });
    const primary = await call(activityRoute.GET, { path: `/api/v1/activities/${first.activityId}`, params: { id: first.activityId }, cookie: runner.cookie });
    expect(primary.json.sameRun.duplicates).toEqual([{ id: second.activityId, name: "Morning loop (phone)", source: "gpx" }]);

    const undo = await call(activityRoute.PATCH, {
      method: "PATCH",
      path: `/api/v1/activities/${second.activityId}`,
      params: { id: second.activityId },
      cookie: runner.cookie,
      json: { duplicateOf: null },
    });
    expect(undo.status).toBe(200);
    expect((await weeklyRunningTotals(db(), range))[0]!.runs).toBe(2); // now counted separately

    const redo = await call(activityRoute.PATCH, {
      method: "PATCH",
      path: `/api/v1/activities/${second.activityId}`,
      params: { id: second.activityId },
      cookie: runner.cookie,
      json: { duplicateOf: first.activityId },
    });
    expect(redo.json.activity.duplicateOf).toBe(first.activityId);
    const intoItself = await call(activityRoute.PATCH, {
      method: "PATCH",
      path: `/api/v1/activities/${first.activityId}`,
      params: { id: first.activityId },
      cookie: runner.cookie,
      json: { duplicateOf: first.activityId },
    });
    expect(intoItself.status).toBe(422);
  });

  it("serves downsampled streams for the activity page, to its owner only", async () => {
    const owner = await createRunner(db());
    const result = await ingest(run, "streams.gpx", owner.id);
    if (result.status !== "imported") throw new Error("not imported");
    const res = await call(streamsRoute.GET, {
      path: `/api/v1/activities/${result.activityId}/streams?points=100`,
      params: { id: result.activityId },
      cookie: owner.cookie,
    });
    expect(res.status).toBe(200);
    const series = res.json.series;
    // 1118 points, every 12th (ceil(1118 / 100)) plus the last one: 94 + 1 = 95 samples.
    expect(series.distanceKm).toHaveLength(95);
    expect(series.route).toHaveLength(95);
    expect(series.distanceKm[0]).toBe(0);
    expect(series.distanceKm.at(-1)).toBeCloseTo(3.568, 2);
    expect(series.timeS.at(-1)).toBe(1256); // elapsed 20:56
    expect(series.heartRate.filter((v: number | null) => v !== null).length).toBeGreaterThan(80);
    const paces = series.paceSPerKm.filter((v: number | null) => v !== null) as number[];
    expect(paces.length).toBeGreaterThan(50);
    // The run averages 5:02 /km (1076 s moving over 3.568 km): the median 30 s pace lies near it.
    const median = [...paces].sort((a, b) => a - b)[Math.floor(paces.length / 2)]!;
    expect(median).toBeGreaterThan(240);
    expect(median).toBeLessThan(360);
    expect(paces.every((p) => p >= 100 && p <= 1200)).toBe(true);
    const other = await call(streamsRoute.GET, { path: `/api/v1/activities/${result.activityId}/streams`, params: { id: result.activityId }, cookie: runner.cookie });
    expect(other.status).toBe(404);
    const anon = await call(streamsRoute.GET, { path: `/api/v1/activities/${result.activityId}/streams`, params: { id: result.activityId } });
    expect(anon.status).toBe(401);
  });

  it("writes nothing of an activity when storing its streams fails (one transaction)", async () => {
    const victim = await createRunner(db());
    // A real failure inside the database, injected with a trigger on this runner's rows only.
    await db().execute(
      sql.raw(`create or replace function patella_test_fail() returns trigger as $$
        begin
          if new.user_id = '${victim.id}' then raise exception 'disk full (test)'; end if;
          return new;
        end $$ language plpgsql`),
    );
    await db().execute(sql.raw("drop trigger if exists patella_test_fail on activity_streams"));
    await db().execute(
      sql.raw("create trigger patella_test_fail before insert on activity_streams for each row execute function patella_test_fail()"),
    );
    try {
      await expect(ingest(run, "doomed.gpx", victim.id)).rejects.toThrow();
      expect(await count(victim.id)).toBe(0);
      expect(await db().select().from(uploads).where(eq(uploads.userId, victim.id))).toHaveLength(0);
      expect(await db().select().from(activityStreams).where(eq(activityStreams.userId, victim.id))).toHaveLength(0);
    } finally {
      await db().execute(sql.raw("drop trigger if exists patella_test_fail on activity_streams"));
    }
    // The same file then imports normally.
    expect((await ingest(run, "retry.gpx", victim.id)).status).toBe("imported");
  });

  it("answers the weekly route for a runner with merged runs (smoke, " + kind + ")", async () => {
    const res = await call(weeklyRoute.GET, { path: "/api/v1/load/weekly?weeks=2", cookie: runner.cookie });
    expect(res.status).toBe(200);
  });
});
