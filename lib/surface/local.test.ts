import { describe, expect, it } from "vitest";
import { boundingDiagonal, pointSegmentDistance, projector, unprojector, validPoints } from "./local";

describe("local projection", () => {
  const origin = { lat: 48.85, lon: 2.35 };

  it("measures a degree of latitude as R · π / 180 and shrinks longitude by cos(lat)", () => {
    const project = projector(origin);
    // 6 371 008.8 · π / 180 = 111 195.08 m
    expect(project({ lat: 49.85, lon: 2.35 }).y).toBeCloseTo(111_195.08, 1);
    // · cos(48.85°) = 0.65825 → 73 194.2 m
    expect(project({ lat: 48.85, lon: 3.35 }).x).toBeCloseTo(111_195.08 * Math.cos((48.85 * Math.PI) / 180), 3);
    expect(project(origin)).toEqual({ x: 0, y: 0 });
  });

  it("round-trips through the inverse", () => {
    const back = unprojector(origin)(projector(origin)({ lat: 48.86, lon: 2.33 }));
    expect(back.lat).toBeCloseTo(48.86, 12);
    expect(back.lon).toBeCloseTo(2.33, 12);
  });
});

describe("validPoints", () => {
  it("keeps points with both coordinates, over the shorter array", () => {
    const lat = Float64Array.of(1, NaN, 3, 4, 5);
    const lon = Float64Array.of(10, 20, NaN, 40);
    expect(validPoints(lat, lon)).toEqual([
      { lat: 1, lon: 10 },
      { lat: 4, lon: 40 },
    ]);
    expect(validPoints(null, lon)).toEqual([]);
  });
});

describe("pointSegmentDistance", () => {
  const a = { x: 0, y: 0 };
  const b = { x: 10, y: 0 };
  it("measures to the segment, not the line", () => {
    expect(pointSegmentDistance({ x: 5, y: 3 }, a, b)).toBe(3); // above the middle
    expect(pointSegmentDistance({ x: 13, y: 4 }, a, b)).toBe(5); // past b: 3-4-5 to b
    expect(pointSegmentDistance({ x: -6, y: -8 }, a, b)).toBe(10); // before a: 6-8-10 to a
  });
  it("treats a zero-length segment as a point", () => {
    expect(pointSegmentDistance({ x: 3, y: 4 }, a, a)).toBe(5);
  });
});

describe("boundingDiagonal", () => {
  it("is the diagonal of the box around the points", () => {
    expect(boundingDiagonal([])).toBe(0);
    expect(boundingDiagonal([{ x: 2, y: 2 }])).toBe(0);
    // x from −1 to 5 (6), y from 0 to 8: √(36 + 64) = 10
    expect(boundingDiagonal([{ x: -1, y: 0 }, { x: 5, y: 3 }, { x: 0, y: 8 }])).toBe(10);
  });
});
