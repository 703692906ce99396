import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodePolyline } from "@/e2e/strava-server/polyline";
import { decodePolyline } from "./polyline";

const points = (d: ReturnType<typeof decodePolyline>) => (d ? Array.from(d.lat, (lat, i) => [lat, d.lon[i]!]) : null);

describe("decodePolyline", () => {
  it("decodes Google's documented example", () => {
    // developers.google.com/maps/documentation/utilities/polylinealgorithm: three points.
    expect(points(decodePolyline("_p~iF~ps|U_ulLnnqC_mqNvxq`@"))).toEqual([
      [38.5, -120.2],
      [40.7, -120.95],
      [43.252, -126.453],
    ]);
  });

  it("decodes a short Paris route chunk by chunk", () => {
    // "o}@" is +1000 (0.01°): zig-zag 2000 = 16 + 30·32 + 1·1024 → chunks 16|32, 30|32, 1, each + 63
    // → 'o', '}', '@'. '?' is 0. So after the first point, north 0.01° then east 0.01°.
    expect(points(decodePolyline("o_diHo~iMo}@??o}@"))).toEqual([
      [48.85, 2.35],
      [48.86, 2.35],
      [48.86, 2.36],
    ]);
  });

  it("gives no points for an empty polyline and Float64Arrays otherwise", () => {
    const empty = decodePolyline("");
    expect(empty?.lat).toBeInstanceOf(Float64Array);
    expect(empty?.lat.length).toBe(0);
    expect(empty?.lon.length).toBe(0);
    const one = decodePolyline("??"); // a single point at 0°, 0°
    expect(points(one)).toEqual([[0, 0]]);
    expect(one?.lat).toBeInstanceOf(Float64Array);
    // The antimeridian itself is on the globe.
    expect(points(decodePolyline("?_gsia@"))).toEqual([[0, 180]]);
  });

  it.each([
    ["_p~iF~ps|", "cut off mid-value ('|' = 61 carries the continuation bit)"],
    ["_p~iF", "a latitude without its longitude"],
    ["_p~iF~ps|U_ulL", "a second latitude without its longitude"],
    ["ki{eFvqfiV...", "'.' is below '?' (the reference's elided example)"],
    ["_p~iF ~ps|U", "a space"],
    ["_p~iF~ps|U\u007f?", "DEL is above '~'"],
    ["_p~iF~ps|Ué?", "a non-ASCII character"],
    ["~~~~~~~~??", "a value of eight chunks (more than any coordinate needs)"],
    ["_uybQ?", "latitude 95°"],
    // 185° = 18,500,000 → zig-zag 37,000,000 = 0 + 26·32 + 4·32² + 9·32³ + 3·32⁴ + 1·32⁵ → "_ychb@".
    ["?_ychb@", "longitude 185°"],
  ])("refuses %j: %s", (text) => {
    expect(decodePolyline(text)).toBeNull();
  });

  it("round-trips the local Strava double's encoder on random routes", () => {
    const coord = fc.tuple(fc.integer({ min: -9_000_000, max: 9_000_000 }), fc.integer({ min: -18_000_000, max: 18_000_000 }));
    fc.assert(
      fc.property(fc.array(coord, { maxLength: 50 }), (e5) => {
        const route = e5.map(([la, lo]) => [la / 1e5, lo / 1e5] as [number, number]);
        expect(points(decodePolyline(encodePolyline(route)))).toEqual(route);
      }),
    );
  });

  it("never throws on arbitrary text, and whatever it decodes is on the globe", () => {
    const polylineChars = fc.string({ unit: fc.integer({ min: 63, max: 126 }).map((c) => String.fromCharCode(c)), maxLength: 80 });
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), polylineChars), (text) => {
        const d = decodePolyline(text);
        if (d === null) return;
        expect(d.lat.length).toBe(d.lon.length);
        for (let i = 0; i < d.lat.length; i++) {
          expect(Math.abs(d.lat[i]!)).toBeLessThanOrEqual(90);
          expect(Math.abs(d.lon[i]!)).toBeLessThanOrEqual(180);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("decodes a megabyte (a quadratic decoder would hit the test timeout)", () => {
    // 2^20 '?' characters: 2^19 points at 0°, 0°.
    const d = decodePolyline("?".repeat(2 ** 20));
    expect(d?.lat.length).toBe(2 ** 19);
    expect(Array.from(d!.lat.subarray(0, 3))).toEqual([0, 0, 0]);
  });
});
