import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { users, type Units } from "../schema";

export async function userExists(db: Db, userId: string): Promise<boolean> {
  const rows = await db.select({ id: users.id }).from(users).where(eq(users.id, userId)).limit(1);
  return rows.length > 0;
}

export async function getUserByEmail(db: Db, email: string) {
  const rows = await db.select().from(users).where(eq(users.email, email)).limit(1);
  return rows[0] ?? null;
}

/** Creates a password account; returns null when the email is already registered. */
export async function createPasswordUser(
  db: Db,
  input: { email: string; name: string | null; passwordHash: string; timeZone: string },
) {
  const rows = await db
    .insert(users)
    .values({ email: input.email, name: input.name, passwordHash: input.passwordHash, timeZone: input.timeZone })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id, email: users.email, name: users.name });
  return rows[0] ?? null;
}

export interface UserSettings {
  name: string | null;
  email: string | null;
  units: Units;
  timeZone: string;
  /** For heart-rate TRIMP: Banister's constants differ by sex; resting and maximum heart rate. */
  sex: "female" | "male" | null;
  hrRest: number | null;
  hrMax: number | null;
  /** Changes whenever any of the runner's activities changes (a database trigger bumps it). */
  activitiesVersion: number;
  /** Changes whenever any of the runner's check-ins or weekly questionnaires changes (a trigger too). */
  checkinsVersion: number;
}

export async function getUserSettings(db: Db, userId: string): Promise<UserSettings | null> {
  const rows = await db
    .select({ name: users.name, email: users.email, units: users.units, timeZone: users.timeZone, sex: users.sex, hrRest: users.hrRest, hrMax: users.hrMax, activitiesVersion: users.activitiesVersion, checkinsVersion: users.checkinsVersion })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  return rows[0] ?? null;
}

export async function updateUserSettings(
  db: Db,
  userId: string,
  patch: Partial<Pick<UserSettings, "units" | "timeZone" | "sex" | "hrRest" | "hrMax">>,
): Promise<UserSettings | null> {
  if (Object.keys(patch).length > 0) {
    await db.update(users).set(patch).where(eq(users.id, userId));
  }
  return getUserSettings(db, userId);
}
