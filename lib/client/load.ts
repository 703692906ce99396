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
