import type { Place } from "./athletes";
import { hashSeed, Prng } from "./prng";
import type { RoutePlacement } from "./routes";
import { offsetAt } from "./time";
import type { SportType, Visibility } from "./types";

/**
 * Activities: the stored record and how one is built from a seed. A record holds only the
 * numbers Strava shows in a summary plus the seed and route placement its streams are regenerated
 * from on request (streams.ts), so thousands of activities cost a few hundred kilobytes and
 * generate in tens of milliseconds. history.ts builds whole histories; summary.ts writes the JSON.
 */

export interface ActivityRecord {
  id: number;
  athleteId: number;
  /** Seeds the streams; never changes once the activity exists. */
  seed: number;
  sportType: SportType;
  name: string;
  description: string | null;
  /** UTC instant, epoch seconds. */
  startEpoch: number;
  /** IANA zone where the activity took place (the athlete's home, or a trip). */
  zone: string;
  country: string | null;
  distance: number;
  movingTime: number;
  elapsedTime: number;
  totalElevationGain: number;
  maxSpeed: number;
  trainer: boolean;
  manual: boolean;
  commute: boolean;
  visibility: Visibility;
  gearId: string | null;
  workoutType: number | null;
  heartrate: { average: number; max: number } | null;
  /** Per leg (half the step rate) for foot sports, as Strava reports it; rpm for rides. */
  averageCadence: number | null;
  /** GPS route, or null for manual, trainer, pool and gym activities (no map, no latlng). */
  route: RoutePlacement | null;
  deviceName: string | null;
  externalId: string | null;
  uploadId: number | null;
  calories: number;
  sufferScore: number | null;
  kudosCount: number;
  achievementCount: number;
  prCount: number;
  /** Garmin's "smart recording" (irregular 1–7 s samples) or one sample a second. */
  recording: "every_second" | "smart";
}

export const FOOT_SPORTS: ReadonlySet<SportType> = new Set(["Run", "TrailRun", "VirtualRun", "Walk", "Hike"]);

/** The deprecated `type` of a sport type (the 2022 sport types fold into the older ones). */
export function legacyType(sport: SportType): string {
  return sport === "TrailRun" ? "Run" : sport;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

// ---------------------------------------------------------------------------------------------
// Routes: each athlete has a small library of routes per place and kind of outing, so the same
// loops recur with the same geometry (and Patella can recognise them).

type RouteFamily = "run" | "long" | "race" | "trail" | "ride" | "walk";

const FAMILIES: Record<RouteFamily, { count: number; dist: [number, number]; gainPerKm: [number, number]; startWithin: [number, number] }> = {
  run: { count: 8, dist: [5000, 14000], gainPerKm: [3, 10], startWithin: [0, 1500] },
  long: { count: 4, dist: [16000, 32000], gainPerKm: [3, 9], startWithin: [0, 1500] },
  race: { count: 4, dist: [5000, 42195], gainPerKm: [2, 6], startWithin: [2000, 8000] },
  trail: { count: 4, dist: [9000, 26000], gainPerKm: [25, 50], startWithin: [5000, 15000] },
  ride: { count: 5, dist: [25000, 90000], gainPerKm: [5, 12], startWithin: [0, 300] },
  walk: { count: 4, dist: [2000, 7000], gainPerKm: [2, 8], startWithin: [0, 600] },
};
const RACE_DISTANCES = [5000, 10000, 21097.5, 42195];

interface LibraryRoute {
  shapeSeed: number;
  baseDistance: number;
  gainPerKm: number;
  startLat: number;
  startLng: number;
}

/** Route libraries of one athlete, built on first use per place and family. */
export class RouteLibrary {
  private readonly cache = new WeakMap<Place, Map<RouteFamily, LibraryRoute[]>>();

  constructor(private readonly seed: number) {}

  /** Routes depend only on the seed and the place's coordinates; the cache is per Place object. */
  routes(place: Place, family: RouteFamily): LibraryRoute[] {
    let byFamily = this.cache.get(place);
    if (!byFamily) {
      byFamily = new Map();
      this.cache.set(place, byFamily);
    }
    let list = byFamily.get(family);
    if (list) return list;
    const spec = FAMILIES[family];
    list = [];
    for (let k = 0; k < spec.count; k++) {
      const shapeSeed = hashSeed(this.seed, Math.round(place.lat * 1000), Math.round(place.lng * 1000), family.charCodeAt(0), family.length, k);
      const rng = new Prng(shapeSeed ^ 0x2b1d);
      const r = rng.range(spec.startWithin[0], spec.startWithin[1]);
      const bearing = rng.range(0, 2 * Math.PI);
      list.push({
        shapeSeed,
        baseDistance: family === "race" ? RACE_DISTANCES[k % RACE_DISTANCES.length]! : Math.round(rng.range(spec.dist[0], spec.dist[1]) / 100) * 100,
        gainPerKm: rng.range(spec.gainPerKm[0], spec.gainPerKm[1]),
        startLat: place.lat + (r * Math.cos(bearing)) / 111_320,
        startLng: place.lng + (r * Math.sin(bearing)) / (111_320 * Math.cos((place.lat * Math.PI) / 180)),
      });
    }
    byFamily.set(family, list);
    return list;
  }
}

// ---------------------------------------------------------------------------------------------
// Building one activity.

const DESCRIPTIONS = [
  "Felt strong.",
  "Knee a bit sore after 8 km, eased off.",
  "Legs heavy from yesterday.",
  "Windy! 💨",
  "New shoes, feel great.",
  "Ran with Marie.",
  "Left knee twinge on the downhill.",
];
const EASY_NAMES = ["Recovery jog", "Easy run with the club", "Course à pied – bords de Seine", "Shakeout"];
const LONG_NAMES = ["Sunday long run", "Long run along the river", "LSD 🐢", "Sortie longue"];
const WORKOUT_NAMES = ["Intervals 6×800 m", "Tempo 3×10′", "Hill repeats", "Fartlek 🔥", "VMA 10×400"];
const MANUAL_NAMES = ["Treadmill at the gym", "Run (watch died)", "Morning Run", "Evening Run"];
const ZWIFT_WORLDS = ["Watopia", "New York", "London", "Makuri Islands"];
const SPORT_WORDS: Partial<Record<SportType, string>> = {
  Run: "Run",
  TrailRun: "Trail Run",
  Ride: "Ride",
  Swim: "Swim",
  Walk: "Walk",
  Hike: "Hike",
  WeightTraining: "Weight Training",
  Workout: "Workout",
};

/** Strava's default title: part of the day (local time) and the sport. */
function defaultName(sport: SportType, localHour: number): string {
  const part = localHour < 5 ? "Night" : localHour < 11 ? "Morning" : localHour < 14 ? "Lunch" : localHour < 17 ? "Afternoon" : localHour < 21 ? "Evening" : "Night";
  return `${part} ${SPORT_WORDS[sport] ?? sport}`;
}

function raceName(distance: number): string {
  if (distance < 7000) return "Parkrun 5K";
  if (distance < 15000) return "10K race";
  if (distance < 30000) return "Semi-marathon 🏅";
  return "Marathon 🏅🎉";
}

export interface BuildInput {
  id: number;
  athleteId: number;
  seed: number;
  sport: SportType;
  manual: boolean;
  startEpoch: number;
  place: Place;
  routes: RouteLibrary;
  /** 0 at the start of the history, 1 at its end: paces improve a little over the years. */
  fitness: number;
  weightKg: number;
  visibility: Visibility;
  gearId: string | null;
  /** Explicit values (control API, POST /activities) win over generated ones. */
  overrides?: ActivityOverrides;
}

export interface ActivityOverrides {
  name?: string;
  description?: string | null;
  distance?: number;
  movingTime?: number;
  elapsedTime?: number;
  trainer?: boolean;
  commute?: boolean;
  workoutType?: number | null;
  hasHeartrate?: boolean;
}

function deviceFor(sport: SportType, startEpoch: number): string {
  if (sport === "Ride") return "Garmin Edge 530";
  if (sport === "VirtualRun" || sport === "VirtualRide") return "Zwift";
  return startEpoch < Date.UTC(2023, 3, 1) / 1000 ? "Garmin Forerunner 245" : "Garmin Forerunner 265";
}

export function buildActivity(input: BuildInput): ActivityRecord {
  const { sport, manual, place } = input;
  const rng = new Prng(input.seed);
  const o = input.overrides ?? {};
  const localHour = Math.floor(((input.startEpoch + offsetAt(place.zone, input.startEpoch)) % 86400) / 3600);
  const weekday = new Date((input.startEpoch + offsetAt(place.zone, input.startEpoch)) * 1000).getUTCDay();
  const weekend = weekday === 0 || weekday === 6;
  const easy = 2.85 + 0.25 * input.fitness + rng.range(-0.08, 0.08);

  let family: RouteFamily | null = null;
  let workoutType: number | null = null;
  let speed: number;
  let pause: number; // elapsed/moving - 1
  let hr: [number, number] | null = null; // average range low, high
  let hrPeak: [number, number] = [12, 25];
  let cadence: number | null = null;
  let hrShare = 0.96;
  let trainer = false;
  let commute = false;
  let name: string | null = null;
  let distance = 0;

  switch (sport) {
    case "Run": {
      const isLong = weekend && localHour < 11 && rng.chance(0.55);
      const isRace = !isLong && weekend && localHour < 11 && rng.chance(0.2) && input.visibility !== "only_me";
      const isWorkout = !isLong && !isRace && rng.chance(0.2);
      workoutType = isRace ? 1 : isLong ? 2 : isWorkout ? 3 : 0;
      family = isRace ? "race" : isLong ? "long" : "run";
      speed = easy * (isRace ? 1.18 : isWorkout ? 1.08 : isLong ? 0.97 : 1);
      pause = isRace ? 0.002 : rng.range(0, 0.06);
      hr = isRace ? [168, 174] : isWorkout ? [150, 158] : isLong ? [143, 150] : [136, 147];
      if (isRace) hrPeak = [8, 12];
      cadence = 78 + speed * 3.2;
      if (isRace) name = "race";
      else if (rng.chance(0.25)) name = rng.pick(isLong ? LONG_NAMES : isWorkout ? WORKOUT_NAMES : EASY_NAMES);
      if (manual) {
        distance = rng.pick([5000, 6000, 8000, 10000, 12000]);
        name = rng.pick(MANUAL_NAMES);
      }
      break;
    }
    case "TrailRun":
      family = "trail";
      speed = easy * 0.8;
      pause = rng.range(0.03, 0.12);
      hr = [140, 152];
      cadence = 80 + rng.range(0, 5);
      break;
    case "VirtualRun":
      trainer = true;
      speed = easy * 1.02;
      pause = rng.range(0, 0.01);
      hr = [138, 150];
      cadence = 78 + speed * 3.2;
      distance = Math.round(rng.range(5000, 12000) / 10) * 10;
      workoutType = rng.chance(0.3) ? 3 : 0;
      name = `Zwift - Run in ${rng.pick(ZWIFT_WORLDS)}`;
      break;
    case "Ride":
      commute = !weekend && localHour < 10 && rng.chance(0.25);
      family = commute ? "run" : "ride";
      speed = commute ? rng.range(5.5, 6.5) : rng.range(6.5, 8.5);
      pause = rng.range(0.05, 0.15);
      hr = [125, 145];
      hrPeak = [20, 30];
      cadence = rng.range(80, 92);
      workoutType = 10;
      break;
    case "Swim":
      speed = 0.6 + 0.15 * input.fitness + rng.range(-0.03, 0.03);
      pause = rng.range(0.2, 0.45);
      hr = [125, 140];
      hrShare = 0.5;
      distance = rng.int(30, 70) * 50;
      break;
    case "Walk":
    case "Hike":
      family = "walk";
      speed = rng.range(1.25, 1.5);
      pause = rng.range(0.02, 0.2);
      hr = [92, 108];
      hrPeak = [15, 25];
      cadence = rng.range(52, 58);
      break;
    default:
      // WeightTraining, Workout and other stationary sports: time and heart rate only.
      speed = 0;
      pause = 0;
      hr = [100, 122];
      hrPeak = [25, 40];
      hrShare = 0.8;
      break;
  }

  // Distance, from the route when there is one (the same loop is the same length, give or take GPS).
  let route: RoutePlacement | null = null;
  if (family && !manual) {
    const lib = input.routes.routes(place, family);
    const chosen = family === "race" ? lib[rng.int(0, lib.length - 1)]! : rng.pick(lib);
    const wantDistance = o.distance ?? (family === "race" ? chosen.baseDistance * (1 + rng.range(0.002, 0.012)) : chosen.baseDistance * (1 + rng.range(-0.015, 0.015)));
    distance = round1(wantDistance);
    route = {
      shapeSeed: chosen.shapeSeed,
      startLat: chosen.startLat,
      startLng: chosen.startLng,
      length: distance,
      gain: round1((chosen.gainPerKm * distance) / 1000),
      baseAltitude: place.altitude,
    };
  } else if (o.distance !== undefined) {
    distance = round1(o.distance);
  } else {
    distance = round1(distance);
  }
  if (name === "race") name = raceName(distance);

  speed *= 1 + rng.gaussish() * 0.02;
  let movingTime = o.movingTime ?? (speed > 0 ? Math.max(1, Math.round(distance / speed)) : rng.int(1800, 4200));
  if (manual && o.movingTime === undefined) movingTime = Math.max(60, Math.round(movingTime / 60) * 60);
  let elapsedTime = o.elapsedTime ?? (manual ? movingTime : movingTime + Math.round(movingTime * pause));
  if (elapsedTime < movingTime) movingTime = elapsedTime;
  if (speed === 0 && o.elapsedTime === undefined) elapsedTime = movingTime;
  const averageSpeed = movingTime > 0 ? distance / movingTime : 0;

  const hasHr = !manual && hr !== null && (o.hasHeartrate ?? rng.chance(hrShare));
  let heartrate: ActivityRecord["heartrate"] = null;
  if (hasHr && hr) {
    const average = round1(rng.range(hr[0], hr[1]));
    heartrate = { average, max: Math.min(199, Math.round(average + rng.range(hrPeak[0], hrPeak[1]))) };
  }
  const deviceName = manual ? null : deviceFor(sport, input.startEpoch);
  const uploadId = manual ? null : Math.floor(input.id * 1.07);
  const externalId = manual || uploadId === null ? null : sport === "VirtualRun" ? `zwift-activity-${uploadId}.fit` : `garmin_ping_${uploadId % 1_000_000_000}`;
  const weight = input.weightKg;
  const hours = movingTime / 3600;
  const calories = round1(
    FOOT_SPORTS.has(sport) ? (distance / 1000) * weight * (sport === "Walk" || sport === "Hike" ? 0.6 : 1.036) : sport === "Ride" ? hours * 550 : sport === "Swim" ? hours * 500 : hours * 300,
  );
  const sufferScore = heartrate ? Math.max(1, Math.round((movingTime / 60) * Math.max(0.05, ((heartrate.average - 95) / 55) ** 2) * 1.5)) : null;
  const visibility = input.visibility;
  const isFoot = FOOT_SPORTS.has(sport);

  return {
    id: input.id,
    athleteId: input.athleteId,
    seed: input.seed,
    sportType: sport,
    name: o.name ?? name ?? defaultName(sport, localHour),
    description: o.description !== undefined ? o.description : rng.chance(0.12) ? rng.pick(DESCRIPTIONS) : null,
    startEpoch: input.startEpoch,
    zone: place.zone,
    country: place.country,
    distance,
    movingTime,
    elapsedTime,
    totalElevationGain: route?.gain ?? 0,
    maxSpeed: round3(averageSpeed * (manual ? 1 : rng.range(1.25, 1.6))),
    trainer: o.trainer ?? trainer,
    manual,
    commute: o.commute ?? commute,
    visibility,
    gearId: input.gearId,
    workoutType: o.workoutType !== undefined ? o.workoutType : workoutType,
    heartrate,
    averageCadence: manual || cadence === null ? null : round1(isFoot ? cadence + rng.gaussish() * 0.8 : cadence),
    route,
    deviceName,
    externalId,
    uploadId,
    calories,
    sufferScore,
    kudosCount: visibility === "everyone" ? rng.int(0, 12) : visibility === "followers_only" ? rng.int(0, 5) : 0,
    achievementCount: isFoot && route ? rng.int(0, 2) : 0,
    prCount: isFoot && route && rng.chance(0.1) ? 1 : 0,
    recording: rng.chance(0.7) ? "every_second" : "smart",
  };
}
