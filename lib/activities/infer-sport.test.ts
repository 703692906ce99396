import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseActivityFile } from "@/lib/import/parse-file";
import { type TrackPoint, trackFromPoints } from "@/lib/import/track";
import { summarizeTrack } from "@/lib/metrics/summary";
import { fileSaysNothing, formatPace, inferSport, timePercentile } from "./infer-sport";

const T0 = Date.UTC(2026, 4, 1, 6, 0, 0);
const M_PER_DEG_LAT = 111_195; // haversine with the mean Earth radius

/** A straight northward track at `speeds[i]` m/s for each 10 s step, with optional per-point extras. */
function track(speeds: number[], extra: Partial<TrackPoint> = {}, climbPerStepM = 0) {
  const pts: TrackPoint[] = [];
  let lat = 45;
  let ele = 100;
  pts.push({ lat, lon: 6, timeMs: T0, eleM: ele, hr: null, cadence: null, ...extra });
  speeds.forEach((v, i) => {
    lat += (v * 10) / M_PER_DEG_LAT;
    ele += climbPerStepM;
    pts.push({ lat, lon: 6, timeMs: T0 + (i + 1) * 10_000, eleM: ele, hr: null, cadence: null, ...extra });
  });
  return trackFromPoints([pts]);
}

function infer(t: ReturnType<typeof track>, typeHint: string | null = null, name: string | null = null) {
  const s = summarizeTrack(t);
  return inferSport({ typeHint, name, track: t, ...s });
}

const steady = (v: number, n: number) => Array.from({ length: n }, () => v);

describe("inferSport on constructed tracks", () => {
  it("formats a pace as m:ss /km", () => {
    expect(formatPace(1000 / (22 * 60 + 43))).toBe("22:43 /km");
    expect(formatPace(1000 / 300)).toBe("5:00 /km");
  });

  it("a steady 5:00 /km run stays a run", () => {
    expect(infer(track(steady(1000 / 300, 360)))).toBeNull();
  });

  it("a slow flat hour at 12:30 /km is a walk, with its pace in the reason", () => {
    const r = infer(track(steady(1000 / 750, 360)));
    expect(r).toEqual({ sport: "walk", reason: "Average pace 12:30 /km — imported as a walk" });
  });

  it("a slow track that climbs 30 m per km is a hike; one lasting over 2 h is a hike too", () => {
    // 1.25 m/s × 10 s = 12.5 m per step; 0.375 m up per step = 30 m/km
    expect(infer(track(steady(1.25, 360), {}, 0.375))?.sport).toBe("hike");
    expect(infer(track(steady(1.25, 760)))?.sport).toBe("hike");
  });

  it("run/walk intervals (fast parts) at a slow average stay a run", () => {
    // 2 min at 3.0 m/s, then 8 min standing-slow walk at 1.0 m/s: average 1.4 m/s, fast part 3.0 m/s
    const speeds: number[] = [];
    for (let k = 0; k < 6; k++) speeds.push(...steady(3.0, 12), ...steady(1.0, 48));
    expect(infer(track(speeds))).toBeNull();
  });

  it("a slow track at a runner's cadence or heart rate stays a run", () => {
    expect(infer(track(steady(1.5, 360), { cadence: 82 }))).toBeNull(); // 164 steps/min
    expect(infer(track(steady(1.5, 360), { hr: 168 }))).toBeNull();
    expect(infer(track(steady(1.5, 360), { cadence: 55, hr: 110 }))?.sport).toBe("walk");
  });

  it("a short slow track (under 1 km) says too little", () => {
    expect(infer(track(steady(1.2, 60)))).toBeNull();
  });

  it("fast tracks are rides; power with fast parts is a ride even at a slow average", () => {
    expect(infer(track(steady(7, 360)))).toEqual({ sport: "ride", reason: "Average speed 25.2 km/h — imported as a ride" });
    const withPause = [...steady(6, 180), ...steady(0.5, 360)];
    expect(infer(track(withPause, { powerW: 180 }))?.sport).toBe("ride");
    expect(infer(track(withPause))).toBeNull(); // no power: the average says run
    expect(infer(track(steady(4.5, 360), { powerW: 250 }))).toBeNull(); // a fast run with a power meter
    expect(infer(track(steady(20, 360)))?.sport).toBe("other");
  });

  it("never overrides what the file or its name says", () => {
    expect(fileSaysNothing(null, null)).toBe(true);
    expect(fileSaysNothing("Other", null)).toBe(true);
    expect(fileSaysNothing("running", null)).toBe(false);
    expect(fileSaysNothing(null, "Evening walk")).toBe(false);
    expect(infer(track(steady(1.2, 360)), "running")).toBeNull();
    expect(infer(track(steady(1.2, 360)), null, "Morning Run")).toBeNull();
    expect(infer(track(steady(1.2, 360)), "Other")?.sport).toBe("walk");
  });

  it("percentiles are weighted by time", () => {
    const w = [
      { mps: 1, s: 80 },
      { mps: 5, s: 20 },
    ];
    expect(timePercentile(w, 0.8)).toBe(1);
    expect(timePercentile(w, 0.85)).toBe(5);
    expect(timePercentile([], 0.85)).toBe(0);
  });
});

const SHARED = path.resolve(process.cwd(), "..", "shared", "fixtures", "gpx");
const SHARED_ABS = "/work/shared/fixtures/gpx";
const corpusDir = fs.existsSync(SHARED) ? SHARED : fs.existsSync(SHARED_ABS) ? SHARED_ABS : null;
const PROJECT = path.resolve(process.cwd(), "tests", "fixtures");

function inferFile(file: string) {
  const p = parseActivityFile(path.basename(file), new Uint8Array(fs.readFileSync(file)));
  const s = summarizeTrack(p.parsed.track, p.deviceDistanceM);
  return inferSport({ typeHint: p.parsed.typeHint, name: p.parsed.name, track: p.parsed.track, ...s });
}

describe("inferSport on real files", () => {
  it("real runs without a type stay runs (project fixtures)", () => {
    expect(inferFile(path.join(PROJECT, "gpx", "garmin-connect-run-hr-2012.gpx"))).toBeNull();
    expect(inferFile(path.join(PROJECT, "gpx", "strava-run-hr.gpx"))).toBeNull();
  });

  it.runIf(corpusDir !== null)("the corpus hike and ride without a type are recognised, runs stay runs", () => {
    const at = (f: string) => path.join(corpusDir!, f);
    expect(inferFile(at("garmin-gpsmap64s-hike-2-segments.gpx"))).toEqual({ sport: "hike", reason: "Average pace 22:43 /km — imported as a hike" });
    expect(inferFile(at("strava-ride-power-hr-cad-49min-gap.gpx"))?.sport).toBe("ride");
    expect(inferFile(at("garmin-oregon450-bike-hr-odd-prefixes.gpx"))?.sport).toBe("ride");
    for (const run of ["suunto-movescount-hr-cadence-temp.gpx", "google-mytracks-android-gpx10.gpx", "garmin-connect-run-hr-2012.gpx", "strava-run-hr.gpx"]) {
      expect(inferFile(at(run)), run).toBeNull();
    }
  });
});
