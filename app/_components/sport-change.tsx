"use client";

import { SportOptions } from "@/app/_components/sport-options";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/app/_components/alert";
import { SPORT_LABELS } from "@/app/_components/sport-label";
import type { Sport } from "@/db/schema";
import { apiFetch, jsonInit } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";

/**
 * "Change": a sport select that PATCHes the activity's sport (the surface and every figure follow).
 * Used on the upload row after a detected sport and on the activity page.
 */
export function SportChange({ activityId, sport, onChanged }: { activityId: string; sport: Sport; onChanged?: (sport: Sport) => void }) {
  const router = useRouter();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [choice, setChoice] = useState<Sport>(sport);
  const [current, setCurrent] = useState<Sport>(sport);
  const save = useMutation({
    mutationFn: (next: Sport) => apiFetch<{ activity: { sport: Sport } }>(`/api/v1/activities/${activityId}`, jsonInit("PATCH", { sport: next })),
    onSuccess: async (answer) => {
      setCurrent(answer.activity.sport);
      setOpen(false);
      onChanged?.(answer.activity.sport);
      await client.invalidateQueries({ queryKey: queryKeys.all });
      router.refresh();
    },
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    save.mutate(choice);
  }

  if (!open) {
    return (
      <span className="sport-change" data-testid="sport-change">
        <button type="button" className="button link" onClick={() => setOpen(true)} data-testid="sport-change-open">
          Change
        </button>
        {save.isSuccess ? <span className="small muted" aria-live="polite"> Now counted as {SPORT_LABELS[current].toLowerCase()}.</span> : null}
      </span>
    );
  }
  return (
    <form onSubmit={onSubmit} className="row start sport-change" data-testid="sport-change">
      <label>
        <span className="visually-hidden">Sport</span>
        <select name="sport" value={choice} onChange={(e) => setChoice(e.target.value as Sport)} data-testid="sport-change-select">
          <SportOptions />
        </select>
      </label>
      <button type="submit" className="button primary" disabled={save.isPending} data-testid="sport-change-save">
        {save.isPending ? "Saving…" : "Save sport"}
      </button>
      <button type="button" className="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
      <Alert>{save.isError ? save.error.message : null}</Alert>
    </form>
  );
}
