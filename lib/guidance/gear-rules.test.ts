import { describe, expect, it } from "vitest";
import { GUIDANCE_RULES } from "./catalogue";
import { currentShoe, guidanceGear } from "./rules/gear-and-surface";
import { context, shoe, withShoes } from "./test-factories";
import type { GuidanceContext, RuleResult } from "./types";

/**
 * The shoe reminder (Treatment 6, Prevention 7, FAQ 8) on hand-made shoe lists: ok under 500 km,
 * watch from 500 km, watch with a stronger text past 800 km; never "act" (expert opinion only).
 */

const SHOE_IDS = ["treatment-6-shoe-selection", "prevention-7-use-proper-gear", "faq-8-pain-despite-proper-shoes"];

function evaluate(id: string, ctx: GuidanceContext): RuleResult {
  const rule = GUIDANCE_RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return rule.evaluate(ctx);
}

function everyShoeRule(ctx: GuidanceContext): RuleResult[] {
  return SHOE_IDS.map((id) => evaluate(id, ctx));
}

describe("shoe rules", () => {
  it("say not enough data when no shoes are recorded", () => {
    for (const result of everyShoeRule(context())) {
      expect(result.status).toBe("not_enough_data");
      expect(result.value).toBe("No shoes recorded yet");
      expect(result.explanation).toMatch(/kilometres on each pair/);
    }
  });

  it("say not enough data when every recorded pair is retired", () => {
    for (const result of everyShoeRule(withShoes([shoe("Old pair", 900, { retired: true, primary: true })]))) {
      expect(result.status).toBe("not_enough_data");
      expect(result.value).toMatch(/retired/);
    }
  });

  it("are ok just under 500 km (499.9 km)", () => {
    for (const result of everyShoeRule(withShoes([shoe("Pegasus 41", 499.9, { primary: true })]))) {
      expect(result.status).toBe("ok");
      expect(result.value).toBe("Pegasus 41: 499.9 km");
      expect(result.explanation).toMatch(/500–800 km/);
      expect(result.explanation).toMatch(/expert opinion/);
    }
  });

  it("watch from exactly 500 km", () => {
    for (const result of everyShoeRule(withShoes([shoe("Pegasus 41", 500, { primary: true })]))) {
      expect(result.status).toBe("watch");
      expect(result.value).toBe("Pegasus 41: 500.0 km");
      expect(result.explanation).toMatch(/within the usual 500–800 km/);
    }
  });

  it("still watch at exactly 800 km, with the in-range text", () => {
    const result = evaluate("treatment-6-shoe-selection", withShoes([shoe("Pegasus 41", 800, { primary: true })]));
    expect(result.status).toBe("watch");
    expect(result.explanation).toMatch(/within the usual/);
  });

  it("watch (never act) past 800 km, with the stronger text", () => {
    for (const result of everyShoeRule(withShoes([shoe("Pegasus 41", 850, { primary: true })]))) {
      expect(result.status).toBe("watch");
      expect(result.value).toBe("Pegasus 41: 850.0 km");
      expect(result.explanation).toMatch(/past the usual 500–800 km/);
      expect(result.explanation).toMatch(/consider a new pair/);
      expect(result.explanation).not.toMatch(/within the usual/);
    }
  });

  it("ignore retired pairs, however far they went", () => {
    // The retired primary pair has 900 km; the one in use has 300 km → ok on the pair in use.
    const ctx = withShoes([shoe("Retired racer", 900, { primary: true, retired: true }), shoe("Ghost 15", 300)]);
    for (const result of everyShoeRule(ctx)) {
      expect(result.status).toBe("ok");
      expect(result.value).toBe("Ghost 15: 300.0 km");
    }
  });

  it("read the primary pair over more used ones", () => {
    // Primary 200 km, another pair 700 km: the reminder is about the primary → ok.
    const ctx = withShoes([shoe("Trail pair", 700), shoe("Pegasus 41", 200, { primary: true })]);
    const result = evaluate("treatment-6-shoe-selection", ctx);
    expect(result.status).toBe("ok");
    expect(result.value).toBe("Pegasus 41: 200.0 km");
    expect(result.explanation).toMatch(/primary pair/);
    expect(result.explanation).toMatch(/You have 2 pairs in use/);
  });

  it("read the most used pair in use when none is primary", () => {
    const ctx = withShoes([shoe("Light pair", 120), shoe("Daily pair", 612), shoe("Retired", 1_000, { retired: true })]);
    const result = evaluate("prevention-7-use-proper-gear", ctx);
    expect(result.status).toBe("watch");
    expect(result.value).toBe("Daily pair: 612.0 km");
    expect(result.explanation).toMatch(/You have 2 pairs in use/);
  });

  it("show the distance in the runner's unit", () => {
    // 612 000 m / 1609.344 m per mile = 380.28 mi.
    const ctx = withShoes([shoe("Pegasus 41", 612, { primary: true })], { ...context(), units: "mi" });
    const result = evaluate("treatment-6-shoe-selection", ctx);
    expect(result.status).toBe("watch");
    expect(result.value).toBe("Pegasus 41: 380.3 mi");
    expect(result.explanation).toMatch(/300–500 miles/);
  });

  it("keep each rule's own closing words", () => {
    const ctx = withShoes([shoe("Pegasus 41", 100, { primary: true })]);
    expect(evaluate("treatment-6-shoe-selection", ctx).explanation).toMatch(/fit and feel are yours to judge/);
    expect(evaluate("prevention-7-use-proper-gear", ctx).explanation).toMatch(/knee braces or compression sleeves/);
    expect(evaluate("faq-8-pain-despite-proper-shoes", ctx).explanation).toMatch(/Gradual Progression/);
  });
});

describe("guidanceGear", () => {
  it("keeps the shoes, retired ones included, and drops bikes", () => {
    const rows = [
      { kind: "bike" as const, name: "Blue", distanceM: 5_000_000, primary: true, retired: false },
      { kind: "shoe" as const, name: "Ghost 15", distanceM: 300_000, primary: true, retired: false },
      { kind: "shoe" as const, name: "Pegasus 38", distanceM: 900_000, primary: false, retired: true },
    ];
    expect(guidanceGear(rows)).toEqual({
      shoes: [
        { name: "Ghost 15", distanceM: 300_000, primary: true, retired: false },
        { name: "Pegasus 38", distanceM: 900_000, primary: false, retired: true },
      ],
    });
  });

  it("is null without shoes (no gear, or bikes only)", () => {
    expect(guidanceGear([])).toBeNull();
    expect(guidanceGear([{ kind: "bike", name: "Blue", distanceM: 1, primary: true, retired: false }])).toBeNull();
  });

  it("currentShoe breaks a distance tie by name", () => {
    expect(currentShoe([shoe("B", 100), shoe("A", 100)])?.name).toBe("A");
    expect(currentShoe([])).toBeNull();
  });
});
