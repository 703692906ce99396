import { median } from "@/lib/guidance/measures";
import { addDays } from "@/lib/load/weeks";
import type { CheckinFact, GroupStats, PatternComparison, PatternFactor, RunFact } from "./types";

/**
 * Does next-morning pain tend to be higher after some kinds of run? Side-by-side medians only:
 * a comparison, never a cause.
 */

/** Fewer runs than this on either side and the comparison says nothing. */
export const MIN_PATTERN_OBSERVATIONS = 5;

interface Observation {
  run: RunFact;
  pain: number;
}

function maxPain(checkins: readonly CheckinFact[]): number | null {
  return checkins.length === 0 ? null : Math.max(...checkins.map((c) => c.pain));
}

/** A run's next-morning pain: the check-ins linked to it, else the unlinked ones of the following day. */
function nextMorningPain(run: RunFact, mornings: readonly CheckinFact[]): number | null {
  const linked = maxPain(mornings.filter((c) => c.activityId === run.id));
  if (linked !== null) return linked;
  const nextDay = addDays(run.localDate, 1);
  return maxPain(mornings.filter((c) => c.activityId === null && c.localDate === nextDay));
}

/** The 75th percentile by nearest rank: sorted ascending, the value at index ceil(0.75·n) − 1. */
function percentile75(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(0.75 * sorted.length) - 1]!;
}

function stats(label: string, group: readonly Observation[]): GroupStats {
  return { label, n: group.length, median: median(group.map((o) => o.pain)) };
}

function compare(
  factor: PatternFactor,
  withLabel: string,
  withoutLabel: string,
  withGroup: readonly Observation[],
  withoutGroup: readonly Observation[],
  minObservations: number,
): PatternComparison {
  const w = stats(withLabel, withGroup);
  const wo = stats(withoutLabel, withoutGroup);
  const enoughData = w.n >= minObservations && wo.n >= minObservations;
  return { factor, with: w, without: wo, difference: enoughData ? w.median! - wo.median! : null, enoughData };
}

/** One comparison per observed value against the runs with any other value; none with fewer than two values. */
function byValue(
  factor: "surface" | "shoes",
  otherLabel: string,
  observations: readonly Observation[],
  valueOf: (run: RunFact) => string | null,
  minObservations: number,
): PatternComparison[] {
  const valued = observations.filter((o) => valueOf(o.run) !== null);
  const values = [...new Set(valued.map((o) => valueOf(o.run)!))];
  if (values.length < 2) return [];
  return values
    .map((value) => compare(factor, value, otherLabel, valued.filter((o) => valueOf(o.run) === value), valued.filter((o) => valueOf(o.run) !== value), minObservations))
    .sort((a, b) => b.with.n - a.with.n || (a.with.label < b.with.label ? -1 : a.with.label > b.with.label ? 1 : 0));
}

export function painPatterns(checkins: readonly CheckinFact[], runs: readonly RunFact[], minObservations = MIN_PATTERN_OBSERVATIONS): PatternComparison[] {
  const mornings = checkins.filter((c) => c.timing === "next_morning");
  const observations: Observation[] = [];
  for (const run of runs) {
    const pain = nextMorningPain(run, mornings);
    if (pain !== null) observations.push({ run, pain });
  }

  // "Long" is relative to all the runner's runs, not only those followed by a check-in.
  const p75 = percentile75(runs.map((r) => r.distanceM));
  const isLong = (r: RunFact) => p75 !== null && r.distanceM > 0 && r.distanceM >= p75;

  return [
    compare("spike", "Runs with a spike", "Runs without a spike", observations.filter((o) => o.run.spike), observations.filter((o) => !o.run.spike), minObservations),
    compare(
      "long_run",
      "Long runs (≥ your 75th percentile)",
      "Other runs",
      observations.filter((o) => isLong(o.run)),
      observations.filter((o) => !isLong(o.run)),
      minObservations,
    ),
    ...byValue("surface", "Other surfaces", observations, (r) => r.surface, minObservations),
    ...byValue("shoes", "Other shoes", observations, (r) => r.gearId, minObservations),
  ];
}
