import { and, asc, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "../client";
import { invites } from "../schema";

export async function insertInvite(db: Db, invite: { codeHash: string; expiresAt: Date; note: string | null }): Promise<string> {
  const [row] = await db.insert(invites).values(invite).returning({ id: invites.id });
  return row!.id;
}

/** Uses up an invite: true once, for a code not used before and not expired (one statement, so two sign-ups cannot both use it). */
export async function consumeInvite(db: Db, codeHash: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(invites)
    .set({ usedAt: now })
    .where(and(eq(invites.codeHash, codeHash), isNull(invites.usedAt), gt(invites.expiresAt, now)))
    .returning({ id: invites.id });
  return rows.length > 0;
}

export async function listInvites(db: Db) {
  return db.select({ id: invites.id, note: invites.note, expiresAt: invites.expiresAt, usedAt: invites.usedAt, createdAt: invites.createdAt }).from(invites).orderBy(asc(invites.createdAt));
}
