"use client";

import { useId, useState, type FormEvent } from "react";
import { SPORT_LABELS } from "@/app/_components/sport-label";
import { PAGE_SIZES, withFilters, type ActivityFilters, type ActivityListState, type PageSize } from "@/lib/activities/list-state";
import { SURFACE_LABELS } from "@/lib/surface/labels";
import { SORT_DIRECTIONS, SOURCE_VALUES, SPORT_VALUES, SURFACE_VALUES, type ActivitySort, type SortDirection } from "@/lib/validation/activities";
import { SOURCE_LABELS } from "./source-labels";

const SORT_OPTIONS: { sort: ActivitySort; dir: SortDirection; label: string }[] = [
  { sort: "date", dir: "desc", label: "Newest first" },
  { sort: "date", dir: "asc", label: "Oldest first" },
  { sort: "distance", dir: "desc", label: "Longest distance first" },
  { sort: "distance", dir: "asc", label: "Shortest distance first" },
  { sort: "moving_time", dir: "desc", label: "Longest moving time first" },
  { sort: "moving_time", dir: "asc", label: "Shortest moving time first" },
];

interface Draft {
  sport: string;
  surface: string;
  source: string;
  from: string;
  to: string;
}

const draftOf = (s: ActivityListState): Draft => ({ sport: s.sport ?? "", surface: s.surface ?? "", source: s.source ?? "", from: s.from ?? "", to: s.to ?? "" });

function filtersOf(d: Draft): ActivityFilters {
  return {
    sport: (d.sport || undefined) as ActivityFilters["sport"],
    surface: (d.surface || undefined) as ActivityFilters["surface"],
    source: (d.source || undefined) as ActivityFilters["source"],
    from: d.from || undefined,
    to: d.to || undefined,
  };
}

/**
 * Filters, sort and page size of the activities list. Choices in the menus apply at once; dates
 * apply with the button (or Enter), so a half-typed date never reloads the list.
 */
export function ActivityFiltersForm({
  state,
  go,
  filtered,
  onClear,
}: {
  state: ActivityListState;
  go: (s: ActivityListState) => void;
  filtered: boolean;
  onClear: () => void;
}) {
  const ids = useId();
  const [draft, setDraft] = useState(() => draftOf(state));
  const [dateError, setDateError] = useState<string | null>(null);
  // When the URL changes (back/forward, a sort link, clearing), the form shows the URL's state again.
  const key = JSON.stringify(draftOf(state));
  const [shown, setShown] = useState(key);
  if (shown !== key) {
    setShown(key);
    setDraft(draftOf(state));
    setDateError(null);
  }

  const apply = (next: Draft, base: ActivityListState = state) => {
    if (next.from && next.to && next.from > next.to) {
      setDateError("The “from” date is after the “to” date: change one of them.");
      return;
    }
    setDateError(null);
    go(withFilters(base, filtersOf(next)));
  };
  const choose = (field: keyof Draft, value: string) => {
    const next = { ...draft, [field]: value };
    setDraft(next);
    apply(next);
  };
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    apply(draft);
  };
  const sortValue = `${state.sort}:${state.dir}`;

  return (
    <form className="filters" role="search" aria-label="Filter and sort activities" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={`${ids}-sport`}>Sport</label>
        <select id={`${ids}-sport`} name="sport" value={draft.sport} onChange={(e) => choose("sport", e.target.value)}>
          <option value="">All sports</option>
          {SPORT_VALUES.map((s) => (
            <option key={s} value={s}>
              {SPORT_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${ids}-surface`}>Surface</label>
        <select id={`${ids}-surface`} name="surface" value={draft.surface} onChange={(e) => choose("surface", e.target.value)}>
          <option value="">All surfaces</option>
          {SURFACE_VALUES.map((s) => (
            <option key={s} value={s}>
              {SURFACE_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${ids}-source`}>Source</label>
        <select id={`${ids}-source`} name="source" value={draft.source} onChange={(e) => choose("source", e.target.value)}>
          <option value="">All sources</option>
          {SOURCE_VALUES.map((s) => (
            <option key={s} value={s}>
              {SOURCE_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="date-range" aria-describedby={dateError ? `${ids}-date-error` : undefined}>
        <legend>Dates</legend>
        <div className="field">
          <label htmlFor={`${ids}-from`}>From</label>
          <input id={`${ids}-from`} type="date" name="from" value={draft.from} max={draft.to || undefined} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-to`}>To</label>
          <input id={`${ids}-to`} type="date" name="to" value={draft.to} min={draft.from || undefined} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </div>
        <button type="submit" className="button">
          Apply dates
        </button>
      </fieldset>
      <div className="field field-wide">
        <label htmlFor={`${ids}-sort`}>Sort</label>
        <select
          id={`${ids}-sort`}
          name="sortBy"
          value={sortValue}
          onChange={(e) => {
            const [sort, dir] = e.target.value.split(":") as [ActivitySort, SortDirection];
            if (SORT_DIRECTIONS.includes(dir)) apply(draft, { ...state, sort, dir });
          }}
        >
          {SORT_OPTIONS.map((o) => (
            <option key={`${o.sort}:${o.dir}`} value={`${o.sort}:${o.dir}`}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${ids}-per-page`}>Per page</label>
        <select id={`${ids}-per-page`} name="size" value={state.size} onChange={(e) => apply(draft, { ...state, size: Number(e.target.value) as PageSize })}>
          {PAGE_SIZES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </div>
      {dateError ? (
        <p id={`${ids}-date-error`} className="error filters-error" role="alert">
          {dateError}
        </p>
      ) : null}
      {filtered ? (
        <div className="filters-actions">
          <button type="button" className="button link" onClick={onClear}>
            Clear filters
          </button>
        </div>
      ) : null}
    </form>
  );
}
