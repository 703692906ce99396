import type { Db } from "@/db/client";
import { getAuthSecret } from "@/lib/auth/secret";
import { env } from "@/lib/env";
import type { JobHandler } from "@/lib/jobs/worker";
import { streamsHandler, STREAMS_JOB } from "./activity-streams";
import type { StravaDeps } from "./api";
import { BACKFILL_JOB, backfillHandler } from "./backfill";
import { EVENT_JOB, eventHandler } from "./events";
import { SYNC_JOB, syncHandler } from "./sync";

/** The Strava dependencies of the running app: configuration from the environment, the real clock. */
export function appStravaDeps(db: Db): StravaDeps {
  const e = env();
  return {
    db,
    config: { baseUrl: e.STRAVA_BASE_URL, clientId: e.STRAVA_CLIENT_ID ?? "", clientSecret: e.STRAVA_CLIENT_SECRET ?? "" },
    secret: getAuthSecret(),
    now: () => new Date(),
  };
}

/** Every Strava job kind and its handler, for the worker. */
export function stravaJobHandlers(deps: StravaDeps): Record<string, JobHandler> {
  return {
    [BACKFILL_JOB]: backfillHandler(deps),
    [EVENT_JOB]: eventHandler(deps),
    [STREAMS_JOB]: streamsHandler(deps),
    [SYNC_JOB]: syncHandler(deps),
  };
}
