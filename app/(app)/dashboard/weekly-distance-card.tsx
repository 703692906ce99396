"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { WeeklyDistanceChart } from "@/app/_components/charts/weekly-distance-chart";
import { apiFetch } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import type { WeekTotals } from "@/lib/load/weeks";
import { formatDuration, metresToUnit } from "@/lib/units";

interface WeeklyLoadResponse {
  timeZone: string;
  units: "km" | "mi";
  weeks: WeekTotals[];
}

const WEEKS = 12;

export function WeeklyDistanceCard() {
  const query = useQuery({
    queryKey: queryKeys.weeklyLoad(WEEKS),
    queryFn: () => apiFetch<WeeklyLoadResponse>(`/api/v1/load/weekly?weeks=${WEEKS}`),
  });

  return (
    <section className="card" aria-labelledby="weekly-distance-title">
      <h2 id="weekly-distance-title">Weekly running distance</h2>
      {query.isPending ? <p className="muted">Loading your weeks…</p> : null}
      {query.isError ? (
        <p role="alert" className="error">
          {query.error.message}{" "}
          <button type="button" className="button link" onClick={() => void query.refetch()}>
            Try again
          </button>
        </p>
      ) : null}
      {query.data ? <WeeklyDistanceBody data={query.data} /> : null}
    </section>
  );
}

function WeeklyDistanceBody({ data }: { data: WeeklyLoadResponse }) {
  const unit = data.units;
  const points = data.weeks.map((w) => ({ weekStart: w.weekStart, distance: metresToUnit(w.distanceM, unit), runs: w.runs }));
  const total = data.weeks.reduce((sum, w) => sum + w.runs, 0);
  return (
    <>
      <p className="muted">
        Last {data.weeks.length} weeks, Monday to Sunday in {data.timeZone}.
      </p>
      {total === 0 ? (
        <p className="empty">
          No runs in these weeks yet. <Link href="/upload">Upload a GPX file</Link> to see your load.
        </p>
      ) : (
        <WeeklyDistanceChart data={points} unit={unit} />
      )}
      <details>
        <summary>Show the numbers</summary>
        <table className="data-table" data-testid="weekly-table">
          <thead>
            <tr>
              <th scope="col">Week of</th>
              <th scope="col">Distance ({unit})</th>
              <th scope="col">Time</th>
              <th scope="col">Runs</th>
            </tr>
          </thead>
          <tbody>
            {data.weeks.map((w) => (
              <tr key={w.weekStart}>
                <td>{w.weekStart}</td>
                <td>{metresToUnit(w.distanceM, unit).toFixed(2)}</td>
                <td>{formatDuration(w.movingS)}</td>
                <td>{w.runs}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}
