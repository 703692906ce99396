import { RUNNING_SPORTS, type NewActivity, type Sport } from "@/db/schema";
import { classifySurface } from "@/lib/surface/classify";
import { encodeShape, routeShape } from "@/lib/surface/route";
import type { SurfaceLabel } from "@/lib/surface/types";
import { localDateOf } from "@/lib/load/weeks";
import { isValidTimeZone } from "@/lib/time-zones";
import { cleanOneLine } from "@/lib/validation/text";
import { decodePolyline, type DecodedPolyline } from "./polyline";
import { ianaFromStrava } from "./timezone";
import { WALL_CLOCK, type StravaDetailedActivity } from "./types";

/**
 * A Strava activity (validated by summaryActivitySchema) → the values of an activities row.
 * Pure: no database, no network. The caller adds id, load, metricsVersion, duplicateOf.
 */

// ---------------------------------------------------------------------------------------------
// Sport

/**
 * Strava sport types by Patella sport, keyed in lower case without separators ("trailrun").
 * Everything not listed is "other" (sport_type is an open list: new values keep appearing).
 *
 * Strength is resistance training, the sessions the guidance means by "strength and
 * conditioning": WeightTraining, Crossfit, HighIntensityIntervalTraining, Pilates (resistance work
 * for the core and hips), and Workout — Strava's generic gym session, which runners mostly use
 * for their strength routine. Yoga is "other": it is mobility and flexibility, not resistance.
 * Cardio machines (Elliptical, StairStepper, Rowing), PhysicalTherapy and the rest are "other" too.
 */
const SPORT_TYPES: Record<Exclude<Sport, "treadmill_run" | "other">, readonly string[]> = {
  run: ["Run"],
  trail_run: ["TrailRun"],
  ride: ["Ride", "VirtualRide", "EBikeRide", "MountainBikeRide", "GravelRide", "EMountainBikeRide", "Velomobile", "Handcycle"],
  swim: ["Swim"],
  walk: ["Walk"],
  hike: ["Hike"],
  strength: ["WeightTraining", "Workout", "Crossfit", "HighIntensityIntervalTraining", "Pilates"],
};

const normaliseType = (t: string) => t.toLowerCase().replace(/[^a-z0-9]/g, "");

const BY_TYPE = new Map<string, Sport>([
  ...Object.entries(SPORT_TYPES).flatMap(([sport, types]) => types.map((t) => [normaliseType(t), sport as Sport] as const)),
  ["virtualrun", "treadmill_run"],
]);

/**
 * Patella's sport for a Strava sport_type (or the legacy `type`: the same names, with TrailRun
 * folded into Run). A run on a training machine (`trainer`) is a treadmill run, whether the runner
 * filed it as Run or TrailRun; Zwift-style VirtualRun always is. `trainer` leaves other sports
 * alone: an indoor ride is still a ride.
 */
/** Sports on foot: Strava's cadence for them is per leg. */
export const FOOT_SPORTS: readonly Sport[] = [...RUNNING_SPORTS, "walk", "hike"];

export function sportFromStrava(sportType: string, trainer: boolean): Sport {
  const sport = BY_TYPE.get(normaliseType(sportType)) ?? "other";
  if (trainer && (sport === "run" || sport === "trail_run")) return "treadmill_run";
  return sport;
}

/** The activity's sport type as written: sport_type, else the legacy `type`, else "". */
export function stravaSportType(activity: Pick<StravaDetailedActivity, "sport_type" | "type">): string {
  return activity.sport_type?.trim() || activity.type?.trim() || "";
}

// ---------------------------------------------------------------------------------------------
// Values

/** The columns activityFromStrava sets: every one, null where Strava does not say. */
export interface StravaActivityValues {
  userId: string;
  source: "strava";
  sourceRef: string;
  sport: Sport;
  name: string;
  startTime: Date;
  localDate: string;
  timeZone: string;
  distanceM: number;
  movingS: number;
  elapsedS: number;
  elevGainM: number | null;
  elevLossM: number | null;
  avgHr: number | null;
  maxHr: number | null;
  avgCadenceSpm: number | null;
  avgPowerW: number | null;
  rpe: number | null;
  surface: SurfaceLabel["surface"];
  surfaceSource: SurfaceLabel["source"];
  surfaceConfidence: SurfaceLabel["confidence"];
  surfaceSplit: SurfaceLabel["split"];
  gearId: string | null;
  /** The encoded polyline the route came from (detailed if given, else summary), or null. */
  polyline: string | null;
}

// Every value is a column of the activities table: a renamed column fails tsc here.
const _valuesAreColumns = (v: StravaActivityValues): NewActivity => v;

export interface StravaMapOptions {
  userId: string;
  /** Used when Strava's timezone names no zone Patella knows: the runner's own zone. */
  fallbackTimeZone: string;
}

export interface StravaMapped {
  values: StravaActivityValues;
  /** encodeShape(routeShape(...)) of the polyline, or null without a route of 200 m or more. */
  routeShape: Buffer | null;
}

const MAX_NAME = 200;
/** Trimmed, one line, without control characters, at most 200 UTF-16 units and never half a surrogate pair. */
function cleanName(raw: string | null | undefined): string {
  return cleanOneLine(raw ?? "", MAX_NAME);
}

/** A finite number above zero, else null: Strava sends 0 or omits a figure it did not measure. */
function positive(x: number | null | undefined): number | null {
  return typeof x === "number" && Number.isFinite(x) && x > 0 ? x : null;
}

/**
 * The route's points: the detailed polyline when the caller fetched the detail (full resolution),
 * else the summary one. `malformed` is set when Strava sent text that is not a polyline.
 */
function routePoints(map: StravaDetailedActivity["map"]): { text: string | null; points: DecodedPolyline | null; malformed: boolean } {
  let malformed = false;
  for (const text of [map?.polyline, map?.summary_polyline]) {
    if (!text) continue;
    const points = decodePolyline(text);
    if (points === null) malformed = true;
    else if (points.lat.length > 0) return { text, points, malformed: false };
  }
  return { text: null, points: null, malformed };
}

/**
 * Maps one validated Strava activity (summary or detail) to the values of an activities row.
 * Throws only when `fallbackTimeZone` is not a zone (a caller's bug), never for any activity the
 * schema accepted.
 */
export function activityFromStrava(activity: StravaDetailedActivity, options: StravaMapOptions): StravaMapped {
  if (!isValidTimeZone(options.fallbackTimeZone)) throw new RangeError(`not a time zone: ${options.fallbackTimeZone}`);

  const sportType = stravaSportType(activity);
  const trainer = activity.trainer === true;
  const manual = activity.manual === true;
  const sport = sportFromStrava(sportType, trainer);
  const running = RUNNING_SPORTS.includes(sport);

  // start_date is the UTC instant. start_date_local is the wall clock where the activity started,
  // written with a "Z" that does not mean UTC: its date part *is* the local date, and converting
  // it (as UTC, or from UTC to a zone) would shift runs near midnight onto the wrong day.
  const startTime = new Date(activity.start_date);
  const timeZone = ianaFromStrava(activity.timezone) ?? options.fallbackTimeZone;
  const wall = activity.start_date_local ? WALL_CLOCK.exec(activity.start_date_local) : null;
  // Strava always sends start_date_local; without it, the UTC instant read in the zone gives the
  // same date whenever the zone is the activity's own.
  const localDate = wall ? `${wall[1]}-${wall[2]}-${wall[3]}` : localDateOf(startTime, timeZone);

  const cleaned = cleanName(activity.name);
  const name = cleaned || `${running ? "Run" : "Activity"} on ${localDate}`;
  // Metres and seconds as Strava gives them; seconds rounded for the integer columns.
  const distanceM = activity.distance;

  const route = routePoints(activity.map);
  let label = classifySurface(
    {
      sport,
      source: "strava",
      trainer,
      typeHint: sportType || null,
      name: cleaned || null,
      distanceM,
      lat: route.points?.lat ?? null,
      lon: route.points?.lon ?? null,
    },
    [],
  );
  // "Distance but no positions" reads as a treadmill only when positions could have been
  // recorded. A manual entry has none by nature, and an unreadable polyline says nothing: both
  // fall back to the default classifySurface gives a run without evidence.
  if (label.source === "geometry" && route.points === null && (manual || route.malformed)) {
    label = { surface: "road", source: "assumed", confidence: "low", split: null };
  }

  const shape = route.points ? routeShape(route.points.lat, route.points.lon) : null;
  const hasHr = activity.has_heartrate === true;
  const cadence = positive(activity.average_cadence);
  const exertion = activity.perceived_exertion;

  const values: StravaActivityValues = {
    userId: options.userId,
    source: "strava",
    sourceRef: String(activity.id),
    sport,
    name,
    startTime,
    localDate,
    timeZone,
    distanceM,
    movingS: Math.round(activity.moving_time),
    elapsedS: Math.round(activity.elapsed_time),
    // Metres climbed, as Strava reports it (0 for a flat or manual activity is Strava's figure).
    elevGainM: typeof activity.total_elevation_gain === "number" && activity.total_elevation_gain >= 0 ? activity.total_elevation_gain : null,
    // A summary has no descent figure.
    elevLossM: null,
    // Beats per minute, only when Strava says the activity has heart rate.
    avgHr: hasHr ? positive(activity.average_heartrate) : null,
    maxHr: hasHr ? positive(activity.max_heartrate) : null,
    // Strava's cadence of every foot sport (runs, walks, hikes) counts one leg (strides per minute:
    // 91 for 182 steps per minute); Patella stores steps per minute, so × 2. Ride cadence is pedal
    // revolutions per minute and is kept as is, as is any other sport's.
    avgCadenceSpm: cadence === null ? null : FOOT_SPORTS.includes(sport) ? cadence * 2 : cadence,
    // Watts, whether measured (device_watts) or estimated by Strava for a ride without a meter.
    avgPowerW: positive(activity.average_watts),
    // Strava's perceived exertion is 1–10 on a slider; Patella's RPE is a whole number 0–10 (CR-10).
    rpe: typeof exertion === "number" && Number.isFinite(exertion) ? Math.min(10, Math.max(0, Math.round(exertion))) : null,
    surface: label.surface,
    surfaceSource: label.source,
    surfaceConfidence: label.confidence,
    surfaceSplit: label.split,
    gearId: activity.gear_id?.trim() || null,
    polyline: route.text,
  };
  return { values, routeShape: shape ? encodeShape(shape) : null };
}
