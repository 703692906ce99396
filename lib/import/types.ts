import type { Track } from "./track";

export type { TrackPoint } from "./track";

export const FILE_FORMATS = ["gpx", "tcx", "fit"] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

/** What every file importer produces (GPX, TCX, FIT): everything after is source-blind. */
export interface ParsedActivity {
  format: FileFormat;
  name: string | null;
  /** The file's own activity type, as written (e.g. "running", "9", "Run"). */
  typeHint: string | null;
  /** The points; distance is never measured across a gap between segments. */
  track: Track;
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
  | "too_large"
  | "not_tcx"
  | "not_fit"
  | "corrupt_fit"
  | "unsupported_format"
  | "bad_archive"
  | "unsafe_archive";
