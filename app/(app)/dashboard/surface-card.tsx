"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ChartNumbers } from "@/app/_components/charts/chart-numbers";
import { CHARTED_SURFACES, SurfaceChart, type SurfaceWeekPoint } from "@/app/_components/charts/surface-chart";
import { LoadError, Loading } from "@/app/_components/query-states";
import { apiFetch } from "@/lib/client/api";
import { rangeQuery } from "@/lib/client/load";
import { queryKeys } from "@/lib/client/query-keys";
import { SURFACE_LABELS } from "@/lib/surface/labels";
import type { SurfaceMix } from "@/lib/surface/mix";
import { metresToUnit } from "@/lib/units";

type SurfacesResponse = SurfaceMix & { units: "km" | "mi"; from: string; to: string };

const pct = (share: number) => `${Math.round(share * 100)}%`;

/** The surface mix of the runner's weeks (the dashboard's range), described without a target (the evidence is weak and mixed). */
export function SurfaceCard({ range }: { range: { from?: string } }) {
  const query = useQuery({
    queryKey: queryKeys.surfaces(range),
    queryFn: () => apiFetch<SurfacesResponse>(`/api/v1/surfaces${rangeQuery(range)}`),
    placeholderData: keepPreviousData,
  });
  return (
    <section className="card" aria-labelledby="surface-mix-title" aria-busy={query.isPending || query.isPlaceholderData}>
      <h2 id="surface-mix-title">What you ran on</h2>
      {query.isPending ? <Loading label="Loading your surfaces…" chart /> : null}
      {query.isError ? <LoadError error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} /> : null}
      {query.data ? <SurfaceBody data={query.data} /> : null}
    </section>
  );
}

function SurfaceBody({ data }: { data: SurfacesResponse }) {
  const unit = data.units;
  const points: SurfaceWeekPoint[] = data.weeks.map((w) => ({
    weekStart: w.weekStart,
    ...(Object.fromEntries(CHARTED_SURFACES.map((s) => [s, metresToUnit(w.distanceM[s], unit)])) as Record<(typeof CHARTED_SURFACES)[number], number>),
  }));
  const any = data.weeks.some((w) => CHARTED_SURFACES.some((s) => w.distanceM[s] > 0));
  if (!any)
    return (
      <p className="empty">
        No runs in these weeks yet: their surfaces will show here once you <Link href="/upload">upload</Link> or import runs.
      </p>
    );
  const { recent, previous, change } = data;
  return (
    <>
      <SurfaceChart data={points} unit={unit} />
      <p data-testid="hard-share">
        {recent.hardShare === null
          ? "No runs with a known surface in the last 4 weeks."
          : `Road (asphalt or concrete): ${pct(recent.hardShare)} of your distance in the last 4 weeks${previous.hardShare === null ? "" : `, ${pct(previous.hardShare)} in the 4 weeks before`}.`}
      </p>
      {change.sharp && change.note ? (
        <p className="notice" data-testid="surface-change">
          {change.note}
        </p>
      ) : null}
      <p className="muted small">
        Softer surfaces lowered shock at the shin in lab studies but not the impact force, and no study has shown they prevent knee pain
        (Mitchell et al. 2025), so Patella shows your mix without a target. Runs with nothing to go on count as road (assumed): set the surface on the
        page of one of <Link href="/activities">your runs</Link>, for that run or every run on its route.
      </p>
      <ChartNumbers caption={`Running distance of each week by surface, in ${unit}`} testId="surface-table">
        <thead>
          <tr>
            <th scope="col">Week of</th>
            {CHARTED_SURFACES.map((s) => (
              <th scope="col" key={s}>
                {SURFACE_LABELS[s]} ({unit})
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {points.map((p) => (
            <tr key={p.weekStart}>
              <th scope="row">{p.weekStart}</th>
              {CHARTED_SURFACES.map((s) => (
                <td key={s} data-surface={s}>
                  {p[s].toFixed(2)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </ChartNumbers>
    </>
  );
}
