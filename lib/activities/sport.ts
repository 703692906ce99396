import { RUNNING_SPORTS, type Sport } from "@/db/schema";

const HINTS: [RegExp, Sport][] = [
  [/^(trail[\s_-]?run(ning)?|trailrun)$/i, "trail_run"],
  [/^(treadmill|virtual[\s_-]?run|indoor[\s_-]?run(ning)?)$/i, "treadmill_run"],
  [/^(run(ning)?|9|jog(ging)?)$/i, "run"],
  [/^(ride|cycling|biking|bike|road[\s_-]?biking|mountain[\s_-]?biking|1|virtual[\s_-]?ride|e-?bike[\s_-]?ride)$/i, "ride"],
  [/^(swim(ming)?)$/i, "swim"],
  [/^(walk(ing)?)$/i, "walk"],
  [/^(hike|hiking)$/i, "hike"],
];

/** Fastest average moving speed still believable for a run (about 2:47 per km). */
const MAX_RUN_SPEED_MPS = 6;

/**
 * The sport of an imported file: its own type when it gives one we know, otherwise a run — unless
 * the average moving speed is faster than any runner, in which case it is not counted as running.
 */
export function sportFromHint(hint: string | null, avgMovingSpeedMps: number): Sport {
  const cleaned = hint?.trim() ?? "";
  for (const [re, sport] of HINTS) if (re.test(cleaned)) return sport;
  if (cleaned !== "") return "other";
  return avgMovingSpeedMps > MAX_RUN_SPEED_MPS ? "other" : "run";
}

/** Runs in GPX files often carry one leg's cadence (strides/min); Patella stores steps/min. */
export function cadenceToSpm(rawAverage: number | null, sport: Sport): number | null {
  if (rawAverage === null) return null;
  return RUNNING_SPORTS.includes(sport) && rawAverage < 120 ? rawAverage * 2 : rawAverage;
}
