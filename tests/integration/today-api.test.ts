import { afterAll, beforeAll, expect, it, vi } from "vitest";
import * as activitiesRoute from "@/app/api/v1/activities/route";
import * as activityRoute from "@/app/api/v1/activities/[id]/route";
import * as todayRoute from "@/app/api/v1/today/route";
import { getUserSettings } from "@/db/queries/users";
import { activities, checkins } from "@/db/schema";
import { addSampleData } from "@/lib/sample/sample-data";
import { todayFor } from "@/lib/today/for-runner";
import { todayText } from "@/lib/today/words";
import { describeEachDatabase } from "../support/db";
import { createRunner } from "../support/factories";
import { call } from "../support/http";

/**
 * GET /api/v1/today for a runner in Los Angeles (UTC−8 in December), on Monday 7 Dec 2026 at
 * 10:00 local (18:00 UTC). Their latest run started on Sunday 6 Dec at 20:00 local — already
 * Monday 04:00 in UTC — so it belongs to last week, and the week so far is empty.
 */
const TZ = "America/Los_Angeles";
const NOW = new Date("2026-12-07T18:00:00Z");

describeEachDatabase("today API, west of UTC, after a Sunday-evening run", ({ db }) => {
  let runner: Awaited<ReturnType<typeof createRunner>>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: NOW });
    runner = await createRunner(db(), { timeZone: TZ });
    const base = { userId: runner.id, source: "manual" as const, sport: "run" as const, timeZone: TZ, movingS: 3600, elapsedS: 3600 };
    const rows = await db()
      .insert(activities)
      .values([
        // Sat 21 Nov 08:00 local: 23.0 km.
        { ...base, sourceRef: "long", name: "Long", startTime: new Date("2026-11-21T16:00:00Z"), localDate: "2026-11-21", distanceM: 23_000 },
        // Wed 2 Dec 07:00 local: 10.0 km.
        { ...base, sourceRef: "easy", name: "Easy", startTime: new Date("2026-12-02T15:00:00Z"), localDate: "2026-12-02", distanceM: 10_000 },
        // Sun 6 Dec 20:00 local (Mon 04:00 UTC): 27.0 km, +17%.
        { ...base, sourceRef: "sunday", name: "Sunday evening", startTime: new Date("2026-12-07T04:00:00Z"), localDate: "2026-12-06", distanceM: 27_000 },
        // A ride that morning: not a run, no spike.
        { ...base, sport: "ride" as const, sourceRef: "ride", name: "Ride", startTime: new Date("2026-12-07T16:00:00Z"), localDate: "2026-12-07", distanceM: 30_000 },
      ])
      .returning({ id: activities.id, sourceRef: activities.sourceRef });
    for (const r of rows) ids[r.sourceRef] = r.id;
  });
  afterAll(() => {
    vi.useRealTimers();
  });

  const get = () => call(todayRoute.GET, { path: "/api/v1/today", cookie: runner.cookie });

  it("reads the Sunday-evening run as last week's, with its spike and the next-run ceiling", async () => {
    const res = await get();
    expect(res.status).toBe(200);
    const body = res.json;
    expect(body.today).toBe("2026-12-07");
    expect(body.units).toBe("km");
    expect(body.latestRun).toMatchObject({ activityId: ids.sunday, localDate: "2026-12-06", distanceM: 27_000, longestPrev30dM: 23_000, band: "small" });
    expect(body.latestRun.spike).toBeCloseTo(27 / 23 - 1, 9);
    expect(body.text.latestRun).toBe("Sun 6 Dec: 27.0 km — 17% longer than your longest run of the previous 30 days (23.0 km): small spike.");
    // 1.1 × 27 km; the run leaves the window 30 days after it started: 2027-01-06 04:00 UTC, Tue 5 Jan 20:00 in Los Angeles.
    expect(body.ceiling.basis).toBe("longest_30d");
    expect(body.ceiling.ceilingM).toBeCloseTo(29_700, 6);
    expect(body.ceiling.nextChange).toMatchObject({ at: "2027-01-06T04:00:00.000Z", localDate: "2027-01-05", ceilingM: null });
    expect(body.text.ceiling.headline).toBe("Your next run can be up to 29.7 km without a spike.");
    expect(body.text.ceiling.change).toBe("From Tue 5 Jan, when the 27.0 km run leaves the 30-day window, no run will be left in it to measure against.");
    // Mon 7 Dec is the first day of the week: nothing so far (the ride is not a run); last week 10 + 27 km.
    expect(body.week.soFar).toEqual({ weekStart: "2026-12-07", distanceM: 0, runs: 0 });
    expect(body.week.lastWeek).toEqual({ weekStart: "2026-11-30", distanceM: 37_000, runs: 2 });
    expect(body.text.week).toBe("This week so far: 0.0 km in 0 runs. Last week: 37.0 km in 2 runs (0.0 km by this day).");
    // The run is 14 h old and has no check-in.
    expect(body.lastCheckin).toBeNull();
    expect(body.checkinDue).toMatchObject({ activityId: ids.sunday });
    expect(body.openRedFlag).toBeNull();
  });

  it("after a check-in for the run: the last check-in, no ask; a warning sign holds the ceiling", async () => {
    await db().insert(checkins).values({
      userId: runner.id,
      at: new Date("2026-12-07T15:30:00Z"),
      localDate: "2026-12-07",
      timeZone: TZ,
      activityId: ids.sunday!,
      pain: 2,
      timing: "next_morning",
    });
    let body = (await get()).json;
    expect(body.lastCheckin).toMatchObject({ pain: 2, localDate: "2026-12-07", timing: "next_morning" });
    expect(body.checkinDue).toBeNull();
    expect(body.ceiling.basis).toBe("longest_30d");

    await db().insert(checkins).values({ userId: runner.id, at: new Date("2026-12-07T17:00:00Z"), localDate: "2026-12-07", timeZone: TZ, pain: 3, timing: "at_rest", redFlags: ["swelling"] });
    body = (await get()).json;
    expect(body.openRedFlag).toMatchObject({ redFlags: ["swelling"], localDate: "2026-12-07" });
    expect(body.ceiling).toMatchObject({ basis: "held", ceilingM: null });
    expect(body.text.ceiling.headline).toBe("See a healthcare professional before your next run.");
  });

  it("puts the same spike on /api/v1/activities and /api/v1/activities/:id (null for a ride)", async () => {
    const list = await call(activitiesRoute.GET, { path: "/api/v1/activities?limit=10", cookie: runner.cookie });
    expect(list.status).toBe(200);
    const byId = Object.fromEntries((list.json.items as { id: string; spike: unknown }[]).map((a) => [a.id, a.spike]));
    expect(byId[ids.sunday!]).toMatchObject({ band: "small", longestPrev30dM: 23_000 });
    expect(byId[ids.long!]).toMatchObject({ band: "no_recent_runs", spike: null, longestPrev30dM: null });
    expect(byId[ids.easy!]).toMatchObject({ band: "none", longestPrev30dM: 23_000 });
    expect(byId[ids.ride!]).toBeNull();
    const one = await call(activityRoute.GET, { path: `/api/v1/activities/${ids.sunday}`, params: { id: ids.sunday! }, cookie: runner.cookie });
    expect(one.status).toBe(200);
    expect(one.json.spike).toMatchObject({ band: "small", longestPrev30dM: 23_000 });
    expect(one.json.spike.spike).toBeCloseTo(4 / 23, 9);

    // Far apart on one page (sorted by distance): each run is read against its own 30 days.
    const base = { userId: runner.id, source: "manual" as const, sport: "run" as const, timeZone: TZ, movingS: 3600, elapsedS: 3600 };
    const old = await db()
      .insert(activities)
      .values([
        { ...base, sourceRef: "may-1", name: "May easy", startTime: new Date("2026-05-01T15:00:00Z"), localDate: "2026-05-01", distanceM: 10_000 },
        { ...base, sourceRef: "may-2", name: "May long", startTime: new Date("2026-05-06T15:00:00Z"), localDate: "2026-05-06", distanceM: 15_000 },
      ])
      .returning({ id: activities.id, sourceRef: activities.sourceRef });
    const mayLong = old.find((r) => r.sourceRef === "may-2")!.id;
    const sorted = await call(activitiesRoute.GET, { path: "/api/v1/activities?limit=10&sort=distance&dir=desc", cookie: runner.cookie });
    const spikeOf = Object.fromEntries((sorted.json.items as { id: string; spike: { band: string; spike: number | null } | null }[]).map((a) => [a.id, a.spike]));
    expect(spikeOf[mayLong]).toMatchObject({ band: "moderate", longestPrev30dM: 10_000 }); // 15 / 10 − 1 = +50%
    expect(spikeOf[mayLong]!.spike).toBeCloseTo(0.5, 9);
    expect(spikeOf[ids.sunday!]).toMatchObject({ band: "small", longestPrev30dM: 23_000 });
  });

  it("refuses anonymous callers", async () => {
    expect((await call(todayRoute.GET, { path: "/api/v1/today" })).status).toBe(401);
  });
});

describeEachDatabase("today on the sample history: the 23.0 km run that hurt, then three weeks of at most 11 km", ({ db }) => {
  it("takes the return-to-run reference, not 1.1 × 23.0 = 25.3 km", async () => {
    const runner = await createRunner(db(), { timeZone: "Europe/Paris" });
    const now = new Date("2026-12-08T12:00:00Z");
    await addSampleData(db(), runner.id, now);
    const settings = (await getUserSettings(db(), runner.id))!;
    const today = await todayFor(db(), runner.id, settings, now);
    expect(today.ceiling.basis).toBe("after_pain");
    expect(today.ceiling.longest30d?.distanceM).toBeGreaterThan(22_900);
    expect(today.ceiling.reference!.distanceM).toBeLessThanOrEqual(11_100);
    expect(today.ceiling.ceilingM).toBeCloseTo(today.ceiling.reference!.distanceM * 1.1, 6);
    expect(today.ceiling.ceilingM).toBeLessThan(12_300);
    // The 23.0 km run is on the episode's first day (pain 5/10 after it) and left the next morning worse: named, not used.
    expect(today.ceiling.excluded?.distanceM).toBeGreaterThan(22_900);
    expect(todayText(today, "km").ceiling.reason).toMatch(
      /^Because of the knee pain you had from \w{3} \d+ \w{3} to \w{3} \d+ \w{3}, the reference is your longest run since then that did not leave the next morning worse — your (\d|1[01])\.\d km run of \w{3} \d+ \w{3}, not the 23\.0 km run that was followed by more pain\.$/,
    );
  });
});
