"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { apiFetch } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import type { AddedSample, RemovedSampleData } from "@/lib/sample/sample-data";

/**
 * Adding and removing the sample history from the browser. Either changes every chart, list and
 * banner: all cached queries are refetched and the server components render again.
 */
function useRefreshEverything() {
  const client = useQueryClient();
  const router = useRouter();
  return async () => {
    await client.invalidateQueries({ queryKey: queryKeys.all });
    router.refresh();
  };
}

export function useAddSampleData({ onAdded }: { onAdded?: (result: AddedSample) => void | Promise<void> } = {}) {
  const refresh = useRefreshEverything();
  return useMutation({
    mutationFn: () => apiFetch<AddedSample>("/api/v1/sample-data", { method: "POST" }),
    onSuccess: async (result) => {
      await refresh();
      await onAdded?.(result);
    },
  });
}

export function useRemoveSampleData({ onRemoved }: { onRemoved?: (result: RemovedSampleData) => void } = {}) {
  const refresh = useRefreshEverything();
  return useMutation({
    mutationFn: () => apiFetch<RemovedSampleData>("/api/v1/sample-data", { method: "DELETE" }),
    onSuccess: async (result) => {
      onRemoved?.(result);
      await refresh();
    },
  });
}

/** Records that the runner finished or skipped the first-run questions. */
export function markOnboarded(): Promise<{ onboardedAt: string }> {
  return apiFetch<{ onboardedAt: string }>("/api/v1/onboarding", { method: "POST" });
}
