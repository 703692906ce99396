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

/** Average speed in km/h or mph with one decimal, or "–" without distance or time (rides). */
export function formatSpeed(movingS: number, distanceM: number, units: Units): string {
  if (distanceM <= 0 || movingS <= 0) return "–";
  return `${((metresToUnit(distanceM, units) * 3600) / movingS).toFixed(1)} ${units === "mi" ? "mph" : "km/h"}`;
}

/** Pace per 100 m as m:ss (swims), or "–" without distance or time. */
export function formatSwimPace(movingS: number, distanceM: number): string {
  if (distanceM <= 0 || movingS <= 0) return "–";
  const s = Math.round((movingS * 100) / distanceM);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")} /100 m`;
}

/** How an activity's speed reads for its sport: pace on foot, speed on a bike, pace per 100 m in the water, nothing otherwise. */
export function speedFact(sport: string, movingS: number, distanceM: number, units: Units): [string, string] | null {
  if (sport === "ride") return ["Average speed", formatSpeed(movingS, distanceM, units)];
  if (sport === "swim") return ["Average pace", formatSwimPace(movingS, distanceM)];
  if (sport === "strength" || sport === "other") return null;
  return ["Average pace", formatPace(movingS, distanceM, units)];
}
