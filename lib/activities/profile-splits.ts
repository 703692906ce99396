/**
 * The numbers behind an activity's profile charts: one row per kilometre or mile (the last one
 * shorter), from the downsampled series the charts draw. Distances are in the display unit.
 */

export interface ProfileSample {
  /** Distance from the start, in the display unit. */
  distance: number;
  value: number | null;
}

export interface ProfileSplit {
  /** Where the split ends, in the display unit (a whole number but for the last split). */
  end: number;
  value: number | null;
}

/**
 * - "distance": weighted by the distance since the previous sample — for pace, this is the split's
 *   moving time over its distance;
 * - "mean": the plain mean of the samples (samples are evenly spaced in time, so a time average);
 * - "last": the last sample of the split (elevation where it ends).
 */
export type SplitReduce = "distance" | "mean" | "last";

export function profileSplits(samples: readonly ProfileSample[], reduce: SplitReduce): ProfileSplit[] {
  const splits: ProfileSplit[] = [];
  const total = samples.at(-1)?.distance ?? 0;
  if (!(total > 0)) return splits;
  let sum = 0;
  let weight = 0;
  let last: number | null = null;
  let index = 1;
  const close = (end: number) => {
    splits.push({ end, value: reduce === "last" ? last : weight > 0 ? sum / weight : null });
    sum = 0;
    weight = 0;
    last = null;
  };
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i]!;
    while (s.distance > index) close(index++);
    if (s.value === null || !Number.isFinite(s.value)) continue;
    const w = reduce === "distance" ? Math.max(0, s.distance - (samples[i - 1]?.distance ?? s.distance)) : 1;
    sum += s.value * w;
    weight += w;
    last = s.value;
  }
  if (total > index - 1 + 1e-9) close(Math.round(total * 100) / 100);
  return splits;
}
