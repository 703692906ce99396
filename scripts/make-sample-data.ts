/**
 * `npx tsx scripts/make-sample-data.ts` — writes the sample history that onboarding's "Explore with
 * sample data" imports (lib/sample/sample-data.ts): one GPX file per run in sample-data/, and
 * sample-data/checkins.json. The output is deterministic (seeded), so running it again changes
 * nothing unless this script changed; the files are committed.
 *
 * The runner: 14 weeks of 3–4 runs (Tuesday, Thursday, sometimes Saturday, a long run on Sunday),
 * mostly on the road with a few trail runs, building up gently (no run more than 10% longer than the
 * longest of the 30 days before it, no week more than 30% up on the week before) except for two
 * things the dashboard should point out:
 *
 *   - week 9 runs 40% more than week 8, in runs no longer than usual;
 *   - the Sunday long run of week 11 is 23 km, 92% longer than the longest run of the previous 30
 *     days (12 km): a "moderate" spike (lib/load/spikes.ts). Knee pain rises to 5/10 after it and
 *     eases over the following weeks as the runner backs off.
 *
 * Times are written as wall-clock times with a Z (week 1 starts on Monday 2024-01-01): the import
 * moves every run by whole weeks and reads its time of day in the runner's own time zone, so the
 * history ends in the runner's current week and every run keeps its weekday and time of day.
 *
 * Tracks are smart-recording-like (a point every few seconds), with elevation and heart rate in
 * Garmin's TrackPointExtension (the ns3: prefix, as Garmin Connect exports it), and an auto-pause at
 * a crossing on road runs.
 */
import fs from "node:fs";
import path from "node:path";
import { haversineM } from "../lib/metrics/distance";

const OUT_DIR = path.join(process.cwd(), "sample-data");
const FIRST_MONDAY = Date.UTC(2024, 0, 1);
const DAY_MS = 86_400_000;
/** Seconds between recorded points, on average (watches' "smart recording" varies it). */
const INTERVAL_S = 9;
const HOME = { lat: 47.3612, lon: 8.5523 };

type Day = "tue" | "thu" | "sat" | "sun";
type Kind = "easy" | "tempo" | "recovery" | "long" | "trail";

interface PlannedRun {
  week: number;
  day: Day;
  km: number;
  kind: Kind;
}

const DAY_OFFSET: Record<Day, number> = { tue: 1, thu: 3, sat: 5, sun: 6 };
/** Local start time of day, minutes after midnight. */
const START_MIN: Record<Day, number> = { tue: 6 * 60 + 45, thu: 18 * 60 + 15, sat: 9 * 60 + 10, sun: 8 * 60 };
const NAME: Record<Kind, string> = { easy: "Easy run", tempo: "Tempo run", recovery: "Recovery run", long: "Long run", trail: "Trail run" };
const GPX_TYPE: Record<Kind, string> = { easy: "running", tempo: "running", recovery: "running", long: "running", trail: "trail_running" };
/** Seconds per km on the flat. */
const PACE_S: Record<Kind, number> = { easy: 345, tempo: 305, recovery: 372, long: 356, trail: 410 };
const HR_BASE: Record<Kind, number> = { easy: 142, tempo: 156, recovery: 134, long: 146, trail: 150 };

// Week by week: [Tue, Thu, Sat (0 = none), Sun], km; trail runs named in TRAIL.
const WEEKS: [number, number, number, number][] = [
  [7.0, 7.5, 5.0, 8.0], //  1: 27.5
  [7.0, 8.0, 0, 8.6], //  2: 23.6
  [7.5, 8.0, 5.0, 9.3], //  3: 29.8 (+26%)
  [8.0, 7.0, 6.0, 10.0], //  4: 31.0
  [8.0, 8.5, 0, 10.8], //  5: 27.3
  [8.0, 8.0, 6.0, 11.5], //  6: 33.5 (+23%)
  [8.0, 8.5, 0, 12.0], //  7: 28.5
  [8.5, 8.0, 0, 12.0], //  8: 28.5
  [10.0, 9.5, 8.4, 12.0], //  9: 39.9 (+40%, the jump week)
  [8.0, 8.0, 6.0, 11.0], // 10: 33.0
  [8.0, 7.0, 0, 23.0], // 11: 38.0, the 23 km spike on Sunday
  [6.0, 6.0, 5.0, 8.0], // 12: 25.0, knee pain: backing off
  [6.0, 7.0, 5.0, 10.0], // 13: 28.0
  [7.0, 7.0, 5.0, 11.0], // 14: 30.0
];
const TRAIL = new Set(["4-sat", "6-sun", "9-sat", "13-sun"]);
const TEMPO = new Set(["3-thu", "5-thu", "7-thu", "10-thu"]);

function plan(): PlannedRun[] {
  const runs: PlannedRun[] = [];
  WEEKS.forEach(([tue, thu, sat, sun], i) => {
    const week = i + 1;
    const add = (day: Day, km: number) => {
      if (km <= 0) return;
      const key = `${week}-${day}`;
      const kind: Kind = TRAIL.has(key) ? "trail" : TEMPO.has(key) ? "tempo" : day === "sun" ? "long" : day === "sat" ? "recovery" : "easy";
      runs.push({ week, day, km, kind });
    };
    add("tue", tue);
    add("thu", thu);
    add("sat", sat);
    add("sun", sun);
  });
  return runs;
}

const fileName = (r: PlannedRun) => `sample-week-${String(r.week).padStart(2, "0")}-${r.day}-${NAME[r.kind].toLowerCase().replace(/ /g, "-")}.gpx`;

// -------------------------------------------------------------------------------------------------
// Geometry: a route in metres east/north of home, sampled densely, then recorded along by time.
// -------------------------------------------------------------------------------------------------

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Pt {
  x: number;
  y: number;
}

/** A closed loop through home (0, 0): a circle bent by a few harmonics, `scale` metres across. */
function loopPath(scale: number, seed: number, wiggly: boolean): Pt[] {
  const rand = prng(seed);
  const harmonics = [2, 3, 5, ...(wiggly ? [7, 11, 13] : [])].map((k) => ({ k, a: (k < 5 ? 0.14 : 0.035) * (0.5 + rand()), p: rand() * 2 * Math.PI }));
  const theta0 = rand() * 2 * Math.PI;
  const dir = rand() < 0.5 ? 1 : -1;
  const radius = (t: number) => scale * (1 + harmonics.reduce((s, h) => s + h.a * Math.cos(h.k * t + h.p), 0));
  const at = (t: number): Pt => ({ x: radius(t) * Math.cos(t), y: radius(t) * Math.sin(t) });
  const origin = at(theta0);
  const pts: Pt[] = [];
  const n = 4000;
  for (let i = 0; i <= n; i++) {
    const p = at(theta0 + (dir * 2 * Math.PI * i) / n);
    pts.push({ x: p.x - origin.x, y: p.y - origin.y });
  }
  return pts;
}

/** Out along a meandering river path and back the same way (on the other side, 4 m over). */
function outAndBackPath(halfLengthM: number, seed: number): Pt[] {
  const rand = prng(seed);
  const h0 = rand() * 2 * Math.PI;
  const p1 = rand() * 6;
  const p2 = rand() * 6;
  const out: Pt[] = [{ x: 0, y: 0 }];
  const step = 5;
  for (let s = step; s <= halfLengthM; s += step) {
    const h = h0 + 0.45 * Math.sin(s / 900 + p1) + 0.18 * Math.sin(s / 260 + p2);
    const last = out[out.length - 1]!;
    out.push({ x: last.x + step * Math.cos(h), y: last.y + step * Math.sin(h) });
  }
  const back = out
    .slice(0, -1)
    .reverse()
    .map((p, i, arr) => {
      const next = arr[Math.min(i + 1, arr.length - 1)]!;
      const dx = next.x - p.x;
      const dy = next.y - p.y;
      const len = Math.hypot(dx, dy) || 1;
      return { x: p.x - (4 * dy) / len, y: p.y + (4 * dx) / len };
    });
  return [...out, ...back];
}

function cumulative(pts: Pt[]): number[] {
  const c = [0];
  for (let i = 1; i < pts.length; i++) c.push(c[i - 1]! + Math.hypot(pts[i]!.x - pts[i - 1]!.x, pts[i]!.y - pts[i - 1]!.y));
  return c;
}

function pointAt(pts: Pt[], cum: number[], s: number): Pt {
  const total = cum[cum.length - 1]!;
  const d = Math.min(Math.max(s, 0), total);
  let lo = 0;
  let hi = cum.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (cum[mid]! <= d) lo = mid;
    else hi = mid;
  }
  const span = cum[hi]! - cum[lo]! || 1;
  const f = (d - cum[lo]!) / span;
  return { x: pts[lo]!.x + f * (pts[hi]!.x - pts[lo]!.x), y: pts[lo]!.y + f * (pts[hi]!.y - pts[lo]!.y) };
}

const M_PER_DEG_LAT = 111_320;
const toLatLon = (p: Pt) => ({ lat: HOME.lat + p.y / M_PER_DEG_LAT, lon: HOME.lon + p.x / (M_PER_DEG_LAT * Math.cos((HOME.lat * Math.PI) / 180)) });

/** Elevation by position, so a route passes the same hills each time. */
function elevation(p: Pt, hilly: boolean): number {
  const base = 412 + 6 * Math.sin(p.x / 650 + 0.7) * Math.cos(p.y / 800 - 0.3) + 3 * Math.sin(p.y / 230);
  return hilly ? base + 48 * (1 + Math.sin(p.x / 900 - 1.1) * Math.sin(p.y / 1100 + 0.4)) : base;
}

interface Sample {
  lat: number;
  lon: number;
  ele: number;
  t: number;
  hr: number;
}

/** Records a run of `km` along its route: points every few seconds, speed easing on climbs, a lagging heart rate. */
function record(run: PlannedRun, startMs: number, routeScale: number): Sample[] {
  const seed = run.week * 10 + DAY_OFFSET[run.day];
  const rand = prng(seed * 7919);
  const hilly = run.kind === "trail";
  const targetM = run.km * 1000;
  const path =
    run.kind === "long" ? outAndBackPath((targetM / 2) * routeScale, 1000 + (run.week % 3)) : loopPath((targetM / (2 * Math.PI)) * routeScale, hilly ? 500 + (run.week % 2) : 200 + (run.week % 4), hilly);
  const cum = cumulative(path);
  const total = cum[cum.length - 1]!;
  const flatSpeed = 1000 / PACE_S[run.kind];
  // The spike: the last third of a run twice as long as usual gets slower and harder.
  const long = run.km > 15;
  const pauseAt = run.kind === "trail" || run.kind === "recovery" ? -1 : total * (0.3 + 0.4 * rand());
  const pauseS = 20 + Math.round(rand() * 25);

  const out: Sample[] = [];
  let s = 0;
  let t = 0;
  let hr = 92 + rand() * 8;
  let paused = pauseAt < 0;
  let prevEle = elevation(pointAt(path, cum, 0), hilly);
  for (;;) {
    const p = pointAt(path, cum, s);
    const ele = elevation(p, hilly);
    const grade = out.length > 0 ? (ele - prevEle) / Math.max(1, flatSpeed * INTERVAL_S) : 0;
    prevEle = ele;
    const jitter = () => (rand() - 0.5) * 2.4;
    const ll = toLatLon({ x: p.x + jitter(), y: p.y + jitter() });
    const frac = s / total;
    const tempo = run.kind === "tempo" && frac > 0.25 && frac < 0.8 ? 12 : 0;
    const fatigue = long && frac > 0.65 ? (frac - 0.65) * 40 : 0;
    const targetHr = HR_BASE[run.kind] + 6 * frac + tempo + fatigue + Math.max(-6, Math.min(14, grade * 160));
    hr += (targetHr - hr) * (1 - Math.exp(-INTERVAL_S / 35));
    out.push({ lat: ll.lat, lon: ll.lon, ele: ele + (rand() - 0.5) * 0.3, t: startMs + t * 1000, hr: Math.round(hr + (rand() - 0.5) * 3) });
    if (s >= total) break;

    if (!paused && s >= pauseAt) {
      // Auto-pause at a crossing: the watch's next point comes when the runner moves on.
      paused = true;
      t += pauseS;
      hr -= 12;
      continue;
    }
    const dt = INTERVAL_S - 3 + Math.round(rand() * 6);
    const slowdown = 1 - Math.max(-0.15, Math.min(0.45, grade * 4)) - (long && frac > 0.7 ? 0.08 : 0) - (tempo ? -0.12 : 0);
    const v = flatSpeed * slowdown * (0.97 + rand() * 0.06);
    s = Math.min(total, s + v * dt);
    t += dt;
  }
  return out;
}

function measuredM(samples: Sample[]): number {
  let d = 0;
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    d += haversineM(round6(a.lat), round6(a.lon), round6(b.lat), round6(b.lon));
  }
  return d;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

/** The run's samples, with the route scaled until the recorded distance is the planned one (±0.1%). */
function recordToLength(run: PlannedRun, startMs: number): Sample[] {
  let scale = 1;
  let samples = record(run, startMs, scale);
  for (let i = 0; i < 6; i++) {
    const ratio = (run.km * 1000) / measuredM(samples);
    if (Math.abs(ratio - 1) < 0.001) break;
    scale *= ratio;
    samples = record(run, startMs, scale);
  }
  return samples;
}

function gpx(run: PlannedRun, samples: Sample[]): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gpx creator="Patella sample data" version="1.1" xmlns="http://www.topografix.com/GPX/1/1" xmlns:ns3="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">',
    ` <metadata><time>${iso(samples[0]!.t)}</time></metadata>`,
    " <trk>",
    `  <name>${NAME[run.kind]}</name>`,
    `  <type>${GPX_TYPE[run.kind]}</type>`,
    "  <trkseg>",
  ];
  for (const p of samples) {
    lines.push(
      `<trkpt lat="${round6(p.lat).toFixed(6)}" lon="${round6(p.lon).toFixed(6)}"><ele>${p.ele.toFixed(1)}</ele><time>${iso(p.t)}</time>` +
        `<extensions><ns3:TrackPointExtension><ns3:hr>${p.hr}</ns3:hr></ns3:TrackPointExtension></extensions></trkpt>`,
    );
  }
  lines.push("  </trkseg>", " </trk>", "</gpx>", "");
  return lines.join("\n");
}

// -------------------------------------------------------------------------------------------------
// Check-ins: knee pain around the jump week and the spike, then easing. `run` is the file the
// check-in belongs to, `days` the days after that run, `time` the local time; `link` ties it to the run.
// -------------------------------------------------------------------------------------------------

interface SampleCheckin {
  run: string;
  days: number;
  time: string;
  link: boolean;
  checkin: {
    pain: number;
    timing: "during" | "after" | "next_morning" | "at_rest";
    locations: string[];
    side: "left" | "right" | "both" | null;
    notes: string | null;
  };
}

function checkins(runs: PlannedRun[]): SampleCheckin[] {
  const file = (week: number, day: Day) => {
    const run = runs.find((r) => r.week === week && r.day === day);
    if (!run) throw new Error(`no run in week ${week} on ${day}`);
    return fileName(run);
  };
  const c = (week: number, day: Day, days: number, time: string, link: boolean, checkin: SampleCheckin["checkin"]): SampleCheckin => ({ run: file(week, day), days, time, link, checkin });
  return [
    c(8, "sun", 0, "11:30", true, { pain: 0, timing: "after", locations: [], side: null, notes: "Felt good all the way." }),
    c(9, "thu", 0, "20:15", true, { pain: 1, timing: "after", locations: ["front"], side: "right", notes: "Slight awareness of the right knee on the stairs." }),
    c(9, "sun", 0, "11:45", true, { pain: 2, timing: "after", locations: ["front"], side: "right", notes: "Fourth run this week. A dull ache at the front of the knee afterwards." }),
    c(11, "sun", 0, "13:30", true, { pain: 5, timing: "after", locations: ["front", "below_kneecap"], side: "right", notes: "Longest run ever. The knee started aching after 17 km and hurt on the downhills." }),
    c(11, "sun", 1, "07:30", false, { pain: 4, timing: "next_morning", locations: ["front", "below_kneecap"], side: "right", notes: "Stiff going down the stairs this morning." }),
    c(12, "tue", 0, "06:55", true, { pain: 4, timing: "during", locations: ["front"], side: "right", notes: "Shortened the run: the ache came back in the first kilometre." }),
    c(12, "thu", 0, "19:20", true, { pain: 3, timing: "after", locations: ["front"], side: "right", notes: null }),
    c(12, "sun", 1, "07:45", false, { pain: 2, timing: "next_morning", locations: ["front"], side: "right", notes: "Better than last week." }),
    c(13, "thu", 0, "19:30", true, { pain: 1, timing: "after", locations: ["front"], side: "right", notes: null }),
    c(14, "tue", 0, "07:50", true, { pain: 1, timing: "after", locations: [], side: "right", notes: "Hardly noticeable now." }),
    c(14, "sun", 0, "10:15", true, { pain: 0, timing: "after", locations: [], side: null, notes: "No pain." }),
  ];
}

// -------------------------------------------------------------------------------------------------

function main() {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  for (const old of fs.readdirSync(OUT_DIR)) if (old.endsWith(".gpx")) fs.rmSync(path.join(OUT_DIR, old));
  const runs = plan();
  let bytes = 0;
  let totalKm = 0;
  for (const run of runs) {
    const startMs = FIRST_MONDAY + ((run.week - 1) * 7 + DAY_OFFSET[run.day]) * DAY_MS + START_MIN[run.day] * 60_000 + (run.kind === "trail" ? 20 * 60_000 : 0);
    const samples = recordToLength(run, startMs);
    const text = gpx(run, samples);
    fs.writeFileSync(path.join(OUT_DIR, fileName(run)), text);
    bytes += Buffer.byteLength(text);
    totalKm += measuredM(samples) / 1000;
  }
  const doc = {
    about:
      "Pain check-ins of the sample history (see scripts/make-sample-data.ts). Each belongs to a run file: `days` after that run, at the local `time`; `link` ties it to the run.",
    checkins: checkins(runs),
  };
  fs.writeFileSync(path.join(OUT_DIR, "checkins.json"), JSON.stringify(doc, null, 2) + "\n");
  console.log(`${runs.length} runs, ${totalKm.toFixed(1)} km, ${(bytes / 1024 / 1024).toFixed(2)} MB of GPX in ${path.relative(process.cwd(), OUT_DIR)}/`);
}

main();
