import type { Db } from "@/db/client";
import { hasSampleRows } from "@/db/queries/sample-data";

/** Whether the runner is exploring the sample history (any sample run or check-in): pages show the banner then. */
export async function hasSampleData(db: Db, userId: string): Promise<boolean> {
  return hasSampleRows(db, userId);
}
