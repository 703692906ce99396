import { describe, expect, it } from "vitest";
import { EARTH_RADIUS_M, haversineM } from "./distance";

/**
 * An independent great-circle distance: the chord between the two points as 3-D unit vectors,
 * turned into an arc with 2·asin(chord/2). No haversine term is shared with the code under test.
 */
function chordMethodM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const v = (lat: number, lon: number) => {
    const φ = (lat * Math.PI) / 180;
    const λ = (lon * Math.PI) / 180;
    return [Math.cos(φ) * Math.cos(λ), Math.cos(φ) * Math.sin(λ), Math.sin(φ)] as const;
  };
  const a = v(lat1, lon1);
  const b = v(lat2, lon2);
  const chord = Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
  return 2 * 6_371_008.8 * Math.asin(chord / 2);
}

describe("haversineM", () => {
  it("uses the IUGG mean radius", () => {
    expect(EARTH_RADIUS_M).toBe(6_371_008.8);
  });

  it("measures one degree of latitude as 2πR/360 = 111195.08 m", () => {
    // 6371008.8 × 0.0174532925 = 104719.755 (6,000,000 part) + 6475.325 (371,008.8 part) = 111195.08
    // (111194.93 would be the figure for R = 6371000 m.)
    expect(haversineM(0, 0, 1, 0)).toBeCloseTo(111_195.08, 1);
    expect(haversineM(45, 7, 46, 7)).toBeCloseTo(111_195.08, 1); // any meridian, any latitude
  });

  it("measures one degree of longitude on the equator the same", () => {
    expect(haversineM(0, 0, 0, 1)).toBeCloseTo(111_195.08, 1);
    expect(haversineM(0, 179.5, 0, -179.5)).toBeCloseTo(111_195.08, 1); // across the antimeridian
  });

  it("measures half the circumference between antipodes: πR = 20015114.44 m", () => {
    // 111195.08 m per degree × 180 = 20015114.4
    expect(haversineM(0, 0, 0, 180)).toBeCloseTo(20_015_114.44, 1);
    expect(haversineM(90, 0, -90, 0)).toBeCloseTo(20_015_114.44, 1);
  });

  it("matches an independent method for Paris – London (343.07 km)", () => {
    // Notre-Dame (48.8530, 2.3499) to Big Ben (51.5007, -0.1246): the chord method (also run
    // separately in Python with the same radius) gives 343069.63 m.
    const d = haversineM(48.853, 2.3499, 51.5007, -0.1246);
    expect(d).toBeCloseTo(chordMethodM(48.853, 2.3499, 51.5007, -0.1246), 3);
    expect(d).toBeCloseTo(343_069.63, 1);
  });

  it("matches the independent method for a short running step", () => {
    // About 11 m east at 60° N: 0.0002° × 111195.08 m × cos 60° (0.5) = 11.1195 m
    expect(haversineM(60, 10, 60, 10.0002)).toBeCloseTo(11.1195, 4);
    expect(haversineM(60, 10, 60, 10.0002)).toBeCloseTo(chordMethodM(60, 10, 60, 10.0002), 6);
  });

  it("is symmetric", () => {
    expect(haversineM(51.5007, -0.1246, 48.853, 2.3499)).toBeCloseTo(haversineM(48.853, 2.3499, 51.5007, -0.1246), 6);
    expect(haversineM(-33.86, 151.21, 40.71, -74.01)).toBeCloseTo(haversineM(40.71, -74.01, -33.86, 151.21), 6);
  });

  it("is zero between a point and itself", () => {
    expect(haversineM(48.853, 2.3499, 48.853, 2.3499)).toBe(0);
    expect(haversineM(-90, 0, -90, 0)).toBe(0);
  });
});
