import { z } from "zod";
import { isCalendarDate } from "@/lib/load/weeks";

/** A calendar date, YYYY-MM-DD, between 1990 and 2100. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-03-30.")
  .refine((s) => {
    const [y, m, d] = s.split("-").map(Number) as [number, number, number];
    return isCalendarDate(y, m, d) && y >= 1990 && y <= 2100;
  }, "That date does not exist.");

/** Longest range one request may ask for: ten years of weeks. */
export const MAX_RANGE_DAYS = 3660;

export const loadQuery = z
  .object({
    from: isoDate.optional(),
    to: isoDate.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "from must be on or before to.", path: ["from"] })
  .refine(
    (q) => !q.from || !q.to || (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 <= MAX_RANGE_DAYS,
    { message: `Ask for at most ${MAX_RANGE_DAYS} days at a time.`, path: ["to"] },
  );
