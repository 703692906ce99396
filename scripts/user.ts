/**
 * `npm run user -- invite|create|reset-password|list|delete …`: sign-up invitations and account
 * care from the server's command line (lib/account/user-cli.ts says what each command does).
 * Honours DATABASE_URL / DATA_DIR like the app. With the embedded database it cannot run while the
 * app has it open (it says so): stop the app, or use PostgreSQL.
 * Exit code: 0 done, 1 refused, 2 on a usage or set-up error.
 */
import { closeDb, DatabaseLockedError, getDbHandle } from "../db/client";
import { runUserCli, USAGE } from "../lib/account/user-cli";
import { env } from "../lib/env";
import { logToStderr } from "../lib/log";
import { appStravaDeps } from "../lib/strava/runtime";

async function main(): Promise<number> {
  logToStderr();
  const argv = process.argv.slice(2);
  if (argv.length === 0) {
    console.error(USAGE);
    return 2;
  }
  let handle;
  try {
    handle = await getDbHandle();
  } catch (err) {
    console.error(err instanceof DatabaseLockedError ? err.message : `Cannot open the database: ${(err as Error).message}`);
    return 2;
  }
  const e = env();
  try {
    return await runUserCli(argv, {
      db: handle.db,
      out: (line) => console.log(line),
      err: (line) => console.error(line),
      baseUrl: e.AUTH_URL ?? process.env.NEXTAUTH_URL ?? `http://localhost:${e.PORT}`,
      dataDir: e.DATA_DIR,
      strava: appStravaDeps(handle.db),
    });
  } finally {
    await closeDb();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error("Failed:", err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
