import type { LoadReport, RunSpike, SpikeBand, WeekSummary } from "@/lib/load/types";
import { addDays, mondayOf } from "@/lib/load/weeks";
import type { GuidanceContext, GuidanceShoe } from "./types";

/**
 * Small LoadReports for the guidance tests. TODAY is a Wednesday: the current week starts
 * 2026-05-11 and the last complete week is the one from 2026-05-04.
 */
export const TODAY = "2026-05-13";
export const CURRENT_WEEK = "2026-05-11";
export const LAST_COMPLETE_WEEK = "2026-05-04";

export function week(weekStart: string, overrides: Partial<WeekSummary> = {}): WeekSummary {
  return {
    weekStart,
    runDistanceM: 20_000,
    runMovingS: 7_200,
    runs: 3,
    longestRunM: 8_000,
    elevGainM: 100,
    restDays: 3,
    maxRunStreakDays: 1,
    crossTrainingMin: 0,
    load: 900,
    loadMethods: { srpe: 0, trimp: 0, duration: 3 },
    distanceChange: 0,
    changeBand: "decrease",
    monotony: 1.1,
    strain: 990,
    ...overrides,
  };
}

/** The same band edges as the load model (Frandsen et al. 2025). */
function band(spike: number | null): SpikeBand {
  if (spike === null) return "no_recent_runs";
  if (spike <= 0.1) return "none";
  if (spike <= 0.3) return "small";
  if (spike <= 1) return "moderate";
  return "large";
}

let nextId = 0;

/** A run of `km` on `localDate` whose longest run in the previous 30 days was `longestKm` (null: none). */
export function run(localDate: string, km: number, longestKm: number | null, extra: Record<string, unknown> = {}): RunSpike {
  const distanceM = km * 1000;
  const longestPrev30dM = longestKm === null ? null : longestKm * 1000;
  const spike = longestPrev30dM === null ? null : distanceM / longestPrev30dM - 1;
  nextId += 1;
  return {
    activityId: `run-${nextId}`,
    name: `Run ${nextId}`,
    localDate,
    startTime: new Date(`${localDate}T07:00:00Z`),
    distanceM,
    movingS: km * 330,
    avgCadenceSpm: null,
    surface: null,
    gearId: null,
    longestPrev30dM,
    spike,
    band: band(spike),
    ...extra,
  };
}

export interface ReportOptions {
  today?: string;
  /** Overrides per week, by Monday. */
  weeks?: Record<string, Partial<WeekSummary>>;
  spikes?: RunSpike[];
  dataStart?: string | null;
}

/** 12 weeks ending with the week of `today`, every week the same unless overridden. */
export function report({ today = TODAY, weeks = {}, spikes = [], dataStart = "2025-01-06" }: ReportOptions = {}): LoadReport {
  const current = mondayOf(today);
  const mondays = Array.from({ length: 12 }, (_, i) => addDays(current, -7 * (11 - i)));
  return {
    timeZone: "Europe/Copenhagen",
    from: mondays[0]!,
    to: today,
    dataStart,
    loadMethod: "duration",
    loadCoverage: { sessions: 0, srpe: 0, trimp: 0 },
    weeks: mondays.map((m) => week(m, weeks[m])),
    spikes: [...spikes].sort((a, b) => (a.localDate < b.localDate ? -1 : a.localDate > b.localDate ? 1 : 0)),
    daily: [],
    sessions: [],
  };
}

/** A pair of shoes with `km` on it, in use and not primary unless told. */
export function shoe(name: string, km: number, options: Partial<Omit<GuidanceShoe, "name" | "distanceM">> = {}): GuidanceShoe {
  return { name, distanceM: km * 1000, primary: false, retired: false, ...options };
}

/** The default context with these shoes recorded (none: `gear: null`, as for a runner without Strava shoes). */
export function withShoes(shoes: GuidanceShoe[], ctx: GuidanceContext = context()): GuidanceContext {
  return { ...ctx, gear: shoes.length > 0 ? { shoes } : null };
}

export function context(loadReport: LoadReport = report(), today = TODAY): GuidanceContext {
  return {
    report: loadReport,
    profile: { timeZone: loadReport.timeZone, sex: null, hrRest: null, hrMax: null },
    today,
    units: "km",
    checkins: null,
    gear: null,
    surfaces: null,
  };
}
