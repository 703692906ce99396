import type { Sport, Surface } from "@/db/schema";

/**
 * Every colour a chart uses, so a sport, a surface or a measure looks the same on every page.
 * Based on the Okabe–Ito set (distinct for the common colour-vision deficiencies); each chart also
 * names its series in a legend or tooltip and has its numbers in a table, so colour is never the
 * only way to tell series apart.
 */

export const SPORT_COLORS: Record<Sport, string> = {
  run: "#0072b2",
  // The colours of their surfaces.
  trail_run: "#8c510a",
  treadmill_run: "#cc79a7",
  ride: "#e69f00",
  swim: "#56b4e9",
  walk: "#009e73",
  hike: "#4d7c0f",
  strength: "#7c3aed",
  other: "#6b7280",
};

/** Road is the one hard surface, in asphalt grey; the others in calm, distinct colours. */
export const SURFACE_COLORS: Record<Surface, string> = {
  road: "#4b5563",
  trail: "#8c510a",
  track: "#d55e00",
  grass: "#009e73",
  treadmill: "#cc79a7",
  mixed: "#0072b2",
  unknown: "#b8bec7",
};

/** Measures drawn on their own (not one per sport or surface). */
export const SERIES_COLORS = {
  /** Running distance: the colour of running. */
  distance: SPORT_COLORS.run,
  /** Reference lines (the 10% rule of thumb) and secondary trends. */
  reference: "#6b7280",
  ratio: "#374151",
  ratioSecondary: "#6b7280",
  pain: "#b42318",
  /** ▲ marks of runs with a spike. */
  spike: "#b45309",
  pace: SPORT_COLORS.run,
  elevation: "#7a5c2e",
  heartRate: "#b42318",
  route: SPORT_COLORS.run,
  start: "#137333",
  finish: "#b42318",
} as const;

/** Shaded days of a pain episode, behind every timeline chart. */
export const EPISODE_FILL = "rgba(180, 35, 24, 0.12)";
