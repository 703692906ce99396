"use client";

import Link from "next/link";
import { SPORT_COLORS } from "@/app/_components/charts/palette";
import { SpikeBadge } from "@/app/_components/spike-badge";
import { SPORT_LABELS } from "@/app/_components/sport-label";
import type { ActivityView } from "@/db/queries/activities";
import { sortedBy, type ActivityListState } from "@/lib/activities/list-state";
import { startedLabel } from "@/lib/activities/zone-label";
import { SURFACE_LABELS } from "@/lib/surface/labels";
import { formatDistance, formatDuration, formatPace } from "@/lib/units";
import type { ActivitySort } from "@/lib/validation/activities";
import type { SpikeBand } from "@/lib/load/types";
import { followInPlace, listHref } from "./list-url";
import { SOURCE_LABELS } from "./source-labels";

type Json<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };
/** A run's spike against the 30 days before it (GET /api/v1/activities); null for other sports. */
export type ActivityJson = Json<ActivityView> & { spike: { band: SpikeBand; spike: number | null; longestPrev30dM: number | null } | null };

const SORT_WORDS: Record<ActivitySort, { asc: string; desc: string }> = {
  date: { asc: "oldest first", desc: "newest first" },
  distance: { asc: "shortest first", desc: "longest first" },
  moving_time: { asc: "shortest first", desc: "longest first" },
};

/** A column header that sorts the list: a real link (it can be opened in a new tab), marked with aria-sort. */
function SortHeader({ sort, label, state, go }: { sort: ActivitySort; label: string; state: ActivityListState; go: (s: ActivityListState) => void }) {
  const active = state.sort === sort;
  const next = sortedBy(state, sort);
  return (
    <th scope="col" aria-sort={active ? (state.dir === "asc" ? "ascending" : "descending") : "none"}>
      <a href={listHref(next)} className="sort-link" onClick={(e) => followInPlace(e, () => go(next))} data-sort={sort}>
        {label}
        <span className="visually-hidden">, sort {SORT_WORDS[sort][next.dir]}</span>
        <span className="sort-mark" aria-hidden="true">
          {active ? (state.dir === "asc" ? "▲" : "▼") : "↕"}
        </span>
      </a>
    </th>
  );
}

/** Presentational: one page of activities in the runner's units. */
export function ActivitiesTable({
  items,
  units,
  state,
  go,
  caption,
}: {
  items: ActivityJson[];
  units: "km" | "mi";
  state: ActivityListState;
  go: (s: ActivityListState) => void;
  caption: string;
}) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="activities-caption">
      <table className="data-table activities" data-testid="activities-table">
        <caption id="activities-caption" className="visually-hidden">
          {caption}
        </caption>
        <thead>
          <tr>
            <SortHeader sort="date" label="Date" state={state} go={go} />
            <th scope="col">Name</th>
            <th scope="col">Sport</th>
            <th scope="col">Surface</th>
            <th scope="col">Source</th>
            <SortHeader sort="distance" label="Distance" state={state} go={go} />
            <SortHeader sort="moving_time" label="Moving time" state={state} go={go} />
            <th scope="col">Pace</th>
            <th scope="col" className="spike-col">
              Spike
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr key={a.id} data-id={a.id}>
              {/* As it was run, in the zone it was recorded in; weeks and filters use localDate (the runner's zone). */}
              <td className="nowrap" data-local-date={a.localDate}>
                {startedLabel(new Date(a.startTime), a.timeZone, new Date())}
              </td>
              <th scope="row" className="name-cell">
                <Link href={`/activities/${a.id}`}>{a.name}</Link>
                {a.sample ? (
                  <span className="badge badge-sample" title="Part of the sample history, not one of your own activities" data-testid="sample-badge">
                    Sample
                  </span>
                ) : null}
                {/* On a phone the spike column is hidden and the badge sits in the row's name cell. */}
                <SpikeBadge spike={a.spike} className="spike-inline" />
              </th>
              <td className="nowrap">
                <span className="swatch" style={{ background: SPORT_COLORS[a.sport] }} aria-hidden="true" />
                {SPORT_LABELS[a.sport]}
              </td>
              <td>
                {a.surface ? SURFACE_LABELS[a.surface] : "–"}
                {a.surfaceSource === "assumed" && a.surface === "road" ? <span className="muted small"> (assumed)</span> : null}
              </td>
              <td>{SOURCE_LABELS[a.source]}</td>
              <td className="num">{formatDistance(a.distanceM, units)}</td>
              <td className="num">{formatDuration(a.movingS)}</td>
              <td className="num">{formatPace(a.movingS, a.distanceM, units)}</td>
              <td className="spike-col spike-cell">{a.spike ? <SpikeBadge spike={a.spike} /> : <span className="muted">–</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
