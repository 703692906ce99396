import { RUNNING_SPORTS } from "@/db/schema";
import { looksLikeTrack, looksLikeTreadmill } from "./geometry";
import { hintSurface } from "./hints";
import { routeShape, sameRoute } from "./route";
import type { LabelledRoute, SurfaceInput, SurfaceLabel, SurfaceSource } from "./types";

/**
 * A run's surface from what the recording itself says, strongest evidence first. A user's own tag
 * is stronger still, but lives outside this function: callers never overwrite it.
 */

function label(surface: SurfaceLabel["surface"], source: SurfaceSource, confidence: SurfaceLabel["confidence"]): SurfaceLabel {
  return { surface, source, confidence, split: null };
}

export function classifySurface(input: SurfaceInput, labelled: readonly LabelledRoute[]): SurfaceLabel {
  // Patella charts running surfaces only.
  if (!RUNNING_SPORTS.includes(input.sport)) return label("unknown", "assumed", "low");

  // The sport and type came from Strava's API or from the file (GPX/FIT/archive/manual).
  const recorded: SurfaceSource = input.source === "strava" ? "strava" : "file";
  if (input.sport === "treadmill_run" || input.trainer) return label("treadmill", recorded, "high");
  if (input.sport === "trail_run") return label("trail", recorded, "high");

  const hinted = hintSurface(input.typeHint, input.name);
  if (hinted) return label(hinted, recorded, "medium");

  const { lat, lon } = input;
  const shape = lat && lon ? routeShape(lat, lon) : null;
  if (shape) {
    // Oldest first, so the last match is the runner's latest word on this route. A label that
    // says "unknown" carries nothing to copy.
    const match = labelled.findLast((r) => r.surface !== "unknown" && sameRoute(shape, r.shape));
    if (match) return label(match.surface, "route", "high");
  }

  if (looksLikeTreadmill(lat, lon, input.distanceM)) return label("treadmill", "geometry", "medium");
  if (lat && lon && looksLikeTrack(lat, lon, input.distanceM)) return label("track", "geometry", "medium");

  return label("road", "assumed", "low");
}
