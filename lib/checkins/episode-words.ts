import { daysBetween } from "@/lib/load/weeks";
import type { PainTiming, ReturnToRun } from "./types";

/**
 * The episode card's first line, led by the runner's latest check-in so it never contradicts what
 * they just entered: "Today 6/10 after a run — after an episode that ended on 1 Dec".
 */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const TIMING_WORDS: Record<PainTiming, string> = {
  during: "during a run",
  after: "after a run",
  next_morning: "the morning after a run",
  at_rest: "at rest",
};

/** "1 Dec" (with the year when it is not today's year). */
export function dayMonth(date: string, today: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const year = date.slice(0, 4) === today.slice(0, 4) ? "" : ` ${y}`;
  return `${d} ${MONTHS[m - 1]}${year}`;
}

/** "today", "yesterday" or "on 1 Dec". */
export function dayWords(date: string, today: string): string {
  const ago = daysBetween(date, today);
  if (ago === 0) return "today";
  if (ago === 1) return "yesterday";
  return `on ${dayMonth(date, today)}`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function episodeHeadline(rtr: Pick<ReturnToRun, "episode" | "daysSinceStart" | "latest">, today: string): string {
  const { episode, latest } = rtr;
  const began = `an episode that began on ${dayMonth(episode.start, today)}`;
  if (latest === null) {
    return episode.ongoing
      ? `Day ${rtr.daysSinceStart} of ${began}`
      : `An episode from ${dayMonth(episode.start, today)} to ${dayMonth(episode.end, today)}`;
  }
  const now = `${capitalise(dayWords(latest.localDate, today))} ${latest.pain}/10 ${TIMING_WORDS[latest.timing]}`;
  if (latest.localDate > episode.end) return `${now} — after an episode that ended on ${dayMonth(episode.end, today)}`;
  if (episode.ongoing) return `${now} — day ${daysBetween(episode.start, latest.localDate)} of ${began}`;
  return `${now} — the last day of ${began}`;
}
