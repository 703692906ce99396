import { describe, expect, it } from "vitest";
import { GUIDANCE_RULES } from "./catalogue";
import { evaluateGuidance, RED_FLAG_RULE_IDS, summarizeGuidance } from "./evaluate";
import { context, report, run } from "./test-factories";

describe("evaluateGuidance", () => {
  it("evaluates every rule in document order: treatment, prevention, FAQ", () => {
    const shuffled = [...GUIDANCE_RULES].reverse();
    const results = evaluateGuidance(context(report({ spikes: [run("2026-05-10", 12, 10)] })), shuffled);
    expect(results.map((r) => r.id)).toEqual(GUIDANCE_RULES.map((r) => r.id));
    expect(results[0]!.id).toBe("treatment-1-rest-and-ice");
    expect(results.at(-1)!.id).toBe("faq-10-trails-instead-of-roads");
  });

  it("returns plain data for the API: no functions, everything survives JSON", () => {
    const results = evaluateGuidance(context());
    for (const r of results) expect("evaluate" in r).toBe(false);
    expect(JSON.parse(JSON.stringify(results))).toEqual(results);
  });

  it("exports the red-flag ids, which keep their place in the document order", () => {
    const ids = evaluateGuidance(context()).map((r) => r.id);
    expect(RED_FLAG_RULE_IDS.map((id) => ids.indexOf(id))).toEqual([22, 25]);
  });
});

describe("summarizeGuidance", () => {
  it("counts the rules per status", () => {
    const results = evaluateGuidance(context(report({ spikes: [run("2026-05-10", 25, 10)] })));
    const summary = summarizeGuidance(results);
    // act: the three progression rules; ok: Get Proper Rest; education: 14 education-only items (Rest and Ice and
    // Check Your Running Surface among them) and the two cross-training rules (no cross-training); not enough data:
    // form, 3 surface, 3 shoe and 3 pain rules.
    expect(summary).toEqual({ act: 3, watch: 0, ok: 1, not_enough_data: 10, education: 16, held: 0 });
    expect(Object.values(summary).reduce((a, b) => a + b, 0)).toBe(30);
  });

  it("has every status, at zero, for no results", () => {
    expect(summarizeGuidance([])).toEqual({ ok: 0, watch: 0, act: 0, not_enough_data: 0, education: 0, held: 0 });
  });
});
