import type { RunSpike } from "@/lib/load/types";
import { addDays, mondayOf } from "@/lib/load/weeks";
import { dailyPain, detectEpisodes, latestCheckin, returnToRun } from "./episodes";
import { painEscalations, type Escalation } from "./escalation";
import { substantialStreak } from "./ostrc";
import { evaluatePainModel } from "./pain-model";
import { painPatterns } from "./patterns";
import type { CheckinFact, DailyPain, Episode, PainModelResult, PatternComparison, RedFlag, ReturnToRun, RunFact } from "./types";
import { lastSevenDays } from "./window";

/**
 * Everything Patella reads from a runner's check-ins for a range of weeks: the pain by day, the
 * episodes, the pain-monitoring model, the return-to-run view, the patterns, open warning signs
 * and the weekly OSTRC-O2 questionnaire. Pure: lib/checkins/for-runner.ts reads the rows.
 */

export interface OstrcWeek {
  weekStart: string;
  skipped: boolean;
  answers: number[] | null;
  severity: number | null;
  substantial: boolean | null;
}

export interface OstrcStatus {
  /** Monday of the runner's current week. */
  currentWeek: string;
  /** True when this week has neither an answer nor a skip: the questionnaire is offered. */
  due: boolean;
  /** Answered weeks (not skips), newest first. */
  history: OstrcWeek[];
  /** Consecutive weeks with a substantial problem, up to this week or the last. */
  substantialStreak: number;
}

export interface OpenRedFlag {
  checkinId: string;
  localDate: string;
  redFlags: RedFlag[];
}

export interface PainInsights {
  from: string;
  to: string;
  today: string;
  /** Check-ins in [from, to]. */
  checkins: number;
  /** "The last 7 days" of the pain model, the episode card and the guidance (today − 6 to today). */
  lastSevenDays: { from: string; to: string };
  /** Highest pain per day with a check-in, in [from, to]. */
  daily: DailyPain[];
  /** Episodes overlapping [from, to] (detected over the longer lookback, so one that began earlier keeps its start). */
  episodes: Episode[];
  painModel: PainModelResult;
  returnToRun: ReturnToRun | null;
  patterns: PatternComparison[];
  /** Dates in [from, to] with a run more than 10% longer than the longest of the previous 30 days. */
  spikeDates: string[];
  /** Warning signs not yet marked as seen by a healthcare professional, newest first. */
  openRedFlags: OpenRedFlag[];
  /** Pain severe or lasting enough to book an appointment (./escalation.ts), newest first. */
  escalations: Escalation[];
  ostrc: OstrcStatus;
}

export interface PainInsightsInput {
  from: string;
  to: string;
  today: string;
  /** Check-ins from well before `from` (episodes and the model look back) up to `to`. */
  checkins: readonly CheckinFact[];
  /** The load report's runs in [from, to]. */
  runs: readonly RunSpike[];
  openRedFlags: readonly OpenRedFlag[];
  /** The runner's questionnaires of recent weeks, any order. */
  ostrc: readonly OstrcWeek[];
}

const SPIKING = new Set(["small", "moderate", "large"]);

export function runFactsOf(runs: readonly RunSpike[]): RunFact[] {
  return runs.map((r) => ({
    id: r.activityId,
    startTime: r.startTime,
    localDate: r.localDate,
    distanceM: r.distanceM,
    spike: SPIKING.has(r.band),
    surface: r.surface,
    gearId: r.gearId,
  }));
}

export function buildPainInsights(input: PainInsightsInput): PainInsights {
  const { from, to, today } = input;
  const runs = runFactsOf(input.runs);
  const inRange = input.checkins.filter((c) => c.localDate >= from && c.localDate <= to);
  const allDaily = dailyPain(input.checkins);
  const episodes = detectEpisodes(input.checkins, today);
  const currentWeek = mondayOf(today);
  const byWeek = [...input.ostrc].sort((a, b) => (a.weekStart < b.weekStart ? 1 : -1));
  const toReturn = returnToRun(episodes, allDaily, runs, today, latestCheckin(input.checkins, today));
  return {
    from,
    to,
    today,
    checkins: inRange.length,
    lastSevenDays: lastSevenDays(today),
    daily: allDaily.filter((d) => d.date >= from && d.date <= to),
    episodes: episodes.filter((e) => e.end >= from && e.start <= to),
    painModel: evaluatePainModel(input.checkins, runs, today),
    returnToRun: toReturn,
    patterns: painPatterns(inRange, runs),
    spikeDates: [...new Set(runs.filter((r) => r.spike).map((r) => r.localDate))],
    openRedFlags: [...input.openRedFlags],
    escalations: painEscalations({ today, checkins: input.checkins, ostrc: input.ostrc, currentWeek, returnToRun: toReturn }),
    ostrc: {
      currentWeek,
      due: !byWeek.some((w) => w.weekStart === currentWeek),
      history: byWeek.filter((w) => !w.skipped),
      substantialStreak: substantialStreak(
        byWeek.map((w) => ({ weekStart: w.weekStart, substantial: w.skipped ? null : w.substantial })),
        currentWeek,
      ),
    },
  };
}

/** The lookback of check-ins before `from`: an episode that began before the range keeps its start. */
export const CHECKIN_LOOKBACK_DAYS = 120;

export function checkinLookbackStart(from: string): string {
  return addDays(from, -CHECKIN_LOOKBACK_DAYS);
}
