import { describe, expect, it } from "vitest";
import { trackFromPoints, type TrackPoint } from "@/lib/import/track";
import { summarizeTrack as summarizeColumns } from "./summary";

const summarizeTrack = (segments: TrackPoint[][]) => summarizeColumns(trackFromPoints(segments));

// Points walk north along the Greenwich meridian, where 0.001° of latitude = 111195.08 m × 0.001 = 111.195 m.
const STEP_M = 111.19508;
const T0 = Date.UTC(2026, 4, 3, 7, 0, 0); // 2026-05-03 07:00 UTC

function pt(latDeg: number, tS: number | null, extra: Partial<TrackPoint> = {}): TrackPoint {
  return { lat: latDeg, lon: 0, timeMs: tS === null ? null : T0 + tS * 1000, eleM: null, hr: null, cadence: null, ...extra };
}

/** One segment, one point a minute, 0.001° apart, with the given elevations. */
function climb(elevations: number[]): TrackPoint[][] {
  return [elevations.map((e, i) => pt(i * 0.001, i * 60, { eleM: e }))];
}

describe("summarizeTrack: distance and time", () => {
  it("never measures the gap between two segments", () => {
    // Segment A: 0 → 0.001° in 60 s; segment B: 0.010 → 0.011° in 60 s. The 0.009° gap (1000.76 m) counts for nothing.
    const s = summarizeTrack([
      [pt(0, 0), pt(0.001, 60)],
      [pt(0.01, 600), pt(0.011, 660)],
    ]);
    expect(s.distanceM).toBeCloseTo(2 * STEP_M, 2); // 222.39 m
    expect(s.movingS).toBe(120); // 60 + 60; the 540 s pause between segments is not moving
    expect(s.elapsedS).toBe(660);
    expect(s.startTime.getTime()).toBe(T0);
  });

  it("does not count standing still (below 1 km/h) as moving, but keeps its distance", () => {
    const s = summarizeTrack([
      [
        pt(0, 0),
        pt(0.001, 60), //     111.2 m in 60 s = 1.85 m/s → moving
        pt(0.001, 120), //      0 m in 60 s             → stopped
        pt(0.00105, 180), //  5.56 m in 60 s = 0.093 m/s < 1/3.6 = 0.278 m/s → stopped
        pt(0.00205, 240), // 111.2 m in 60 s            → moving
      ],
    ]);
    expect(s.movingS).toBe(120);
    expect(s.elapsedS).toBe(240);
    expect(s.distanceM).toBeCloseTo(2.05 * STEP_M, 2); // 0.00205° = 227.95 m
  });

  it("counts a slow walk just above 1 km/h as moving", () => {
    // 0.0001° = 11.1195 m in 40 s = 0.278 m/s ≥ 0.2778 m/s (1 km/h); the same step in 41 s (0.271 m/s) is stopped.
    expect(summarizeTrack([[pt(0, 0), pt(0.0001, 40)]]).movingS).toBe(40);
    expect(summarizeTrack([[pt(0, 0), pt(0.0001, 41)]]).movingS).toBe(0);
  });

  it("takes elapsed time from the earliest and the latest timed points", () => {
    // The first and last points have no time; the timed ones are at +10 s, +70 s and (in segment 2) +130 s.
    const s = summarizeTrack([
      [pt(0, null), pt(0.001, 10), pt(0.002, 70)],
      [pt(0.003, 130), pt(0.004, null)],
    ]);
    expect(s.startTime.getTime()).toBe(T0 + 10_000);
    expect(s.elapsedS).toBe(120); // 130 − 10
    expect(s.distanceM).toBeCloseTo(3 * STEP_M, 2); // 2 steps in segment 1, 1 in segment 2
  });
});

describe("summarizeTrack: elevation gain and loss (3-point smoothing, 0.25 m hysteresis)", () => {
  it("damps ±1 m noise: 1.2 m of gain instead of the raw 3 m", () => {
    // Raw rises: 100→101, 99→100, 100→101 = 3 m. Smoothed (0.3/0.4/0.3, ends kept):
    // 100, 100.4, 100.0, 99.6, 100.0, 100.4, 100.0, 99 → rises of 0.4 + 0.4 + 0.4 = 1.2 m.
    const s = summarizeTrack(climb([100, 101, 100, 99, 100, 101, 100, 99]));
    expect(s.elevGainM).toBeCloseTo(1.2, 6);
    // Falls: 100.4→100.0→99.6 (0.8) and 100.4→100.0→99 (1.4) = 2.2 m.
    expect(s.elevLossM).toBeCloseTo(2.2, 6);
  });

  it("counts a steady 10 m climb as 10 m (smoothing leaves a straight line unchanged)", () => {
    const s = summarizeTrack(climb([100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110]));
    expect(s.elevGainM).toBeCloseTo(10, 6);
    expect(s.elevLossM).toBeCloseTo(0, 6);
  });

  it("follows an up-down-up profile through the smoothing", () => {
    // Smoothed: 100, 103.2, 106.1, 105.2, 106.0, 110 → gains 3.2 + 2.9 + 0.8 + 4.0 = 10.9, loss 0.9.
    const s = summarizeTrack(climb([100, 105, 104, 110, 100, 110]));
    expect(s.elevGainM).toBeCloseTo(10.9, 6);
    expect(s.elevLossM).toBeCloseTo(0.9, 6);
  });

  it("skips points without elevation and is null when no point has any", () => {
    const withGaps = [[pt(0, 0, { eleM: 100 }), pt(0.001, 60), pt(0.002, 120, { eleM: 103 })]];
    expect(summarizeTrack(withGaps).elevGainM).toBe(3);
    expect(summarizeTrack([[pt(0, 0), pt(0.001, 60)]]).elevGainM).toBeNull();
  });
});

describe("summarizeTrack: GPS spikes", () => {
  it("drops a single point that jumps a kilometre away and straight back", () => {
    // 0 → 0.001° (t=60) → spike 0.01° east (≈1112 m, t=90) → 0.002° (t=120).
    // In and out at ≈37 m/s > 12.5 m/s while the neighbours are 111 m / 60 s apart: a spike.
    const s = summarizeTrack([[pt(0, 0), pt(0.001, 60), { ...pt(0.0015, 90), lon: 0.01 }, pt(0.002, 120)]]);
    expect(s.distanceM).toBeCloseTo(2 * STEP_M, 2); // 222.39 m, not ≈2.4 km
    expect(s.movingS).toBe(120);
  });

  it("keeps steady fast movement (a ride at 15 m/s) in full", () => {
    // 0.0027° of latitude = 300.23 m every 20 s = 15.0 m/s, above the spike speed but never out-and-back.
    const s = summarizeTrack([[0, 1, 2, 3].map((i) => pt(i * 0.0027, i * 20))]);
    expect(s.distanceM).toBeCloseTo(3 * 2.7 * STEP_M, 1); // 900.69 m
  });
});

describe("summarizeTrack: heart rate and cadence", () => {
  it("averages and maxes the heart rate of points that have one", () => {
    const s = summarizeTrack([
      [pt(0, 0, { hr: 120 }), pt(0.001, 60, { hr: 130 }), pt(0.002, 120)],
      [pt(0.003, 180, { hr: 150 })],
    ]);
    expect(s.avgHr).toBeCloseTo(400 / 3, 6); // (120 + 130 + 150) / 3 = 133.33
    expect(s.maxHr).toBe(150);
  });

  it("gives null heart rate when no point has one", () => {
    const s = summarizeTrack([[pt(0, 0), pt(0.001, 60)]]);
    expect(s.avgHr).toBeNull();
    expect(s.maxHr).toBeNull();
  });

  it("averages raw cadence, ignoring zeros and missing values", () => {
    const s = summarizeTrack([[pt(0, 0, { cadence: 80 }), pt(0.001, 60, { cadence: 0 }), pt(0.002, 120, { cadence: 90 }), pt(0.003, 180)]]);
    expect(s.avgCadenceRaw).toBe(85); // (80 + 90) / 2
  });
});
