"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState, type DragEvent } from "react";
import { queryKeys } from "@/lib/client/query-keys";
import { eachWithLimit, uploadWithProgress } from "@/lib/client/upload";
import { formatBytes } from "@/lib/format-bytes";
import { formatDistance, formatDuration } from "@/lib/units";
import { SpikeBadge } from "@/app/_components/spike-badge";
import type { SpikeBand } from "@/lib/load/types";
import { SportChange } from "@/app/_components/sport-change";
import { SPORT_LABELS } from "@/app/_components/sport-label";
import type { Sport } from "@/db/schema";

type Spike = { band: SpikeBand; spike: number | null; longestPrev30dM: number | null } | null;

type Outcome =
  | { state: "waiting" }
  | { state: "uploading"; progress: number }
  | { state: "processing" }
  | {
      state: "imported";
      activityId: string;
      distanceM: number;
      movingS: number;
      startTime: string;
      sameRunAs: { id: string; name: string } | null;
      spike: Spike;
      sport: Sport;
      /** What the import inferred when the file did not say (the "files" work), with the plain sentence. */
      sportDetected: { sport: Sport; reason: string } | null;
    }
  | { state: "duplicate"; activityId: string | null; message: string }
  | { state: "refused"; message: string };

interface Row {
  key: string;
  name: string;
  outcome: Outcome;
}

/** Files upload a few at a time: quick for many small files, gentle on the server and the link. */
const PARALLEL = 3;
/** What a folder pick keeps (the server says what it makes of anything else). */
const ACTIVITY_FILE = /\.(gpx|tcx|fit)(\.gz)?$/i;

interface ApiError {
  error?: { code?: string; message?: string; details?: { activityId?: string } };
}

function outcomeOf(status: number, body: unknown): Outcome {
  const err = (body as ApiError | null)?.error;
  if (status === 201) {
    const b = body as { activityId: string; distanceM: number; movingS: number; startTime: string; sameRunAs: { id: string; name: string } | null; spike?: Spike; sport: Sport; sportDetected?: { sport: Sport; reason: string } | null };
    return { state: "imported", activityId: b.activityId, distanceM: b.distanceM, movingS: b.movingS, startTime: b.startTime, sameRunAs: b.sameRunAs, spike: b.spike ?? null, sport: b.sport, sportDetected: b.sportDetected ?? null };
  }
  if (status === 409 && err?.code === "conflict:duplicate_activity") {
    return { state: "duplicate", activityId: err.details?.activityId ?? null, message: err.message ?? "Already imported." };
  }
  if (status === 0) return { state: "refused", message: "The upload did not reach Patella. Check your connection and try again." };
  if (status === 401) return { state: "refused", message: "Your session has ended. Sign in again, then upload." };
  return { state: "refused", message: err?.message ?? `The server answered ${status}. Please try again.` };
}

export function UploadForm({ units, maxBytes }: { units: "km" | "mi"; maxBytes: number }) {
  const client = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const [rows, setRows] = useState<Row[]>([]);
  const [dragging, setDragging] = useState(false);
  const busy = rows.some((r) => r.outcome.state === "waiting" || r.outcome.state === "uploading" || r.outcome.state === "processing");

  useEffect(() => {
    // Folder picking is a non-standard attribute React does not type.
    folderInput.current?.setAttribute("webkitdirectory", "");
  }, []);

  function update(key: string, outcome: Outcome) {
    setRows((prev) => prev.map((r) => (r.key === key ? { ...r, outcome } : r)));
  }

  /** From a folder, only activity files are taken; picked or dropped files all get an answer. */
  async function handleFiles(all: File[], fromFolder = false) {
    const files = fromFolder ? all.filter((f) => ACTIVITY_FILE.test(f.name)) : all;
    if (files.length === 0) return;
    const stamp = Date.now();
    const batch: Row[] = files.map((f, i) => ({ key: `${stamp}-${i}`, name: f.webkitRelativePath || f.name, outcome: { state: "waiting" } }));
    setRows((prev) => [...batch, ...prev]);
    await eachWithLimit(files, PARALLEL, async (file, i) => {
      const key = batch[i]!.key;
      if (file.size > maxBytes) {
        update(key, { state: "refused", message: `The file is larger than the ${formatBytes(maxBytes)} limit.` });
        return;
      }
      update(key, { state: "uploading", progress: 0 });
      const answer = await uploadWithProgress(file, (progress) => update(key, progress >= 1 ? { state: "processing" } : { state: "uploading", progress }));
      update(key, outcomeOf(answer.status, answer.body));
    });
    await client.invalidateQueries({ queryKey: queryKeys.all });
    if (input.current) input.current.value = "";
    if (folderInput.current) folderInput.current.value = "";
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    void handleFiles(Array.from(event.dataTransfer.files));
  }

  const counts = {
    imported: rows.filter((r) => r.outcome.state === "imported").length,
    duplicate: rows.filter((r) => r.outcome.state === "duplicate").length,
    refused: rows.filter((r) => r.outcome.state === "refused").length,
  };

  return (
    <div className="stack">
      <div
        className={`dropzone${dragging ? " dragging" : ""}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>Drop GPX files here (as many as you like), or</p>
        <div className="row">
          <label className="button primary">
            Choose files
            <input
              ref={input}
              className="visually-hidden"
              type="file"
              name="file"
              accept=".gpx,.tcx,.fit,.gz,application/gpx+xml"
              multiple
              disabled={busy}
              onChange={(e) => void handleFiles(Array.from(e.currentTarget.files ?? []))}
            />
          </label>
          <label className="button">
            Choose a folder
            <input
              ref={folderInput}
              className="visually-hidden"
              type="file"
              name="folder"
              multiple
              disabled={busy}
              onChange={(e) => void handleFiles(Array.from(e.currentTarget.files ?? []), true)}
            />
          </label>
        </div>
        <p className="muted small">Up to {formatBytes(maxBytes)} per file. Routes and waypoint files are refused: they are plans, not runs.</p>
      </div>
      {rows.length > 0 ? (
        <>
          <p aria-live="polite" data-testid="upload-summary">
            {counts.imported} imported · {counts.duplicate} already imported · {counts.refused} refused
            {busy ? " · uploading…" : ""}
          </p>
          <ul className="upload-results" data-testid="upload-results">
            {rows.map((r) => (
              <li key={r.key} data-state={r.outcome.state}>
                <strong>{r.name}</strong>: <OutcomeText outcome={r.outcome} units={units} />
                {r.outcome.state === "uploading" ? (
                  <progress max={1} value={r.outcome.progress} aria-label={`Uploading ${r.name}`} />
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

function OutcomeText({ outcome, units }: { outcome: Outcome; units: "km" | "mi" }) {
  switch (outcome.state) {
    case "waiting":
      return <span className="muted">waiting…</span>;
    case "uploading":
      return <span className="muted">uploading {Math.round(outcome.progress * 100)}%</span>;
    case "processing":
      return <span className="muted">reading the file…</span>;
    case "imported":
      return (
        <span className="ok">
          imported
          {outcome.spike ? (
            <>
              {" · "}
              <SpikeBadge spike={outcome.spike} />
              {" · "}
            </>
          ) : (
            ": "
          )}
          {formatDistance(outcome.distanceM, units)} in {formatDuration(outcome.movingS)} on{" "}
          {new Date(outcome.startTime).toLocaleDateString(undefined, { dateStyle: "medium" })}.{" "}
          <Link href={`/activities/${outcome.activityId}`}>View activity</Link>{" "}
          <span data-testid="upload-sport">
            <span className="muted">{outcome.sportDetected ? outcome.sportDetected.reason : `Imported as ${SPORT_LABELS[outcome.sport]?.toLowerCase() ?? outcome.sport}.`}</span>{" "}
            <SportChange activityId={outcome.activityId} sport={outcome.sport} />
          </span>
          {outcome.sameRunAs ? (
            <span className="muted">
              {" "}
              Same run as “{outcome.sameRunAs.name}”, so it is counted once (you can change this on its page).
            </span>
          ) : null}
        </span>
      );
    case "duplicate":
      return (
        <span className="muted">
          {outcome.message} {outcome.activityId ? <Link href={`/activities/${outcome.activityId}`}>View it</Link> : null}
        </span>
      );
    case "refused":
      return <span className="error">refused: {outcome.message}</span>;
  }
}
