"use client";

import Link from "next/link";

/**
 * A page of the app failed to render (the database was unreachable, say). The runner sees what
 * happened and a way to try again, never a stack trace; the header and menu stay usable.
 */
export default function AppError({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  return (
    <section className="card" aria-labelledby="page-error-title">
      <h1 id="page-error-title">This page could not be shown</h1>
      <p role="alert">
        Patella could not load this page just now. Your data is safe: try again in a moment, and if it keeps happening, check that the Patella
        server and its database are running.
      </p>
      {error.digest ? <p className="muted small">Reference for the server log: {error.digest}</p> : null}
      <div className="row start">
        <button type="button" className="button primary" onClick={retry}>
          Try again
        </button>
        <Link href="/dashboard" className="button">
          Back to the dashboard
        </Link>
      </div>
    </section>
  );
}
