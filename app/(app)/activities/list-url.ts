"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo, type MouseEvent } from "react";
import { listSearch, parseListState, type ActivityListState } from "@/lib/activities/list-state";

export const LIST_PATH = "/activities";

export function listHref(state: ActivityListState): string {
  return `${LIST_PATH}${listSearch(state)}`;
}

/**
 * The list's state from the URL, and a way to change it: each change is a router navigation (a
 * history entry), so back/forward walk through the runner's sorts, filters and pages. (The
 * router, not history.pushState: its navigations are queued with back/forward traversals, where
 * a pushState racing a traversal could leave the URL and the list disagreeing.)
 */
export function useListUrl() {
  const router = useRouter();
  const searchParams = useSearchParams();
  const parsed = useMemo(() => parseListState(searchParams), [searchParams]);
  const go = useCallback(
    (next: ActivityListState) => {
      const href = listHref(next);
      if (href !== `${window.location.pathname}${window.location.search}`) router.push(href, { scroll: false });
    },
    [router],
  );
  return { ...parsed, go };
}

/** A click on a link to another state of the list, handled in place unless the runner asked for a new tab or window. */
export function followInPlace(event: MouseEvent<HTMLAnchorElement>, go: () => void): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  go();
}
