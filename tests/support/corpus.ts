import fs from "node:fs";
import path from "node:path";

export interface ManifestEntry {
  file: string;
  licence: string;
  made_here: boolean;
  expect: "track" | "no-track" | "reject";
  reference: {
    parsed: boolean;
    track_points?: number;
    segments?: number;
    empty_segments?: number;
    start_time?: string | null;
    length_2d_m?: number;
    moving_time_s?: number;
    uphill_m?: number;
    has_heart_rate?: boolean;
    has_cadence?: boolean;
  };
}

/** The team's full corpus (with copyleft files) when ../shared is beside the project, else null. */
export const SHARED_CORPUS = path.resolve(process.cwd(), "..", "shared", "fixtures", "gpx");
export const PROJECT_CORPUS = path.resolve(process.cwd(), "tests", "fixtures", "gpx");

export function loadCorpus(dir: string): { dir: string; files: ManifestEntry[] } | null {
  const manifest = ["MANIFEST.json", "manifest.json"].map((m) => path.join(dir, m)).find((m) => fs.existsSync(m));
  if (!manifest) return null;
  return { dir, files: (JSON.parse(fs.readFileSync(manifest, "utf8")) as { files: ManifestEntry[] }).files };
}

/**
 * What Patella does with each corpus file where that differs from the manifest's suggestion,
 * and why. Everything else is imported when `expect` is "track" and refused otherwise.
 */
export const DELIBERATE_REFUSALS: Record<string, { code: string; why: string }> = {
  "gpsbabel-gpx10-bad-clock-1901.gpx": { code: "bad_time", why: "its clock says 1901: times before 1990 are refused" },
  "outdooractive-tour-no-times.gpx": { code: "no_times", why: "a drawn tour without timestamps is not training" },
  "strava-route-export-no-times.gpx": { code: "no_times", why: "a route export without timestamps is not training" },
};

/** The refusal code expected for a "reject" or "no-track" file. */
export const REFUSAL_CODES: Record<string, string> = {
  "alltrails-route-only.gpx": "route_only",
  "opencpn-route-only.gpx": "route_only",
  "link2gps-waypoints-only.gpx": "waypoints_only",
  "oziexplorer-gpx10-iso8859-1-waypoints-only.gpx": "waypoints_only",
  "xcode-waypoints-only-no-namespace.gpx": "waypoints_only",
  "broken-osmand-undefined-coordinates.gpx": "bad_coordinates",
  "broken-strava-mapstogpx-unbound-prefix.gpx": "malformed",
  "hostile-billion-laughs.gpx": "unsafe_xml",
  "hostile-xxe.gpx": "unsafe_xml",
  "hostile-truncated-garmin-connect-run.gpx": "malformed",
};

/** Corpus files the manifest rejects as GPX but Patella reads by their content (lib/import/sniff.ts). */
export const READ_BY_CONTENT: Record<string, { format: "tcx" | "fit"; why: string }> = {
  "not-gpx-garmin-connect-tcx.gpx": { format: "tcx", why: "a TCX file named .gpx: its root element says TCX, so it is read as one" },
};

/** Elevation gain is compared only where the file climbs enough for a percentage to mean something. */
export const MIN_CLIMB_FOR_PERCENT_M = 20;
