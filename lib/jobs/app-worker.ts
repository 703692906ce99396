import { getDbHandle } from "@/db/client";
import { env } from "@/lib/env";
import { ARCHIVE_JOB, archiveImportHandler } from "@/lib/import/archive-import";
import { appStravaDeps, stravaJobHandlers } from "@/lib/strava/runtime";
import { enqueueDueSyncs } from "@/lib/strava/sync";
import { errorFields, log } from "@/lib/log";
import { createWorker, newWorkerId, type Worker } from "./worker";

/** How often an idle worker looks for work, and how long it holds a job before another may take it. */
export const WORKER_INTERVAL_MS = 1_000;
export const WORKER_LEASE_MS = 2 * 60_000;
/** How often this instance looks for Strava connections due for their scheduled sync. */
export const SYNC_SWEEP_MS = 60_000;

let running: Worker | null = null;

/**
 * Starts this process's job worker (once): Strava sync and archive imports. Every app instance runs one; the queue (lib/jobs/queue.ts)
 * makes sure each job runs on exactly one of them at a time.
 */
export async function startAppWorker(): Promise<Worker | null> {
  if (running || env().JOBS_WORKER === "off") return running;
  const { db } = await getDbHandle();
  running = createWorker({
    db,
    workerId: newWorkerId("app"),
    handlers: { ...stravaJobHandlers(appStravaDeps(db)), [ARCHIVE_JOB]: archiveImportHandler(db) },
    clock: () => new Date(),
    leaseMs: WORKER_LEASE_MS,
    batch: 4,
  });
  running.start(WORKER_INTERVAL_MS);
  // The scheduled Strava sync (lib/strava/sync.ts): once a minute, queue the connections that are due.
  const sweep = () =>
    void enqueueDueSyncs(db, new Date()).catch((err: unknown) => log.warn("could not queue the due Strava syncs", errorFields(err)));
  sweep();
  const sweeper = setInterval(sweep, SYNC_SWEEP_MS);
  sweeper.unref();
  const stop = () => {
    clearInterval(sweeper);
    void running?.stop();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  return running;
}
