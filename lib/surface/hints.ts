import type { Surface } from "./types";

/**
 * A surface named in an activity's type or title ("TrailRun", "Track Tuesday", "Laufband").
 * Only surfaces people name: road is what runs default to, so it is never hinted ("off-road" would
 * only confuse it). False positives are possible ("on track for Berlin"); this is a medium-confidence
 * source that a user tag or route memory overrides.
 */

type HintedSurface = Exclude<Surface, "mixed" | "unknown">;

/** First match wins, in this order. Words start at a boundary; most may run on ("trails", "trailrun"). */
const PATTERNS: readonly [HintedSurface, RegExp][] = [
  // English, German, French; Strava's "VirtualRun" becomes "virtual run" below.
  ["treadmill", /\btreadmill|\blaufband|\btapis\b|\bindoor ?run|\bvirtual ?run/],
  // Whole words only: "track" inside "racetrack" or a German "Bahnhof" is not a track session.
  // No "400 m": 400 m repeats are as often run on the road.
  ["track", /\btrack\b|\bpiste\b|\bbahn\b/],
  // "Fell" only as fell running or the fells: "fell over" is not a surface.
  ["trail", /\btrail|\boff[- ]?road|\bfell ?(?:run|race)|\bfells\b|\bmountain|\bcross[- ]?country|\bxc\b/],
  ["grass", /\bgrass|\bfields?\b|\bmeadow/],
];

/** Splits camel case and snake case into words ("TrailRun", "trail_run" → "trail run"), lower case. */
function normalise(text: string): string {
  return text.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/_/g, " ").toLowerCase();
}

function match(text: string | null): HintedSurface | null {
  if (!text) return null;
  const t = normalise(text);
  for (const [surface, pattern] of PATTERNS) if (pattern.test(t)) return surface;
  return null;
}

/** The surface the activity type names, else the one its name names, else null. */
export function hintSurface(typeHint: string | null, name: string | null): HintedSurface | null {
  return match(typeHint) ?? match(name);
}
