import { MAX_RANGE_DAYS } from "@/lib/validation/load";
import { addDays, mondayOf } from "./weeks";

/**
 * The dashboard's chart ranges. Each is a number of whole Monday–Sunday weeks ending with the
 * current one, except "all", which starts on the Monday of the runner's first activity. The
 * default (12 weeks) is asked for without dates, so it uses the API's default range and caches.
 */

export const CHART_RANGES = ["4w", "12w", "6m", "1y", "all"] as const;
export type ChartRange = (typeof CHART_RANGES)[number];
export const DEFAULT_CHART_RANGE: ChartRange = "12w";

export const CHART_RANGE_LABELS: Record<ChartRange, string> = { "4w": "4 weeks", "12w": "12 weeks", "6m": "6 months", "1y": "1 year", all: "All" };

const RANGE_WEEKS: Record<Exclude<ChartRange, "all">, number> = { "4w": 4, "12w": 12, "6m": 26, "1y": 52 };

/** "All" shows at least this many weeks, so a new runner's first week is not one lone bar. */
const MIN_ALL_WEEKS = 4;
/**
 * The longest "all" reaches back: the API's limit less a fortnight, so that a page rendered just
 * before midnight and an API call just after still agree on it.
 */
const MAX_ALL_DAYS = MAX_RANGE_DAYS - 14;

/** The range in a URL query value; anything else is the default. */
export function parseChartRange(value: unknown): ChartRange {
  const v = Array.isArray(value) ? value[0] : value;
  return CHART_RANGES.find((r) => r === v) ?? DEFAULT_CHART_RANGE;
}

export interface ChartRangeDates {
  /** The first Monday to show; absent for the default range (the API's own default). */
  from?: string;
  /** True when "all" would reach back further than the API allows, and was cut to the last ten years. */
  clipped: boolean;
}

/**
 * The `from` to ask the load, surface and pain APIs for (the range ends today, their default).
 * `today` is the runner's local date; `firstActivity` the local date of their first activity.
 */
export function chartRangeDates(range: ChartRange, today: string, firstActivity: string | null): ChartRangeDates {
  const thisMonday = mondayOf(today);
  const weeksBack = (weeks: number) => addDays(thisMonday, -7 * (weeks - 1));
  if (range === DEFAULT_CHART_RANGE) return { clipped: false };
  if (range !== "all") return { from: weeksBack(RANGE_WEEKS[range]), clipped: false };
  if (firstActivity === null) return { clipped: false };
  const earliest = mondayOf(addDays(today, -MAX_ALL_DAYS));
  const first = mondayOf(firstActivity < today ? firstActivity : today);
  if (first < earliest) return { from: earliest, clipped: true };
  const atLeast = weeksBack(MIN_ALL_WEEKS);
  return { from: first < atLeast ? first : atLeast, clipped: false };
}
