import { randomBytes } from "node:crypto";
import type { Db } from "@/db/client";
import { users, type Units } from "@/db/schema";
import { sessionCookie } from "./http";

/** A runner with a unique email, and a session cookie for them. */
export async function createRunner(db: Db, overrides: { timeZone?: string; units?: Units } = {}) {
  const email = `runner-${randomBytes(5).toString("hex")}@example.test`;
  const [user] = await db
    .insert(users)
    .values({ email, name: "Test Runner", timeZone: overrides.timeZone ?? "UTC", units: overrides.units ?? "km" })
    .returning({ id: users.id });
  return { id: user!.id, email, cookie: await sessionCookie(user!.id) };
}
