import { addDays, mondayOf } from "@/lib/load/weeks";
import type { Surface, SurfaceSource, SurfaceSplit } from "./types";

/**
 * The mix of surfaces a runner ran on, per week and over the last 4 weeks against the 4 before.
 * Descriptive only: the evidence on surfaces is weak and mixed (guidance-science §6), so there is
 * no target share and no surface is called good or bad. A sudden change is pointed out, because a
 * new surface is a new load (expert opinion).
 */

export interface SurfaceRun {
  localDate: string;
  distanceM: number;
  surface: Surface | null;
  source: SurfaceSource | null;
  split: SurfaceSplit[] | null;
}

/** Asphalt and concrete. Named so, not judged: the share is shown, never scored. */
export const HARD_SURFACES: readonly Surface[] = ["road"];

type CountedSurface = Exclude<Surface, "mixed">;
const COUNTED: readonly CountedSurface[] = ["road", "trail", "track", "grass", "treadmill", "unknown"];

export interface SurfaceWeek {
  weekStart: string;
  distanceM: Record<CountedSurface, number>;
  /** Of those metres, the ones whose surface was assumed (nothing to go on). */
  assumedM: number;
}

export interface PeriodShare {
  from: string;
  to: string;
  /** Metres on a known surface (anything but "unknown"). */
  knownM: number;
  /** Share of knownM on HARD_SURFACES; null when nothing is known. */
  hardShare: number | null;
  /** Share of knownM per surface run on. */
  shares: Partial<Record<Surface, number>>;
  dominant: Surface | null;
}

export interface SurfaceMix {
  weeks: SurfaceWeek[];
  recent: PeriodShare;
  previous: PeriodShare;
  change: { sharp: boolean; from: Surface | null; to: Surface | null; note: string | null };
}

const PERIOD_DAYS = 28;
/** A new main surface counts when it carries at least half the distance. */
const NEW_DOMINANT_SHARE = 0.5;
/** Or any surface gains or loses 30 percentage points. */
const SHARP_SHIFT = 0.3;
/** Shares are quotients: 0.7 − 0.4 is 0.29999999999999993 in floating point. */
const EPS = 1e-9;

function zeros(): Record<CountedSurface, number> {
  return { road: 0, trail: 0, track: 0, grass: 0, treadmill: 0, unknown: 0 };
}

/** A run's metres by surface: its split when it has one, else all of it on its surface. */
function parts(run: SurfaceRun): [CountedSurface, number][] {
  if (run.split && run.split.length > 0) return run.split.map((p) => [p.surface, p.distanceM]);
  // A mixed run with no split says nothing about which surface: unknown, like a null surface.
  const surface = run.surface === null || run.surface === "mixed" ? "unknown" : run.surface;
  return [[surface, run.distanceM]];
}

function period(runs: readonly SurfaceRun[], from: string, to: string): PeriodShare {
  const metres = zeros();
  for (const run of runs) {
    if (run.localDate < from || run.localDate > to) continue;
    for (const [surface, m] of parts(run)) metres[surface] += m;
  }
  const knownM = COUNTED.reduce((sum, s) => (s === "unknown" ? sum : sum + metres[s]), 0);
  if (!(knownM > 0)) return { from, to, knownM: 0, hardShare: null, shares: {}, dominant: null };

  const shares: Partial<Record<Surface, number>> = {};
  let dominant: Surface | null = null;
  // Alphabetical order, so a tie goes to the alphabetically first surface.
  for (const s of COUNTED.filter((c) => c !== "unknown").sort()) {
    if (metres[s] <= 0) continue;
    shares[s] = metres[s] / knownM;
    if (dominant === null || shares[s] > shares[dominant]!) dominant = s;
  }
  const hardM = HARD_SURFACES.reduce((sum, s) => sum + (s === "mixed" ? 0 : metres[s]), 0);
  return { from, to, knownM, hardShare: hardM / knownM, shares, dominant };
}

function pct(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** "up from 10%", "down from 60%" or "the same as before", on whole percentages. */
function comparedWith(now: number, before: number): string {
  const a = Math.round(now * 100);
  const b = Math.round(before * 100);
  if (a === b) return "about the same as before";
  return `${a > b ? "up" : "down"} from ${b}%`;
}

const ADVICE = "A new surface is a new load for your legs: change gradually (expert opinion).";

function describe(recent: PeriodShare, previous: PeriodShare, dominantMoved: boolean): string {
  const share = (p: PeriodShare, s: Surface) => p.shares[s] ?? 0;
  if (dominantMoved && previous.dominant && recent.dominant) {
    const to = recent.dominant;
    return (
      `Most of your running moved from ${previous.dominant} to ${to} in the last 4 weeks ` +
      `(${to}: ${pct(share(recent, to))} of your distance, ${comparedWith(share(recent, to), share(previous, to))}). ${ADVICE}`
    );
  }
  // Name the surface whose share moved most; on a tie, the one that grew (the new load).
  let moved: Surface | null = null;
  let best = -1;
  for (const s of COUNTED) {
    const delta = Math.abs(share(recent, s) - share(previous, s));
    const grew = share(recent, s) > share(previous, s);
    if (delta > best + EPS || (Math.abs(delta - best) <= EPS && grew)) {
      moved = s;
      best = delta;
    }
  }
  const s = moved!;
  const more = share(recent, s) > share(previous, s);
  return (
    `${more ? "More" : "Less"} of your running was on ${s} in the last 4 weeks ` +
    `(${s}: ${pct(share(recent, s))} of your distance, ${comparedWith(share(recent, s), share(previous, s))}). ${ADVICE}`
  );
}

function changeBetween(recent: PeriodShare, previous: PeriodShare): SurfaceMix["change"] {
  const from = previous.dominant;
  const to = recent.dominant;
  if (!(recent.knownM > 0 && previous.knownM > 0) || !from || !to) return { sharp: false, from, to, note: null };

  const dominantMoved = from !== to && (recent.shares[to] ?? 0) >= NEW_DOMINANT_SHARE - EPS;
  const shifted = COUNTED.some((s) => Math.abs((recent.shares[s] ?? 0) - (previous.shares[s] ?? 0)) >= SHARP_SHIFT - EPS);
  if (!dominantMoved && !shifted) return { sharp: false, from, to, note: null };
  return { sharp: true, from, to, note: describe(recent, previous, dominantMoved) };
}

/**
 * Metres per surface for each week in `weekStarts` (Mondays), and the shares of the 28 days up to
 * `today` against the 28 before.
 */
export function surfaceMix(runs: readonly SurfaceRun[], weekStarts: readonly string[], today: string): SurfaceMix {
  const byWeek = new Map<string, SurfaceWeek>(weekStarts.map((weekStart) => [weekStart, { weekStart, distanceM: zeros(), assumedM: 0 }]));
  for (const run of runs) {
    const week = byWeek.get(mondayOf(run.localDate));
    if (!week) continue;
    for (const [surface, m] of parts(run)) {
      week.distanceM[surface] += m;
      if (run.source === "assumed") week.assumedM += m;
    }
  }

  const recent = period(runs, addDays(today, -(PERIOD_DAYS - 1)), today);
  const previous = period(runs, addDays(today, -(2 * PERIOD_DAYS - 1)), addDays(today, -PERIOD_DAYS));
  return {
    weeks: weekStarts.map((w) => byWeek.get(w)!),
    recent,
    previous,
    change: changeBetween(recent, previous),
  };
}
