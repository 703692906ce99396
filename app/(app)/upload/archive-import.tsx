"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Alert } from "@/app/_components/alert";
import { apiFetch } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { sendArchive } from "@/lib/client/upload";
import { formatBytes } from "@/lib/format-bytes";

interface ArchiveJson {
  id: string;
  fileName: string;
  sizeBytes: number;
  status: "queued" | "running" | "done" | "failed";
  kind: "strava_export" | "files" | "patella_export" | null;
  total: number | null;
  done: number;
  imported: number;
  duplicates: number;
  failed: number;
  skipped: number;
  lastError: string | null;
}

const n = (x: number) => x.toLocaleString("en-GB");

/**
 * Import of Strava's "download your data" archive or any .zip of activity files: the upload's
 * progress, then the import's (polled), with counts per status.
 */
export function ArchiveImport({ maxBytes }: { maxBytes: number }) {
  const client = useQueryClient();
  const [uploading, setUploading] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [currentId, setCurrentId] = useState<string | null>(null);
  const list = useQuery({
    queryKey: queryKeys.archives(),
    queryFn: () => apiFetch<{ archives: ArchiveJson[] }>("/api/v1/archives"),
    refetchInterval: (q) => (q.state.data?.archives.some((a) => a.status === "queued" || a.status === "running") ? 1_500 : false),
  });
  const archives = list.data?.archives ?? [];
  const current = archives.find((a) => a.id === currentId) ?? null;
  const wasActive = archives.some((a) => a.status === "queued" || a.status === "running");

  async function onPick(file: File | undefined) {
    if (!file) return;
    setError(null);
    if (!/\.zip$/i.test(file.name)) return setError(`“${file.name}” is not a .zip archive.`);
    if (file.size > maxBytes) return setError(`“${file.name}” is larger than the ${formatBytes(maxBytes)} limit.`);
    setUploading(0);
    const res = await sendArchive(file, setUploading);
    setUploading(null);
    if (res.status === 202) {
      const body = res.body as { archive: ArchiveJson };
      setCurrentId(body.archive.id);
      await client.invalidateQueries({ queryKey: queryKeys.archives() });
      return;
    }
    const message = (res.body as { error?: { message?: string } } | null)?.error?.message;
    setError(res.status === 0 ? "The upload was interrupted. Check your connection and try again." : (message ?? `The server answered ${res.status}.`));
  }

  return (
    <section className="card stack" aria-labelledby="archive-title">
      <h2 id="archive-title">Import a Strava archive or a .zip of files</h2>
      <p className="muted">
        Your whole Strava history at once, without waiting for Strava&apos;s request limits: on strava.com, Settings → My Account → Download or Delete
        Your Account → Request your archive, then upload the .zip here (up to {formatBytes(maxBytes)}). Names and types come from its activities.csv,
        and a later Strava connection recognises the same activities. A .zip of .gpx, .tcx or .fit files works too, and so does a Patella
        export (Settings → Export your data): it restores the activities, check-ins and settings it holds, skipping what is already here.
      </p>
      <label className="stack">
        <span>Choose an archive</span>
        <input type="file" accept=".zip,application/zip" disabled={uploading !== null} onChange={(e) => void onPick(e.target.files?.[0])} />
      </label>
      {uploading !== null ? (
        <label className="stack">
          <span>Uploading… {Math.round(uploading * 100)}%</span>
          <progress max={100} value={Math.round(uploading * 100)} aria-label="Archive upload" />
        </label>
      ) : null}
      <Alert>{error}</Alert>
      {current ? <ArchiveProgress run={current} /> : null}
      {archives.filter((a) => a.id !== currentId).length > 0 ? (
        <details open={wasActive && !current}>
          <summary>Earlier archive imports</summary>
          <ul className="stack">
            {archives
              .filter((a) => a.id !== currentId)
              .map((a) => (
                <li key={a.id}>
                  <ArchiveProgress run={a} />
                </li>
              ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

function ArchiveProgress({ run }: { run: ArchiveJson }) {
  const percent = run.total ? Math.round((run.done / run.total) * 100) : null;
  // A Patella export counts activities, check-ins and weekly answers; other archives count files.
  const unit = run.kind === "patella_export" ? "items" : "files";
  return (
    <div className="stack" data-testid="archive-progress" data-status={run.status}>
      <strong>{run.fileName}</strong>
      {run.status === "failed" ? (
        <p className="error">Refused: {run.lastError}</p>
      ) : (
        <>
          <progress max={100} value={run.status === "done" ? 100 : (percent ?? undefined)} aria-label={`Import of ${run.fileName}`} />
          <p data-testid="archive-counts">
            {run.status === "done" ? "Done: " : run.status === "queued" ? "Waiting to start… " : `${n(run.done)} of ${run.total === null ? "?" : n(run.total)} ${unit}: `}
            {n(run.imported)} imported, {n(run.duplicates)} already imported, {n(run.failed)} refused
            {run.skipped > 0 ? `, ${n(run.skipped)} skipped (no file, or an unsafe name)` : ""}.
          </p>
          {run.failed > 0 && run.kind !== "patella_export" ? <p className="muted">The refused files are listed under Recent uploads with the reason.</p> : null}
          {run.failed > 0 && run.kind === "patella_export" ? (
            <p className="muted">Some records of the export were damaged and left out; everything else was restored.</p>
          ) : null}
        </>
      )}
    </div>
  );
}
