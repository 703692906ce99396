import { parse } from "csv-parse/sync";
import { beforeAll, expect, it } from "vitest";
import * as activitiesRoute from "@/app/api/v1/activities/route";
import * as activityRoute from "@/app/api/v1/activities/[id]/route";
import * as exportRoute from "@/app/api/v1/export/route";
import * as loadRoute from "@/app/api/v1/load/route";
import * as settingsRoute from "@/app/api/v1/settings/route";
import { activities } from "@/db/schema";
import { ENTRY } from "@/lib/account/export-format";
import { describeEachDatabase } from "../support/db";
import { createRunner } from "../support/factories";
import { call } from "../support/http";
import { readZip } from "../support/read-zip";

/**
 * Issue 19: a runner created in UTC (as `npm run import --create-user` does) has a run on Sunday
 * 15 Nov 2026 at 17:30 in Los Angeles (PST, UTC−8) = Monday 16 Nov 01:30 UTC, imported while they
 * were in UTC. After they set America/Los_Angeles, every surface must put it on Sunday 15 Nov, in the
 * week of Monday 9 Nov — before the fix the detail and the CSV kept the date frozen at import (16 Nov).
 */
describeEachDatabase("weeks follow the runner's current zone everywhere", ({ db }) => {
  let runner: Awaited<ReturnType<typeof createRunner>>;
  let id: string;
  beforeAll(async () => {
    runner = await createRunner(db(), { timeZone: "UTC" });
    const [row] = await db()
      .insert(activities)
      .values({
        userId: runner.id,
        source: "gpx",
        sourceRef: "sunday-evening",
        sport: "run",
        name: "Sunday evening run",
        startTime: new Date("2026-11-16T01:30:00Z"),
        // What the import stored, in the runner's zone at the time.
        localDate: "2026-11-16",
        timeZone: "UTC",
        distanceM: 10_000,
        movingS: 3000,
        elapsedS: 3100,
      })
      .returning({ id: activities.id });
    id = row!.id;
  });

  async function datesEverywhere() {
    const detail = await call(activityRoute.GET, { path: `/api/v1/activities/${id}`, cookie: runner.cookie, params: { id } });
    expect(detail.status).toBe(200);
    const list = await call(activitiesRoute.GET, { path: "/api/v1/activities?from=2026-11-01&to=2026-11-30", cookie: runner.cookie });
    expect(list.status).toBe(200);
    const exported = await call(exportRoute.GET, { path: "/api/v1/export", cookie: runner.cookie });
    expect(exported.status).toBe(200);
    const csv = parse((await readZip(exported.bytes!)).get(ENTRY.activitiesCsv)!, { bom: true, columns: true }) as Record<string, string>[];
    const load = await call(loadRoute.GET, { path: "/api/v1/load?from=2026-11-02&to=2026-11-22", cookie: runner.cookie });
    expect(load.status).toBe(200);
    const weeks = load.json.weeks as { weekStart: string; runDistanceM: number }[];
    const spikes = load.json.spikes as { activityId: string; localDate: string }[];
    return {
      detail: [detail.json.activity.localDate, detail.json.activity.weekTimeZone],
      list: list.json.items.map((a: { localDate: string; weekTimeZone: string }) => [a.localDate, a.weekTimeZone]),
      csv: csv.map((r) => [r.local_date, r.time_zone]),
      loadWeek: weeks.filter((w) => w.runDistanceM > 0).map((w) => w.weekStart),
      loadSpike: spikes.filter((s) => s.activityId === id).map((s) => s.localDate),
      recorded: [detail.json.activity.startLocal, detail.json.activity.timeZone, csv[0]!.recorded_local_start, csv[0]!.recorded_time_zone],
    };
  }

  it("agrees on Monday 16 Nov while the runner is in UTC", async () => {
    expect(await datesEverywhere()).toEqual({
      detail: ["2026-11-16", "UTC"],
      list: [["2026-11-16", "UTC"]],
      csv: [["2026-11-16", "UTC"]],
      loadWeek: ["2026-11-16"],
      loadSpike: ["2026-11-16"],
      recorded: ["2026-11-16T01:30", "UTC", "2026-11-16T01:30", "UTC"],
    });
  });

  it("agrees on Sunday 15 Nov once the runner sets America/Los_Angeles, and back again", async () => {
    const patch = await call(settingsRoute.PATCH, { method: "PATCH", path: "/api/v1/settings", cookie: runner.cookie, json: { timeZone: "America/Los_Angeles" } });
    expect(patch.status).toBe(200);
    expect(await datesEverywhere()).toEqual({
      detail: ["2026-11-15", "America/Los_Angeles"],
      list: [["2026-11-15", "America/Los_Angeles"]],
      csv: [["2026-11-15", "America/Los_Angeles"]],
      loadWeek: ["2026-11-09"],
      loadSpike: ["2026-11-15"],
      // The zone it was recorded in is the activity's own and does not move with the runner.
      recorded: ["2026-11-16T01:30", "UTC", "2026-11-16T01:30", "UTC"],
    });
    const back = await call(settingsRoute.PATCH, { method: "PATCH", path: "/api/v1/settings", cookie: runner.cookie, json: { timeZone: "UTC" } });
    expect(back.status).toBe(200);
    expect((await datesEverywhere()).detail).toEqual(["2026-11-16", "UTC"]);
  });
});
