import { describe, expect, it } from "vitest";
import { EMERGENCY_RED_FLAGS, SOON_RED_FLAGS, URGENT_RED_FLAGS } from "@/lib/guidance/red-flags";
import { RED_FLAGS } from "./types";
import { ASKED_WARNING_SIGNS, WARNING_SIGNS, warningSignsAt } from "./warning-signs";

describe("the one list of warning signs", () => {
  it("asks every stored answer once, and has a source for every sign", () => {
    expect(ASKED_WARNING_SIGNS.map((s) => s.flag).sort()).toEqual([...RED_FLAGS].sort());
    for (const s of WARNING_SIGNS) expect(s.source.length, s.ifText).toBeGreaterThan(10);
  });

  it("asks about night pain, numbness or a cold foot, calf swelling and deformity", () => {
    const questions = ASKED_WARNING_SIGNS.map((s) => s.question).join("\n");
    expect(questions).toMatch(/wake you at night/);
    expect(questions).toMatch(/numb, tingling, cold/);
    expect(questions).toMatch(/calf swollen, tender or warm/);
    expect(questions).toMatch(/look deformed/);
  });

  it("is the list the Guidance page shows, level by level", () => {
    expect(EMERGENCY_RED_FLAGS).toEqual(warningSignsAt("emergency"));
    expect(URGENT_RED_FLAGS).toEqual(warningSignsAt("same_day"));
    expect(SOON_RED_FLAGS).toEqual(warningSignsAt("soon"));
    expect(EMERGENCY_RED_FLAGS.length + URGENT_RED_FLAGS.length + SOON_RED_FLAGS.length).toBe(WARNING_SIGNS.length);
    expect(SOON_RED_FLAGS).toContain("your knee catches or locks now and then");
    expect(SOON_RED_FLAGS).toContain("your pain started with a fall, a twist or a knock");
    expect(URGENT_RED_FLAGS).toContain("your calf is swollen, tender or warm");
  });
});
