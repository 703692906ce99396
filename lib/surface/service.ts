import type { Db } from "@/db/client";
import { getStreams } from "@/db/queries/streams";
import { labelledRoutes, routeCandidates, setUserSurface, storedRouteShape, storeRouteShape } from "@/db/queries/surfaces";
import { RUNNING_SPORTS, type Surface } from "@/db/schema";
import { unpackStreams } from "@/lib/activities/streams";
import { osmOverpassUrl } from "@/lib/env";
import { classifySurface } from "./classify";
import { osmLabel } from "./overpass";
import { decodeShape, encodeShape, routeShape, sameRoute } from "./route";
import type { LabelledRoute, RouteShape, SurfaceInput, SurfaceLabel } from "./types";

/**
 * Surfaces against the database: the label a new run gets (with the runner's labelled routes as
 * memory) and the runner relabelling a run, optionally every run on the same route.
 */

/**
 * A new run's surface: from what it carries (classifySurface), else — when OSM_OVERPASS_URL is set
 * and the run has a route — from the OpenStreetMap ways it follows. The lookup never fails an
 * import: without an answer the run stays "road (assumed)". `osm: false` skips it (the sample
 * history's synthetic tracks follow no real way).
 */
export async function surfaceForImport(
  db: Db,
  userId: string,
  input: SurfaceInput,
  { osm = true }: { osm?: boolean } = {},
): Promise<{ label: SurfaceLabel; routeShape: Buffer | null }> {
  const shape = input.lat && input.lon ? routeShape(input.lat, input.lon) : null;
  const labelled: LabelledRoute[] = [];
  for (const r of shape ? await labelledRoutes(db, userId) : []) {
    // One unreadable stored shape must not stop an import: that route is simply not remembered.
    const decoded = safeDecode(r.routeShape);
    if (decoded) labelled.push({ activityId: r.activityId, surface: r.surface, shape: decoded });
  }
  let label = classifySurface(input, labelled);
  const overpassUrl = osm && shape && label.source === "assumed" && RUNNING_SPORTS.includes(input.sport) ? osmOverpassUrl() : null;
  if (shape && overpassUrl) label = (await osmLabel(overpassUrl, shape, input.distanceM)) ?? label;
  return { label, routeShape: shape ? encodeShape(shape) : null };
}

function safeDecode(bytes: Uint8Array): RouteShape | null {
  try {
    return decodeShape(bytes);
  } catch {
    return null;
  }
}

/** A run's shape: stored, or computed from its streams (and stored) for runs imported before shapes were kept. */
async function shapeOf(db: Db, userId: string, id: string, stored: Buffer | null): Promise<RouteShape | null> {
  const decoded = stored ? safeDecode(stored) : null;
  if (decoded) return decoded;
  const packed = await getStreams(db, { userId, activityId: id });
  if (!packed) return null;
  const { lat, lon } = unpackStreams(packed);
  const shape = routeShape(lat, lon);
  if (shape) await storeRouteShape(db, { userId, id, routeShape: encodeShape(shape) });
  return shape;
}

export interface RelabelResult {
  /** Every run relabelled, the chosen one first. */
  relabelled: string[];
  /** False when the chosen run has no route to match (no GPS). */
  routeKnown: boolean;
}

/**
 * The runner's choice of surface for a run and, with `applyToRoute`, for every other run whose
 * track matches it (start/end and shape, either direction), in one transaction.
 */
export async function relabelSurface(
  db: Db,
  { userId, activityId, distanceM, surface, applyToRoute }: { userId: string; activityId: string; distanceM: number; surface: Surface; applyToRoute: boolean },
): Promise<RelabelResult> {
  return db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    const ids = [activityId];
    let routeKnown = false;
    if (applyToRoute) {
      const candidates = await routeCandidates(tx, { userId, exceptId: activityId, distanceM });
      const chosen = await shapeOf(tx, userId, activityId, await storedRouteShape(tx, { userId, id: activityId }));
      if (chosen) {
        routeKnown = true;
        for (const c of candidates) {
          const shape = await shapeOf(tx, userId, c.id, c.routeShape);
          if (shape && sameRoute(chosen, shape)) ids.push(c.id);
        }
      }
    }
    await setUserSurface(tx, { userId, ids, surface });
    return { relabelled: ids, routeKnown };
  });
}

/**
 * A run's surface after the runner changed its sport, derived as an import would (classifySurface
 * on its own track, with the runner's labelled routes as memory — never itself): another sport has
 * no running surface ("unknown"); a run keeps a surface the runner chose unless it became a
 * treadmill or trail run, whose sport says the surface. No OpenStreetMap lookup: an edit answers at once.
 */
export async function surfaceForSport(
  db: Db,
  {
    userId,
    activityId,
    sport,
    source,
    name,
    distanceM,
    current,
  }: {
    userId: string;
    activityId: string;
    sport: SurfaceInput["sport"];
    source: SurfaceInput["source"];
    name: string;
    distanceM: number;
    current: { surface: Surface | null; surfaceSource: string | null };
  },
): Promise<SurfaceLabel | null> {
  const chosen = current.surfaceSource === "user" && current.surface !== null;
  if (chosen && RUNNING_SPORTS.includes(sport) && sport !== "treadmill_run" && sport !== "trail_run") return null;
  const packed = await getStreams(db, { userId, activityId });
  // Without a stored track (entered by hand, or Strava's streams not read yet) there is no
  // geometry to read: a missing track says nothing about a treadmill.
  if (!packed) return surfaceWithoutTrack(sport, source, name, distanceM);
  const { lat, lon } = unpackStreams(packed);
  const labelled: LabelledRoute[] = [];
  for (const r of await labelledRoutes(db, userId)) {
    if (r.activityId === activityId) continue;
    const decoded = safeDecode(r.routeShape);
    if (decoded) labelled.push({ activityId: r.activityId, surface: r.surface, shape: decoded });
  }
  return classifySurface({ sport, source, trainer: false, typeHint: null, name, distanceM, lat, lon }, labelled);
}

/** The surface of an activity without a track: what its sport or name says, else road (assumed). */
export function surfaceWithoutTrack(sport: SurfaceInput["sport"], source: SurfaceInput["source"], name: string | null, distanceM: number): SurfaceLabel {
  const label = classifySurface({ sport, source, trainer: false, typeHint: null, name, distanceM, lat: null, lon: null }, []);
  return label.source === "geometry" ? { surface: "road", source: "assumed", confidence: "low", split: null } : label;
}
