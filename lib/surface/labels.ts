import type { Surface } from "@/db/schema";
import type { SurfaceSource } from "./types";

/** Words and colours for surfaces, the same on every page and chart. */

export const SURFACE_LABELS: Record<Surface, string> = {
  road: "Road",
  trail: "Trail",
  track: "Track",
  grass: "Grass",
  treadmill: "Treadmill",
  mixed: "Mixed",
  unknown: "Unknown",
};

export const SURFACE_SOURCE_WORDS: Record<SurfaceSource, string> = {
  user: "your choice",
  strava: "from Strava's activity type",
  file: "from the file's activity type or name",
  route: "the same route as a run you labelled",
  geometry: "from the shape of the track",
  osm: "from OpenStreetMap",
  assumed: "assumed: nothing else to go on",
};

/** Road is the one hard surface; the others in calm, distinct colours. */
export const SURFACE_COLORS: Record<Exclude<Surface, "mixed">, string> = {
  road: "#6b7280",
  trail: "#15803d",
  track: "#c2410c",
  grass: "#65a30d",
  treadmill: "#7c3aed",
  unknown: "#d1d5db",
};
