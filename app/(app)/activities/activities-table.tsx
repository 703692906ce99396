"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { SURFACE_LABELS } from "@/lib/surface/labels";
import { SPORT_LABELS } from "@/app/_components/sport-label";
import type { ActivityView } from "@/db/queries/activities";
import { apiFetch } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { formatDistance, formatDuration, formatPace } from "@/lib/units";
import { Alert } from "@/app/_components/alert";

type Json<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };
interface ListResponse {
  items: Json<ActivityView>[];
  total: number;
  limit: number;
  offset: number;
}
interface SettingsResponse {
  settings: { units: "km" | "mi" };
}

const PAGE = 25;

export function ActivitiesTable() {
  const [offset, setOffset] = useState(0);
  const list = useQuery({
    queryKey: queryKeys.activities({ limit: PAGE, offset }),
    queryFn: () => apiFetch<ListResponse>(`/api/v1/activities?limit=${PAGE}&offset=${offset}`),
    placeholderData: keepPreviousData,
  });
  const settings = useQuery({ queryKey: queryKeys.settings(), queryFn: () => apiFetch<SettingsResponse>("/api/v1/settings") });
  const units = settings.data?.settings.units ?? "km";

  if (list.isPending) return <p className="muted">Loading activities…</p>;
  if (list.isError)
    return (
      <Alert>{list.error.message}</Alert>
    );
  if (list.data.total === 0)
    return (
      <p className="empty">
        No activities yet. <Link href="/upload">Upload a GPX file</Link> to get started.
      </p>
    );

  const { items, total } = list.data;
  return (
    <>
      <div className="table-scroll">
        <table className="data-table" data-testid="activities-table">
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Name</th>
              <th scope="col">Sport</th>
              <th scope="col">Surface</th>
              <th scope="col">Distance</th>
              <th scope="col">Moving time</th>
              <th scope="col">Pace</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.id}>
                <td>{a.localDate}</td>
                <td>
                  <Link href={`/activities/${a.id}`}>{a.name}</Link>
                </td>
                <td>{SPORT_LABELS[a.sport]}</td>
                <td>
                  {a.surface ? SURFACE_LABELS[a.surface] : "–"}
                  {a.surfaceSource === "assumed" && a.surface === "road" ? <span className="muted small"> (assumed)</span> : null}
                </td>
                <td>{formatDistance(a.distanceM, units)}</td>
                <td>{formatDuration(a.movingS)}</td>
                <td>{formatPace(a.movingS, a.distanceM, units)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="pager">
        <button type="button" className="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
          Newer
        </button>
        <span className="muted">
          {offset + 1}–{Math.min(offset + PAGE, total)} of {total}
        </span>
        <button type="button" className="button" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
          Older
        </button>
      </div>
    </>
  );
}
