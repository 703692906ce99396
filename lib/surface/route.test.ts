import { describe, expect, it } from "vitest";
import { projector, type XY } from "./local";
import { decodeShape, encodeShape, ROUTE_SHAPE_POINTS, routeShape, sameRoute } from "./route";
import { CENTRE, jitter, rectangle, toTrack, walk } from "./test-tracks";
import type { RouteShape } from "./types";

const toXY = projector(CENTRE);

function shapeFrom(points: readonly XY[]): RouteShape {
  const { lat, lon } = toTrack(points);
  const shape = routeShape(lat, lon);
  if (!shape) throw new Error("expected a shape");
  return shape;
}

function shapeOf(corners: readonly XY[], stepM: number): RouteShape {
  return shapeFrom(walk(corners, stepM));
}

describe("routeShape", () => {
  it("resamples a 630 m straight line to 64 points 10 m apart", () => {
    // Recorded every 7 m (91 points); 630 m / 63 steps = 10 m per step.
    const { lat, lon } = toTrack(walk([{ x: 0, y: 0 }, { x: 630, y: 0 }], 7));
    expect(lat).toHaveLength(91);
    const shape = routeShape(lat, lon)!;
    expect(shape.lengthM).toBeCloseTo(630, 3);
    expect(shape.points).toHaveLength(ROUTE_SHAPE_POINTS);
    shape.points.forEach((p, k) => {
      const xy = toXY(p);
      expect(xy.x).toBeCloseTo(10 * k, 3);
      expect(xy.y).toBeCloseTo(0, 6);
    });
    expect(shape.points[0]).toEqual({ lat: lat[0], lon: lon[0] });
    expect(shape.points[63]).toEqual({ lat: lat[90], lon: lon[90] });
  });

  it("returns null for fewer than two positions", () => {
    expect(routeShape(new Float64Array(0), new Float64Array(0))).toBeNull();
    expect(routeShape(Float64Array.of(48.85), Float64Array.of(2.35))).toBeNull();
    // Three points, but only one has both coordinates.
    expect(routeShape(Float64Array.of(48.85, NaN, 48.86), Float64Array.of(2.35, 2.36, NaN))).toBeNull();
  });

  it("returns null for a track shorter than 200 m", () => {
    const { lat, lon } = toTrack(walk([{ x: 0, y: 0 }, { x: 150, y: 0 }], 5));
    expect(routeShape(lat, lon)).toBeNull();
  });

  it("skips points without a position", () => {
    const { lat, lon } = toTrack(walk([{ x: 0, y: 0 }, { x: 630, y: 0 }], 7));
    lat[0] = NaN; // the first valid point is now x = 7
    lon[40] = NaN; // an interior point on a straight line: no change in length
    lat[90] = NaN;
    lon[90] = NaN; // the last valid point is now x = 623
    const shape = routeShape(lat, lon)!;
    expect(shape.lengthM).toBeCloseTo(623 - 7, 3); // 616
    expect(shape.points[0]).toEqual({ lat: lat[1], lon: lon[1] });
    expect(shape.points[63]).toEqual({ lat: lat[89], lon: lon[89] });
    expect(toXY(shape.points[1]!).x).toBeCloseTo(7 + 616 / 63, 3);
  });
});

describe("sameRoute", () => {
  // A 1000 × 500 m rectangle: 3000 m, starting and ending at its south-west corner.
  const loop = shapeOf(rectangle(1000, 500), 10);

  it("matches the same loop run the other way round", () => {
    const reversed = shapeOf([...rectangle(1000, 500)].reverse(), 10);
    expect(sameRoute(loop, reversed)).toBe(true);
    expect(sameRoute(reversed, loop)).toBe(true);
  });

  it("matches the same loop recorded every 37 m with up to ±15 m of noise", () => {
    const noisy = shapeFrom(jitter(walk(rectangle(1000, 500), 37), 15, 42));
    // Noise adds a few per cent of length (zig-zag), well inside 15 %.
    expect(Math.abs(noisy.lengthM - 3000) / noisy.lengthM).toBeLessThan(0.15);
    expect(sameRoute(loop, noisy)).toBe(true);
    expect(sameRoute(noisy, loop)).toBe(true);
  });

  it("does not match a loop of the same length on the other side of the start", () => {
    // Mirrored west: only the shared 500 m edge (x = 0) lies within 75 m, about 1/6 of the points.
    const mirrored = shapeOf(
      [
        { x: 0, y: 0 },
        { x: -1000, y: 0 },
        { x: -1000, y: 500 },
        { x: 0, y: 500 },
        { x: 0, y: 0 },
      ],
      10,
    );
    // 64 points cut the rectangle's corners a little: within 1.5% of 3000 m.
    expect(Math.abs(mirrored.lengthM - 3000)).toBeLessThan(45);
    expect(sameRoute(loop, mirrored)).toBe(false);
    expect(sameRoute(mirrored, loop)).toBe(false);
  });

  it("does not match an out-and-back against the same path run one way", () => {
    const out = [
      { x: 0, y: 0 },
      { x: 800, y: 0 },
      { x: 800, y: 700 },
    ];
    const oneWay = shapeOf(out, 10); // 1500 m
    const outAndBack = shapeOf([...out, ...[...out].reverse().slice(1)], 10); // 3000 m
    // |3000 − 1500| / 3000 = 0.5 > 0.15 (the out-and-back lies entirely on the path).
    expect(sameRoute(oneWay, outAndBack)).toBe(false);
    expect(sameRoute(outAndBack, oneWay)).toBe(false);
  });

  it("does not match a loop 20 % longer", () => {
    const longer = shapeOf(rectangle(1200, 600), 10); // 3600 m
    // |3600 − 3000| / 3600 = 0.167 > 0.15
    expect(sameRoute(loop, longer)).toBe(false);
  });

  it("does not match the same loop started from the opposite corner", () => {
    // Starts 1118 m away (√(1000² + 500²)): route memory pairs start and finish, by design.
    const other = shapeOf(
      [
        { x: 1000, y: 500 },
        { x: 0, y: 500 },
        { x: 0, y: 0 },
        { x: 1000, y: 0 },
        { x: 1000, y: 500 },
      ],
      10,
    );
    expect(sameRoute(loop, other)).toBe(false);
  });
});

describe("encodeShape / decodeShape", () => {
  const shape = shapeFrom(jitter(walk(rectangle(1000, 500), 37), 15, 7));

  it("round-trips within 1e-7 degrees and keeps the exact length", () => {
    const bytes = encodeShape(shape);
    expect(bytes.byteLength).toBe(8 + 64 * 8); // 520
    const back = decodeShape(bytes);
    expect(back.lengthM).toBe(shape.lengthM);
    expect(back.points).toHaveLength(64);
    back.points.forEach((p, i) => {
      expect(Math.abs(p.lat - shape.points[i]!.lat)).toBeLessThan(1e-6);
      expect(Math.abs(p.lon - shape.points[i]!.lon)).toBeLessThan(1e-6);
    });
    expect(sameRoute(shape, back)).toBe(true);
  });

  it("reads a view into a larger buffer at its offset", () => {
    const bytes = encodeShape(shape);
    const padded = Buffer.concat([Buffer.from([1, 2, 3]), bytes, Buffer.from([4])]);
    expect(decodeShape(padded.subarray(3, 3 + bytes.byteLength))).toEqual(decodeShape(bytes));
    expect(decodeShape(new Uint8Array(bytes))).toEqual(decodeShape(bytes));
  });

  it("rejects a wrong byte length or point count", () => {
    const bytes = encodeShape(shape);
    expect(() => decodeShape(bytes.subarray(0, 512))).toThrow(RangeError);
    expect(() => decodeShape(new Uint8Array(0))).toThrow(RangeError);
    expect(() => decodeShape(Buffer.concat([bytes, Buffer.alloc(8)]))).toThrow(RangeError);
    expect(() => encodeShape({ lengthM: 1000, points: shape.points.slice(0, 3) })).toThrow(RangeError);
  });
});
