import { describe, expect, it } from "vitest";
import { heartRateReserveFraction, seriesLoads, sessionLoad, sessionLoadBy, trimpBanister } from "./session-load";
import type { LoadActivity, RunnerProfile } from "./types";
import { testActivity } from "./test-activity";

function activity(overrides: Partial<LoadActivity>): LoadActivity {
  return testActivity(new Date("2026-05-04T06:00:00Z"), { name: "Morning run", distanceM: 10_000, ...overrides });
}

const withHr: RunnerProfile = { timeZone: "UTC", sex: "male", hrRest: 50, hrMax: 190 };
const noHr: RunnerProfile = { timeZone: "UTC", sex: "male", hrRest: null, hrMax: null };

describe("trimpBanister", () => {
  it("matches the hand-computed male value at 60 min and HRr 0.5", () => {
    // 60 × 0.5 × 0.64 × e^(1.92 × 0.5) = 19.2 × e^0.96 = 19.2 × 2.611696… = 50.14457…
    expect(trimpBanister(60, 0.5, "male")).toBeCloseTo(50.14457, 4);
  });

  it("uses the female constants a = 0.86, b = 1.67", () => {
    // 60 × 0.5 × 0.86 × e^(1.67 × 0.5) = 25.8 × e^0.835 = 25.8 × 2.304814… = 59.46420…
    expect(trimpBanister(60, 0.5, "female")).toBeCloseTo(59.4642, 4);
  });

  it("uses the male constants when sex is unknown", () => {
    // Same as the male case: 50.14457…
    expect(trimpBanister(60, 0.5, null)).toBeCloseTo(50.14457, 4);
  });

  it("clamps HRr to [0, 1]", () => {
    // HRr 1.2 → 1: 60 × 1 × 0.64 × e^1.92 = 38.4 × 6.820958… = 261.9248…
    expect(trimpBanister(60, 1.2, "male")).toBeCloseTo(261.9248, 3);
    // HRr −0.1 → 0: 60 × 0 × … = 0
    expect(trimpBanister(60, -0.1, "male")).toBe(0);
  });

  it("scales linearly with minutes", () => {
    // 30 min at HRr 0.5 (male) is half of 50.14457… = 25.07229…
    expect(trimpBanister(30, 0.5, "male")).toBeCloseTo(25.07229, 4);
  });
});

describe("heartRateReserveFraction", () => {
  it("is (avg − rest) / (max − rest), clamped, and null without a reserve", () => {
    expect(heartRateReserveFraction(120, 50, 190)).toBe(0.5); // 70 / 140
    expect(heartRateReserveFraction(155, 50, 190)).toBe(0.75); // 105 / 140
    expect(heartRateReserveFraction(200, 50, 190)).toBe(1); // 150 / 140 → 1
    expect(heartRateReserveFraction(40, 50, 190)).toBe(0); // −10 / 140 → 0
    expect(heartRateReserveFraction(120, 60, 60)).toBeNull();
    expect(heartRateReserveFraction(120, 70, 60)).toBeNull();
  });
});

describe("sessionLoad", () => {
  it("prefers session-RPE: RPE × moving minutes, even when heart rate is known", () => {
    // 6 × 3000 s / 60 = 6 × 50 = 300 AU
    expect(sessionLoad(activity({ rpe: 6, movingS: 3000, avgHr: 150 }), withHr)).toEqual({
      activityId: "a1",
      load: 300,
      method: "srpe",
    });
  });

  it("treats an RPE of 0 as given (load 0), not as missing", () => {
    expect(sessionLoad(activity({ rpe: 0, avgHr: 150 }), withHr)).toEqual({ activityId: "a1", load: 0, method: "srpe" });
  });

  it("falls back to TRIMP from the average heart rate when rest and max are known", () => {
    // HRr = (120 − 50) / (190 − 50) = 0.5; 60 min male → 50.14457… (see above)
    const s = sessionLoad(activity({ avgHr: 120, movingS: 3600 }), withHr);
    expect(s.method).toBe("trimp");
    expect(s.load).toBeCloseTo(50.14457, 4);
  });

  it("uses the runner's sex for TRIMP", () => {
    // Female, HRr 0.5, 60 min → 59.46420… (see above)
    const s = sessionLoad(activity({ avgHr: 120 }), { ...withHr, sex: "female" });
    expect(s.method).toBe("trimp");
    expect(s.load).toBeCloseTo(59.4642, 4);
  });

  it("clamps an average heart rate above max to HRr 1", () => {
    // HRr = (200 − 50) / 140 > 1 → 1; 30 min: 30 × 0.64 × e^1.92 = 19.2 × 6.820958… = 130.9624…
    const s = sessionLoad(activity({ avgHr: 200, movingS: 1800 }), withHr);
    expect(s.method).toBe("trimp");
    expect(s.load).toBeCloseTo(130.9624, 3);
  });

  it("falls back to duration (moving minutes) without RPE or complete heart-rate data", () => {
    // 3600 s = 60 min
    expect(sessionLoad(activity({ avgHr: 150 }), noHr)).toEqual({ activityId: "a1", load: 60, method: "duration" });
    // Heart rate known, max missing
    expect(sessionLoad(activity({ avgHr: 150 }), { ...withHr, hrMax: null })).toMatchObject({ load: 60, method: "duration" });
    // Profile complete, no heart rate on the activity: 2700 s = 45 min
    expect(sessionLoad(activity({ movingS: 2700 }), withHr)).toMatchObject({ load: 45, method: "duration" });
    // max ≤ rest: no heart-rate reserve
    expect(sessionLoad(activity({ avgHr: 150 }), { ...withHr, hrRest: 190, hrMax: 190 })).toMatchObject({
      load: 60,
      method: "duration",
    });
  });

  it("computes the load of cross-training the same way", () => {
    // A ride with RPE 4 for 90 min: 4 × 90 = 360
    expect(sessionLoad(activity({ sport: "ride", rpe: 4, movingS: 5400 }), noHr)).toMatchObject({ load: 360, method: "srpe" });
  });
});

describe("seriesLoads", () => {
  const rated = activity({ id: "r", rpe: 5, movingS: 3000, avgHr: 120 });
  const hrOnly = activity({ id: "h", avgHr: 120, movingS: 3600 });
  const bare = activity({ id: "b", movingS: 1800 });

  it("uses one method for every session: the strongest that covers them all", () => {
    // hrOnly has no RPE, both have a heart rate → TRIMP for both: r 50 min at HRr 0.5 → 41.78714, h 60 min → 50.14457.
    const twoHr = seriesLoads([rated, hrOnly], withHr);
    expect(twoHr.method).toBe("trimp");
    expect(twoHr.coverage).toEqual({ sessions: 2, srpe: 1, trimp: 2 });
    expect(twoHr.sessions.map((s) => s.load)).toEqual([expect.closeTo(41.78714, 4), expect.closeTo(50.14457, 4)]);
    // A session without heart rate or RPE: minutes for all (50, 60, 30).
    const mixed = seriesLoads([rated, hrOnly, bare], withHr);
    expect(mixed.method).toBe("duration");
    expect(mixed.sessions.map((s) => [s.activityId, s.load, s.method])).toEqual([
      ["r", 50, "duration"],
      ["h", 60, "duration"],
      ["b", 30, "duration"],
    ]);
    // Every session rated: session-RPE (5 × 50 = 250).
    expect(seriesLoads([rated], noHr)).toMatchObject({ method: "srpe", sessions: [{ load: 250, method: "srpe" }] });
    // No session: duration, nothing to rate.
    expect(seriesLoads([], withHr)).toEqual({ method: "duration", coverage: { sessions: 0, srpe: 0, trimp: 0 }, sessions: [] });
  });

  it("gives null from sessionLoadBy when the session lacks what the method needs", () => {
    expect(sessionLoadBy(bare, withHr, "srpe")).toBeNull();
    expect(sessionLoadBy(bare, withHr, "trimp")).toBeNull();
    expect(sessionLoadBy(hrOnly, noHr, "trimp")).toBeNull();
    expect(sessionLoadBy(bare, withHr, "duration")).toEqual({ activityId: "b", load: 30, method: "duration" });
  });
});
