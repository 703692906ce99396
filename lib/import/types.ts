/** One recorded point. Times are epoch milliseconds; missing values are null. */
export interface TrackPoint {
  lat: number;
  lon: number;
  timeMs: number | null;
  eleM: number | null;
  hr: number | null;
  cadence: number | null;
}

/** What every importer produces (GPX now; FIT, TCX and Strava later): everything after is source-blind. */
export interface ParsedActivity {
  format: "gpx";
  name: string | null;
  /** The file's own activity type, as written (e.g. "running", "9", "Run"). */
  typeHint: string | null;
  /** Segments of points; distance is never measured across a gap between segments. */
  segments: TrackPoint[][];
}

/** A refusal a runner can understand; `code` is stable for API clients and tests. */
export class ImportError extends Error {
  constructor(
    readonly code: ImportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ImportError";
  }
}

export type ImportErrorCode =
  | "empty_file"
  | "not_gpx"
  | "unsafe_xml"
  | "malformed"
  | "route_only"
  | "waypoints_only"
  | "no_track"
  | "no_times"
  | "bad_coordinates"
  | "bad_time"
  | "too_large";
