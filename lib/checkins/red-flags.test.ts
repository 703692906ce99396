import { describe, expect, it } from "vitest";
import { RED_FLAGS } from "./types";
import { RED_FLAG_QUESTIONS, redFlagMessage, redFlagUrgency, wordsOf } from "./red-flags";

describe("red flags", () => {
  it("asks one question per sign", () => {
    expect(Object.keys(RED_FLAG_QUESTIONS).sort()).toEqual([...RED_FLAGS].sort());
  });

  it("sends signs of an acute problem to be seen the same day, the others soon", () => {
    expect(redFlagUrgency([])).toBeNull();
    expect(redFlagUrgency(["swelling"])).toBe("soon");
    expect(redFlagUrgency(["giving_way", "swelling"])).toBe("soon");
    for (const f of ["cannot_bear_weight", "locking", "redness_warmth", "fever", "fall_or_twist"] as const) {
      expect(redFlagUrgency(["swelling", f]), f).toBe("same_day");
    }
  });

  it("does not over-triage: catching or a knock alone is an appointment, a fall with swelling the same day", () => {
    expect(redFlagUrgency(["catching"])).toBe("soon");
    expect(redFlagUrgency(["fall_or_twist"])).toBe("soon");
    expect(redFlagUrgency(["night_pain"])).toBe("soon");
    expect(redFlagUrgency(["fall_or_twist", "swelling"])).toBe("same_day");
    expect(redFlagUrgency(["calf_swelling"])).toBe("same_day");
    expect(redFlagUrgency(["deformity"])).toBe("emergency");
    expect(redFlagUrgency(["catching", "numbness_cold_foot"])).toBe("emergency");
    expect(redFlagMessage(["deformity"])).toMatch(/^You reported a knee that looks deformed\. Go to urgent care or call your local emergency number now\./);
    expect(redFlagMessage(["catching"])).toMatch(/^You reported catching\. Book an appointment/);
  });

  it("always points to a professional and away from training advice", () => {
    expect(redFlagMessage([])).toBeNull();
    const soon = redFlagMessage(["swelling", "giving_way"])!;
    expect(soon).toBe(
      "You reported swelling and the knee giving way. Book an appointment with a doctor or physiotherapist soon. Patella cannot examine " +
        "your knee: until you have been seen, do not follow its training guidance for this knee.",
    );
    expect(redFlagMessage(["fever"])).toMatch(/^You reported a fever\. See a doctor today/);
  });

  it("lists signs in words", () => {
    expect(wordsOf(["swelling", "locking", "fever"])).toBe("swelling, locking and a fever");
  });
});
