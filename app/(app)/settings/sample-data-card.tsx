"use client";

import Link from "next/link";
import { useState } from "react";
import { Alert } from "@/app/_components/alert";
import { useAddSampleData, useRemoveSampleData } from "@/lib/client/sample-data";

/**
 * Settings' card for the sample history: add it to look around, or remove it in one go.
 * `hasSample`: whether the runner has any sample data (lib/sample/has-sample.ts on the server).
 */
export function SampleDataCard({ hasSample }: { hasSample: boolean }) {
  const [has, setHas] = useState(hasSample);
  const [message, setMessage] = useState<string | null>(null);
  const add = useAddSampleData({
    onAdded: (r) => {
      setHas(true);
      setMessage(r.added > 0 ? `Added ${r.activities} sample runs and ${r.checkins} check-ins.` : "The sample data is already here.");
    },
  });
  const remove = useRemoveSampleData({
    onRemoved: (r) => {
      setHas(false);
      setMessage(`Removed ${r.activities} sample runs and ${r.checkins} check-ins. Your own data is as it was.`);
    },
  });
  const pending = add.isPending || remove.isPending;
  const error = add.isError ? add.error.message : remove.isError ? remove.error.message : null;

  return (
    <section className="card stack" aria-labelledby="sample-data-title" data-testid="sample-data-card">
      <h2 id="sample-data-title">Sample data</h2>
      {has ? (
        <>
          <p>
            Your dashboard includes the sample history: a made-up runner&apos;s runs and knee check-ins, marked &ldquo;Sample&rdquo;. Removing it leaves
            everything of your own.
          </p>
          <div>
            <button type="button" className="button danger" disabled={pending} onClick={() => remove.mutate()}>
              {remove.isPending ? "Removing sample data…" : "Remove sample data"}
            </button>
          </div>
        </>
      ) : (
        <>
          <p>
            Look around Patella with a made-up runner&apos;s last few months: about 50 runs with heart rate, a week that grew too fast, a long run that was too
            long, and the knee pain after it. It sits beside your own data, marked &ldquo;Sample&rdquo;, and goes in one click.
          </p>
          <div>
            <button type="button" className="button" disabled={pending} onClick={() => add.mutate()}>
              {add.isPending ? "Adding sample data…" : "Add sample data"}
            </button>
          </div>
        </>
      )}
      <p aria-live="polite">
        {message && !pending ? (
          <span className="ok">
            {message} {has ? <Link href="/dashboard">See the dashboard</Link> : null}
          </span>
        ) : null}
      </p>
      <Alert>{error}</Alert>
    </section>
  );
}
