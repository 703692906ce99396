import { buildActivity, type ActivityRecord, type BuildInput, type RouteLibrary } from "./activities";
import { gearOf, homeOf, TRIP_PLACES, type FakeAthlete, type GearSpec, type Place } from "./athletes";
import { hashSeed, Prng } from "./prng";
import { localToEpoch } from "./time";
import type { SportType, Visibility } from "./types";

/**
 * A whole history for one athlete: which days have activities (uniformly at random, at most three a
 * day, in the morning, at lunch or in the evening, on the local clock), trips to other time zones,
 * the sport of each and the shoes it wears. Each activity gets its own seed from (athlete seed,
 * index), so it can be rebuilt alone and its streams regenerated later.
 */

type Kind = "Run" | "TrailRun" | "VirtualRun" | "ManualRun" | "Ride" | "Swim" | "Walk" | "WeightTraining";
const HOME_WEIGHTS: Record<Kind, number> = { Run: 52, TrailRun: 8, VirtualRun: 6, ManualRun: 3, Ride: 12, Swim: 6, Walk: 8, WeightTraining: 5 };
const TRIP_WEIGHTS: Partial<Record<Kind, number>> = { Run: 70, Walk: 25, WeightTraining: 5 };

/** Hours (local) an activity may start at, per slot of the day. */
const SLOTS: readonly [number, number][] = [
  [6, 8.5], // morning
  [12, 13], // lunch
  [17.5, 20], // evening
];
const SLOT_INDEX = { morning: 0, lunch: 1, evening: 2 } as const;
const ONE_SLOT_WEIGHTS = { morning: 50, lunch: 15, evening: 35 };

export interface HistoryOptions {
  count: number;
  /** Nothing in the history ends after this instant (epoch seconds). */
  end: number;
  /** 0–15: keeps ids of different athletes apart (see activityId). */
  salt: number;
}

/**
 * Activity ids grow with time like Strava's (about 1.4e10 in 2025), and never collide between
 * athletes: sixteen id slots per second of start time, one per athlete salt.
 */
export function activityId(startEpoch: number, salt: number): number {
  return (startEpoch - 1_000_000_000) * 16 + (salt & 15);
}

export function generateHistory(athlete: FakeAthlete, options: HistoryOptions, routes: RouteLibrary): ActivityRecord[] {
  const spec = athlete.history;
  const count = options.count;
  if (count <= 0) return [];
  const seed = spec?.seed ?? athlete.id;
  const rng = new Prng(hashSeed(seed, 0x415));
  const years = spec?.years ?? Math.min(8, Math.max(count / 450, 0.1));
  const days = Math.max(1, Math.round(years * 365.25));
  if (count > days * SLOTS.length) throw new Error(`${count} activities do not fit in ${days} days (at most ${SLOTS.length} a day)`);
  const lastDay = Math.floor(options.end / 86400) - 1;
  const firstDay = lastDay - days + 1;
  const home = homeOf(athlete);
  const gear = gearOf(athlete);
  const privateShare = spec?.privateShare ?? 0.06;
  const followersShare = spec?.followersShare ?? 0.1;

  // Which days get activities: uniformly at random, at most three a day.
  const perDay = new Uint8Array(days);
  for (let i = 0; i < count; i++) {
    let d = Math.floor(rng.next() * days);
    while (perDay[d]! >= SLOTS.length) d = (d + 1) % days;
    perDay[d]!++;
  }

  // A couple of trips a year, to another time zone.
  const trips: { from: number; to: number; place: Place }[] = [];
  if (spec?.trips !== false) {
    const away = TRIP_PLACES.filter((p) => p.zone !== home.zone);
    for (let y = 0; y < Math.ceil(years) * 2; y++) {
      const from = rng.int(0, days - 1);
      trips.push({ from, to: from + rng.int(4, 9), place: rng.pick(away) });
    }
  }

  const roadShoes = gear.filter((g) => g.kind === "shoe" && !g.trail);
  const trailShoe = gear.find((g) => g.kind === "shoe" && g.trail && !g.retired) ?? roadShoes[roadShoes.length - 1];
  const bike = gear.find((g) => g.kind === "bike" && !g.retired);
  const roadShoeAt = (fraction: number): GearSpec | undefined => roadShoes[Math.min(roadShoes.length - 1, Math.floor(fraction * roadShoes.length))];

  const out: ActivityRecord[] = [];
  let index = 0;
  for (let d = 0; d < days; d++) {
    const k = perDay[d]!;
    if (k === 0) continue;
    const place = trips.find((t) => d >= t.from && d <= t.to)?.place ?? home;
    const dayStart = (firstDay + d) * 86400;
    const weekday = new Date(dayStart * 1000).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    // Which slots: one activity is usually in the morning or evening, two take both.
    const slots = k === 3 ? [0, 1, 2] : k === 2 ? (rng.chance(0.75) ? [0, 2] : [1, 2]) : [SLOT_INDEX[rng.weighted(ONE_SLOT_WEIGHTS)]];
    for (const slot of slots) {
      const [h0, h1] = SLOTS[slot]!;
      const hour = weekend && slot === 0 ? rng.range(7.5, 10) : rng.range(h0, h1);
      const wall = dayStart + Math.floor(hour * 3600);
      let startEpoch = localToEpoch(place.zone, wall);
      const actSeed = hashSeed(seed, index, 0xac7);
      const kind = new Prng(actSeed ^ 0x51).weighted<Kind>(place === home ? HOME_WEIGHTS : TRIP_WEIGHTS);
      const sport: SportType = kind === "ManualRun" ? "Run" : kind;
      const fraction = (d + 0.5) / days;
      const vr = new Prng(actSeed ^ 0x7a);
      const v = vr.next();
      const visibility: Visibility = v < privateShare ? "only_me" : v < privateShare + followersShare ? "followers_only" : "everyone";
      let gearSpec: GearSpec | undefined;
      if (sport === "Run" || sport === "VirtualRun") gearSpec = vr.chance(0.96) ? roadShoeAt(fraction) : undefined;
      else if (sport === "TrailRun") gearSpec = trailShoe;
      else if (sport === "Ride") gearSpec = vr.chance(0.95) ? bike : undefined;
      const input: BuildInput = {
        id: activityId(startEpoch, options.salt),
        athleteId: athlete.id,
        seed: actSeed,
        sport,
        manual: kind === "ManualRun",
        startEpoch,
        place,
        routes,
        fitness: fraction,
        weightKg: athlete.weight ?? 65,
        visibility,
        gearId: gearSpec?.id ?? null,
      };
      let record = buildActivity(input);
      // An evening west of Greenwich can end after `end` (UTC midnight has passed there): a day earlier.
      if (record.startEpoch + record.elapsedTime > options.end) {
        startEpoch -= 86400;
        record = buildActivity({ ...input, id: activityId(startEpoch, options.salt), startEpoch });
      }
      out.push(record);
      index++;
    }
  }
  out.sort((a, b) => a.startEpoch - b.startEpoch || a.id - b.id);
  return out;
}

