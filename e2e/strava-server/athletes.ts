import { hashSeed } from "./prng";

/**
 * The people who can "log in" on the stand-in's consent page, their gear and the shape of their
 * generated history. Everything but id and names is optional so tests can declare an athlete in
 * one line; the defaults put a runner in Paris with three pairs of shoes and a bike.
 */

export interface Place {
  /** IANA zone, e.g. "Europe/Paris". */
  zone: string;
  lat: number;
  lng: number;
  /** Metres above sea level at the usual start point. */
  altitude: number;
  country: string;
}

export interface GearSpec {
  /** Strava's gear ids: "g…" for shoes, "b…" for bikes. */
  id: string;
  kind: "shoe" | "bike";
  brand_name: string;
  model_name: string;
  nickname?: string;
  description?: string;
  retired?: boolean;
  /** Trail shoes are worn on TrailRun; road shoes share the other runs, oldest first in time. */
  trail?: boolean;
}

export interface HistorySpec {
  /** How many activities to generate (overridden by the server option activitiesPerAthlete). */
  activities: number;
  /** Over how many years, ending at the server's historyEnd; default about 450 activities a year, 1–8 years. */
  years?: number;
  /** Seed of the generator; default the athlete id. Same seed, same end → same activities. */
  seed?: number;
  /** Share of "Only You" activities (default 0.06) and of "Followers" ones (default 0.1). */
  privateShare?: number;
  followersShare?: number;
  /** Trips away from home, a couple a year (default true): other time zones and routes. */
  trips?: boolean;
}

export interface FakeAthlete {
  id: number;
  firstname: string;
  lastname: string;
  city?: string;
  country?: string;
  sex?: "M" | "F";
  /** Home: time zone and usual start point. Default Paris. */
  home?: Partial<Place>;
  /** Kilograms; in the detailed athlete and used for calories. */
  weight?: number;
  measurementPreference?: "meters" | "feet";
  /** Shoes and bikes; default three pairs of shoes (one retired, one for trails) and a bike. */
  gear?: GearSpec[];
  /** No history unless given here or by the server option activitiesPerAthlete. */
  history?: HistorySpec;
}

export const PARIS: Place = { zone: "Europe/Paris", lat: 48.8566, lng: 2.3522, altitude: 35, country: "France" };

/** Places for trips; a trip never goes to the athlete's own time zone. */
export const TRIP_PLACES: readonly Place[] = [
  { zone: "Europe/London", lat: 51.5074, lng: -0.1278, altitude: 20, country: "United Kingdom" },
  { zone: "America/New_York", lat: 40.7812, lng: -73.9665, altitude: 30, country: "United States" },
  { zone: "Europe/Madrid", lat: 41.3874, lng: 2.1686, altitude: 15, country: "Spain" },
  { zone: "Asia/Tokyo", lat: 35.6812, lng: 139.7671, altitude: 40, country: "Japan" },
  PARIS,
];

export function homeOf(a: FakeAthlete): Place {
  return { ...PARIS, country: a.country ?? PARIS.country, ...a.home };
}

function gearId(prefix: "g" | "b", athleteId: number, k: number): string {
  return `${prefix}${10_000_000 + (hashSeed(athleteId, k, 0x6ea2) % 90_000_000)}`;
}

export function defaultGear(athleteId: number): GearSpec[] {
  return [
    { id: gearId("g", athleteId, 1), kind: "shoe", brand_name: "Nike", model_name: "Pegasus 38", retired: true },
    { id: gearId("g", athleteId, 2), kind: "shoe", brand_name: "Brooks", model_name: "Ghost 15" },
    { id: gearId("g", athleteId, 3), kind: "shoe", brand_name: "Hoka", model_name: "Speedgoat 5", nickname: "Mud shoes", trail: true },
    { id: gearId("b", athleteId, 4), kind: "bike", brand_name: "Canyon", model_name: "Endurace CF 7", nickname: "Blue" },
  ];
}

export function gearOf(a: FakeAthlete): GearSpec[] {
  return a.gear ?? defaultGear(a.id);
}

/** Strava's gear `name`: the nickname if there is one, otherwise brand and model. */
export function gearName(g: GearSpec): string {
  return g.nickname ?? `${g.brand_name} ${g.model_name}`;
}

/** The athletes the development and e2e servers start with. */
export const DEFAULT_ATHLETES: FakeAthlete[] = [
  {
    id: 1234567,
    firstname: "Ada",
    lastname: "Runner",
    city: "Paris",
    country: "France",
    sex: "F",
    weight: 58,
    home: PARIS,
    history: { activities: 3000, years: 6 },
  },
  {
    id: 7654321,
    firstname: "Bo",
    lastname: "Trail",
    city: "Boulder",
    country: "United States",
    sex: "M",
    weight: 72,
    measurementPreference: "feet",
    home: { zone: "America/Denver", lat: 40.015, lng: -105.2705, altitude: 1655, country: "United States" },
    history: { activities: 600, years: 2 },
  },
];
