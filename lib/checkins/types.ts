/**
 * Pain check-ins and what Patella reads from them. Everything in lib/checkins is pure: the API
 * reads the rows (db/queries/checkins.ts) and hands them here. Dates are calendar dates
 * (YYYY-MM-DD) in the runner's time zone. Patella educates; it never diagnoses.
 */

import type { KNEE_LOCATIONS, KNEE_SIDES, PAIN_TIMINGS, RED_FLAGS } from "@/db/schema";

// The enumerations live with the schema (like SPORTS); re-exported here for the pure code.
export { KNEE_LOCATIONS, KNEE_SIDES, PAIN_TIMINGS, RED_FLAGS } from "@/db/schema";

/** When the pain was felt: during the run, right after, the next morning, at rest. */
export type PainTiming = (typeof PAIN_TIMINGS)[number];
/** Where on the knee (educational regions of guidance-science.md §7, not diagnoses). */
export type KneeLocation = (typeof KNEE_LOCATIONS)[number];
export type KneeSide = (typeof KNEE_SIDES)[number];
/** The warning signs the check-in asks about; any yes points to a healthcare professional. */
export type RedFlag = (typeof RED_FLAGS)[number];

/** One check-in as the interpretation needs it. */
export interface CheckinFact {
  id: string;
  /** The instant of the check-in. */
  at: Date;
  /** `at` as a calendar date in the runner's time zone. */
  localDate: string;
  /** 0 (no pain) … 10 (worst imaginable), numeric rating scale. */
  pain: number;
  timing: PainTiming;
  /** The run it belongs to, if the runner linked one. */
  activityId: string | null;
  redFlags: RedFlag[];
  /** Pain during the run made the runner stop it (optional for older callers: false). */
  stoppedRun?: boolean;
}

/** One run as the interpretation needs it (from the load report's spikes). */
export interface RunFact {
  id: string;
  startTime: Date;
  localDate: string;
  distanceM: number;
  /** True when the run was more than 10% longer than the longest of the previous 30 days. */
  spike: boolean;
  surface: string | null;
  gearId: string | null;
}

// ---------------------------------------------------------------------------------------------
// Pain-monitoring model (Silbernagel et al. 2007; guidance-science.md §4)
// ---------------------------------------------------------------------------------------------

/** What breaks the model. */
export type PainModelBreakKind =
  /** Pain during or right after a run above 5/10 (R-PAIN-1). */
  | "over_5_with_running"
  /** Pain at rest above 5/10: beyond what the model allows even with running (Patella's reading). */
  | "over_5_at_rest"
  /** Next-morning pain above the pain before the run (R-PAIN-2). */
  | "not_settled_next_morning"
  /** The weekly median pain rose from one week to the next (R-PAIN-3, one rise: watch; two in a row: act). */
  | "rising_week_to_week";

export interface PainModelBreak {
  kind: PainModelBreakKind;
  /** The check-in that showed it (for the weekly rise: the latest check-in of the latest week). */
  checkinId: string;
  localDate: string;
  /** The measured pain (for the weekly rise: the latest weekly median). */
  pain: number;
  /** What it was compared with: 5 for over_5, the baseline for not_settled, the previous weekly median for rising. */
  comparedWith: number;
  /** A plain sentence in Patella's own words. */
  reason: string;
}

export interface PainModelResult {
  /**
   * "not_enough_data" without a check-in in the window; "reduce_load" when any break is present,
   * "watch" when the only break is a single week-to-week rise, otherwise "ok".
   */
  status: "ok" | "watch" | "reduce_load" | "not_enough_data";
  breaks: PainModelBreak[];
  /** Check-ins read (those in the window). */
  checkins: number;
  /** Highest pain in the window, or null. */
  highestPain: number | null;
}

// ---------------------------------------------------------------------------------------------
// Injury episodes
// ---------------------------------------------------------------------------------------------

export interface EpisodeOptions {
  /** A day counts as painful when its highest pain is at least this (default 3). */
  threshold: number;
  /** Painful days at most this many days apart belong to one episode (default 3: two days without a check-in may sit between). */
  maxGapDays: number;
  /** An episode needs at least this many painful days (default 2). */
  minDays: number;
}

export interface Episode {
  /** First and last painful day. */
  start: string;
  end: string;
  painfulDays: number;
  peakPain: number;
  /** True when the episode has not been closed: no check-in below the threshold after `end`, and `today` is within maxGapDays of `end`. */
  ongoing: boolean;
}

/** The highest pain recorded on each day that has a check-in. */
export interface DailyPain {
  date: string;
  /** Highest pain of the day. */
  pain: number;
  /** How many check-ins that day. */
  checkins: number;
}

/** The runner's latest check-in, as the episode card leads with it. */
export interface LatestCheckin {
  localDate: string;
  pain: number;
  timing: PainTiming;
}

export interface ReturnToRun {
  /** The latest episode (ongoing, or ended in the last 30 days). */
  episode: Episode;
  /** Days from the episode's start to today (the start day is day 0). */
  daysSinceStart: number;
  /** Median daily pain of the episode's first 7 days and of the last 7 days up to today (null without check-ins). */
  firstWeekMedian: number | null;
  lastWeekMedian: number | null;
  /**
   * "improving" when the last 7 days' median is 2 points or 30% lower (Farrar et al. 2001) and the
   * latest check-in is below the first week's median, "worse" when the median is at least 2 points
   * higher, else "unchanged"; null when a median is missing.
   */
  trend: "improving" | "unchanged" | "worse" | null;
  /** The runner's latest check-in (it may come after the episode ended), or null. */
  latest: LatestCheckin | null;
  /** Runs since the episode's start (inclusive): count and distance. */
  runsSince: number;
  distanceSinceM: number;
}

// ---------------------------------------------------------------------------------------------
// Patterns: does pain tend to follow something? Comparisons, never causes.
// ---------------------------------------------------------------------------------------------

export type PatternFactor = "spike" | "long_run" | "surface" | "shoes";

export interface GroupStats {
  label: string;
  /** Runs in the group that had a next-morning pain. */
  n: number;
  /** Median next-morning pain, or null when n = 0. */
  median: number | null;
}

export interface PatternComparison {
  factor: PatternFactor;
  /** e.g. "Runs with a spike" vs "Runs without"; for surface/shoes: the value vs every other. */
  with: GroupStats;
  without: GroupStats;
  /** with.median − without.median, or null when not enough data. */
  difference: number | null;
  /** False when either group has fewer than the minimum observations. */
  enoughData: boolean;
}
