import { beforeAll, expect, it } from "vitest";
import * as weeklyRoute from "@/app/api/v1/load/weekly/route";
import { weeklyRunningTotals } from "@/db/queries/load";
import { activities, type Sport } from "@/db/schema";
import { addDays, localDateOf, mondayOf } from "@/lib/load/weeks";
import { describeEachDatabase } from "../support/db";
import { createRunner } from "../support/factories";
import { call } from "../support/http";

function run(userId: string, startIso: string, distanceM: number, movingS: number, sport: Sport = "run", ref = startIso) {
  return {
    userId,
    source: "manual" as const,
    sourceRef: ref,
    sport,
    name: "test",
    startTime: new Date(startIso),
    localDate: startIso.slice(0, 10),
    timeZone: "UTC",
    distanceM,
    movingS,
    elapsedS: movingS,
  };
}

describeEachDatabase("weekly running totals", ({ db }) => {
  let runnerId: string;
  beforeAll(async () => {
    runnerId = (await createRunner(db())).id;
    await db()
      .insert(activities)
      .values([
        // Sunday 2026-03-22 23:30 in Paris (UTC+1) = 22:30Z: belongs to the week of Monday 16 March.
        run(runnerId, "2026-03-22T22:30:00Z", 10_000, 3000),
        // Monday 2026-03-23 00:30 in Paris = Sunday 23:30Z: week of 23 March in Paris, of 16 March in UTC.
        run(runnerId, "2026-03-22T23:30:00Z", 5_000, 1500),
        // Sunday 2026-03-29 after the spring-forward (02:00→03:00, UTC+2): 23:59 local = 21:59Z.
        run(runnerId, "2026-03-29T21:59:00Z", 8_000, 2400),
        // Monday 2026-03-30 00:10 local (UTC+2) = Sunday 22:10Z: next week in Paris.
        run(runnerId, "2026-03-29T22:10:00Z", 4_000, 1200),
        // A ride in the same week must not count as running.
        run(runnerId, "2026-03-25T10:00:00Z", 40_000, 5400, "ride"),
        // A trail run does count.
        run(runnerId, "2026-03-26T10:00:00Z", 12_000, 4800, "trail_run"),
      ]);
  });

  const range = { from: new Date("2026-03-01T00:00:00Z"), to: new Date("2026-05-01T00:00:00Z") };

  it("buckets runs into Monday–Sunday weeks of the runner's zone, across a DST change", async () => {
    const paris = await weeklyRunningTotals(db(), { userId: runnerId, timeZone: "Europe/Paris", ...range });
    expect(paris).toEqual([
      { weekStart: "2026-03-16", distanceM: 10_000, movingS: 3000, runs: 1 },
      // 5 km Monday 00:30 + 12 km trail Thursday + 8 km Sunday 23:59 = 25 km, 1500 + 4800 + 2400 s.
      { weekStart: "2026-03-23", distanceM: 25_000, movingS: 8700, runs: 3 },
      { weekStart: "2026-03-30", distanceM: 4_000, movingS: 1200, runs: 1 },
    ]);
  });

  it("gives different weeks for the same runs in UTC", async () => {
    const utc = await weeklyRunningTotals(db(), { userId: runnerId, timeZone: "UTC", ...range });
    expect(utc).toEqual([
      // Both 22:30Z and 23:30Z on Sunday 22 March fall in the week of 16 March in UTC.
      { weekStart: "2026-03-16", distanceM: 15_000, movingS: 4500, runs: 2 },
      // 12 km + 8 km + 4 km (Sunday 29 March 22:10Z is still Sunday in UTC).
      { weekStart: "2026-03-23", distanceM: 24_000, movingS: 8400, runs: 3 },
    ]);
  });

  it("respects the range bounds (from inclusive, to exclusive)", async () => {
    const narrow = await weeklyRunningTotals(db(), {
      userId: runnerId,
      timeZone: "UTC",
      from: new Date("2026-03-22T23:30:00Z"),
      to: new Date("2026-03-29T21:59:00Z"),
    });
    expect(narrow).toEqual([
      { weekStart: "2026-03-16", distanceM: 5_000, movingS: 1500, runs: 1 },
      { weekStart: "2026-03-23", distanceM: 12_000, movingS: 4800, runs: 1 },
    ]);
  });

  it("serves the requested number of weeks, zero-filled, ending with the current week", async () => {
    const runner = await createRunner(db(), { timeZone: "Pacific/Auckland" });
    const ranAt = new Date(Date.now() - 60_000);
    await db().insert(activities).values(run(runner.id, ranAt.toISOString(), 6_000, 1800));
    const res = await call(weeklyRoute.GET, { path: "/api/v1/load/weekly?weeks=4", cookie: runner.cookie });
    expect(res.status).toBe(200);
    expect(res.json.timeZone).toBe("Pacific/Auckland");
    const weeks = res.json.weeks as { weekStart: string; runs: number }[];
    expect(weeks).toHaveLength(4);
    // Consecutive Mondays ending with the current week (the run a minute ago may sit in the
    // previous one if the test runs in the first minute of a Monday in Auckland).
    expect(weeks.map((w) => w.weekStart)).toEqual([21, 14, 7, 0].map((d) => addDays(mondayOf(localDateOf(new Date(), "Pacific/Auckland")), -d)));
    const ranWeek = mondayOf(localDateOf(ranAt, "Pacific/Auckland"));
    expect(weeks.find((w) => w.weekStart === ranWeek)).toEqual({ weekStart: ranWeek, distanceM: 6000, movingS: 1800, runs: 1 });
    expect(weeks.filter((w) => w.runs > 0)).toHaveLength(1);
    expect((await call(weeklyRoute.GET, { path: "/api/v1/load/weekly?weeks=0", cookie: runner.cookie })).status).toBe(400);
    expect((await call(weeklyRoute.GET, { path: "/api/v1/load/weekly" })).status).toBe(401);
  });
});
