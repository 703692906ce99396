import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import * as activityRoute from "@/app/api/v1/activities/[id]/route";
import * as guidanceRoute from "@/app/api/v1/guidance/route";
import * as surfacesRoute from "@/app/api/v1/surfaces/route";
import { activities } from "@/db/schema";
import { ingestFile } from "@/lib/activities/ingest";
import { addDays, localDateOf, mondayOf } from "@/lib/load/weeks";
import { describeEachDatabase } from "../support/db";
import { createRunner } from "../support/factories";
import { call } from "../support/http";
import { loopGpx, type LoopOptions } from "../support/loop-gpx";

const DAY = 86_400_000;

describeEachDatabase("surfaces", ({ db }) => {
  let runner: Awaited<ReturnType<typeof createRunner>>;
  const ids: Record<string, string> = {};
  // Runs 1–9 days ago, so they land in the last 4 weeks.
  const daysAgo = (n: number) => new Date(Date.now() - n * DAY);

  const ingest = async (key: string, options: LoopOptions) => {
    const res = await ingestFile(db(), { userId: runner.id, timeZone: "UTC", fileName: `${key}.gpx`, bytes: Buffer.from(loopGpx(options)) });
    if (res.status !== "imported") throw new Error(`${key}: ${res.status}`);
    ids[key] = res.activityId;
  };
  const surfaceOf = async (key: string) =>
    (await db().select({ surface: activities.surface, source: activities.surfaceSource }).from(activities).where(eq(activities.id, ids[key]!)))[0];
  const patch = (id: string, json: unknown, cookie = runner.cookie) =>
    call(activityRoute.PATCH, { method: "PATCH", path: `/api/v1/activities/${id}`, params: { id }, cookie, json });

  beforeAll(async () => {
    runner = await createRunner(db());
    // The same 2.6 km loop three times (once backwards, once with GPS noise), another loop from the same start, and a longer loop.
    await ingest("loop", { start: daysAgo(9), name: "Park loop" });
    await ingest("loopReversed", { start: daysAgo(7), reverse: true, name: "Park loop" });
    await ingest("loopNoisy", { start: daysAgo(5), noiseM: 12, seed: 99, name: "Park loop" });
    await ingest("otherLoop", { start: daysAgo(4), eastWest: -1, name: "Park loop" });
    await ingest("bigLoop", { start: daysAgo(3), widthM: 1200, heightM: 700, name: "Park loop" });
    await ingest("trail", { start: daysAgo(2), name: "Forest trail", widthM: 600 });
  });

  it("labels new runs from what they carry: a name hint, else road (assumed)", async () => {
    expect(await surfaceOf("loop")).toEqual({ surface: "road", source: "assumed" });
    expect(await surfaceOf("trail")).toEqual({ surface: "trail", source: "file" });
  });

  it("relabels exactly the runs on the same route when asked to, and only the run otherwise", async () => {
    // A run imported before shapes were kept: its shape is computed from its streams on demand.
    await db().update(activities).set({ routeShape: null }).where(eq(activities.id, ids.loopNoisy!));

    const one = await patch(ids.bigLoop!, { surface: "grass" });
    expect(one.status).toBe(200);
    expect(one.json.surface).toEqual({ relabelled: [ids.bigLoop], routeKnown: false });
    expect(await surfaceOf("bigLoop")).toEqual({ surface: "grass", source: "user" });

    const res = await patch(ids.loop!, { surface: "trail", applyToRoute: true });
    expect(res.status).toBe(200);
    expect(res.json.surface.routeKnown).toBe(true);
    expect([...res.json.surface.relabelled].sort()).toEqual([ids.loop, ids.loopReversed, ids.loopNoisy].sort());
    expect(res.json.surface.relabelled[0]).toBe(ids.loop);
    expect(res.json.activity).toMatchObject({ surface: "trail", surfaceSource: "user", surfaceConfidence: "high" });
    for (const key of ["loop", "loopReversed", "loopNoisy"]) expect(await surfaceOf(key), key).toEqual({ surface: "trail", source: "user" });
    expect(await surfaceOf("otherLoop")).toEqual({ surface: "road", source: "assumed" });
    expect(await surfaceOf("bigLoop")).toEqual({ surface: "grass", source: "user" });
    const stored = await db().select({ shape: activities.routeShape }).from(activities).where(eq(activities.id, ids.loopNoisy!));
    expect(stored[0]!.shape).not.toBeNull();
  });

  it("remembers the route: a later run on it gets the runner's surface", async () => {
    await ingest("loopAgain", { start: daysAgo(1), reverse: true, noiseM: 8, seed: 5, name: "Park loop" });
    expect(await surfaceOf("loopAgain")).toEqual({ surface: "trail", source: "route" });
    await ingest("otherAgain", { start: daysAgo(1.5), eastWest: -1, noiseM: 5, name: "Park loop" });
    expect(await surfaceOf("otherAgain")).toEqual({ surface: "road", source: "assumed" });
  });

  it("refuses bad surface changes and another runner's run", async () => {
    expect((await patch(ids.loop!, { surface: "lava" })).json.error.code).toBe("bad_request:body");
    expect((await patch(ids.loop!, { applyToRoute: true })).status).toBe(400);
    expect((await patch(ids.loop!, {})).status).toBe(400);
    const other = await createRunner(db());
    const res = await patch(ids.loop!, { surface: "road", applyToRoute: true }, other.cookie);
    expect(res.status).toBe(404);
    expect(await surfaceOf("loop")).toEqual({ surface: "trail", source: "user" });
  });

  it("charts the week's distance by surface and the share of road", async () => {
    const res = await call(surfacesRoute.GET, { path: "/api/v1/surfaces", cookie: runner.cookie });
    expect(res.status).toBe(200);
    const today = localDateOf(new Date(), "UTC");
    expect(res.json.weeks.at(-1).weekStart).toBe(mondayOf(today));
    expect(res.json.from).toBe(addDays(mondayOf(today), -77));
    type Week = { distanceM: Record<string, number> };
    const total = (surface: string) => res.json.weeks.reduce((sum: number, w: Week) => sum + w.distanceM[surface]!, 0);
    const rows = await db()
      .select({ surface: activities.surface, distanceM: activities.distanceM })
      .from(activities)
      .where(eq(activities.userId, runner.id));
    const expected = (surface: string) => rows.filter((r) => r.surface === surface).reduce((sum, r) => sum + r.distanceM, 0);
    for (const surface of ["road", "trail", "grass"]) expect(total(surface), surface).toBeCloseTo(expected(surface), 6);
    // Every run is in the last 4 weeks: the road share is road metres over all (known) metres.
    expect(res.json.recent.hardShare).toBeCloseTo(expected("road") / rows.reduce((s, r) => s + r.distanceM, 0), 9);
    expect(res.json.previous.hardShare).toBeNull();

    const guidance = await call(guidanceRoute.GET, { path: "/api/v1/guidance", cookie: runner.cookie });
    const softer = guidance.json.rules.find((r: { id: string }) => r.id === "prevention-6-run-on-softer-surfaces");
    expect(softer.result.status).toBe("ok");
    expect(softer.result.value).toMatch(/^Last 4 weeks: (trail|road) \d+%, (trail|road) \d+%, grass \d+% \(road \d+% of your distance\)$/);
  });
});
