"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRef, useState, type DragEvent } from "react";
import { apiFetch, ApiClientError } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";

type Outcome =
  | { state: "uploading" }
  | { state: "imported"; activityId: string }
  | { state: "duplicate"; activityId: string | null; message: string }
  | { state: "failed"; message: string };

interface Row {
  key: string;
  name: string;
  outcome: Outcome;
}

async function uploadOne(file: File): Promise<Outcome> {
  const body = new FormData();
  body.append("file", file);
  try {
    const res = await apiFetch<{ activityId: string }>("/api/v1/uploads", { method: "POST", body });
    return { state: "imported", activityId: res.activityId };
  } catch (err) {
    if (err instanceof ApiClientError && err.code === "conflict:duplicate_activity") {
      const id = (err.details as { activityId?: string } | undefined)?.activityId ?? null;
      return { state: "duplicate", activityId: id, message: err.message };
    }
    return { state: "failed", message: err instanceof Error ? err.message : "Upload failed." };
  }
}

export function UploadForm() {
  const client = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [rows, setRows] = useState<Row[]>([]);
  const [dragging, setDragging] = useState(false);
  const busy = rows.some((r) => r.outcome.state === "uploading");

  async function handleFiles(files: File[]) {
    if (files.length === 0) return;
    const batch = files.map((f, i) => ({ key: `${Date.now()}-${i}-${f.name}`, name: f.name, outcome: { state: "uploading" } as Outcome }));
    setRows((prev) => [...batch, ...prev]);
    for (const [i, file] of files.entries()) {
      const outcome = await uploadOne(file);
      const key = batch[i]!.key;
      setRows((prev) => prev.map((r) => (r.key === key ? { ...r, outcome } : r)));
    }
    await client.invalidateQueries({ queryKey: queryKeys.all });
    if (input.current) input.current.value = "";
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    void handleFiles(Array.from(event.dataTransfer.files));
  }

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
        <p>Drop GPX files here, or</p>
        <label className="button primary">
          Choose files
          <input
            ref={input}
            className="visually-hidden"
            type="file"
            name="file"
            accept=".gpx,application/gpx+xml"
            multiple
            disabled={busy}
            onChange={(e) => void handleFiles(Array.from(e.currentTarget.files ?? []))}
          />
        </label>
      </div>
      {rows.length > 0 ? (
        <ul className="upload-results" aria-live="polite" data-testid="upload-results">
          {rows.map((r) => (
            <li key={r.key} data-state={r.outcome.state}>
              <strong>{r.name}</strong>: <OutcomeText outcome={r.outcome} />
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function OutcomeText({ outcome }: { outcome: Outcome }) {
  switch (outcome.state) {
    case "uploading":
      return <span className="muted">uploading…</span>;
    case "imported":
      return (
        <span className="ok">
          imported. <Link href={`/activities/${outcome.activityId}`}>View activity</Link>
        </span>
      );
    case "duplicate":
      return (
        <span className="muted">
          {outcome.message} {outcome.activityId ? <Link href={`/activities/${outcome.activityId}`}>View it</Link> : null}
        </span>
      );
    case "failed":
      return <span className="error">{outcome.message}</span>;
  }
}
