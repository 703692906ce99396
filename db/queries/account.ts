import { and, count, eq, isNotNull, sql } from "drizzle-orm";
import type { Db } from "../client";
import {
  activities,
  archiveImports,
  checkins,
  gear,
  ostrcResponses,
  signInAttempts,
  stravaConnections,
  uploadFiles,
  uploads,
  users,
  verificationTokens,
} from "../schema";

/** The runner's sign-in details: never sent to a browser (only `hasPassword` is). */
export async function getAccountAuth(db: Db, userId: string): Promise<{ email: string | null; passwordHash: string | null } | null> {
  const rows = await db.select({ email: users.email, passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId)).limit(1);
  return rows[0] ?? null;
}

/** Whether the runner can sign in with a password (for the settings page's password and deletion forms). */
export async function hasPassword(db: Db, userId: string): Promise<boolean> {
  return (await getAccountAuth(db, userId))?.passwordHash != null;
}

/** Sets the password and ends every session of the runner (a new session version). */
export async function setPasswordHash(db: Db, userId: string, passwordHash: string): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId))
    .returning({ id: users.id });
  return rows.length > 0;
}

export interface OwnedCounts {
  activities: number;
  checkins: number;
  ostrcResponses: number;
  uploads: number;
  originalFiles: number;
  archiveImports: number;
  gear: number;
}

/** How much the runner has, per kind: what deleting the account removes. */
export async function ownedCounts(db: Db, userId: string): Promise<OwnedCounts> {
  const n = async (q: Promise<{ n: number }[]>) => (await q)[0]?.n ?? 0;
  const [a, c, o, u, f, ar, g] = await Promise.all([
    n(db.select({ n: count() }).from(activities).where(eq(activities.userId, userId))),
    n(db.select({ n: count() }).from(checkins).where(eq(checkins.userId, userId))),
    n(db.select({ n: count() }).from(ostrcResponses).where(eq(ostrcResponses.userId, userId))),
    n(db.select({ n: count() }).from(uploads).where(eq(uploads.userId, userId))),
    n(db.select({ n: count() }).from(uploadFiles).where(eq(uploadFiles.userId, userId))),
    n(db.select({ n: count() }).from(archiveImports).where(eq(archiveImports.userId, userId))),
    n(db.select({ n: count() }).from(gear).where(eq(gear.userId, userId))),
  ]);
  return { activities: a, checkins: c, ostrcResponses: o, uploads: u, originalFiles: f, archiveImports: ar, gear: g };
}

export async function hasStravaConnection(db: Db, userId: string): Promise<boolean> {
  const rows = await db.select({ id: stravaConnections.userId }).from(stravaConnections).where(eq(stravaConnections.userId, userId)).limit(1);
  return rows.length > 0;
}

/** Where the runner's uploaded archives still wait on disk. */
export async function archivePaths(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .select({ path: archiveImports.path, planPath: archiveImports.planPath })
    .from(archiveImports)
    .where(and(eq(archiveImports.userId, userId), isNotNull(archiveImports.path)));
  return rows.flatMap((r) => [r.path, r.planPath].filter((p): p is string => p !== null));
}

/**
 * Deletes the runner: the users row, whose foreign keys cascade to every table the runner owns
 * (USER_OWNED_TABLES), and what is kept by email rather than by id (sign-in attempts, email
 * verification tokens). One transaction. False when there was no such runner.
 */
export async function deleteUserRows(db: Db, userId: string, email: string | null): Promise<boolean> {
  return db.transaction(async (tx) => {
    const deleted = await tx.delete(users).where(eq(users.id, userId)).returning({ id: users.id });
    if (deleted.length === 0) return false;
    if (email) {
      await tx.delete(signInAttempts).where(eq(signInAttempts.email, email));
      await tx.delete(verificationTokens).where(eq(verificationTokens.identifier, email));
    }
    return true;
  });
}
