import "server-only";
import { cache } from "react";
import { getDb } from "@/db/client";
import { userExists } from "@/db/queries/users";
import { auth } from "./index";

/**
 * The signed-in runner's id for pages and server actions, or null. Like the API guard, it checks
 * that the user still exists: a valid cookie for a deleted user, or one signed for another
 * database, counts as signed out (otherwise pages and the API would disagree and loop).
 */
export const currentUserId = cache(async (): Promise<string | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  return (await userExists(await getDb(), id)) ? id : null;
});
