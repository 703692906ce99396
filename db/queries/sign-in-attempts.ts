import { and, eq, gte, lt, sql } from "drizzle-orm";
import type { Db } from "../client";
import { signInAttempts } from "../schema";

export async function recentFailures(db: Db, email: string, since: Date): Promise<{ count: number; oldest: Date | null }> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int`, oldest: sql<string | null>`min(${signInAttempts.at})` })
    .from(signInAttempts)
    .where(and(eq(signInAttempts.email, email), eq(signInAttempts.succeeded, false), gte(signInAttempts.at, since)));
  return { count: row?.count ?? 0, oldest: row?.oldest ? new Date(row.oldest) : null };
}

export async function recordAttempt(db: Db, email: string, succeeded: boolean, at: Date): Promise<void> {
  await db.insert(signInAttempts).values({ email, succeeded, at });
  if (succeeded) {
    // A successful sign-in clears the slate for that email; old rows of everyone are pruned.
    await db.delete(signInAttempts).where(and(eq(signInAttempts.email, email), eq(signInAttempts.succeeded, false)));
  }
  await db.delete(signInAttempts).where(lt(signInAttempts.at, new Date(at.getTime() - 24 * 3600 * 1000)));
}
