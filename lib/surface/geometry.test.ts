import { describe, expect, it } from "vitest";
import { looksLikeTrack, looksLikeTreadmill } from "./geometry";
import { circle, jitter, OVAL_LAP_M, oval, rectangle, toTrack, walk } from "./test-tracks";

describe("looksLikeTrack", () => {
  // Lap of the inside line: 2 · 84.39 + 2π · 36.5 = 398.12 m; the hull of its points is the same
  // to a centimetre (2 m chords on a 36.5 m bend), so two laps need ≥ 796.2 m.
  it("recognises 5 laps of a 400 m track", () => {
    expect(OVAL_LAP_M).toBeCloseTo(398.12, 2);
    const { lat, lon } = toTrack(oval(5));
    expect(looksLikeTrack(lat, lon, 5 * OVAL_LAP_M)).toBe(true); // 1990.6 m
  });

  it("still recognises it through ±5 m of GPS noise", () => {
    // Noise pushes the hull out by up to ~7 m all round: ≈ 398 + 2π · 7 ≈ 442 m, inside 520.
    const { lat, lon } = toTrack(jitter(oval(5), 5, 11));
    expect(looksLikeTrack(lat, lon, 5 * OVAL_LAP_M)).toBe(true);
  });

  it("needs the distance of two laps of the hull", () => {
    const { lat, lon } = toTrack(oval(5));
    expect(looksLikeTrack(lat, lon, 800)).toBe(true); // ≥ 796.2
    expect(looksLikeTrack(lat, lon, 790)).toBe(false);
  });

  it("rejects a single lap", () => {
    const { lat, lon } = toTrack(oval(1));
    expect(looksLikeTrack(lat, lon, OVAL_LAP_M)).toBe(false); // 398 < 796
  });

  it("rejects a 3 km road loop", () => {
    // 1000 × 500 m: far outside the 250 m box, hull 3000 m.
    const { lat, lon } = toTrack(walk(rectangle(1000, 500), 10));
    expect(looksLikeTrack(lat, lon, 3000)).toBe(false);
    expect(looksLikeTrack(lat, lon, 30_000)).toBe(false);
  });

  it("rejects ten laps of a 200 m circle", () => {
    // r = 200 / 2π = 31.8 m: hull ≈ 200 m < 330 m.
    const { lat, lon } = toTrack(circle(200 / (2 * Math.PI), 10, 100));
    expect(looksLikeTrack(lat, lon, 2000)).toBe(false);
  });

  it("needs at least 10 points", () => {
    // A circle of 400 m circumference, r = 63.66 m. Hull of n evenly spaced points: n · 2r · sin(π/n):
    // 9 → 9 · 127.32 · 0.3420 = 391.9 m; 10 → 10 · 127.32 · 0.3090 = 393.4 m; both in range.
    const r = 400 / (2 * Math.PI);
    const nine = toTrack(circle(r, 1, 9).slice(0, 9));
    const ten = toTrack(circle(r, 1, 10).slice(0, 10));
    expect(looksLikeTrack(nine.lat, nine.lon, 2000)).toBe(false);
    expect(looksLikeTrack(ten.lat, ten.lon, 2000)).toBe(true);
  });

  it("ignores points without a position", () => {
    const { lat, lon } = toTrack(oval(5));
    lat[3] = NaN;
    lon[100] = NaN;
    expect(looksLikeTrack(lat, lon, 5 * OVAL_LAP_M)).toBe(true);
  });
});

describe("looksLikeTreadmill", () => {
  it("recognises 5 km with no GPS at all", () => {
    expect(looksLikeTreadmill(null, null, 5000)).toBe(true);
    const none = new Float64Array(300).fill(NaN);
    expect(looksLikeTreadmill(none, none, 5000)).toBe(true);
  });

  it("recognises 5 km of GPS jitter within a 20 m box", () => {
    // ±10 m on each axis: diagonal at most √(20² + 20²) = 28.3 m < 50 m.
    const spot = Array.from({ length: 600 }, () => ({ x: 0, y: 0 }));
    const { lat, lon } = toTrack(jitter(spot, 10, 5));
    expect(looksLikeTreadmill(lat, lon, 5000)).toBe(true);
  });

  it("draws the box line at a 50 m diagonal", () => {
    const square = (side: number) =>
      toTrack([
        { x: 0, y: 0 },
        { x: side, y: 0 },
        { x: side, y: side },
        { x: 0, y: side },
      ]);
    const inside = square(35); // diagonal 49.5 m
    const outside = square(36); // diagonal 50.9 m
    expect(looksLikeTreadmill(inside.lat, inside.lon, 5000)).toBe(true);
    expect(looksLikeTreadmill(outside.lat, outside.lon, 5000)).toBe(false);
  });

  it("needs 500 m of distance", () => {
    expect(looksLikeTreadmill(null, null, 300)).toBe(false);
    expect(looksLikeTreadmill(null, null, 499)).toBe(false);
    expect(looksLikeTreadmill(null, null, 500)).toBe(true);
  });

  it("rejects a real 5 km loop", () => {
    const { lat, lon } = toTrack(walk(rectangle(1500, 1000), 10)); // 2 · (1500 + 1000) = 5000 m
    expect(looksLikeTreadmill(lat, lon, 5000)).toBe(false);
  });
});
