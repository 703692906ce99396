/**
 * One time axis for the charts that sit on the load timeline (weekly load, pain, ratios, surfaces):
 * x is the day number (days since 1970-01-01) of a calendar date, so charts with the same domain and
 * ticks line up exactly, and bars, points and shaded episodes land on the same days.
 */

import { dayNumber } from "@/lib/load/weeks";

export { dayNumber };

const DAY_MS = 86_400_000;

/** How far apart the ticks are: every Monday for a few weeks, then months, quarters, years. */
export type TickUnit = "week" | "month" | "quarter" | "year";

export interface TimeAxis {
  domain: [number, number];
  /** Mondays: every one, or the first of each month, quarter or year. */
  ticks: number[];
  tickUnit: TickUnit;
  /** Weeks on the axis: long ranges draw thinner bars and fewer marks. */
  weeks: number;
}

/** The most weeks drawn with a tick on every Monday, a tick a month, a tick a quarter. */
const MAX_WEEKLY_TICKS = 16;
const MAX_MONTHLY_TICKS = 60;
const MAX_QUARTERLY_TICKS = 160;

export function tickUnitFor(weeks: number): TickUnit {
  if (weeks <= MAX_WEEKLY_TICKS) return "week";
  if (weeks <= MAX_MONTHLY_TICKS) return "month";
  if (weeks <= MAX_QUARTERLY_TICKS) return "quarter";
  return "year";
}

function utc(day: number): Date {
  return new Date(day * DAY_MS);
}

/** Whether a Monday is the first Monday of its month, quarter or year. */
function opensPeriod(monday: number, unit: TickUnit): boolean {
  if (unit === "week") return true;
  const d = utc(monday);
  if (d.getUTCDate() > 7) return false;
  if (unit === "month") return true;
  if (unit === "quarter") return d.getUTCMonth() % 3 === 0;
  return d.getUTCMonth() === 0;
}

/** From the first Monday to the end of the last week (exclusive). */
export function weeksAxis(weekStarts: readonly string[]): TimeAxis {
  const mondays = weekStarts.map(dayNumber);
  const first = mondays[0] ?? 0;
  const last = mondays.at(-1) ?? first;
  const tickUnit = tickUnitFor(mondays.length);
  return { domain: [first, last + 7], ticks: mondays.filter((m) => opensPeriod(m, tickUnit)), tickUnit, weeks: mondays.length };
}

export function shortDay(day: number, locale = "en-GB"): string {
  return utc(day).toLocaleDateString(locale, { day: "numeric", month: "short", timeZone: "UTC" });
}

/** A day with its year, for tooltips (long ranges span several years). */
export function fullDay(day: number, locale = "en-GB"): string {
  return utc(day).toLocaleDateString(locale, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

/** A tick's label: "13 Apr" for weeks, "Apr" (and "Jan 2026" at a new year) for months, "Apr 2026" for quarters, "2026" for years. */
export function tickLabel(day: number, unit: TickUnit, locale = "en-GB"): string {
  const d = utc(day);
  if (unit === "week") return shortDay(day, locale);
  if (unit === "year") return String(d.getUTCFullYear());
  const withYear = unit === "quarter" || d.getUTCMonth() === 0;
  return d.toLocaleDateString(locale, { month: "short", ...(withYear ? { year: "numeric" } : {}), timeZone: "UTC" });
}

/** Shared layout so the plot areas of stacked charts have the same left edge and width. */
export const TIMELINE_MARGIN = { top: 20, right: 8, bottom: 8, left: 0 };
export const TIMELINE_Y_WIDTH = 64;

/** Longest bar, in pixels, so a few weeks do not draw slabs. */
export const MAX_BAR_PX = 48;

/** An episode of pain shaded on every timeline chart: from its first day to the end of its last. */
export interface ShadedSpan {
  start: string;
  end: string;
}

export { EPISODE_FILL } from "./palette";

/** The shared day axis's props for a recharts XAxis: Mondays as ticks, day numbers as values. */
export function timelineXAxisProps(axis: TimeAxis, locale: string) {
  return {
    dataKey: "x",
    type: "number" as const,
    domain: axis.domain,
    ticks: axis.ticks,
    allowDataOverflow: true,
    tickFormatter: (v: number) => tickLabel(v, axis.tickUnit, locale),
    minTickGap: 12,
  };
}

/** Each episode as the x1/x2 of a ReferenceArea on the day axis, clipped to it. */
export function episodeSpans(episodes: readonly ShadedSpan[], axis: TimeAxis): { key: string; x1: number; x2: number }[] {
  return episodes
    .map((e) => ({
      key: e.start,
      x1: Math.max(dayNumber(e.start), axis.domain[0]),
      x2: Math.min(dayNumber(e.end) + 1, axis.domain[1]),
    }))
    .filter((e) => e.x1 < e.x2);
}
