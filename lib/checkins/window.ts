import { addDays } from "@/lib/load/weeks";

/**
 * "The last 7 days" of every pain summary (the pain-monitoring model, the episode card's recent
 * median, Prevention 2 and FAQ 1 and 2): today and the 6 calendar days before it, in the runner's
 * time zone. One definition, so two cards side by side never read different weeks.
 */
export const LAST_DAYS = 7;

export function lastSevenDays(today: string): { from: string; to: string } {
  return { from: addDays(today, -(LAST_DAYS - 1)), to: today };
}
