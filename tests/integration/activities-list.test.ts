import { beforeAll, expect, it } from "vitest";
import * as listRoute from "@/app/api/v1/activities/route";
import { activities, type NewActivity } from "@/db/schema";
import { describeEachDatabase } from "../support/db";
import { createRunner } from "../support/factories";
import { call } from "../support/http";

type Row = Pick<NewActivity, "name" | "sport" | "source" | "surface" | "distanceM" | "movingS"> & { start: string; sample?: boolean };

/** A New York runner's activities: every sport, surface and source the filters need, and ties. */
const ROWS: Row[] = [
  { name: "Easy road", sport: "run", surface: "road", source: "gpx", start: "2026-01-05T12:00:00Z", distanceM: 10_000, movingS: 3_000 },
  { name: "Trail long", sport: "trail_run", surface: "trail", source: "strava", start: "2026-01-10T12:00:00Z", distanceM: 21_000, movingS: 7_800 },
  { name: "Ride", sport: "ride", surface: null, source: "fit", start: "2026-01-15T12:00:00Z", distanceM: 40_000, movingS: 5_400 },
  { name: "Treadmill A", sport: "treadmill_run", surface: "treadmill", source: "tcx", start: "2026-01-20T12:00:00Z", distanceM: 5_000, movingS: 1_500 },
  { name: "Treadmill B", sport: "treadmill_run", surface: "treadmill", source: "tcx", start: "2026-01-22T12:00:00Z", distanceM: 5_000, movingS: 1_560 },
  { name: "Treadmill C", sport: "treadmill_run", surface: "treadmill", source: "tcx", start: "2026-01-24T12:00:00Z", distanceM: 5_000, movingS: 1_620 },
  // 04:30 UTC on 1 February is still 31 January in New York.
  { name: "Late sample", sport: "run", surface: "road", source: "manual", start: "2026-02-01T04:30:00Z", distanceM: 8_000, movingS: 2_400, sample: true },
  { name: "Walk", sport: "walk", surface: "unknown", source: "archive", start: "2026-02-03T12:00:00Z", distanceM: 3_000, movingS: 2_400 },
  { name: "Mixed loop", sport: "run", surface: "mixed", source: "gpx", start: "2026-02-05T12:00:00Z", distanceM: 12_000, movingS: 3_700 },
];

describeEachDatabase("GET /api/v1/activities: filters, sort and pages", ({ db }) => {
  let runner: Awaited<ReturnType<typeof createRunner>>;

  beforeAll(async () => {
    runner = await createRunner(db(), { timeZone: "America/New_York" });
    const other = await createRunner(db(), { timeZone: "America/New_York" });
    const values = (userId: string, prefix: string): NewActivity[] =>
      ROWS.map((r, i) => ({
        userId,
        name: `${prefix}${r.name}`,
        sport: r.sport,
        source: r.source,
        sourceRef: `${prefix}ref-${i}`,
        surface: r.surface,
        surfaceSource: r.surface ? "user" : null,
        startTime: new Date(r.start),
        localDate: r.start.slice(0, 10),
        timeZone: "America/New_York",
        distanceM: r.distanceM,
        movingS: r.movingS,
        elapsedS: r.movingS + 60,
        sample: r.sample ?? false,
      }));
    await db().insert(activities).values(values(runner.id, ""));
    // Another runner's identical history must never show up, whatever the filters.
    await db().insert(activities).values(values(other.id, "Other's "));
  });

  const list = async (query: string) => {
    const res = await call(listRoute.GET, { path: `/api/v1/activities?${query}`, cookie: runner.cookie });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return res.json as { items: { name: string; localDate: string; sample: boolean; distanceM: number }[]; total: number; limit: number; offset: number };
  };
  const names = async (query: string) => (await list(query)).items.map((a) => a.name);

  it("lists newest first by default, with the total and each activity's sample flag", async () => {
    const body = await list("");
    expect(body.total).toBe(ROWS.length);
    expect(body.items.map((a) => a.name)).toEqual(ROWS.map((r) => r.name).reverse());
    expect(body.items.find((a) => a.name === "Late sample")).toMatchObject({ sample: true, localDate: "2026-01-31" });
    expect(body.items.filter((a) => a.sample)).toHaveLength(1);
  });

  it("sorts by date, distance and moving time, both ways; ties go newest first", async () => {
    expect(await names("sort=date&dir=asc")).toEqual(ROWS.map((r) => r.name));
    expect(await names("sort=distance&dir=desc")).toEqual(["Ride", "Trail long", "Mixed loop", "Easy road", "Late sample", "Treadmill C", "Treadmill B", "Treadmill A", "Walk"]);
    expect(await names("sort=distance&dir=asc")).toEqual(["Walk", "Treadmill C", "Treadmill B", "Treadmill A", "Late sample", "Easy road", "Mixed loop", "Trail long", "Ride"]);
    expect(await names("sort=moving_time&dir=asc")).toEqual(["Treadmill A", "Treadmill B", "Treadmill C", "Walk", "Late sample", "Easy road", "Mixed loop", "Ride", "Trail long"]);
    expect((await names("sort=moving_time"))[0]).toBe("Trail long");
  });

  it("filters by sport, surface and source, alone and together", async () => {
    expect(await names("sport=run")).toEqual(["Mixed loop", "Late sample", "Easy road"]);
    expect(await names("surface=treadmill&sort=date&dir=asc")).toEqual(["Treadmill A", "Treadmill B", "Treadmill C"]);
    expect(await names("source=archive")).toEqual(["Walk"]);
    expect(await names("sport=run&surface=road&source=gpx")).toEqual(["Easy road"]);
    const none = await list("sport=swim");
    expect(none).toMatchObject({ items: [], total: 0 });
  });

  it("filters by local dates in the runner's time zone, both ends included", async () => {
    expect(await names("from=2026-01-31&to=2026-01-31")).toEqual(["Late sample"]);
    expect(await names("from=2026-02-01")).toEqual(["Mixed loop", "Walk"]);
    expect(await names("to=2026-01-10&sort=date&dir=asc")).toEqual(["Easy road", "Trail long"]);
    const january = await list("from=2026-01-01&to=2026-01-31&sort=distance");
    expect(january.total).toBe(7);
    expect(january.items[0]!.name).toBe("Ride");
  });

  it("pages through a sorted, filtered list without gaps or repeats, counting every match", async () => {
    const all = await names("sort=distance&dir=asc&from=2026-01-01");
    const pages: string[] = [];
    for (let offset = 0; offset < all.length; offset += 2) {
      const page = await list(`sort=distance&dir=asc&from=2026-01-01&limit=2&offset=${offset}`);
      expect(page).toMatchObject({ total: all.length, limit: 2, offset });
      expect(page.items.length).toBeLessThanOrEqual(2);
      pages.push(...page.items.map((a) => a.name));
    }
    expect(pages).toEqual(all);
    const past = await list("limit=20&offset=40");
    expect(past).toMatchObject({ items: [], total: ROWS.length });
  });

  it("refuses bad values with 400 and a message naming the parameter", async () => {
    const cases: [string, RegExp][] = [
      ["sort=pace", /^sort: sort must be one of date, distance, moving_time\.$/],
      ["dir=sideways", /^dir: dir must be one of asc, desc\.$/],
      ["sport=kayak", /^sport: sport must be one of run, /],
      ["surface=sand", /^surface: surface must be one of road, /],
      ["source=garmin", /^source: source must be one of strava, gpx, tcx, fit, archive, manual\.$/],
      ["from=2026-13-01", /^from: That date does not exist\.$/],
      ["to=last-week", /^to: Use a date like/],
      ["from=2026-02-01&to=2026-01-01", /^from: from must be on or before to\.$/],
      ["limit=500", /^limit: limit must be 1 to 100\.$/],
      ["offset=-1", /^offset: offset cannot be negative\.$/],
    ];
    for (const [query, message] of cases) {
      const res = await call(listRoute.GET, { path: `/api/v1/activities?${query}`, cookie: runner.cookie });
      expect(res.status, query).toBe(400);
      expect(res.json.error.code, query).toBe("bad_request:query");
      expect(res.json.error.message, query).toMatch(message);
    }
  });
});
