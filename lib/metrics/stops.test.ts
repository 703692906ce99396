import { describe, expect, it } from "vitest";
import { type TrackPoint, trackFromPoints } from "@/lib/import/track";
import { stepDistancesM } from "./distance";
import { removeStopWander, STOP_MIN_S } from "./stops";
import { summarizeTrack } from "./summary";

const T0 = Date.UTC(2026, 4, 1, 6, 0, 0);
const M_PER_DEG_LAT = 111_195.08; // haversine's metres per degree of latitude (mean Earth radius)
const LAT0 = 45;

/** A deterministic pseudo-random sequence in [0, 1). */
function lcg(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

function point(northM: number, eastM: number, t: number): TrackPoint {
  const lat = LAT0 + northM / M_PER_DEG_LAT;
  const lon = 6 + eastM / (M_PER_DEG_LAT * Math.cos((LAT0 * Math.PI) / 180));
  return { lat, lon, timeMs: T0 + t * 1000, eleM: null, hr: null, cadence: null };
}

describe("stop detection", () => {
  it("an 8 km run with a 4-minute wandering stop: distance within 1% of 8 km, moving time within 30 s", () => {
    const rand = lcg(19);
    const v = 1000 / 300; // 5:00 /km
    const pts: TrackPoint[] = [];
    let t = 0;
    // 4 km north at 1 Hz
    for (let s = 0; s <= 1200; s++) pts.push(point(s * v, 0, t++));
    const stopAt = 1200 * v;
    // 240 s standing at the crossing: fixes wander within 2 m of the spot
    for (let s = 0; s < 240; s++) {
      const r = 2 * Math.sqrt(rand());
      const a = 2 * Math.PI * rand();
      pts.push(point(stopAt + r * Math.cos(a), r * Math.sin(a), t++));
    }
    // 4 km more
    for (let s = 1; s <= 1200; s++) pts.push(point(stopAt + s * v, 0, t++));
    const track = trackFromPoints([pts]);

    // Without the detector, the wander would add well over 1% (the issue saw 4%).
    const raw = stepDistancesM(track).reduce((sum, d) => sum + d, 0);
    expect(raw / 8000 - 1).toBeGreaterThan(0.02);

    const summary = summarizeTrack(track);
    expect(Math.abs(summary.distanceM / 8000 - 1)).toBeLessThan(0.01);
    // True moving time: 2 × 1200 s (+ the step into and out of the stop at most).
    expect(Math.abs(summary.movingS - 2400)).toBeLessThanOrEqual(30);
    expect(summary.elapsedS).toBe(t - 1);
  });

  it("a slow uphill walk with poles (0.4 m/s, jittery fixes) is not a stop", () => {
    const rand = lcg(7);
    const pts: TrackPoint[] = [];
    for (let s = 0; s <= 1800; s++) pts.push(point(s * 0.4 + (rand() - 0.5), rand() - 0.5, s));
    const track = trackFromPoints([pts]);
    const steps = stepDistancesM(track);
    const before = Float64Array.from(steps);
    expect(removeStopWander(track, steps)).toBe(0);
    expect(steps).toEqual(before); // no step removed
    expect(summarizeTrack(track).distanceM).toBeGreaterThan(0.4 * 1800);
  });

  it("a pause shorter than the window is kept; one just over it is removed", () => {
    const build = (pauseS: number) => {
      const pts: TrackPoint[] = [];
      let t = 0;
      for (let s = 0; s <= 100; s++) pts.push(point(s * 3, 0, t++));
      for (let s = 0; s < pauseS; s++) pts.push(point(300 + (s % 2), 0, t++)); // 1 m back and forth
      for (let s = 1; s <= 100; s++) pts.push(point(300 + s * 3, 0, t++));
      return trackFromPoints([pts]);
    };
    const short = build(STOP_MIN_S - 10);
    expect(removeStopWander(short, stepDistancesM(short))).toBe(0);
    const long = build(STOP_MIN_S + 30);
    expect(removeStopWander(long, stepDistancesM(long))).toBeGreaterThanOrEqual(STOP_MIN_S + 29);
  });
});
