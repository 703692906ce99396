import { unprojector, type XY } from "./local";
import type { LatLon } from "./types";

/** Test tracks drawn in metres around a centre (Paris), then turned into recorded degrees. */

export const CENTRE: LatLon = { lat: 48.85, lon: 2.35 };

export interface TestTrack {
  lat: Float64Array;
  lon: Float64Array;
}

/** Degrees for points given in metres east/north of `centre`. */
export function toTrack(points: readonly XY[], centre: LatLon = CENTRE): TestTrack {
  const toDeg = unprojector(centre);
  const lat = new Float64Array(points.length);
  const lon = new Float64Array(points.length);
  points.forEach((p, i) => {
    const d = toDeg(p);
    lat[i] = d.lat;
    lon[i] = d.lon;
  });
  return { lat, lon };
}

/** Points every `stepM` metres along the polyline `corners` (the last corner always included). */
export function walk(corners: readonly XY[], stepM: number): XY[] {
  const out: XY[] = [];
  let carry = 0; // distance already walked past the last emitted point
  const first = corners[0]!;
  out.push({ ...first });
  for (let i = 1; i < corners.length; i++) {
    const a = corners[i - 1]!;
    const b = corners[i]!;
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    let s = stepM - carry;
    for (; s <= len + 1e-9; s += stepM) {
      const t = s / len;
      out.push({ x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y) });
    }
    carry = len - (s - stepM);
  }
  const last = corners[corners.length - 1]!;
  const end = out[out.length - 1]!;
  if (Math.hypot(end.x - last.x, end.y - last.y) > 1e-6) out.push({ ...last });
  return out;
}

/** The corners of a w × h rectangle from (0,0): east first, then north, back to the start. */
export function rectangle(w: number, h: number): XY[] {
  return [
    { x: 0, y: 0 },
    { x: w, y: 0 },
    { x: w, y: h },
    { x: 0, y: h },
    { x: 0, y: 0 },
  ];
}

/** `laps` laps of a circle of radius r around (cx, cy), `perLap` points a lap, ending where it began. */
export function circle(r: number, laps: number, perLap: number, cx = 0, cy = 0): XY[] {
  const out: XY[] = [];
  for (let i = 0; i <= laps * perLap; i++) {
    const a = (2 * Math.PI * i) / perLap;
    out.push({ x: cx + r * Math.cos(a), y: cy + r * Math.sin(a) });
  }
  return out;
}

/**
 * A standard 400 m track's inside line: two 84.39 m straights joined by semicircles of radius
 * 36.5 m, lap = 2·84.39 + 2π·36.5 = 168.78 + 229.34 = 398.12 m. `laps` laps, a point about every 2 m.
 */
export const OVAL_STRAIGHT_M = 84.39;
export const OVAL_RADIUS_M = 36.5;
export const OVAL_LAP_M = 2 * OVAL_STRAIGHT_M + 2 * Math.PI * OVAL_RADIUS_M;

export function oval(laps: number): XY[] {
  const half = OVAL_STRAIGHT_M / 2;
  const r = OVAL_RADIUS_M;
  const lap: XY[] = [];
  const straightSteps = 42; // 84.39 / 42 ≈ 2.0 m
  const bendSteps = 57; // π · 36.5 / 57 ≈ 2.0 m
  for (let i = 0; i < straightSteps; i++) lap.push({ x: -half + (OVAL_STRAIGHT_M * i) / straightSteps, y: -r });
  for (let i = 0; i < bendSteps; i++) {
    const a = -Math.PI / 2 + (Math.PI * i) / bendSteps;
    lap.push({ x: half + r * Math.cos(a), y: r * Math.sin(a) });
  }
  for (let i = 0; i < straightSteps; i++) lap.push({ x: half - (OVAL_STRAIGHT_M * i) / straightSteps, y: r });
  for (let i = 0; i < bendSteps; i++) {
    const a = Math.PI / 2 + (Math.PI * i) / bendSteps;
    lap.push({ x: -half + r * Math.cos(a), y: r * Math.sin(a) });
  }
  const out: XY[] = [];
  for (let l = 0; l < laps; l++) out.push(...lap);
  out.push({ ...lap[0]! });
  return out;
}

/** A seeded linear congruential generator (Numerical Recipes constants): uniform in [0, 1). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Each point moved by up to ±`maxM` metres east and north, deterministically. */
export function jitter(points: readonly XY[], maxM: number, seed: number): XY[] {
  const rand = lcg(seed);
  return points.map((p) => ({ x: p.x + (rand() * 2 - 1) * maxM, y: p.y + (rand() * 2 - 1) * maxM }));
}
