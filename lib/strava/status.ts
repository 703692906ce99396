import type { Db } from "@/db/client";
import { countStravaActivities, getStravaConnection } from "@/db/queries/strava";
import type { StravaConnection } from "@/db/schema";
import { PAGE_SIZE } from "./backfill";
import { missingScopeNotes } from "./tokens";

/**
 * What the runner may see of their Strava connection — never a token — with the history import's
 * progress for the settings page's progress bar.
 */
export type StravaStatus =
  | { connected: false }
  | {
      connected: true;
      athleteId: number;
      connectedAt: Date;
      /** "reconnect_needed": Strava refused Patella's tokens; the runner must connect again. */
      state: "active" | "reconnect_needed";
      /** What will not work with the scopes granted (empty: all is well). */
      scopeNotes: string[];
      /** The last time Patella read Strava's activity list (a history page or a sync). */
      lastSyncAt: Date | null;
      import: {
        status: "pending" | "running" | "done";
        /** Strava activities stored (from the import and from webhooks). */
        stored: number;
        /** An estimate of the activities still to import, or null when unknown or done. */
        remainingEstimate: number | null;
        /** Share of the history covered, 0–1, or null when unknown. */
        fraction: number | null;
        /** Waiting for Strava's rate-limit window until then. */
        pausedUntil: Date | null;
        finishedAt: Date | null;
        lastError: string | null;
      };
    };

/** As the JSON API sends it: dates become ISO strings. */
type Jsonified<T> = T extends Date ? string : T extends object ? { [K in keyof T]: Jsonified<T[K]> } : T;
export type StravaStatusJson = Jsonified<StravaStatus>;

/**
 * How much of the history is left. First from the activities seen: a last page shorter than a
 * full page (200) means Strava had no more before it — the import is finishing (one more request
 * confirms the end), so nothing is left, whatever the join date says (an athlete who joined years
 * before their first upload made "about 1,107 to go" at 1,500 of 1,500). While pages come back
 * full, from the time still to cover: the import goes newest first, so it has covered
 * [cursor, start) and has [joined Strava, cursor) to go; activities left ≈ imported × (time left /
 * time covered). Pure; null when it cannot be told.
 */
export function estimateRemaining(
  c: Pick<StravaConnection, "backfillStatus" | "backfillBefore" | "backfillImported" | "backfillStartedAt" | "athleteCreatedAt"> & {
    backfillLastPage?: number | null;
  },
): { remaining: number | null; fraction: number | null } {
  if (c.backfillStatus === "done") return { remaining: 0, fraction: 1 };
  if (c.backfillBefore !== null && typeof c.backfillLastPage === "number" && c.backfillLastPage < PAGE_SIZE) return { remaining: 0, fraction: 1 };
  if (c.backfillBefore === null || !c.backfillStartedAt || !c.athleteCreatedAt) return { remaining: null, fraction: c.backfillBefore === null ? 0 : null };
  const start = c.backfillStartedAt.getTime() / 1000;
  const joined = c.athleteCreatedAt.getTime() / 1000;
  const covered = start - c.backfillBefore;
  const left = Math.max(0, c.backfillBefore - joined);
  if (covered <= 0 || start <= joined) return { remaining: null, fraction: null };
  const fraction = Math.min(1, covered / (covered + left));
  return { remaining: Math.round((c.backfillImported * left) / covered), fraction };
}

export async function stravaStatus(db: Db, userId: string): Promise<StravaStatus> {
  const row = await getStravaConnection(db, userId);
  if (!row) return { connected: false };
  const stored = await countStravaActivities(db, userId);
  const { remaining, fraction } = estimateRemaining(row);
  return {
    connected: true,
    athleteId: row.athleteId,
    connectedAt: row.createdAt,
    state: row.status,
    scopeNotes: missingScopeNotes(row.scopes),
    lastSyncAt: row.lastSyncAt,
    import: {
      status: row.backfillStatus,
      stored,
      remainingEstimate: remaining,
      fraction,
      pausedUntil: row.backfillPausedUntil,
      finishedAt: row.backfillFinishedAt,
      lastError: row.lastError,
    },
  };
}
