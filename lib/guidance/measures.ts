import type { LoadReport, RunSpike, SpikeBand, WeekSummary } from "@/lib/load/types";
import { lastSevenDays } from "@/lib/checkins/window";
import { addDays } from "@/lib/load/weeks";
import type { Units } from "@/db/schema";
import { formatDistance } from "@/lib/units";

/**
 * What the measured rules read from a LoadReport, as small pure functions. Dates are the runner's
 * calendar dates (YYYY-MM-DD), which compare correctly as strings.
 */

/** A distance in the runner's unit, to 0.1. */
export function formatDistanceIn(m: number, units: Units): string {
  return formatDistance(m, units, 1);
}

export function formatPercent(fraction: number): string {
  return `${Math.round(Math.abs(fraction) * 100)}%`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Runs dated in [from, to], in the report's (time) order. */
export function runsBetween(report: LoadReport, from: string, to: string): RunSpike[] {
  return report.spikes.filter((r) => r.localDate >= from && r.localDate <= to);
}

/** Weeks whose Sunday is before `today`, oldest first. The current week, still in progress, is not one. */
export function completeWeeks(report: LoadReport, today: string): WeekSummary[] {
  return report.weeks.filter((w) => addDays(w.weekStart, 6) < today).sort((a, b) => (a.weekStart < b.weekStart ? -1 : 1));
}

export function lastCompleteWeek(report: LoadReport, today: string): WeekSummary | null {
  return completeWeeks(report, today).at(-1) ?? null;
}

/** The week before `week` in the report, or null. */
export function weekBefore(report: LoadReport, week: WeekSummary): WeekSummary | null {
  const start = addDays(week.weekStart, -7);
  return report.weeks.find((w) => w.weekStart === start) ?? null;
}

export type SpikingBand = Extract<SpikeBand, "small" | "moderate" | "large">;
const BAND_RANK: Record<SpikingBand, number> = { small: 1, moderate: 2, large: 3 };

export type Spiking = RunSpike & { band: SpikingBand; spike: number; longestPrev30dM: number };

function isSpiking(run: RunSpike): run is Spiking {
  return (run.band === "small" || run.band === "moderate" || run.band === "large") && run.spike !== null && run.longestPrev30dM !== null;
}

export type SpikeFinding =
  /** No run in the last 30 days: nothing to compare with. */
  | { kind: "no_recent_runs" }
  /** Runs in the last 30 days, none in the last 7. */
  | { kind: "no_runs_last_7_days" }
  /** Every run of the last 7 days came after 30 days without running. */
  | { kind: "returning"; run: RunSpike }
  /** Runs in the last 7 days, none more than 10% longer than its recent longest. */
  | { kind: "within"; runs: number }
  /** The most pronounced spike of the last 7 days (the latest of equals), and how many other runs spiked. */
  | { kind: "spike"; run: Spiking; otherSpikes: number };

/**
 * R-LOAD-1 (Frandsen et al. 2025) over the last 7 days up to `today`. The report has already put
 * each run against the longest run of the 30 days before it; this picks the run to talk about.
 * A large spike earlier in the week is not hidden by a smaller one after it.
 */
export function findSpike(report: LoadReport, today: string): SpikeFinding {
  if (runsBetween(report, addDays(today, -29), today).length === 0) return { kind: "no_recent_runs" };
  const week = lastSevenDays(today);
  const lastWeek = runsBetween(report, week.from, week.to);
  if (lastWeek.length === 0) return { kind: "no_runs_last_7_days" };
  const spiking = lastWeek.filter(isSpiking);
  let pick: Spiking | null = null;
  for (const run of spiking) if (pick === null || BAND_RANK[run.band] >= BAND_RANK[pick.band]) pick = run;
  if (pick !== null) return { kind: "spike", run: pick, otherSpikes: spiking.length - 1 };
  if (lastWeek.every((r) => r.band === "no_recent_runs")) return { kind: "returning", run: lastWeek.at(-1)! };
  return { kind: "within", runs: lastWeek.length };
}

/** Longest streak of consecutive calendar days with at least one run. */
export function longestRunStreak(runs: readonly RunSpike[]): number {
  const days = [...new Set(runs.map((r) => r.localDate))].sort();
  let best = 0;
  let current = 0;
  let previous: string | null = null;
  for (const day of days) {
    current = previous !== null && addDays(previous, 1) === day ? current + 1 : 1;
    best = Math.max(best, current);
    previous = day;
  }
  return best;
}

/** A run's average cadence in steps per minute, when its recording had one. */
export function cadenceOf(run: RunSpike): number | null {
  const spm = run.avgCadenceSpm;
  return typeof spm === "number" && Number.isFinite(spm) && spm > 0 ? spm : null;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface CadenceMeasure {
  /** Mean cadence of the runs of the last 28 days that have one, and how many there were. */
  recentSpm: number | null;
  recentRuns: number;
  /** Median cadence of the report's earlier runs (before those 28 days), and how many there were. */
  baselineSpm: number | null;
  baselineRuns: number;
}

export function measureCadence(report: LoadReport, today: string): CadenceMeasure {
  const recentFrom = addDays(today, -27);
  const recent: number[] = [];
  const earlier: number[] = [];
  for (const run of report.spikes) {
    const spm = cadenceOf(run);
    if (spm === null || run.localDate > today) continue;
    (run.localDate >= recentFrom ? recent : earlier).push(spm);
  }
  return {
    recentSpm: recent.length > 0 ? recent.reduce((a, b) => a + b, 0) / recent.length : null,
    recentRuns: recent.length,
    baselineSpm: median(earlier),
    baselineRuns: earlier.length,
  };
}
