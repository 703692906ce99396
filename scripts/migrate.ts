/**
 * `npm run db:migrate`: applies the committed migrations to the configured database
 * (DATABASE_URL, or the embedded one in DATA_DIR) and exits: 0 on success, 1 with a message on
 * failure. The app also migrates on start, so this is for deployments that migrate as a step.
 */
import { closeDb, DatabaseLockedError, getDbHandle } from "../db/client";

try {
  const handle = await getDbHandle();
  console.log(`Migrations applied (${handle.kind}).`);
  await closeDb();
  process.exit(0);
} catch (err) {
  if (err instanceof DatabaseLockedError) console.error(err.message);
  else console.error("Migration failed:", err instanceof Error ? err.message : err);
  process.exit(1);
}
