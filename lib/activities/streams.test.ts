import { describe, expect, it } from "vitest";
import { trackFromPoints, type TrackPoint } from "@/lib/import/track";
import { downsample, NO_POSITION, packStreams, unpackStreams } from "./streams";

const T0 = Date.UTC(2026, 5, 1, 6, 0, 0);
const point = (i: number, lat: number, lon: number): TrackPoint => ({ lat, lon, timeMs: T0 + i * 10_000, eleM: null, hr: null, cadence: null });

describe("packed streams: points without a position", () => {
  it("stores a missing position as NO_POSITION and gives NaN back, keeping the others exact to 1e-7°", () => {
    const track = trackFromPoints([[point(0, 48.8566, 2.3522), point(1, NaN, NaN), point(2, 48.8570, 2.3530)]]);
    const packed = packStreams(track, new Float64Array([0, 0, 100]), T0);
    const raw = new Int32Array(new Uint8Array(packed.latLon).buffer);
    expect([...raw]).toEqual([488566000, 23522000, NO_POSITION, NO_POSITION, 488570000, 23530000]);
    const u = unpackStreams(packed);
    expect(u.lat[0]).toBe(48.8566);
    expect(u.lon[2]).toBe(2.353);
    expect(Number.isNaN(u.lat[1]!) && Number.isNaN(u.lon[1]!)).toBe(true);
    expect([...u.distanceM]).toEqual([0, 0, 100]);
  });

  it("reads 0,0 written before NO_POSITION existed as no position", () => {
    const track = trackFromPoints([[point(0, 48.8566, 2.3522), point(1, 48.8567, 2.3523)]]);
    const packed = packStreams(track, new Float64Array([0, 12]), T0);
    const legacy = new Int32Array([488566000, 23522000, 0, 0]);
    const u = unpackStreams({ ...packed, latLon: Buffer.from(legacy.buffer) });
    expect(u.lat[0]).toBe(48.8566);
    expect(Number.isNaN(u.lat[1]!)).toBe(true);
  });

  it("breaks the drawn route at a stretch without positions and draws none for a run without any", () => {
    const track = trackFromPoints([[point(0, 48.0, 2.0), point(1, 48.001, 2.0), point(2, NaN, NaN), point(3, NaN, NaN), point(4, 48.003, 2.0)]]);
    const u = unpackStreams(packStreams(track, new Float64Array([0, 111, NaN, NaN, 222]), T0));
    expect(downsample(u, 10).route).toEqual([[48, 2], [48.001, 2], null, [48.003, 2]]);
    const treadmill = trackFromPoints([[point(0, NaN, NaN), point(1, NaN, NaN)]]);
    expect(downsample(unpackStreams(packStreams(treadmill, new Float64Array([0, 30]), T0)), 10).route).toEqual([]);
  });
});
