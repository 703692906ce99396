import { beforeAll, expect, it } from "vitest";
import * as guidanceRoute from "@/app/api/v1/guidance/route";
import * as loadRoute from "@/app/api/v1/load/route";
import { activities } from "@/db/schema";
import { describeEachDatabase } from "../support/db";
import { designedHistory } from "../support/designed-history";
import { createRunner } from "../support/factories";
import { call } from "../support/http";

// The designed history starts on Monday 2025-11-03 (13 weeks, up to Sunday 2026-02-01).
const { runs, jumpWeek, longRunDate, weeks } = designedHistory("2025-11-03");

describeEachDatabase("load API on a designed history", ({ db }) => {
  let runner: Awaited<ReturnType<typeof createRunner>>;
  beforeAll(async () => {
    runner = await createRunner(db(), { timeZone: "Europe/Paris" });
    await db()
      .insert(activities)
      .values(
        runs.map((r, i) => ({
          userId: runner.id,
          source: "manual" as const,
          sourceRef: `designed-${i}`,
          sport: "run" as const,
          name: `${r.role} ${r.date}`,
          // 07:00 in Paris (UTC+1 in winter).
          startTime: new Date(`${r.date}T06:00:00Z`),
          localDate: r.date,
          timeZone: "Europe/Paris",
          distanceM: r.distanceKm * 1000,
          movingS: Math.round(r.distanceKm * 330), // 5:30 per km
          elapsedS: Math.round(r.distanceKm * 330),
        })),
      );
  });

  const get = (query: string) => call(loadRoute.GET, { path: `/api/v1/load${query}`, cookie: runner.cookie });

  it("flags exactly the +75% week and the one long run", async () => {
    const res = await get(`?from=${weeks[4]}&to=2026-02-01`);
    expect(res.status).toBe(200);
    const body = res.json as { weeks: { weekStart: string; runDistanceM: number; changeBand: string | null; distanceChange: number | null }[]; spikes: { localDate: string; band: string; spike: number; distanceM: number; longestPrev30dM: number }[] };
    expect(body.weeks.map((w) => w.weekStart)).toEqual(weeks.slice(4));
    expect(body.weeks.filter((w) => w.changeBand === "over_30").map((w) => w.weekStart)).toEqual([jumpWeek]);
    const jump = body.weeks.find((w) => w.weekStart === jumpWeek)!;
    expect(jump.runDistanceM).toBe(49_000);
    expect(jump.distanceChange).toBeCloseTo(49 / 28 - 1, 10); // +75%
    const flagged = body.spikes.filter((s) => ["small", "moderate", "large"].includes(s.band));
    expect(flagged).toHaveLength(1);
    expect(flagged[0]).toMatchObject({ localDate: longRunDate, band: "moderate", distanceM: 25_000, longestPrev30dM: 13_000 });
    expect(flagged[0]!.spike).toBeCloseTo(25 / 13 - 1, 10); // +92%
  });

  it("answers bad ranges with 400", async () => {
    expect((await get("?from=2026-02-30")).status).toBe(400);
    expect((await get("?from=2026-02-01&to=2026-01-01")).status).toBe(400);
    expect((await get("?from=2000-01-03&to=2026-01-01")).status).toBe(400); // more than ten years
    expect((await get("?from=yesterday")).status).toBe(400);
    expect((await get("?from=1990-01-01")).status).toBe(400); // up to today: decades, not one request's worth
    expect((await get("?from=2099-01-05")).status).toBe(400); // starts after today
    expect((await call(loadRoute.GET, { path: "/api/v1/load" })).status).toBe(401);
  });

  it("evaluates every rule of the guidance document", async () => {
    const res = await call(guidanceRoute.GET, { path: "/api/v1/guidance", cookie: runner.cookie });
    expect(res.status).toBe(200);
    const rules = res.json.rules as { id: string; part: string; result: { status: string } }[];
    expect(rules).toHaveLength(30);
    expect(rules.filter((r) => r.part === "treatment")).toHaveLength(10);
    expect(rules.filter((r) => r.part === "prevention")).toHaveLength(10);
    expect(rules.filter((r) => r.part === "faq")).toHaveLength(10);
  });
});

describeEachDatabase("guidance on a recent spike", ({ db }) => {
  it("flags yesterday's run, 50% longer than the longest of the previous 30 days", async () => {
    const runner = await createRunner(db(), { timeZone: "UTC" });
    const day = 86_400_000;
    const now = Date.now();
    const base = { userId: runner.id, source: "manual" as const, sport: "run" as const, timeZone: "UTC", movingS: 3000, elapsedS: 3000 };
    // 10 km every third day from 40 days ago to 4 days ago, then 15 km yesterday: 15 / 10 − 1 = +50%.
    const values = [];
    for (let d = 40; d >= 4; d -= 3) {
      const t = new Date(now - d * day);
      values.push({ ...base, sourceRef: `r${d}`, name: `easy ${d}`, startTime: t, localDate: t.toISOString().slice(0, 10), distanceM: 10_000 });
    }
    const y = new Date(now - day);
    values.push({ ...base, sourceRef: "long", name: "long one", startTime: y, localDate: y.toISOString().slice(0, 10), distanceM: 15_000 });
    await db().insert(activities).values(values);

    const res = await call(guidanceRoute.GET, { path: "/api/v1/guidance", cookie: runner.cookie });
    const byId = Object.fromEntries((res.json.rules as { id: string; result: { status: string; value: string | null } }[]).map((r) => [r.id, r.result]));
    expect(byId["prevention-5-gradual-progression"]).toMatchObject({ status: "watch" });
    expect(byId["prevention-5-gradual-progression"]!.value).toContain("50% longer than your longest run in the previous 30 days");
    expect(byId["faq-3-when-to-see-a-doctor"]!.status).toBe("education");
    expect(byId["prevention-6-run-on-softer-surfaces"]!.status).toBe("not_enough_data");
  });
});

describeEachDatabase("load report cache", ({ db }) => {
  it("is invalidated by every change to the runner's activities (a trigger bumps the version)", async () => {
    const { eq } = await import("drizzle-orm");
    const { users } = await import("@/db/schema");
    const runner = await createRunner(db(), { timeZone: "UTC" });
    const version = async () => (await db().select({ v: users.activitiesVersion }).from(users).where(eq(users.id, runner.id)))[0]!.v;
    const weekly = async () => {
      const res = await call(loadRoute.GET, { path: "/api/v1/load?from=2026-01-05&to=2026-01-11", cookie: runner.cookie });
      return res.json.weeks[0].runDistanceM as number;
    };
    expect(await version()).toBe(0);
    expect(await weekly()).toBe(0);
    const base = { userId: runner.id, source: "manual" as const, sport: "run" as const, name: "r", localDate: "2026-01-06", timeZone: "UTC", movingS: 1800, elapsedS: 1800 };
    const [a] = await db().insert(activities).values({ ...base, sourceRef: "a", startTime: new Date("2026-01-06T07:00:00Z"), distanceM: 5000 }).returning({ id: activities.id });
    expect(await version()).toBe(1);
    expect(await weekly()).toBe(5000); // not the cached 0
    await db().update(activities).set({ distanceM: 6000 }).where(eq(activities.id, a!.id));
    expect(await version()).toBe(2);
    expect(await weekly()).toBe(6000);
    await db().update(activities).set({ distanceM: 6000 }).where(eq(activities.id, a!.id)); // changes nothing
    expect(await version()).toBe(2);
    await db().delete(activities).where(eq(activities.id, a!.id));
    expect(await version()).toBe(3);
    expect(await weekly()).toBe(0);
    // A bulk insert of 50 activities bumps the version once.
    await db()
      .insert(activities)
      .values(Array.from({ length: 50 }, (_, i) => ({ ...base, sourceRef: `bulk-${i}`, startTime: new Date(Date.UTC(2025, 0, 1 + i, 7)), distanceM: 1000 })));
    expect(await version()).toBe(4);
  });
});
