import { describe, expect, it } from "vitest";
import { surfaceMix, type SurfaceRun } from "@/lib/surface/mix";
import { GUIDANCE_RULES } from "./catalogue";
import { TODAY, context, report } from "./test-factories";
import type { GuidanceContext, RuleResult } from "./types";

/** The surface rules on mixes built by the real pipeline. TODAY = 2026-05-13; recent = 04-16..05-13, previous = 03-19..04-15. */

function ctxWith(runs: SurfaceRun[]): GuidanceContext {
  return { ...context(report()), surfaces: surfaceMix(runs, [], TODAY) };
}

function evaluate(id: string, ctx: GuidanceContext): RuleResult {
  const rule = GUIDANCE_RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return rule.evaluate(ctx);
}

const run = (localDate: string, km: number, surface: SurfaceRun["surface"], source: SurfaceRun["source"] = "user"): SurfaceRun => ({
  localDate,
  distanceM: km * 1000,
  surface,
  source,
  split: null,
});

const SURFACE_IDS = ["prevention-6-run-on-softer-surfaces", "faq-7-treadmill", "faq-10-trails-instead-of-roads"];

describe("surface rules", () => {
  it("keep Prevention 9 (obstacles and lighting) as education: the surface mix does not answer it", () => {
    const ctx = ctxWith([run("2026-03-25", 5, "road"), run("2026-04-01", 5, "trail"), run("2026-05-01", 6, "road"), run("2026-05-10", 4, "trail")]);
    const result = evaluate("prevention-9-check-your-running-surface", ctx);
    expect(result).toMatchObject({ status: "education", value: null });
    expect(result.explanation).toMatch(/Patella cannot see them/);
  });

  it("say not enough data without a run of known surface in the last 4 weeks", () => {
    const ctx = ctxWith([run("2026-04-01", 10, "road"), run("2026-05-10", 8, "unknown", "assumed")]);
    for (const id of SURFACE_IDS) expect(evaluate(id, ctx).status, id).toBe("not_enough_data");
  });

  it("describe a steady mix without a target", () => {
    // Recent: road 6 + trail 4 = 10 km (60% / 40%); previous: road 5 + trail 5 (50%).
    const ctx = ctxWith([run("2026-03-25", 5, "road"), run("2026-04-01", 5, "trail"), run("2026-05-01", 6, "road"), run("2026-05-10", 4, "trail")]);
    for (const id of SURFACE_IDS) {
      const result = evaluate(id, ctx);
      expect(result.status, id).toBe("ok");
      expect(result.value, id).toBe("Last 4 weeks: road 60%, trail 40% (road 60% of your distance, 50% in the 4 weeks before)");
      expect(result.explanation, id).toMatch(/no target/);
    }
  });

  it("watch a sudden switch of surface, with the mix's note", () => {
    // Previous: trail 10 km (100%); recent: road 9, trail 1 → road 90%: the dominant surface changed.
    const ctx = ctxWith([run("2026-04-01", 10, "trail"), run("2026-05-01", 9, "road"), run("2026-05-10", 1, "trail")]);
    const result = evaluate("prevention-6-run-on-softer-surfaces", ctx);
    expect(result.status).toBe("watch");
    expect(result.value).toBe("Last 4 weeks: road 90%, trail 10% (road 90% of your distance, 0% in the 4 weeks before)");
    expect(result.explanation).toMatch(/from trail to road/);
  });
});
