import type { Sport, Surface } from "@/db/schema";

/**
 * The load model's input and output shapes. Everything in lib/load is pure: the API reads the
 * rows from the database (db/queries/load.ts) and hands them here with the runner's profile.
 * Dates are calendar dates (YYYY-MM-DD) in the runner's time zone; distances in metres, times in
 * seconds, loads in arbitrary units (AU).
 */

/** One activity as the load model needs it (no streams). */
export interface LoadActivity {
  id: string;
  name: string;
  sport: Sport;
  startTime: Date;
  /** Start date in the runner's current time zone: the day the activity belongs to. */
  localDate: string;
  distanceM: number;
  movingS: number;
  elevGainM: number | null;
  avgHr: number | null;
  /** Session RPE on the CR-10 scale (0–10), when the runner gave one. */
  rpe: number | null;
  avgCadenceSpm: number | null;
  surface: Surface | null;
  /** The shoes (gear id) the run was recorded with, when known. */
  gearId: string | null;
}

export interface RunnerProfile {
  timeZone: string;
  sex: "female" | "male" | null;
  hrRest: number | null;
  hrMax: number | null;
}

/** How a session's load was computed, strongest first. */
export type LoadMethod = "srpe" | "trimp" | "duration";

/** How many sessions of a report's window each stronger method could rate (duration rates all). */
export interface LoadCoverage {
  sessions: number;
  srpe: number;
  trimp: number;
}

export interface SessionLoad {
  activityId: string;
  load: number;
  method: LoadMethod;
}

/** Week-over-week change of running distance, in the bands the guidance talks about. */
export type ChangeBand = "decrease" | "up_to_10" | "10_to_30" | "over_30";

export interface WeekSummary {
  /** Monday of the week. */
  weekStart: string;
  runDistanceM: number;
  runMovingS: number;
  runs: number;
  longestRunM: number;
  elevGainM: number;
  /** Days of the week with no activity at all (only days up to `today` count in the current week). */
  restDays: number;
  /** Longest streak of consecutive days with a run, within the week. */
  maxRunStreakDays: number;
  crossTrainingMin: number;
  /** Sum of session loads (running and cross-training, all by the report's one `loadMethod`) and how many sessions used each method. */
  load: number;
  loadMethods: Record<LoadMethod, number>;
  /** Running distance against the previous week (this / previous − 1); null when the previous week had none. */
  distanceChange: number | null;
  changeBand: ChangeBand | null;
  /** Foster's monotony (mean / SD of the 7 daily loads) and strain (weekly load × monotony); null when SD = 0. */
  monotony: number | null;
  strain: number | null;
}

/** Frandsen et al. 2025 bands of a run's distance against the longest run of the previous 30 days. */
export type SpikeBand = "none" | "small" | "moderate" | "large" | "no_recent_runs";

export interface RunSpike {
  activityId: string;
  name: string;
  localDate: string;
  startTime: Date;
  distanceM: number;
  movingS: number;
  /** Average cadence in steps per minute, when the recording had it. */
  avgCadenceSpm: number | null;
  surface: Surface | null;
  gearId: string | null;
  /** Longest run with a start in [start − 30 days, start); null when there was none. */
  longestPrev30dM: number | null;
  /** distance / longest − 1; null without a previous run. */
  spike: number | null;
  band: SpikeBand;
}

export interface DailyPoint {
  date: string;
  load: number;
  /** Rolling coupled (7 d / 28 d ÷ 4), uncoupled (7 d / days 8–28 ÷ 3) and EWMA (λ 2/8 and 2/29) ratios; null before 28 days of data or when the chronic load is 0. */
  acwrCoupled: number | null;
  acwrUncoupled: number | null;
  acwrEwma: number | null;
  /** Coggan's CTL (42-day EWMA of daily load), ATL (7-day) and TSB = CTL − ATL (from yesterday's values). */
  fitness: number;
  fatigue: number;
  form: number;
}

export interface LoadReport {
  timeZone: string;
  /** First Monday shown and the last day shown (inclusive). */
  from: string;
  to: string;
  /** Date of the runner's first recorded activity, or null. */
  dataStart: string | null;
  /**
   * The one method of every session load, daily load, ratio and fitness value of the report: the
   * strongest that covers every session of the window (the lookback and the range), else duration.
   */
  loadMethod: LoadMethod;
  /** How many sessions of that window each stronger method could rate. */
  loadCoverage: LoadCoverage;
  weeks: WeekSummary[];
  /** Every run in [from, to], in time order, with its spike band. */
  spikes: RunSpike[];
  daily: DailyPoint[];
  sessions: SessionLoad[];
}

export interface LoadInput {
  /** Activities from at least 120 days before `from` up to `to` (the model needs the lookback). */
  activities: LoadActivity[];
  profile: RunnerProfile;
  /** A Monday. */
  from: string;
  /** Last day shown, inclusive. */
  to: string;
  /** The runner's today (days after it are not counted as rest days). */
  today: string;
  /** Date of the runner's first activity ever (for "enough data" decisions), or null. */
  dataStart: string | null;
}
