import { and, eq, gte, lt, sql } from "drizzle-orm";
import type { Db } from "../client";
import { signInAttempts } from "../schema";

/** Records an attempt as failed before the password is checked, so concurrent attempts all count. */
export async function recordPendingAttempt(db: Db, email: string, at: Date): Promise<number> {
  const [row] = await db.insert(signInAttempts).values({ email, succeeded: false, at }).returning({ id: signInAttempts.id });
  return row!.id;
}

/** Failed (or still pending) attempts for an email since `since`, and the oldest of them. */
export async function recentFailures(db: Db, email: string, since: Date): Promise<{ count: number; oldest: Date | null }> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int`, oldest: sql<string | null>`min(${signInAttempts.at})` })
    .from(signInAttempts)
    .where(and(eq(signInAttempts.email, email), eq(signInAttempts.succeeded, false), gte(signInAttempts.at, since)));
  return { count: Number(row?.count ?? 0), oldest: row?.oldest ? new Date(row.oldest) : null };
}

export async function forgetAttempt(db: Db, id: number): Promise<void> {
  await db.delete(signInAttempts).where(eq(signInAttempts.id, id));
}

/** A successful sign-in clears that email's failures; rows older than a day are pruned for everyone. */
export async function clearFailures(db: Db, email: string, now: Date): Promise<void> {
  await db.delete(signInAttempts).where(eq(signInAttempts.email, email));
  await db.delete(signInAttempts).where(lt(signInAttempts.at, new Date(now.getTime() - 24 * 3600 * 1000)));
}
