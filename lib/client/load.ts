import type { LoadReport, SpikeBand } from "@/lib/load/types";

/** The JSON of GET /api/v1/load (dates as strings). */
export type LoadResponse = Omit<LoadReport, "spikes"> & {
  units: "km" | "mi";
  spikes: (Omit<LoadReport["spikes"][number], never> & { localDate: string })[];
};

export const SPIKE_WORDS: Record<SpikeBand, string> = {
  none: "no spike",
  small: "small spike (10–30%)",
  moderate: "moderate spike (30–100%)",
  large: "large spike (over 100%)",
  no_recent_runs: "first run in 30 days",
};

export function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

/** The query string ("?from=2026-01-05", or "") of a range for the load, surface and pain APIs. */
export function rangeQuery(range: { from?: string; to?: string }): string {
  const params = new URLSearchParams();
  if (range.from) params.set("from", range.from);
  if (range.to) params.set("to", range.to);
  const query = params.toString();
  return query ? `?${query}` : "";
}

/**
 * Which unit the load column, the ratios and fitness use, and why: one method for every session,
 * since session-RPE, TRIMP and minutes cannot be added together.
 */
export function loadMethodWords(data: Pick<LoadResponse, "loadMethod" | "loadCoverage">): string {
  const { sessions, srpe, trimp } = data.loadCoverage;
  if (data.loadMethod === "srpe") return "Load is session RPE × minutes: you rated the effort of every session in these weeks and the 120 days before them.";
  const why = `Patella uses one unit for every session, because RPE × minutes, heart-rate TRIMP and minutes cannot be added together; ${srpe} of the ${sessions} sessions of these weeks and the 120 days before them have an effort rating`;
  if (data.loadMethod === "trimp") return `Load is heart-rate TRIMP (Banister) for every session. ${why}, so session RPE waits until every one has.`;
  return `Load is minutes of activity for every session. ${why} and ${trimp} a heart rate Patella can use, so the stronger methods wait until every session has one.`;
}

/** The ratio card's unit, in a few words: "minutes of activity", "session RPE × minutes", "heart-rate TRIMP". */
export const LOAD_UNIT_WORDS: Record<LoadResponse["loadMethod"], string> = {
  srpe: "session RPE × minutes",
  trimp: "heart-rate TRIMP",
  duration: "minutes of activity",
};
