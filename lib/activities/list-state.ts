import type { ActivitySource, Sport, Surface } from "@/db/schema";
import { ACTIVITY_SORTS, activityFilterFields, SORT_DIRECTIONS, type ActivitySort, type SortDirection } from "@/lib/validation/activities";

/**
 * The activities page keeps its sort, filters and page in the URL query, so links, reloads and
 * back/forward show the same list. This module turns that query into state, state back into a
 * query (defaults left out, so the plain /activities stays plain), and state into the API's query.
 */

export const PAGE_SIZES = [20, 50] as const;
export type PageSize = (typeof PAGE_SIZES)[number];

export interface ActivityFilters {
  sport?: Sport;
  surface?: Surface;
  source?: ActivitySource;
  /** Local dates (YYYY-MM-DD), inclusive. */
  from?: string;
  to?: string;
}

export interface ActivityListState extends ActivityFilters {
  sort: ActivitySort;
  dir: SortDirection;
  /** 1-based. */
  page: number;
  size: PageSize;
}

/** Clicking a column sorts it this way first: newest, longest, longest. */
export const FIRST_DIRECTION: Record<ActivitySort, SortDirection> = { date: "desc", distance: "desc", moving_time: "desc" };

export const DEFAULT_LIST_STATE: ActivityListState = { sort: "date", dir: "desc", page: 1, size: 20 };

const FILTER_KEYS = ["sport", "surface", "source", "from", "to"] as const;
/** The order of the keys in a URL the page writes. */
const URL_KEYS = ["sort", "dir", ...FILTER_KEYS, "page", "size"] as const;
const MAX_PAGE = 100_000;

type Params = URLSearchParams | Record<string, string | string[] | undefined>;

function first(params: Params, key: string): string | undefined {
  if (params instanceof URLSearchParams) return params.get(key) ?? undefined;
  const v = params[key];
  return Array.isArray(v) ? v[0] : v;
}

function oneOf<T extends string>(values: readonly T[], v: string | undefined): T | undefined {
  return values.find((x) => x === v);
}

/**
 * The list's state from a URL query. A value that does not parse is dropped and named in `ignored`
 * (the default applies), so an old or hand-edited link still shows a list rather than an error.
 */
export function parseListState(params: Params): { state: ActivityListState; ignored: string[] } {
  const ignored: string[] = [];
  const raw = (key: string) => {
    const v = first(params, key);
    return v === undefined || v === "" ? undefined : v;
  };
  const pick = <T>(key: string, parse: (v: string) => T | undefined): T | undefined => {
    const v = raw(key);
    if (v === undefined) return undefined;
    const parsed = parse(v);
    if (parsed === undefined) ignored.push(key);
    return parsed;
  };

  const sort = pick("sort", (v) => oneOf(ACTIVITY_SORTS, v)) ?? DEFAULT_LIST_STATE.sort;
  const dir = pick("dir", (v) => oneOf(SORT_DIRECTIONS, v)) ?? FIRST_DIRECTION[sort];
  const filters: ActivityFilters = {};
  for (const key of FILTER_KEYS) {
    const value = pick(key, (v) => {
      const r = activityFilterFields[key].safeParse(v);
      return r.success ? r.data : undefined;
    });
    if (value !== undefined) (filters as Record<string, string>)[key] = value;
  }
  if (filters.from && filters.to && filters.from > filters.to) {
    delete filters.to;
    ignored.push("to");
  }
  const page =
    pick("page", (v) => {
      const n = Number(v);
      return /^\d+$/.test(v) && n >= 1 && n <= MAX_PAGE ? n : undefined;
    }) ?? DEFAULT_LIST_STATE.page;
  const size = pick("size", (v) => PAGE_SIZES.find((s) => String(s) === v)) ?? DEFAULT_LIST_STATE.size;
  return { state: { sort, dir, ...filters, page, size }, ignored };
}

/** The URL query ("?sort=distance&page=2", or "" for the defaults) that shows `state`. */
export function listSearch(state: ActivityListState): string {
  const params = new URLSearchParams();
  for (const key of URL_KEYS) {
    const value = state[key];
    if (value === undefined) continue;
    if (key === "sort" && value === DEFAULT_LIST_STATE.sort) continue;
    if (key === "dir" && value === FIRST_DIRECTION[state.sort]) continue;
    if (key === "page" && value === DEFAULT_LIST_STATE.page) continue;
    if (key === "size" && value === DEFAULT_LIST_STATE.size) continue;
    params.set(key, String(value));
  }
  const query = params.toString();
  return query ? `?${query}` : "";
}

/** The query of GET /api/v1/activities for `state`'s page. */
export function listApiQuery(state: ActivityListState): string {
  const params = new URLSearchParams({
    limit: String(state.size),
    offset: String((state.page - 1) * state.size),
    sort: state.sort,
    dir: state.dir,
  });
  for (const key of FILTER_KEYS) {
    const value = state[key];
    if (value !== undefined) params.set(key, value);
  }
  return params.toString();
}

export function hasFilters(state: ActivityFilters): boolean {
  return FILTER_KEYS.some((k) => state[k] !== undefined);
}

/** New filters from the first page (the old page number means nothing for another set of rows). */
export function withFilters(state: ActivityListState, filters: ActivityFilters): ActivityListState {
  const { sort, dir, size } = state;
  const kept = Object.fromEntries(FILTER_KEYS.filter((k) => filters[k] !== undefined).map((k) => [k, filters[k]]));
  return { sort, dir, size, page: 1, ...kept };
}

/** Sorting by a column: the other direction when it is the current one, else its first direction. */
export function sortedBy(state: ActivityListState, sort: ActivitySort): ActivityListState {
  const dir = state.sort === sort ? (state.dir === "asc" ? "desc" : "asc") : FIRST_DIRECTION[sort];
  return { ...state, sort, dir, page: 1 };
}

export function pageCount(total: number, size: number): number {
  return Math.max(1, Math.ceil(total / size));
}
