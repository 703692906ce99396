import type { ActivitySource } from "@/db/schema";

/** Where an activity came from, in the runner's words. */
export const SOURCE_LABELS: Record<ActivitySource, string> = {
  strava: "Strava",
  gpx: "GPX file",
  tcx: "TCX file",
  fit: "FIT file",
  archive: "Export archive",
  manual: "Entered by hand",
};
