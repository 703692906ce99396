import { and, eq, gte, lt, ne, sql } from "drizzle-orm";
import type { Db } from "../client";
import { signInAttempts } from "../schema";

export type AttemptKind = "sign_in" | "sign_up";

/** Records an attempt as failed before anything is checked, so concurrent attempts all count. */
export async function recordPendingAttempt(db: Db, attempt: { email: string; address: string; kind: AttemptKind }, at: Date): Promise<number> {
  const [row] = await db
    .insert(signInAttempts)
    .values({ email: attempt.email, address: attempt.address, kind: attempt.kind, succeeded: false, at })
    .returning({ id: signInAttempts.id });
  return row!.id;
}

export interface AttemptStats {
  count: number;
  latest: Date | null;
}

/**
 * Failed (or still pending) attempts of a kind from an address since `since`, other than `exceptId`:
 * for that email (sign-in's per address-and-email backoff) and for any email (the address's own).
 */
export async function recentFailures(
  db: Db,
  where: { address: string; email?: string; kind: AttemptKind; exceptId: number },
  since: Date,
): Promise<{ pair: AttemptStats; address: AttemptStats }> {
  const sameEmail = where.email === undefined ? sql`false` : sql`${signInAttempts.email} = ${where.email}`;
  const [row] = await db
    .select({
      pairCount: sql<number>`(count(*) filter (where ${sameEmail}))::int`,
      pairLatest: sql<string | null>`max(${signInAttempts.at}) filter (where ${sameEmail})`,
      count: sql<number>`count(*)::int`,
      latest: sql<string | null>`max(${signInAttempts.at})`,
    })
    .from(signInAttempts)
    .where(
      and(
        eq(signInAttempts.address, where.address),
        eq(signInAttempts.kind, where.kind),
        eq(signInAttempts.succeeded, false),
        gte(signInAttempts.at, since),
        ne(signInAttempts.id, where.exceptId),
      ),
    );
  const date = (v: string | Date | null | undefined) => (v ? new Date(v) : null);
  return {
    pair: { count: Number(row?.pairCount ?? 0), latest: date(row?.pairLatest) },
    address: { count: Number(row?.count ?? 0), latest: date(row?.latest) },
  };
}

export async function forgetAttempt(db: Db, id: number): Promise<void> {
  await db.delete(signInAttempts).where(eq(signInAttempts.id, id));
}

/** A successful sign-in clears that address-and-email pair's failures; rows older than a day are pruned for everyone. */
export async function clearFailures(db: Db, pair: { email: string; address: string }, now: Date): Promise<void> {
  await db
    .delete(signInAttempts)
    .where(and(eq(signInAttempts.email, pair.email), eq(signInAttempts.address, pair.address), eq(signInAttempts.kind, "sign_in")));
  await db.delete(signInAttempts).where(lt(signInAttempts.at, new Date(now.getTime() - 24 * 3600 * 1000)));
}
