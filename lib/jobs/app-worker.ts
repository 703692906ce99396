import { getDbHandle } from "@/db/client";
import { env } from "@/lib/env";
import { ARCHIVE_JOB, archiveImportHandler } from "@/lib/import/archive-import";
import { appStravaDeps, stravaJobHandlers } from "@/lib/strava/runtime";
import { scheduleAllPeriodicSyncs } from "@/lib/strava/sync";
import { createWorker, newWorkerId, type Worker } from "./worker";

/** How often an idle worker looks for work, and how long it holds a job before another may take it. */
export const WORKER_INTERVAL_MS = 1_000;
export const WORKER_LEASE_MS = 2 * 60_000;

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
  // Every active connection gets its periodic Strava sync (idempotent: one queued job per runner).
  await scheduleAllPeriodicSyncs(db, new Date()).catch(() => 0);
  running.start(WORKER_INTERVAL_MS);
  const stop = () => void running?.stop();
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  return running;
}
