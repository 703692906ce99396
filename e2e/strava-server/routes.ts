import { encodePolyline } from "./polyline";
import { Prng } from "./prng";
import type { LatLng } from "./types";

/**
 * Plausible GPS routes near a start point: closed loops or out-and-backs with a smooth elevation
 * profile. A route is a *shape* (from a seed) placed at a start point and stretched to a length,
 * so the runner's favourite loops come back run after run (Patella remembers routes), and the
 * summary polyline, the latlng stream and the altitude stream all come from the same function.
 */

const SAMPLES = 256;
const METRES_PER_DEGREE = 111_320;

interface Shape {
  /** Positions in units of the route's length (the path is exactly 1 long), from (0, 0). */
  xs: Float64Array;
  ys: Float64Array;
  /** Cumulative length fraction at each sample, 0 … 1. */
  cum: Float64Array;
  /** Unit altitude profile at each sample, and its total climb, minimum and maximum. */
  alt: Float64Array;
  unitGain: number;
  unitMin: number;
  unitMax: number;
}

const shapes = new Map<number, Shape>();

function buildShape(seed: number): Shape {
  const rng = new Prng(seed);
  const outAndBack = rng.chance(0.3);
  const rawX = new Float64Array(SAMPLES + 1);
  const rawY = new Float64Array(SAMPLES + 1);
  const rot = rng.range(0, 2 * Math.PI);
  if (outAndBack) {
    // A wobbly line out, then the same way back.
    const b1 = rng.range(-0.08, 0.08), b2 = rng.range(-0.05, 0.05), q1 = rng.range(0, 6), q2 = rng.range(0, 6);
    const lateral = (s: number) => b1 * (Math.sin(Math.PI * s + q1) - Math.sin(q1)) + b2 * (Math.sin(3 * Math.PI * s + q2) - Math.sin(q2));
    for (let i = 0; i <= SAMPLES; i++) {
      const f = i / SAMPLES;
      const s = f < 0.5 ? 2 * f : 2 - 2 * f;
      const ax = s, ay = lateral(s);
      rawX[i] = ax * Math.cos(rot) - ay * Math.sin(rot);
      rawY[i] = ax * Math.sin(rot) + ay * Math.cos(rot);
    }
  } else {
    const a1 = rng.range(0, 0.25), a2 = rng.range(0, 0.15), a3 = rng.range(0, 0.08);
    const p1 = rng.range(0, 6), p2 = rng.range(0, 6), p3 = rng.range(0, 6);
    const dir = rng.chance(0.5) ? 1 : -1;
    const r = (t: number) => 1 + a1 * Math.sin(t + p1) + a2 * Math.sin(2 * t + p2) + a3 * Math.sin(3 * t + p3);
    const px = (t: number) => r(t) * Math.cos(dir * t + rot);
    const py = (t: number) => r(t) * Math.sin(dir * t + rot);
    const x0 = px(0), y0 = py(0);
    for (let i = 0; i <= SAMPLES; i++) {
      const t = (2 * Math.PI * i) / SAMPLES;
      rawX[i] = px(t) - x0;
      rawY[i] = py(t) - y0;
    }
  }
  // Normalise to length 1 and parametrise by length, so position(f) is f of the way along.
  const cum = new Float64Array(SAMPLES + 1);
  for (let i = 1; i <= SAMPLES; i++) {
    cum[i] = cum[i - 1]! + Math.hypot(rawX[i]! - rawX[i - 1]!, rawY[i]! - rawY[i - 1]!);
  }
  const length = cum[SAMPLES]!;
  const xs = new Float64Array(SAMPLES + 1);
  const ys = new Float64Array(SAMPLES + 1);
  for (let i = 0; i <= SAMPLES; i++) {
    xs[i] = rawX[i]! / length;
    ys[i] = rawY[i]! / length;
    cum[i] = cum[i]! / length;
  }
  // Altitude: low harmonics only, so sampling the profile every metre or every 4 m gives the
  // same climb. Out-and-backs climb on the way back what they descended on the way out.
  const c1 = rng.range(0.5, 1), c2 = rng.range(0, 0.5), c3 = rng.range(0, 0.3), r1 = rng.range(0, 6), r2 = rng.range(0, 6), r3 = rng.range(0, 6);
  const alt = new Float64Array(SAMPLES + 1);
  for (let i = 0; i <= SAMPLES; i++) {
    const f = cum[i]!;
    const s = outAndBack ? (f < 0.5 ? f : 1 - f) : f;
    alt[i] = c1 * Math.sin(2 * Math.PI * s + r1) + c2 * Math.sin(4 * Math.PI * s + r2) + c3 * Math.sin(6 * Math.PI * s + r3);
  }
  let unitGain = 0, unitMin = Infinity, unitMax = -Infinity;
  for (let i = 0; i <= SAMPLES; i++) {
    if (i > 0) unitGain += Math.max(0, alt[i]! - alt[i - 1]!);
    unitMin = Math.min(unitMin, alt[i]!);
    unitMax = Math.max(unitMax, alt[i]!);
  }
  return { xs, ys, cum, alt, unitGain, unitMin, unitMax };
}

function shape(seed: number): Shape {
  let s = shapes.get(seed);
  if (!s) {
    s = buildShape(seed);
    shapes.set(seed, s);
  }
  return s;
}

/** Where an activity's route lies; everything else is derived from the shape seed. */
export interface RoutePlacement {
  shapeSeed: number;
  startLat: number;
  startLng: number;
  /** Length of the route in metres (the activity's distance). */
  length: number;
  /** Total climb in metres, and the altitude at the start. */
  gain: number;
  baseAltitude: number;
}

/** A cursor over the route for increasing fractions (stream generation walks it once). */
export class RouteWalker {
  private readonly s: Shape;
  private i = 0;
  private readonly cosLat: number;

  constructor(private readonly placement: RoutePlacement) {
    this.s = shape(placement.shapeSeed);
    this.cosLat = Math.cos((placement.startLat * Math.PI) / 180);
  }

  private locate(f: number): [number, number] {
    const { cum } = this.s;
    const clamped = Math.min(1, Math.max(0, f));
    if (clamped < cum[this.i]!) this.i = 0;
    while (this.i < SAMPLES - 1 && cum[this.i + 1]! < clamped) this.i++;
    const a = cum[this.i]!, b = cum[this.i + 1]!;
    return [this.i, b > a ? (clamped - a) / (b - a) : 0];
  }

  latlng(f: number): LatLng {
    const [i, t] = this.locate(f);
    const { xs, ys } = this.s;
    const x = (xs[i]! + (xs[i + 1]! - xs[i]!) * t) * this.placement.length;
    const y = (ys[i]! + (ys[i + 1]! - ys[i]!) * t) * this.placement.length;
    return [this.placement.startLat + y / METRES_PER_DEGREE, this.placement.startLng + x / (METRES_PER_DEGREE * this.cosLat)];
  }

  altitude(f: number): number {
    const [i, t] = this.locate(f);
    const { alt } = this.s;
    const unit = alt[i]! + (alt[i + 1]! - alt[i]!) * t;
    return this.placement.baseAltitude + (unit - alt[0]!) * this.scale();
  }

  private scale(): number {
    return this.s.unitGain > 0 ? this.placement.gain / this.s.unitGain : 0;
  }

  /** elev_low / elev_high of the summary. */
  extremes(): { low: number; high: number } {
    const k = this.scale();
    const a0 = this.s.alt[0]!;
    return { low: this.placement.baseAltitude + (this.s.unitMin - a0) * k, high: this.placement.baseAltitude + (this.s.unitMax - a0) * k };
  }

  /** An encoded polyline of `points` evenly spaced positions. */
  polyline(points: number): string {
    const pts: LatLng[] = [];
    for (let k = 0; k <= points; k++) pts.push(this.latlng(k / points));
    return encodePolyline(pts);
  }
}
