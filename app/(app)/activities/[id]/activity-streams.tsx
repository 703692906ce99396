"use client";

import { useQuery } from "@tanstack/react-query";
import { ChartNumbers } from "@/app/_components/charts/chart-numbers";
import { SERIES_COLORS } from "@/app/_components/charts/palette";
import { ProfileChart, type ProfilePoint } from "@/app/_components/charts/profile-chart";
import { RouteSvg } from "@/app/_components/charts/route-svg";
import { LoadError, Loading } from "@/app/_components/query-states";
import { profileSplits, type SplitReduce } from "@/lib/activities/profile-splits";
import type { ActivitySeries } from "@/lib/activities/streams";
import { apiFetch } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { METRES_PER_MILE } from "@/lib/units";

function paceLabel(secondsPerUnit: number): string {
  const s = Math.round(secondsPerUnit);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

interface Profile {
  key: string;
  title: string;
  /** Column header of the numbers (never the same words as the title: tests find the title by its text). */
  column: string;
  caption: string;
  valueUnit: string;
  color: string;
  data: ProfilePoint[];
  format: (v: number) => string;
  reduce: SplitReduce;
  reversed?: boolean;
}

export function ActivityStreams({ activityId, units, name }: { activityId: string; units: "km" | "mi"; name: string }) {
  const query = useQuery({
    queryKey: queryKeys.streams(activityId),
    queryFn: () => apiFetch<{ series: ActivitySeries | null; unavailable?: string | null }>(`/api/v1/activities/${activityId}/streams?points=600`),
  });
  if (query.isPending) return <Loading label="Loading the recording…" />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const series = query.data.series;
  if (!series) return <p className="empty">{query.data.unavailable ?? "This activity has no recorded points, so there is no route or profile to draw."}</p>;

  const perUnit = units === "mi" ? METRES_PER_MILE / 1000 : 1; // km per display unit
  const distance = series.distanceKm.map((d) => (d === null ? 0 : d / perUnit));
  const profiles: Profile[] = [
    {
      key: "pace",
      title: `Pace (min/${units})`,
      column: `Pace, min/${units}`,
      caption: `Moving pace of each ${units === "km" ? "kilometre" : "mile"}`,
      valueUnit: `/${units}`,
      color: SERIES_COLORS.pace,
      data: series.paceSPerKm.map((p, i) => ({ distance: distance[i]!, value: p === null ? null : p * perUnit })),
      format: paceLabel,
      reduce: "distance",
      reversed: true,
    },
  ];
  if (series.altitudeM) {
    profiles.push({
      key: "elevation",
      title: "Elevation (m)",
      column: "Elevation, m",
      caption: `Elevation at the end of each ${units === "km" ? "kilometre" : "mile"}`,
      valueUnit: "m",
      color: SERIES_COLORS.elevation,
      data: series.altitudeM.map((a, i) => ({ distance: distance[i]!, value: a })),
      format: (v) => v.toFixed(0),
      reduce: "last",
    });
  }
  if (series.heartRate) {
    profiles.push({
      key: "heart-rate",
      title: "Heart rate (bpm)",
      column: "Average, bpm",
      caption: `Average heart rate of each ${units === "km" ? "kilometre" : "mile"}`,
      valueUnit: "bpm",
      color: SERIES_COLORS.heartRate,
      data: series.heartRate.map((h, i) => ({ distance: distance[i]!, value: h })),
      format: (v) => v.toFixed(0),
      reduce: "mean",
    });
  }

  return (
    <section className="stack" aria-label="Recording">
      <RouteSvg route={series.route} label={`Route of ${name}`} />
      <div className="charts">
        {profiles.map((p) => (
          <figure key={p.key} className="chart-figure" data-testid={`profile-${p.key}`}>
            <figcaption className="muted small">{p.title}</figcaption>
            <ProfileChart data={p.data} unit={units} label={p.title} valueUnit={p.valueUnit} color={p.color} format={p.format} reversed={p.reversed} />
            <ChartNumbers caption={p.caption}>
              <thead>
                <tr>
                  <th scope="col">{units === "km" ? "Kilometre" : "Mile"}</th>
                  <th scope="col">{p.column}</th>
                </tr>
              </thead>
              <tbody>
                {profileSplits(p.data, p.reduce).map((s) => (
                  <tr key={s.end}>
                    <th scope="row">{Number.isInteger(s.end) ? s.end : `to ${s.end.toFixed(2)}`}</th>
                    <td>{s.value === null ? "–" : p.format(s.value)}</td>
                  </tr>
                ))}
              </tbody>
            </ChartNumbers>
          </figure>
        ))}
      </div>
    </section>
  );
}
