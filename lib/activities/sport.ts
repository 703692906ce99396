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

/**
 * Fastest average moving speed still believable for a run without a type: 5.5 m/s (3:02 per km,
 * faster than a world-class marathon). Most untyped rides are faster than that.
 */
const MAX_RUN_SPEED_MPS = 5.5;

/** Words in an activity's name that say what it was, when the file gives no type. */
const NAME_HINTS: [RegExp, Sport][] = [
  [/\btrail\b/i, "trail_run"],
  [/\b(treadmill|laufband|tapis)\b/i, "treadmill_run"],
  [/\b(ride|rides|cycling|bike|biking|vélo|velo|radfahrt)\b/i, "ride"],
  [/\b(hike|hiking|randonnée|wanderung)\b/i, "hike"],
  [/\b(walk|walking|promenade|spaziergang)\b/i, "walk"],
  [/\b(swim|swimming)\b/i, "swim"],
];

/**
 * The sport of an imported file: its own type when it gives one we know; else a word in its name
 * ("Evening ride", "Trail loop"); else a run — unless the average moving speed is faster than any
 * runner's, in which case it is not counted as running.
 */
/** FIT's "sport/sub_sport" hints (lib/import/fit.ts), e.g. "running/treadmill", "cycling/indoor_cycling". */
function sportFromFitHint(hint: string): Sport {
  const [sport = "", sub = ""] = hint.toLowerCase().split("/");
  if (sport === "running" || (sport === "fitness_equipment" && sub === "treadmill")) {
    if (/^(treadmill|indoor_running|virtual_activity)$/.test(sub)) return "treadmill_run";
    return sub === "trail" ? "trail_run" : "run";
  }
  if (sport === "cycling" || sport === "e_biking") return "ride";
  if (sport === "walking") return "walk";
  if (sport === "hiking") return "hike";
  if (sport === "swimming") return "swim";
  if (sport === "training" && sub === "strength_training") return "strength";
  return "other";
}

export function sportFromHint(hint: string | null, avgMovingSpeedMps: number, name: string | null = null): Sport {
  // TCX's Sport="Other" says nothing: read the name and speed instead.
  const cleaned = /^other$/i.test(hint?.trim() ?? "") ? "" : (hint?.trim() ?? "");
  if (cleaned.includes("/")) return sportFromFitHint(cleaned);
  for (const [re, sport] of HINTS) if (re.test(cleaned)) return sport;
  if (cleaned !== "") return "other";
  for (const [re, sport] of NAME_HINTS) if (name && re.test(name)) return sport;
  return avgMovingSpeedMps > MAX_RUN_SPEED_MPS ? "other" : "run";
}

/** Runs in GPX files often carry one leg's cadence (strides/min); Patella stores steps/min. */
export function cadenceToSpm(rawAverage: number | null, sport: Sport): number | null {
  if (rawAverage === null) return null;
  return RUNNING_SPORTS.includes(sport) && rawAverage < 120 ? rawAverage * 2 : rawAverage;
}
