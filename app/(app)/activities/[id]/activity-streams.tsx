"use client";

import { useQuery } from "@tanstack/react-query";
import { ProfileChart } from "@/app/_components/charts/profile-chart";
import { RouteSvg } from "@/app/_components/charts/route-svg";
import type { ActivitySeries } from "@/lib/activities/streams";
import { apiFetch } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { METRES_PER_MILE } from "@/lib/units";
import { Alert } from "@/app/_components/alert";

function paceLabel(secondsPerUnit: number): string {
  const s = Math.round(secondsPerUnit);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

export function ActivityStreams({ activityId, units, name }: { activityId: string; units: "km" | "mi"; name: string }) {
  const query = useQuery({
    queryKey: queryKeys.streams(activityId),
    queryFn: () => apiFetch<{ series: ActivitySeries | null; unavailable?: string | null }>(`/api/v1/activities/${activityId}/streams?points=600`),
  });
  if (query.isPending) return <p className="muted">Loading the recording…</p>;
  if (query.isError)
    return (
      <Alert>{query.error.message}</Alert>
    );
  const series = query.data.series;
  if (!series) return <p className="muted">{query.data.unavailable ?? "This activity has no recorded points."}</p>;

  const perUnit = units === "mi" ? METRES_PER_MILE / 1000 : 1; // km per display unit
  const distance = series.distanceKm.map((d) => (d === null ? 0 : d / perUnit));
  const pace = series.paceSPerKm.map((p, i) => ({ distance: distance[i]!, value: p === null ? null : p * perUnit }));
  const altitude = series.altitudeM?.map((a, i) => ({ distance: distance[i]!, value: a }));
  const heart = series.heartRate?.map((h, i) => ({ distance: distance[i]!, value: h }));

  return (
    <section className="stack" aria-label="Recording">
      <RouteSvg route={series.route} label={`Route of ${name}`} />
      <div className="charts">
        <ProfileChart data={pace} unit={units} label={`Pace (min/${units})`} color="#2f6fdf" format={paceLabel} reversed />
        {altitude ? <ProfileChart data={altitude} unit={units} label="Elevation (m)" color="#7a5c2e" format={(v) => v.toFixed(0)} /> : null}
        {heart ? <ProfileChart data={heart} unit={units} label="Heart rate (bpm)" color="#b42318" format={(v) => v.toFixed(0)} /> : null}
      </div>
    </section>
  );
}
