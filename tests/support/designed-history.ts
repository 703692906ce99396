import { addDays } from "@/lib/load/weeks";

/**
 * A designed training history for the load tests: nine steady weeks of 28 km (Tue 8, Thu 8, Sun
 * 12), then a week with 75% more distance in runs no longer than 13 km (Mon 12, Tue 12, Thu 12,
 * Sat 13 = 49 km, no single-run spike: 13 / 12 = +8%), a steady week, a week whose Sunday long run
 * of 25 km is 92% longer than the longest of the previous 30 days (13 km) while the week grows only
 * 18% (8 + 25 = 33 km), and a last steady week.
 *
 * Exactly one week is over +30% (the 49 km one) and exactly one run is a spike (the 25 km one).
 */
export interface DesignedRun {
  date: string;
  distanceKm: number;
  /** What the week/run is in the design, for test messages. */
  role: "steady" | "jump-week" | "long-run";
}

const STEADY: [number, number][] = [
  [1, 8],
  [3, 8],
  [6, 12],
];

export function designedHistory(firstMonday: string): { runs: DesignedRun[]; jumpWeek: string; longRunDate: string; weeks: string[] } {
  const runs: DesignedRun[] = [];
  const weeks: string[] = [];
  const week = (i: number) => addDays(firstMonday, 7 * i);
  for (let i = 0; i < 13; i++) weeks.push(week(i));
  for (let i = 0; i < 9; i++) for (const [d, km] of STEADY) runs.push({ date: addDays(week(i), d), distanceKm: km, role: "steady" });
  for (const [d, km] of [
    [0, 12],
    [1, 12],
    [3, 12],
    [5, 13],
  ] as const)
    runs.push({ date: addDays(week(9), d), distanceKm: km, role: "jump-week" });
  for (const [d, km] of STEADY) runs.push({ date: addDays(week(10), d), distanceKm: km, role: "steady" });
  runs.push({ date: addDays(week(11), 1), distanceKm: 8, role: "steady" });
  runs.push({ date: addDays(week(11), 6), distanceKm: 25, role: "long-run" });
  for (const [d, km] of STEADY) runs.push({ date: addDays(week(12), d), distanceKm: km, role: "steady" });
  return { runs, jumpWeek: week(9), longRunDate: addDays(week(11), 6), weeks };
}
