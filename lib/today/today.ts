import { dailyPain, detectEpisodes, RETURN_TO_RUN_DAYS, returnToRun } from "@/lib/checkins/episodes";
import { runFactsOf, type OpenRedFlag } from "@/lib/checkins/insights";
import { runsNotSettledByMorning } from "@/lib/checkins/pain-model";
import type { CheckinFact, Episode, PainTiming } from "@/lib/checkins/types";
import { runSpikes, SPIKE_WINDOW_MS } from "@/lib/load/spikes";
import type { LoadActivity, RunSpike, SpikeBand } from "@/lib/load/types";
import { addDays, localDateOf, mondayOf, startOfLocalDay } from "@/lib/load/weeks";

/**
 * A runner's "today": the answer to the first question, computed once (design §3). Pure: the
 * caller (lib/today/for-runner.ts) reads the rows. Every spike here is read from runSpikes, the
 * one implementation of Frandsen et al. 2025's single-run spike.
 *
 * The next-run ceiling is 1.10 × the longest run that started in the 30 × 24 h before the next
 * run (a run up to 10% longer is "no spike"). The next run is taken to start now; with no new run,
 * the ceiling next changes when the longest run leaves the window (its start + 30 days).
 */

/** A run up to 10% longer than the 30-day longest is not a spike (spikeBand's "none"). */
export const CEILING_FACTOR = 1.1;
/** A run of the last 36 h without a check-in is asked about (the pain-monitoring model's next-morning window). */
export const CHECKIN_ASK_MS = 36 * 3_600_000;

export interface TodayRun {
  activityId: string;
  name: string;
  localDate: string;
  startTime: Date;
  distanceM: number;
  longestPrev30dM: number | null;
  spike: number | null;
  band: SpikeBand;
}

export interface RunRef {
  activityId: string;
  name: string;
  localDate: string;
  distanceM: number;
}

/**
 * - `longest_30d`: 1.10 × the longest run of the last 30 days;
 * - `after_pain`: a pain episode is open or ended recently: 1.10 × the longest run since it began
 *   that did not leave the next morning worse;
 * - `no_recent_runs` / `no_run_since_pain`: no reference, so no number;
 * - `held`: a warning sign is open; no ceiling until a professional has seen the knee.
 */
export type CeilingBasis = "longest_30d" | "after_pain" | "no_recent_runs" | "no_run_since_pain" | "held";

export interface CeilingChange {
  /** The instant the ceiling changes (the reference leaves the window, or the episode stops counting), and its local date. */
  at: Date;
  localDate: string;
  /** The run leaving the 30-day window, when that is the change. */
  leaving: RunRef | null;
  /** The ceiling from then on, or null when no run will be left to measure against. */
  ceilingM: number | null;
}

export interface Ceiling {
  basis: CeilingBasis;
  ceilingM: number | null;
  reference: RunRef | null;
  /** after_pain / no_run_since_pain: the episode read, and the 30-day longest it replaces. */
  episode: Pick<Episode, "start" | "end" | "ongoing" | "peakPain"> | null;
  longest30d: RunRef | null;
  /** The longest run since the episode began, when it was left out because the next morning was worse. */
  excluded: RunRef | null;
  nextChange: CeilingChange | null;
}

export interface WeekTotals {
  weekStart: string;
  distanceM: number;
  runs: number;
}

export interface TodayCheckin {
  checkinId: string;
  at: Date;
  localDate: string;
  pain: number;
  timing: PainTiming;
}

export interface Today {
  today: string;
  timeZone: string;
  latestRun: TodayRun | null;
  ceiling: Ceiling;
  /** This week up to today ("so far": never compared as a finished week) and the whole of last week. */
  week: { soFar: WeekTotals; lastWeek: WeekTotals; lastWeekToSameDayM: number };
  lastCheckin: TodayCheckin | null;
  /** The newest run of the last 36 h without a check-in after it, when there is one. */
  checkinDue: RunRef | null;
  /** The newest open warning sign: while there is one, `ceiling.basis` is "held". */
  openRedFlag: OpenRedFlag | null;
  /** Until when this answer holds with no new data (the next change, the end of a 36-h ask, or local midnight). */
  validUntil: Date;
}

export interface TodayInput {
  now: Date;
  timeZone: string;
  /**
   * Activities (any sport, duplicates excluded) from at least 30 days before the earliest of: the
   * latest run, now, last week's Monday, and the start of the latest pain episode; up to now.
   */
  activities: readonly LoadActivity[];
  /** Check-ins from at least 120 days back (episodes look back) up to now. */
  checkins: readonly CheckinFact[];
  /** Warning signs not yet marked seen, newest first. */
  openRedFlags: readonly OpenRedFlag[];
}

function refOf(r: Pick<RunSpike, "activityId" | "name" | "localDate" | "distanceM">): RunRef {
  return { activityId: r.activityId, name: r.name, localDate: r.localDate, distanceM: r.distanceM };
}

const ALL_DATES = ["0000-01-01", "9999-12-31"] as const;

/** Every run of `activities` with its spike, in start order (runSpikes over the whole input). */
export function allRunSpikes(activities: readonly LoadActivity[]): RunSpike[] {
  return runSpikes(activities, ...ALL_DATES);
}

const PROBE_ID = "\u0000next-run";

/**
 * The longest run that started in the 30 days before `instant`, read with runSpikes itself: a
 * run of no distance at `instant` (no distance never counts as a longest) asks for its window.
 */
export function longestBefore(activities: readonly LoadActivity[], instant: Date, timeZone: string): number | null {
  const localDate = localDateOf(instant, timeZone);
  const probe: LoadActivity = {
    id: PROBE_ID,
    name: "",
    sport: "run",
    startTime: instant,
    localDate,
    distanceM: 0,
    movingS: 0,
    elevGainM: null,
    avgHr: null,
    rpe: null,
    avgCadenceSpm: null,
    surface: null,
    gearId: null,
  };
  return runSpikes([...activities, probe], localDate, localDate).find((s) => s.activityId === PROBE_ID)?.longestPrev30dM ?? null;
}

const ceilingOf = (m: number | null) => (m === null ? null : m * CEILING_FACTOR);

/** The runs in the 30 days before `now` (start in [now − 30 d, now)), oldest first. */
function windowRuns(runs: readonly RunSpike[], now: Date): RunSpike[] {
  const from = now.getTime() - SPIKE_WINDOW_MS;
  return runs.filter((r) => r.startTime.getTime() >= from && r.startTime.getTime() < now.getTime() && r.distanceM > 0);
}

/** The 30-day ceiling now and when it next changes: when the last of the longest runs leaves the window. */
function windowCeiling(activities: readonly LoadActivity[], runs: readonly RunSpike[], now: Date, timeZone: string) {
  const inWindow = windowRuns(runs, now);
  const longestM = longestBefore(activities, now, timeZone);
  if (longestM === null) return { longest: null, nextChange: null };
  // The latest-starting run of that length: the ceiling holds until it leaves.
  const longest = inWindow.filter((r) => r.distanceM === longestM).at(-1)!;
  const leavesAt = new Date(longest.startTime.getTime() + SPIKE_WINDOW_MS);
  // The window is closed at its start, so the run still counts at exactly +30 d and is gone 1 ms later.
  const after = longestBefore(activities, new Date(leavesAt.getTime() + 1), timeZone);
  const nextChange: CeilingChange = { at: leavesAt, localDate: localDateOf(leavesAt, timeZone), leaving: refOf(longest), ceilingM: ceilingOf(after) };
  return { longest: refOf(longest), nextChange };
}

function weekTotals(runs: readonly RunSpike[], from: string, to: string): WeekTotals {
  const inWeek = runs.filter((r) => r.localDate >= from && r.localDate <= to);
  return { weekStart: from, distanceM: inWeek.reduce((s, r) => s + r.distanceM, 0), runs: inWeek.length };
}

export function buildToday(input: TodayInput): Today {
  const { now, timeZone } = input;
  const today = localDateOf(now, timeZone);
  const activities = input.activities.filter((a) => a.startTime.getTime() <= now.getTime());
  const runs = allRunSpikes(activities);
  const latest = runs.at(-1) ?? null;

  // The 30-day ceiling, then the reference after pain when an episode is open or recent.
  const window = windowCeiling(activities, runs, now, timeZone);
  const episodes = detectEpisodes(input.checkins, today);
  const facts = runFactsOf(runs);
  const rtr = returnToRun(episodes, dailyPain(input.checkins), facts, today);
  let ceiling: Ceiling;
  if (rtr !== null) {
    const { episode } = rtr;
    const since = runs.filter((r) => r.localDate >= episode.start && r.localDate <= today && r.distanceM > 0);
    const worse = runsNotSettledByMorning(input.checkins, facts);
    const settled = since.filter((r) => !worse.has(r.activityId));
    const longestOf = (list: readonly RunSpike[]) => list.reduce<RunSpike | null>((best, r) => (best === null || r.distanceM >= best.distanceM ? r : best), null);
    const reference = longestOf(settled);
    const longestSince = longestOf(since);
    // A closed episode stops setting the reference the day it is older than returnToRun reads.
    let nextChange: CeilingChange | null = null;
    if (!episode.ongoing) {
      const localDate = addDays(episode.end, RETURN_TO_RUN_DAYS + 1);
      const at = startOfLocalDay(localDate, timeZone);
      nextChange = { at, localDate, leaving: null, ceilingM: ceilingOf(longestBefore(activities, at, timeZone)) };
    }
    const windowM = window.longest?.distanceM ?? null;
    const candidate = ceilingOf(reference?.distanceM ?? null);
    ceiling = {
      basis: reference === null ? "no_run_since_pain" : "after_pain",
      // Never above the 30-day ceiling: the reference after pain only ever lowers it.
      ceilingM: candidate === null ? null : windowM === null ? candidate : Math.min(candidate, ceilingOf(windowM)!),
      reference: reference && refOf(reference),
      episode: { start: episode.start, end: episode.end, ongoing: episode.ongoing, peakPain: episode.peakPain },
      longest30d: window.longest,
      excluded: longestSince !== null && reference !== longestSince ? refOf(longestSince) : null,
      nextChange: reference === null ? null : nextChange,
    };
  } else {
    ceiling = {
      basis: window.longest === null ? "no_recent_runs" : "longest_30d",
      ceilingM: ceilingOf(window.longest?.distanceM ?? null),
      reference: window.longest,
      episode: null,
      longest30d: window.longest,
      excluded: null,
      nextChange: window.nextChange,
    };
  }

  const openRedFlag = input.openRedFlags[0] ?? null;
  if (openRedFlag !== null) {
    ceiling = { basis: "held", ceilingM: null, reference: null, episode: null, longest30d: window.longest, excluded: null, nextChange: null };
  }

  const monday = mondayOf(today);
  const lastMonday = addDays(monday, -7);
  const soFar = weekTotals(runs, monday, today);
  const lastWeek = weekTotals(runs, lastMonday, addDays(monday, -1));
  const lastWeekToSameDayM = weekTotals(runs, lastMonday, addDays(today, -7)).distanceM;

  const checkins = [...input.checkins].filter((c) => c.at.getTime() <= now.getTime()).sort((a, b) => a.at.getTime() - b.at.getTime());
  const last = checkins.at(-1) ?? null;
  const askFrom = now.getTime() - CHECKIN_ASK_MS;
  const unasked = runs.filter(
    (r) =>
      r.startTime.getTime() >= askFrom &&
      !checkins.some((c) => c.activityId === r.activityId || (c.activityId === null && c.at.getTime() >= r.startTime.getTime())),
  );
  const due = unasked.at(-1) ?? null;

  const ends = [startOfLocalDay(addDays(today, 1), timeZone).getTime()];
  if (ceiling.nextChange) ends.push(ceiling.nextChange.at.getTime() + 1);
  if (due) ends.push(due.startTime.getTime() + CHECKIN_ASK_MS);

  return {
    today,
    timeZone,
    latestRun: latest && {
      activityId: latest.activityId,
      name: latest.name,
      localDate: latest.localDate,
      startTime: latest.startTime,
      distanceM: latest.distanceM,
      longestPrev30dM: latest.longestPrev30dM,
      spike: latest.spike,
      band: latest.band,
    },
    ceiling,
    week: { soFar, lastWeek, lastWeekToSameDayM },
    lastCheckin: last && { checkinId: last.id, at: last.at, localDate: last.localDate, pain: last.pain, timing: last.timing },
    checkinDue: due && refOf(due),
    openRedFlag,
    validUntil: new Date(Math.min(...ends)),
  };
}
