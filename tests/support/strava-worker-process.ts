/**
 * Child process for tests/integration/kill-mid-backfill.test.ts: an "app instance" that only runs
 * the job worker with the Strava handlers, against the PostgreSQL database in DATABASE_URL and the
 * Strava server in STRAVA_BASE_URL (STRAVA_CLIENT_ID, STRAVA_CLIENT_SECRET, AUTH_SECRET as in the
 * app: lib/strava/runtime.ts's appStravaDeps, real clock). WORKER_LEASE_MS sets the lease.
 *
 * stdout carries data only, one JSON line each: first {"ready": true, "workerId"}, then one line
 * per round that claimed something, after the round has recorded its outcomes. Logs go to stderr.
 * It never stops by itself: the test kills it.
 *
 *   node --import tsx tests/support/strava-worker-process.ts
 */
import { openPostgres } from "../../db/client";
import { createWorker, newWorkerId } from "../../lib/jobs/worker";
import { log, logToStderr } from "../../lib/log";
import { appStravaDeps, stravaJobHandlers } from "../../lib/strava/runtime";

logToStderr();
const url = process.env.DATABASE_URL;
if (!url) throw new Error("strava-worker-process needs DATABASE_URL (PostgreSQL)");
const leaseMs = Number(process.env.WORKER_LEASE_MS ?? 30_000);

const handle = await openPostgres(url, { max: 4 });
const deps = appStravaDeps(handle.db);
const worker = createWorker({
  db: handle.db,
  workerId: newWorkerId("killable"),
  handlers: stravaJobHandlers(deps),
  clock: deps.now,
  leaseMs,
  batch: 4,
  logger: log,
});

const write = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);
write({ ready: true, workerId: worker.workerId });

for (let round = 1; ; round++) {
  const summary = await worker.runOnce();
  if (summary.claimed > 0) write({ round, at: Date.now(), ...summary });
  else await new Promise((resolve) => setTimeout(resolve, 20));
}
