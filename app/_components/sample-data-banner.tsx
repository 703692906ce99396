"use client";

import { useState } from "react";
import { Alert } from "@/app/_components/alert";
import { useRemoveSampleData } from "@/lib/client/sample-data";

/**
 * Says that the runs and check-ins on show include the sample history, with its one-click removal.
 * `hasSample`: whether the runner has any sample data (lib/sample/has-sample.ts on the server).
 * Renders nothing without it, and hides itself once the removal succeeded.
 */
export function SampleDataBanner({ hasSample }: { hasSample: boolean }) {
  const [removed, setRemoved] = useState(false);
  const remove = useRemoveSampleData({ onRemoved: () => setRemoved(true) });
  if (!hasSample || removed) return null;
  return (
    <section className="card notice sample-banner" aria-label="Sample data" data-testid="sample-data-banner">
      <p>
        <strong>You are exploring sample data.</strong> The runs and check-ins marked &ldquo;Sample&rdquo; are a made-up runner&apos;s last few months.{" "}
        <button type="button" className="button link" disabled={remove.isPending} onClick={() => remove.mutate()}>
          {remove.isPending ? "Removing sample data…" : "Remove sample data"}
        </button>
      </p>
      <Alert>{remove.isError ? remove.error.message : null}</Alert>
    </section>
  );
}
