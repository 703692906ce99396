"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/app/_components/alert";
import type { Surface } from "@/db/schema";
import { apiFetch, jsonInit } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { SURFACE_LABELS, SURFACE_SOURCE_WORDS } from "@/lib/surface/labels";
import type { SurfaceSource } from "@/lib/surface/types";
import { CHOOSABLE_SURFACES } from "@/lib/validation/activities";

interface Answer {
  surface?: { relabelled: string[]; routeKnown: boolean };
}

/** The run's surface with where it came from; one change relabels it, or every run on its route. */
export function SurfaceControl({
  activityId,
  surface,
  source,
  split,
}: {
  activityId: string;
  surface: Surface | null;
  source: SurfaceSource | null;
  split: { surface: Surface; distanceM: number }[] | null;
}) {
  const router = useRouter();
  const client = useQueryClient();
  const [choice, setChoice] = useState<Surface>(surface && surface !== "mixed" ? surface : "road");
  const [applyToRoute, setApplyToRoute] = useState(false);
  const save = useMutation({
    mutationFn: () => apiFetch<Answer>(`/api/v1/activities/${activityId}`, jsonInit("PATCH", { surface: choice, applyToRoute })),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: queryKeys.all });
      router.refresh();
    },
  });
  const result = save.data?.surface;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <section className="card stack" aria-labelledby="surface-title" data-testid="surface">
      <h2 id="surface-title">Surface</h2>
      <p data-testid="surface-now">
        <strong>{surface ? SURFACE_LABELS[surface] : "Not known"}</strong>
        {source ? <span className="muted"> — {SURFACE_SOURCE_WORDS[source]}</span> : null}
        {split ? (
          <span className="muted">
            {" "}
            ({split.map((s) => `${SURFACE_LABELS[s.surface]} ${(s.distanceM / 1000).toFixed(1)} km`).join(", ")})
          </span>
        ) : null}
      </p>
      <form onSubmit={onSubmit} className="row start">
        <label>
          <span className="visually-hidden">Surface of this run</span>
          <select name="surface" value={choice} onChange={(e) => setChoice(e.target.value as Surface)}>
            {CHOOSABLE_SURFACES.map((s) => (
              <option key={s} value={s}>
                {SURFACE_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          <input type="checkbox" name="applyToRoute" checked={applyToRoute} onChange={(e) => setApplyToRoute(e.target.checked)} />
          Apply to all my runs on this route
        </label>
        <button type="submit" className="button primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Set surface"}
        </button>
      </form>
      <p aria-live="polite" className="small">
        {result
          ? result.relabelled.length > 1
            ? `Set on this run and ${result.relabelled.length - 1} other run${result.relabelled.length === 2 ? "" : "s"} on the same route.`
            : applyToRoute && !result.routeKnown
              ? "Set on this run. It has no GPS track, so no other runs could be matched to its route."
              : "Set on this run."
          : null}
      </p>
      <Alert>{save.isError ? save.error.message : null}</Alert>
    </section>
  );
}
