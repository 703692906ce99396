import type { ActivitySource, Sport, Surface, SURFACE_SOURCES } from "@/db/schema";

/**
 * What every run was run on. Everything in lib/surface is pure: db/queries and the ingest hand it
 * plain data. Surfaces: road (asphalt/concrete), trail, track, grass, treadmill, mixed, unknown.
 */

export type { Surface } from "@/db/schema";

/** Where a run's surface came from, strongest first. */
export { SURFACE_SOURCES } from "@/db/schema";
export type SurfaceSource = (typeof SURFACE_SOURCES)[number];

export type SurfaceConfidence = "high" | "medium" | "low";

/** Part of a mixed run: this many metres on this surface. */
export interface SurfaceSplit {
  surface: Exclude<Surface, "mixed" | "unknown">;
  distanceM: number;
}

export interface SurfaceLabel {
  surface: Surface;
  source: SurfaceSource;
  confidence: SurfaceConfidence;
  /** Set only for "mixed": the distance on each surface. */
  split: SurfaceSplit[] | null;
}

export interface LatLon {
  lat: number;
  lon: number;
}

/**
 * A route's shape: `points` are ROUTE_SHAPE_POINTS positions spaced evenly by distance along the
 * recorded track (gaps between segments are jumped, not measured), from its start to its end.
 */
export interface RouteShape {
  lengthM: number;
  points: LatLon[];
}

/** An earlier run whose surface the runner chose: later runs on the same route get the same surface. */
export interface LabelledRoute {
  activityId: string;
  surface: Surface;
  shape: RouteShape;
}

export interface SurfaceInput {
  sport: Sport;
  source: ActivitySource;
  /** Strava's `trainer` flag (indoor), when known. */
  trainer: boolean;
  /** The file's own activity type (GPX <type>), or Strava's sport_type, as written. */
  typeHint: string | null;
  name: string | null;
  /** Distance the recording claims (a treadmill run can have distance without GPS movement). */
  distanceM: number;
  /** The recorded positions in degrees (NaN where a point has none), or null when the recording has none. */
  lat: Float64Array | null;
  lon: Float64Array | null;
}
