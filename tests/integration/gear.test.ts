import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as guidanceRoute from "@/app/api/v1/guidance/route";
import { deleteStravaGear, listGear, replaceStravaGear, type GearInput } from "@/db/queries/gear";
import { gear } from "@/db/schema";
import { gearFromStravaAthlete, hasStravaGearLists, MAX_GEAR_NAME } from "@/lib/strava/gear";
import { describeEachDatabase } from "../support/db";
import { createRunner } from "../support/factories";
import { call } from "../support/http";

type Runner = Awaited<ReturnType<typeof createRunner>>;

const T1 = new Date("2026-05-01T08:00:00Z");
const T2 = new Date("2026-05-08T08:00:00Z");
const T3 = new Date("2026-05-15T08:00:00Z");

const SHOE_RULES = ["treatment-6-shoe-selection", "prevention-7-use-proper-gear", "faq-8-pain-despite-proper-shoes"];

/** A DetailedAthlete as Strava (and e2e/strava-server's athleteJson) sends it, with SummaryGear lists. */
function detailedAthlete(shoes: unknown[], bikes: unknown[] = []) {
  return { id: 1234, resource_state: 3, firstname: "Test", measurement_preference: "meters", weight: null, ftp: null, shoes, bikes };
}

const summaryGear = (id: string, name: string, distance: number, primary = false) => ({
  id,
  primary,
  name,
  nickname: null,
  resource_state: 2,
  retired: false,
  distance,
  converted_distance: Math.round(distance / 100) / 10,
});

describe("gearFromStravaAthlete", () => {
  it("reads shoes and bikes, kind from the list, unknown fields ignored", () => {
    const json = detailedAthlete(
      [summaryGear("g11", "Ghost 15", 412_345.6, true), summaryGear("g12", "Mud shoes", 80_000)],
      [summaryGear("b21", "Blue", 3_000_000, true)],
    );
    expect(hasStravaGearLists(json)).toBe(true);
    expect(gearFromStravaAthlete(json)).toEqual([
      { sourceRef: "g11", kind: "shoe", name: "Ghost 15", distanceM: 412_345.6, primary: true },
      { sourceRef: "g12", kind: "shoe", name: "Mud shoes", distanceM: 80_000, primary: false },
      { sourceRef: "b21", kind: "bike", name: "Blue", distanceM: 3_000_000, primary: true },
    ]);
  });

  it("gives [] for a summary athlete or anything that is not an athlete, and says there were no lists", () => {
    for (const json of [{ id: 1234, resource_state: 2, firstname: "Test" }, null, "athlete", 42, [], { shoes: null, bikes: null }]) {
      expect(gearFromStravaAthlete(json)).toEqual([]);
      expect(hasStravaGearLists(json)).toBe(false);
    }
    expect(hasStravaGearLists(detailedAthlete([]))).toBe(true);
  });

  it("skips bad entries and keeps the good ones", () => {
    const json = detailedAthlete([
      summaryGear("g1", "Good", 1_000),
      { ...summaryGear("g2", "Negative", 0), distance: -5 },
      { ...summaryGear("g3", "NaN", 0), distance: Number.NaN },
      { ...summaryGear("g4", "Text", 0), distance: "12" },
      { name: "No id", distance: 5 },
      { ...summaryGear("g 5; drop table", "Odd id", 5) },
      { ...summaryGear("g6", "No distance", 0), distance: undefined },
      null,
      "g7",
      { ...summaryGear("g1", "Same id again", 9_999) },
      { ...summaryGear("g8", "Retired on Strava", 700_000), retired: true },
      { ...summaryGear("g9", "Odd flags", 2_000), primary: "yes", name: 42 },
    ]);
    expect(gearFromStravaAthlete(json)).toEqual([
      { sourceRef: "g1", kind: "shoe", name: "Good", distanceM: 1_000, primary: false },
      { sourceRef: "g9", kind: "shoe", name: "Unnamed shoes", distanceM: 2_000, primary: false },
    ]);
  });

  it("cleans names of control characters and caps them at 200 characters", () => {
    const [dirty, long, blank] = gearFromStravaAthlete(
      detailedAthlete([
        summaryGear("g1", "  Pega\u0000sus\u0007 41\n\u202eracer\u0085 ", 1),
        summaryGear("g2", "é".repeat(150) + "😀".repeat(100), 1),
        summaryGear("g3", "\u0001\u0002 \t", 1),
      ]),
    );
    expect(dirty!.name).toBe("Pegasus 41 racer");
    expect(long!.name.length).toBeLessThanOrEqual(MAX_GEAR_NAME);
    expect(long!.name).toBe("é".repeat(150) + "😀".repeat(25)); // 150 + 25 × 2 UTF-16 units = 200, no half pair
    expect(blank!.name).toBe("Unnamed shoes");
  });
});

describeEachDatabase("gear", ({ db }) => {
  const rowsOf = (runner: Runner) =>
    db()
      .select({ sourceRef: gear.sourceRef, kind: gear.kind, name: gear.name, distanceM: gear.distanceM, primary: gear.primary, retired: gear.retired, updatedAt: gear.updatedAt })
      .from(gear)
      .where(eq(gear.userId, runner.id))
      .orderBy(gear.sourceRef);

  const shoeItem = (sourceRef: string, name: string, km: number, primary = false): GearInput => ({ sourceRef, kind: "shoe", name, distanceM: km * 1000, primary });

  describe("replaceStravaGear", () => {
    it("inserts, updates distances, retires what Strava no longer lists, and leaves another runner alone", async () => {
      const runner = await createRunner(db());
      const other = await createRunner(db());
      await replaceStravaGear(db(), other.id, [shoeItem("g11", "Other runner's pair", 50, true)], T1);

      // First sync: from a real athlete payload.
      const first = gearFromStravaAthlete(
        detailedAthlete([summaryGear("g11", "Ghost 15", 300_000, true), summaryGear("g12", "Mud shoes", 80_000)], [summaryGear("b21", "Blue", 3_000_000, true)]),
      );
      expect(await replaceStravaGear(db(), runner.id, first, T1)).toEqual({ upserted: 3, retired: 0 });
      expect(await rowsOf(runner)).toEqual([
        { sourceRef: "b21", kind: "bike", name: "Blue", distanceM: 3_000_000, primary: true, retired: false, updatedAt: T1 },
        { sourceRef: "g11", kind: "shoe", name: "Ghost 15", distanceM: 300_000, primary: true, retired: false, updatedAt: T1 },
        { sourceRef: "g12", kind: "shoe", name: "Mud shoes", distanceM: 80_000, primary: false, retired: false, updatedAt: T1 },
      ]);

      // Second sync: more distance, a renamed pair, a new primary, the trail pair gone (retired on Strava), a new pair.
      const second = [
        shoeItem("g11", "Ghost 15 (old)", 612.5),
        shoeItem("g13", "Pegasus 41", 20, true),
        { sourceRef: "b21", kind: "bike" as const, name: "Blue", distanceM: 3_100_000, primary: true },
      ];
      expect(await replaceStravaGear(db(), runner.id, second, T2)).toEqual({ upserted: 3, retired: 1 });
      expect(await rowsOf(runner)).toEqual([
        { sourceRef: "b21", kind: "bike", name: "Blue", distanceM: 3_100_000, primary: true, retired: false, updatedAt: T2 },
        { sourceRef: "g11", kind: "shoe", name: "Ghost 15 (old)", distanceM: 612_500, primary: false, retired: false, updatedAt: T2 },
        { sourceRef: "g12", kind: "shoe", name: "Mud shoes", distanceM: 80_000, primary: false, retired: true, updatedAt: T2 },
        { sourceRef: "g13", kind: "shoe", name: "Pegasus 41", distanceM: 20_000, primary: true, retired: false, updatedAt: T2 },
      ]);

      // Third sync lists the same: the retired pair is not touched again (its updatedAt stays).
      expect(await replaceStravaGear(db(), runner.id, second, T3)).toEqual({ upserted: 3, retired: 0 });
      expect((await rowsOf(runner)).find((r) => r.sourceRef === "g12")).toMatchObject({ retired: true, updatedAt: T2 });

      // The other runner's gear, with the same Strava id, is untouched by all of it.
      expect(await rowsOf(other)).toEqual([
        { sourceRef: "g11", kind: "shoe", name: "Other runner's pair", distanceM: 50_000, primary: true, retired: false, updatedAt: T1 },
      ]);
    });

    it("un-retires a pair Strava lists again, and retires everything on an empty list", async () => {
      const runner = await createRunner(db());
      await replaceStravaGear(db(), runner.id, [shoeItem("g1", "A", 100, true), shoeItem("g2", "B", 200)], T1);
      await replaceStravaGear(db(), runner.id, [shoeItem("g1", "A", 110, true)], T2);
      expect((await rowsOf(runner)).map((r) => [r.sourceRef, r.retired])).toEqual([["g1", false], ["g2", true]]);

      await replaceStravaGear(db(), runner.id, [shoeItem("g1", "A", 120, true), shoeItem("g2", "B", 210)], T3);
      expect((await rowsOf(runner)).map((r) => [r.sourceRef, r.retired, r.distanceM])).toEqual([["g1", false, 120_000], ["g2", false, 210_000]]);

      expect(await replaceStravaGear(db(), runner.id, [], T3)).toEqual({ upserted: 0, retired: 2 });
      expect((await rowsOf(runner)).every((r) => r.retired)).toBe(true);
      expect(await rowsOf(runner)).toHaveLength(2);
    });

    it("counts a repeated id once, refuses an impossible distance, and writes nothing for a runner that does not exist", async () => {
      const runner = await createRunner(db());
      expect(await replaceStravaGear(db(), runner.id, [shoeItem("g1", "First", 10), shoeItem("g1", "Second", 20)], T1)).toEqual({ upserted: 1, retired: 0 });
      expect((await rowsOf(runner)).map((r) => r.name)).toEqual(["First"]);

      await expect(replaceStravaGear(db(), runner.id, [shoeItem("g2", "Bad", -1)], T2)).rejects.toThrow(TypeError);
      await expect(replaceStravaGear(db(), runner.id, [{ ...shoeItem("g2", "Bad", 0), distanceM: Number.NaN }], T2)).rejects.toThrow(TypeError);
      expect(await rowsOf(runner)).toHaveLength(1);

      expect(await replaceStravaGear(db(), "no-such-runner", [shoeItem("g1", "Ghost", 10)], T1)).toEqual({ upserted: 0, retired: 0 });
      expect(await db().select().from(gear).where(eq(gear.userId, "no-such-runner"))).toEqual([]);
    });

    it("leaves the runner with one whole list when two syncs overlap", async () => {
      const runner = await createRunner(db());
      const a = [shoeItem("g1", "A", 100, true), shoeItem("g2", "B", 200)];
      const b = [shoeItem("g2", "B", 250, true), shoeItem("g3", "C", 10)];
      await Promise.all([replaceStravaGear(db(), runner.id, a, T1), replaceStravaGear(db(), runner.id, b, T2)]);
      const inUse = (await rowsOf(runner)).filter((r) => !r.retired).map((r) => r.sourceRef);
      expect([["g1", "g2"], ["g2", "g3"]]).toContainEqual(inUse);
    });
  });

  describe("listGear and deleteStravaGear", () => {
    it("lists shoes in use first (primary, then most used), then retired ones, then bikes", async () => {
      const runner = await createRunner(db());
      await replaceStravaGear(
        db(),
        runner.id,
        [
          shoeItem("g1", "Old", 900),
          { sourceRef: "b1", kind: "bike", name: "Blue", distanceM: 5_000_000, primary: true },
          shoeItem("g2", "Daily", 400),
          shoeItem("g3", "Race", 50, true),
          shoeItem("g4", "Trail", 600),
        ],
        T1,
      );
      await replaceStravaGear(
        db(),
        runner.id,
        [shoeItem("g2", "Daily", 400), shoeItem("g3", "Race", 50, true), shoeItem("g4", "Trail", 600), { sourceRef: "b1", kind: "bike", name: "Blue", distanceM: 5_000_000, primary: true }],
        T2,
      );
      expect((await listGear(db(), runner.id)).map((g) => `${g.sourceRef}${g.retired ? " (retired)" : ""}`)).toEqual([
        "g3",
        "g4",
        "g2",
        "g1 (retired)",
        "b1",
      ]);
    });

    it("deletes only the runner's Strava gear and says how much", async () => {
      const runner = await createRunner(db());
      const other = await createRunner(db());
      await replaceStravaGear(db(), runner.id, [shoeItem("g1", "A", 1), shoeItem("g2", "B", 2)], T1);
      await replaceStravaGear(db(), runner.id, [shoeItem("g1", "A", 1)], T2); // g2 retired: still counted
      await replaceStravaGear(db(), other.id, [shoeItem("g1", "A", 1)], T1);
      expect(await deleteStravaGear(db(), runner.id)).toBe(2);
      expect(await listGear(db(), runner.id)).toEqual([]);
      expect(await deleteStravaGear(db(), runner.id)).toBe(0);
      expect(await db().select().from(gear).where(and(eq(gear.userId, other.id), eq(gear.sourceRef, "g1")))).toHaveLength(1);
    });
  });

  describe("GET /api/v1/guidance", () => {
    const guidance = (runner: Runner) => call(guidanceRoute.GET, { path: "/api/v1/guidance", cookie: runner.cookie });
    const shoeRules = (rules: { id: string; result: { status: string; value: string | null; explanation: string } }[]) =>
      SHOE_RULES.map((id) => rules.find((r) => r.id === id)!);

    it("watches a 600 km primary pair by name, ignoring a retired pair, and only for its owner", async () => {
      const runner = await createRunner(db());
      const other = await createRunner(db());
      await replaceStravaGear(db(), runner.id, [shoeItem("g1", "Retired racer", 950), shoeItem("g2", "Trail", 700)], T1);
      await replaceStravaGear(db(), runner.id, [shoeItem("g2", "Trail", 700), shoeItem("g3", "Pegasus 41", 600, true)], T2);

      const res = await guidance(runner);
      expect(res.status).toBe(200);
      for (const rule of shoeRules(res.json.rules)) {
        expect(rule.result.status, rule.id).toBe("watch");
        expect(rule.result.value, rule.id).toBe("Pegasus 41: 600.0 km");
        expect(rule.result.explanation, rule.id).toMatch(/within the usual 500–800 km/);
        expect(rule.result.explanation, rule.id).toMatch(/You have 2 pairs in use/);
      }
      // Grade and citations are the rule's own, whatever the status.
      expect(res.json.rules.find((r: { id: string }) => r.id === "treatment-6-shoe-selection")).toMatchObject({ grade: "weak" });
      expect(res.json.summary.act).toBe(0);

      const theirs = await guidance(other);
      for (const rule of shoeRules(theirs.json.rules)) {
        expect(rule.result.status, rule.id).toBe("not_enough_data");
        expect(rule.result.value, rule.id).toBe("No shoes recorded yet");
      }
    });

    it("shows the distance in miles for a runner who uses miles", async () => {
      const runner = await createRunner(db(), { units: "mi" });
      await replaceStravaGear(db(), runner.id, [shoeItem("g1", "Pegasus 41", 600, true)], T1);
      const [rule] = shoeRules((await guidance(runner)).json.rules);
      // 600 000 m / 1609.344 = 372.82 mi.
      expect(rule!.result).toMatchObject({ status: "watch", value: "Pegasus 41: 372.8 mi" });
    });
  });
});
