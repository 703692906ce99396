import { buildActivity, RouteLibrary, type ActivityOverrides, type ActivityRecord } from "./activities";
import { gearName, gearOf, homeOf, type FakeAthlete, type GearSpec } from "./athletes";
import { activityId, generateHistory } from "./history";
import { hashSeed } from "./prng";
import type { DetailedGearJson, SportType, SummaryGearJson, Visibility } from "./types";

/**
 * Every athlete's activities and gear, mutable through the control API so Patella's sync and
 * webhook handling can be tested end to end. Activities are kept sorted by start time (oldest
 * first) per athlete; listing walks that array from the newest end, as Strava lists newest first.
 */

interface AthleteEntry {
  athlete: FakeAthlete;
  salt: number;
  routes: RouteLibrary;
  gear: GearSpec[];
  activities: ActivityRecord[];
}

export interface ListQuery {
  before?: number;
  after?: number;
  page: number;
  perPage: number;
  includePrivate: boolean;
}

/** What the control API and POST /activities may set on a new activity. */
export interface NewActivity extends ActivityOverrides {
  sportType?: SportType;
  startEpoch?: number;
  manual?: boolean;
  visibility?: Visibility;
  gearId?: string | null;
}

/** What the control API may change on an existing activity. */
export interface ActivityChanges {
  name?: string;
  sportType?: SportType;
  visibility?: Visibility;
  description?: string | null;
  gearId?: string | null;
  commute?: boolean;
  trainer?: boolean;
}

export class ActivityStore {
  private readonly entries = new Map<number, AthleteEntry>();
  private readonly byId = new Map<number, ActivityRecord>();

  constructor(athletes: readonly FakeAthlete[], options: { activitiesPerAthlete?: number; historyEnd: number }) {
    athletes.forEach((athlete, i) => {
      const salt = i % 16;
      const routes = new RouteLibrary(athlete.history?.seed ?? athlete.id);
      const count = options.activitiesPerAthlete ?? athlete.history?.activities ?? 0;
      const entry: AthleteEntry = { athlete, salt, routes, gear: gearOf(athlete), activities: [] };
      this.entries.set(athlete.id, entry);
      for (const rec of generateHistory(athlete, { count, end: options.historyEnd, salt }, routes)) this.insert(entry, rec);
    });
  }

  athletes(): FakeAthlete[] {
    return [...this.entries.values()].map((e) => e.athlete);
  }

  athlete(id: number): FakeAthlete | undefined {
    return this.entries.get(id)?.athlete;
  }

  get(id: number): ActivityRecord | undefined {
    return this.byId.get(id);
  }

  /**
   * When the athlete joined Strava (the summary athlete's created_at): a day before their first
   * activity, or `fallback` (epoch s) without any.
   */
  joinedAt(athleteId: number, fallback: number): number {
    const first = this.entries.get(athleteId)?.activities[0];
    return first ? first.startEpoch - 86_400 : fallback;
  }

  /** All of an athlete's activities, oldest first (for tests and the control API). */
  activitiesOf(athleteId: number): readonly ActivityRecord[] {
    return this.entries.get(athleteId)?.activities ?? [];
  }

  private insert(entry: AthleteEntry, rec: ActivityRecord): ActivityRecord {
    // Two activities of different athletes cannot share an id slot, but a created activity may
    // land on a generated one's start second: step to the next free id of this athlete's salt.
    while (this.byId.has(rec.id)) rec.id += 16;
    this.byId.set(rec.id, rec);
    const list = entry.activities;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = list[mid]!;
      if (m.startEpoch < rec.startEpoch || (m.startEpoch === rec.startEpoch && m.id < rec.id)) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, rec);
    return rec;
  }

  /** One page of GET /athlete/activities: newest first, before/after exclusive, private filtered. */
  list(athleteId: number, q: ListQuery): ActivityRecord[] {
    const list = this.entries.get(athleteId)?.activities ?? [];
    const skip = (q.page - 1) * q.perPage;
    const out: ActivityRecord[] = [];
    let seen = 0;
    for (let i = list.length - 1; i >= 0 && out.length < q.perPage; i--) {
      const rec = list[i]!;
      if (q.before !== undefined && rec.startEpoch >= q.before) continue;
      if (q.after !== undefined && rec.startEpoch <= q.after) break;
      if (rec.visibility === "only_me" && !q.includePrivate) continue;
      if (seen++ >= skip) out.push(rec);
    }
    return out;
  }

  create(athleteId: number, input: NewActivity, now: number): ActivityRecord {
    const entry = this.entries.get(athleteId);
    if (!entry) throw new Error(`unknown athlete ${athleteId}`);
    const sport = input.sportType ?? "Run";
    const elapsedGuess = input.elapsedTime ?? input.movingTime ?? 3600;
    const startEpoch = input.startEpoch ?? now - elapsedGuess - 600;
    // Ids of new activities follow the upload time (now), like Strava's, not the start time.
    const last = entry.activities.reduce((max, a) => Math.max(max, a.id), 0);
    const id = Math.max(activityId(now, entry.salt), last + 16);
    const manual = input.manual ?? false;
    const gearId =
      input.gearId !== undefined ? input.gearId : sport === "Run" || sport === "VirtualRun" ? (entry.gear.find((g) => g.kind === "shoe" && !g.retired && !g.trail)?.id ?? null) : null;
    const rec = buildActivity({
      id,
      athleteId,
      seed: hashSeed(id, 0xc4ea7e),
      sport,
      manual,
      startEpoch,
      place: homeOf(entry.athlete),
      routes: entry.routes,
      fitness: 1,
      weightKg: entry.athlete.weight ?? 65,
      visibility: input.visibility ?? "everyone",
      gearId,
      overrides: input,
    });
    return this.insert(entry, rec);
  }

  /** Applies the changes in place; returns a copy of the activity as it was before. */
  update(id: number, changes: ActivityChanges): { before: ActivityRecord; after: ActivityRecord } | undefined {
    const rec = this.byId.get(id);
    if (!rec) return undefined;
    const before = { ...rec };
    if (changes.name !== undefined) rec.name = changes.name;
    if (changes.sportType !== undefined) rec.sportType = changes.sportType;
    if (changes.visibility !== undefined) rec.visibility = changes.visibility;
    if (changes.description !== undefined) rec.description = changes.description;
    if (changes.gearId !== undefined) rec.gearId = changes.gearId;
    if (changes.commute !== undefined) rec.commute = changes.commute;
    if (changes.trainer !== undefined) rec.trainer = changes.trainer;
    return { before, after: rec };
  }

  delete(id: number): ActivityRecord | undefined {
    const rec = this.byId.get(id);
    if (!rec) return undefined;
    this.byId.delete(id);
    const list = this.entries.get(rec.athleteId)?.activities;
    const at = list?.indexOf(rec) ?? -1;
    if (list && at >= 0) list.splice(at, 1);
    return rec;
  }

  // -------------------------------------------------------------------------------------------
  // Gear: distance is the sum over the activities that wear it, so edits show up at once.

  gearOf(athleteId: number): GearSpec[] {
    return this.entries.get(athleteId)?.gear ?? [];
  }

  findGear(gearId: string): { owner: number; gear: GearSpec } | undefined {
    for (const [owner, entry] of this.entries) {
      const gear = entry.gear.find((g) => g.id === gearId);
      if (gear) return { owner, gear };
    }
    return undefined;
  }

  private gearDistance(athleteId: number, gearId: string): number {
    let total = 0;
    for (const a of this.activitiesOf(athleteId)) if (a.gearId === gearId) total += a.distance;
    return Math.round(total * 10) / 10;
  }

  /** The shoe or bike in use most recently is the primary one. */
  private primaryGear(athleteId: number, kind: GearSpec["kind"]): string | null {
    const list = this.activitiesOf(athleteId);
    for (let i = list.length - 1; i >= 0; i--) {
      const g = list[i]!.gearId;
      if (g && this.gearOf(athleteId).some((s) => s.id === g && s.kind === kind && !s.retired && !s.trail)) return g;
    }
    return this.gearOf(athleteId).find((s) => s.kind === kind && !s.retired)?.id ?? null;
  }

  summaryGear(athleteId: number, g: GearSpec): SummaryGearJson {
    const distance = this.gearDistance(athleteId, g.id);
    return {
      id: g.id,
      primary: this.primaryGear(athleteId, g.kind) === g.id,
      name: gearName(g),
      nickname: g.nickname ?? null,
      resource_state: 2,
      retired: g.retired ?? false,
      distance,
      converted_distance: Math.round(distance / 100) / 10,
    };
  }

  detailedGear(athleteId: number, g: GearSpec): DetailedGearJson {
    const json: DetailedGearJson = {
      ...this.summaryGear(athleteId, g),
      resource_state: 3,
      brand_name: g.brand_name,
      model_name: g.model_name,
      description: g.description ?? null,
      notification_distance: g.kind === "shoe" ? 800 : null,
    };
    if (g.kind === "bike") json.frame_type = 3;
    return json;
  }
}
