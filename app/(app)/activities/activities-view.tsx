"use client";

import { keepPreviousData, useQuery, type UseQueryResult } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { LoadError, Loading } from "@/app/_components/query-states";
import { hasFilters, listApiQuery, pageCount, withFilters, type ActivityListState } from "@/lib/activities/list-state";
import { apiFetch } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { ActivitiesTable, type ActivityJson } from "./activities-table";
import { ActivityFiltersForm } from "./activity-filters";
import { followInPlace, listHref, useListUrl } from "./list-url";

interface ListResponse {
  items: ActivityJson[];
  total: number;
  limit: number;
  offset: number;
}
interface SettingsResponse {
  settings: { units: "km" | "mi" };
}

/** The activities page: filters and sort, the page of activities, the pager; all of it from the URL. */
export function ActivitiesView() {
  const { state, ignored, go } = useListUrl();
  const apiQuery = listApiQuery(state);
  const list = useQuery({
    queryKey: queryKeys.activities(apiQuery),
    queryFn: () => apiFetch<ListResponse>(`/api/v1/activities?${apiQuery}`),
    placeholderData: keepPreviousData,
  });
  const settings = useQuery({ queryKey: queryKeys.settings(), queryFn: () => apiFetch<SettingsResponse>("/api/v1/settings") });
  const units = settings.data?.settings.units ?? "km";
  const filtered = hasFilters(state);
  const clear = () => go(withFilters(state, {}));

  return (
    <div className="stack">
      <ActivityFiltersForm state={state} go={go} filtered={filtered} onClear={clear} />
      {ignored.length > 0 ? (
        <p className="notice" data-testid="ignored-params">
          Part of this link was not understood and is left out: {ignored.join(", ")}.
        </p>
      ) : null}
      <div className="stack" aria-busy={list.isFetching} data-testid="activities-list">
        <ListBody state={state} go={go} list={list} units={units} filtered={filtered} onClear={clear} />
      </div>
    </div>
  );
}

function ListBody({
  state,
  go,
  list,
  units,
  filtered,
  onClear,
}: {
  state: ActivityListState;
  go: (s: ActivityListState) => void;
  list: UseQueryResult<ListResponse>;
  units: "km" | "mi";
  filtered: boolean;
  onClear: () => void;
}) {
  if (list.isPending) return <Loading label="Loading activities…" chart />;
  if (list.isError && !list.data) return <LoadError error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />;
  const { items, total } = list.data;
  const pages = pageCount(total, state.size);

  if (total === 0 && !filtered)
    return (
      <div className="empty" data-testid="no-activities">
        <p>
          <strong>No activities yet.</strong>
        </p>
        <p>
          <Link href="/upload">Upload files</Link> from your watch or phone (GPX, TCX or FIT, or a Strava export archive), or{" "}
          <Link href="/settings#strava-title">connect Strava in Settings</Link> to bring in your history and every new run.
        </p>
      </div>
    );
  if (total === 0)
    return (
      <div className="empty" data-testid="no-matches">
        <p>No activities match these filters.</p>
        <button type="button" className="button" onClick={onClear}>
          Show every activity
        </button>
      </div>
    );
  if (items.length === 0)
    return (
      <div className="empty" data-testid="past-last-page">
        <p>
          There is no page {state.page}: {filtered ? "these filters leave" : "you have"} {total} {total === 1 ? "activity" : "activities"} on {pages}{" "}
          {pages === 1 ? "page" : "pages"}.
        </p>
        <PageLink state={{ ...state, page: pages }} go={go} className="button">
          Go to page {pages}
        </PageLink>
      </div>
    );

  const first = (state.page - 1) * state.size + 1;
  const last = first + items.length - 1;
  const summary = `${first}–${last} of ${total} ${filtered ? "matching " : ""}${total === 1 ? "activity" : "activities"}`;
  return (
    <>
      {list.isError ? <LoadError error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} /> : null}
      <p className="muted list-summary" role="status" data-testid="list-summary">
        {summary} · page {state.page} of {pages}
        {list.isPlaceholderData ? " · updating…" : ""}
      </p>
      <ActivitiesTable items={items} units={units} state={state} go={go} caption={`Activities, ${summary}`} />
      <nav className="pager" aria-label="Pages of activities">
        {state.page > 1 ? (
          <PageLink state={{ ...state, page: state.page - 1 }} go={go} className="button" rel="prev">
            Previous
            <span className="pager-word"> page</span>
          </PageLink>
        ) : (
          <span className="button" aria-disabled="true">
            Previous
            <span className="pager-word"> page</span>
          </span>
        )}
        <span className="muted" data-testid="page-of">
          Page {state.page} of {pages}
        </span>
        {state.page < pages ? (
          <PageLink state={{ ...state, page: state.page + 1 }} go={go} className="button" rel="next">
            Next
            <span className="pager-word"> page</span>
          </PageLink>
        ) : (
          <span className="button" aria-disabled="true">
            Next
            <span className="pager-word"> page</span>
          </span>
        )}
      </nav>
    </>
  );
}

function PageLink({
  state,
  go,
  className,
  rel,
  children,
}: {
  state: ActivityListState;
  go: (s: ActivityListState) => void;
  className?: string;
  rel?: string;
  children: ReactNode;
}) {
  const onPage = () => {
    go(state);
    // The new page starts at the top of the list, where its summary is read out.
    document.querySelector(".list-summary")?.scrollIntoView({ block: "nearest" });
  };
  return (
    <a href={listHref(state)} className={className} rel={rel} onClick={(e) => followInPlace(e, onPage)}>
      {children}
    </a>
  );
}
