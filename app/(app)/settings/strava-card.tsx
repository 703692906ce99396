"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Alert } from "@/app/_components/alert";
import { StravaButton } from "@/app/_components/strava-button";
import { apiFetch } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import type { StravaStatusJson } from "@/lib/strava/status";

export type { StravaStatusJson };

interface DisconnectJson {
  deleted: { activities: number; gear: number };
  stravaNotified: boolean;
}

const count = (n: number) => n.toLocaleString("en-GB");

function clock(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone }).format(new Date(iso));
}

/**
 * The Strava part of settings: connect, the history import's progress (polled while it runs),
 * missing permissions, "reconnect needed", resume after an error, and disconnect with what it deleted.
 */
export function StravaCard({ initial, configured, timeZone }: { initial: StravaStatusJson; configured: boolean; timeZone: string }) {
  const client = useQueryClient();
  const [disconnected, setDisconnected] = useState<DisconnectJson | null>(null);
  const [syncAskedAt, setSyncAskedAt] = useState<number | null>(null);
  const status = useQuery({
    queryKey: queryKeys.strava(),
    queryFn: () => apiFetch<StravaStatusJson>("/api/v1/strava"),
    initialData: initial,
    refetchInterval: (q) => {
      const s = q.state.data;
      if (!s?.connected || s.state !== "active") return false;
      // A sync asked for and not reported yet: watch for it.
      if (syncAskedAt !== null && (!s.lastSyncAt || Date.parse(s.lastSyncAt) < syncAskedAt) && Date.now() - syncAskedAt < 120_000) return 2_000;
      if (s.import.status === "done") return false;
      // After an error too, more slowly: a transient one (Strava unreachable) is retried by the
      // import itself, and the card must see it carry on without a reload.
      return s.import.lastError || q.state.error ? 10_000 : 1_500;
    },
  });
  const sync = useMutation({
    mutationFn: () => apiFetch<StravaStatusJson>("/api/v1/strava/sync", { method: "POST" }),
    onMutate: () => setSyncAskedAt(Date.now()),
    onSuccess: (next) => client.setQueryData(queryKeys.strava(), next),
  });
  const disconnect = useMutation({
    mutationFn: () => apiFetch<DisconnectJson>("/api/v1/strava", { method: "DELETE" }),
    onSuccess: async (result) => {
      setDisconnected(result);
      await client.invalidateQueries({ queryKey: queryKeys.all });
    },
  });
  const resume = useMutation({
    mutationFn: () => apiFetch<StravaStatusJson>("/api/v1/strava/import", { method: "POST" }),
    onSuccess: (next) => client.setQueryData(queryKeys.strava(), next),
  });

  const s = status.data;
  return (
    <section className="card stack" aria-labelledby="strava-title">
      <h2 id="strava-title">Strava</h2>
      {!s.connected ? (
        <>
          {disconnected ? (
            <p role="status" data-testid="strava-disconnected">
              Disconnected from Strava. Deleted {count(disconnected.deleted.activities)} activities
              {disconnected.deleted.gear > 0 ? ` and ${count(disconnected.deleted.gear)} pieces of gear` : ""} that came from Strava; your
              uploaded files and check-ins are kept.
              {disconnected.stravaNotified ? "" : " Strava could not be reached: remove Patella under My Apps in Strava's settings as well."}
            </p>
          ) : null}
          {configured ? (
            <>
              <p data-testid="strava-status">Not connected. Connect Strava to import your runs automatically.</p>
              <div>
                <StravaButton label="Connect Strava" redirectTo="/settings" />
              </div>
            </>
          ) : (
            <p data-testid="strava-status" className="muted">
              Strava is not configured on this server (set STRAVA_CLIENT_ID and STRAVA_CLIENT_SECRET).
            </p>
          )}
        </>
      ) : (
        <>
          <p data-testid="strava-status">Connected to Strava (athlete {s.athleteId}).</p>
          {s.state === "reconnect_needed" ? (
            <div className="stack" role="alert">
              <p className="error">
                Strava no longer accepts Patella&apos;s access (it was revoked, or has lapsed). Nothing is imported until you reconnect;
                what was imported stays.
              </p>
              <div>
                <StravaButton label="Reconnect Strava" redirectTo="/settings" />
              </div>
            </div>
          ) : null}
          {s.scopeNotes.length > 0 ? (
            <div className="stack" data-testid="strava-scopes">
              <p>Some permissions were not granted on Strava&apos;s page:</p>
              <ul>
                {s.scopeNotes.map((note) => (
                  <li key={note}>{note}</li>
                ))}
              </ul>
              <div>
                <StravaButton label="Reconnect with all permissions" redirectTo="/settings" />
              </div>
            </div>
          ) : null}
          <ImportProgress status={s.import} timeZone={timeZone} />
          {s.state === "active" && s.import.status === "done" ? (
            <div className="stack" data-testid="strava-sync">
              <p className="muted">
                {s.lastSyncAt ? `Last checked with Strava at ${clock(s.lastSyncAt, timeZone)}` : "Not checked with Strava yet"}; Patella also checks by
                itself regularly, in case a new activity&apos;s notice did not reach it.
              </p>
              <div>
                <button type="button" className="button" disabled={sync.isPending} onClick={() => sync.mutate()}>
                  {sync.isPending ? "Syncing…" : "Sync now"}
                </button>
              </div>
              <Alert>{sync.isError ? sync.error.message : null}</Alert>
            </div>
          ) : null}
          {s.import.lastError && s.state === "active" ? (
            <div className="stack">
              <Alert>{s.import.lastError}</Alert>
              {s.import.status !== "done" ? (
                <div>
                  <button type="button" className="button" disabled={resume.isPending} onClick={() => resume.mutate()}>
                    {resume.isPending ? "Resuming…" : "Resume import"}
                  </button>
                </div>
              ) : null}
              <Alert>{resume.isError ? resume.error.message : null}</Alert>
            </div>
          ) : null}
          <div className="stack">
            <button
              type="button"
              className="button danger"
              disabled={disconnect.isPending}
              onClick={() => {
                const text = `Disconnect Strava? Patella revokes its access at Strava and deletes the ${count(s.import.stored)} activities that came from Strava. Files you uploaded and your check-ins stay.`;
                if (window.confirm(text)) disconnect.mutate();
              }}
            >
              {disconnect.isPending ? "Disconnecting…" : "Disconnect Strava"}
            </button>
            <Alert>{disconnect.isError ? disconnect.error.message : null}</Alert>
          </div>
        </>
      )}
      <p className="muted powered-by-strava">Powered by Strava</p>
    </section>
  );
}

function ImportProgress({ status, timeZone }: { status: Extract<StravaStatusJson, { connected: true }>["import"]; timeZone: string }) {
  if (status.status === "done") {
    return (
      <p data-testid="strava-import">
        History imported: {count(status.stored)} activities from Strava. New ones arrive by themselves after you upload them to Strava.
      </p>
    );
  }
  const percent = status.fraction === null ? null : Math.round(status.fraction * 100);
  return (
    <div className="stack" data-testid="strava-import">
      <label className="stack">
        <span>
          Importing your Strava history: {count(status.stored)} activities so far
          {status.remainingEstimate !== null && status.remainingEstimate > 0 ? `, about ${count(status.remainingEstimate)} to go` : ""}.
        </span>
        {/* No value while the size is unknown: an indeterminate bar. */}
        <progress max={100} value={percent ?? undefined} aria-label="Strava history import">
          {percent === null ? "" : `${percent}%`}
        </progress>
      </label>
      {status.pausedUntil ? (
        <p className="muted" data-testid="strava-paused">
          Paused until {clock(status.pausedUntil, timeZone)}: Strava&apos;s request limit for the quarter-hour is used up. It carries on by itself.
        </p>
      ) : (
        <p className="muted">Newest first, 200 activities per request to Strava; you can leave this page.</p>
      )}
    </div>
  );
}
