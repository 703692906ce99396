import { and, desc, eq, gte } from "drizzle-orm";
import type { Db } from "../client";
import { ostrcResponses } from "../schema";

export interface OstrcRow {
  weekStart: string;
  skipped: boolean;
  answers: number[] | null;
  severity: number | null;
  substantial: boolean | null;
}

/** The runner's questionnaires from `sinceWeek` (a Monday) on, newest first. */
export async function ostrcSince(db: Db, { userId, sinceWeek }: { userId: string; sinceWeek: string }): Promise<OstrcRow[]> {
  return db
    .select({
      weekStart: ostrcResponses.weekStart,
      skipped: ostrcResponses.skipped,
      answers: ostrcResponses.answers,
      severity: ostrcResponses.severity,
      substantial: ostrcResponses.substantial,
    })
    .from(ostrcResponses)
    .where(and(eq(ostrcResponses.userId, userId), gte(ostrcResponses.weekStart, sinceWeek)))
    .orderBy(desc(ostrcResponses.weekStart));
}

/** One answer (or skip) per runner and week: answering again the same week replaces it. */
export async function saveOstrc(db: Db, userId: string, row: OstrcRow): Promise<void> {
  await db
    .insert(ostrcResponses)
    .values({ userId, ...row })
    .onConflictDoUpdate({
      target: [ostrcResponses.userId, ostrcResponses.weekStart],
      set: { skipped: row.skipped, answers: row.answers, severity: row.severity, substantial: row.substantial, updatedAt: new Date() },
    });
}
