/**
 * One time axis for the charts that sit on the load timeline (weekly load, pain): x is the day
 * number (days since 1970-01-01) of a calendar date, so charts with the same domain and ticks line
 * up exactly, and bars, points and shaded episodes land on the same days.
 */

import { dayNumber } from "@/lib/load/weeks";

export { dayNumber };

const DAY_MS = 86_400_000;

export interface TimeAxis {
  domain: [number, number];
  /** One tick per Monday. */
  ticks: number[];
}

/** From the first Monday to the end of the last week (exclusive). */
export function weeksAxis(weekStarts: readonly string[]): TimeAxis {
  const mondays = weekStarts.map(dayNumber);
  const first = mondays[0] ?? 0;
  const last = mondays.at(-1) ?? first;
  return { domain: [first, last + 7], ticks: mondays };
}

export function shortDay(day: number, locale = "en-GB"): string {
  return new Date(day * DAY_MS).toLocaleDateString(locale, { day: "numeric", month: "short", timeZone: "UTC" });
}

/** Shared layout so the plot areas of stacked charts have the same left edge and width. */
export const TIMELINE_MARGIN = { top: 20, right: 8, bottom: 8, left: 0 };
export const TIMELINE_Y_WIDTH = 64;

/** An episode of pain shaded on every timeline chart: from its first day to the end of its last. */
export interface ShadedSpan {
  start: string;
  end: string;
}

export const EPISODE_FILL = "rgba(180, 35, 24, 0.12)";

/** The shared day axis's props for a recharts XAxis: Mondays as ticks, day numbers as values. */
export function timelineXAxisProps(axis: TimeAxis, locale: string) {
  return {
    dataKey: "x",
    type: "number" as const,
    domain: axis.domain,
    ticks: axis.ticks,
    allowDataOverflow: true,
    tickFormatter: (v: number) => shortDay(v, locale),
    minTickGap: 12,
  };
}

/** Each episode as the x1/x2 of a ReferenceArea on the day axis, clipped to it. */
export function episodeSpans(episodes: readonly ShadedSpan[], axis: TimeAxis): { key: string; x1: number; x2: number }[] {
  return episodes.map((e) => ({
    key: e.start,
    x1: Math.max(dayNumber(e.start), axis.domain[0]),
    x2: Math.min(dayNumber(e.end) + 1, axis.domain[1]),
  }));
}
