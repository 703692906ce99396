import type { Units } from "@/db/schema";

export const METRES_PER_MILE = 1609.344;

export function metresToUnit(m: number, units: Units): number {
  return units === "mi" ? m / METRES_PER_MILE : m / 1000;
}

export function formatDistance(m: number, units: Units, digits = 2): string {
  return `${metresToUnit(m, units).toFixed(digits)} ${units}`;
}

/** h:mm:ss, or m:ss under an hour. */
export function formatDuration(totalS: number): string {
  const s = Math.max(0, Math.round(totalS));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = h > 0 ? String(m).padStart(2, "0") : String(m);
  return `${h > 0 ? `${h}:` : ""}${mm}:${String(sec).padStart(2, "0")}`;
}

/** Pace per km or per mile as m:ss, or "–" when there is no distance. */
export function formatPace(movingS: number, distanceM: number, units: Units): string {
  const perUnit = metresToUnit(distanceM, units);
  if (perUnit <= 0 || movingS <= 0) return "–";
  const s = Math.round(movingS / perUnit);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")} /${units}`;
}
