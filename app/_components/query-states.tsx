"use client";

import { Alert } from "./alert";

/**
 * The loading and error states of every card that fetches: the same words, shapes and retry
 * everywhere. Put aria-busy on the region being filled; these announce themselves.
 */

/** A placeholder the size of what is coming, with words for screen readers and slow connections. */
export function Loading({ label, chart = false }: { label: string; chart?: boolean }) {
  return (
    <div className="loading" role="status" aria-busy="true" data-testid="loading">
      <p className="muted">{label}</p>
      <div className={chart ? "skeleton skeleton-chart" : "skeleton"} aria-hidden="true" />
    </div>
  );
}

/** What went wrong, in the server's words (written for the runner), and a way to try again. */
export function LoadError({ error, onRetry, retrying = false }: { error: Error; onRetry: () => void; retrying?: boolean }) {
  return (
    <div className="load-error">
      <Alert>{error.message || "Something went wrong. Please try again."}</Alert>
      <button type="button" className="button" onClick={onRetry} disabled={retrying}>
        {retrying ? "Trying again…" : "Try again"}
      </button>
    </div>
  );
}
