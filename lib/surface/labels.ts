import type { Surface } from "@/db/schema";
import type { SurfaceSource } from "./types";

/** Words for surfaces, the same on every page and chart (their colours: app/_components/charts/palette.ts). */

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
