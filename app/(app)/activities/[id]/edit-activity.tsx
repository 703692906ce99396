"use client";

import { SportOptions } from "@/app/_components/sport-options";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/app/_components/alert";
import type { Sport } from "@/db/schema";
import { apiFetch, jsonInit } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";

interface Props {
  activityId: string;
  name: string;
  sport: Sport;
  notes: string | null;
  rpe: number | null;
  fromStrava: boolean;
  editedFields: string[];
}

/** Title, sport, notes and RPE of an activity; for a Strava activity, a way back to Strava's title and sport. */
export function EditActivity({ activityId, name, sport, notes, rpe, fromStrava, editedFields }: Props) {
  const router = useRouter();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ name, sport, notes: notes ?? "", rpe: rpe === null ? "" : String(rpe) });
  const done = async () => {
    setOpen(false);
    await client.invalidateQueries({ queryKey: queryKeys.all });
    router.refresh();
  };
  const save = useMutation({
    mutationFn: () =>
      apiFetch(
        `/api/v1/activities/${activityId}`,
        jsonInit("PATCH", { name: form.name, sport: form.sport, notes: form.notes, rpe: form.rpe === "" ? null : Number(form.rpe) }),
      ),
    onSuccess: done,
  });
  const reset = useMutation({
    mutationFn: () => apiFetch(`/api/v1/activities/${activityId}`, jsonInit("PATCH", { useStravaValues: true })),
    onSuccess: done,
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <section className="card stack" aria-labelledby="edit-title" data-testid="edit-activity">
      <div className="row">
        <h2 id="edit-title">Details</h2>
        {open ? null : (
          <button type="button" className="button" onClick={() => setOpen(true)} data-testid="edit-activity-open">
            Edit
          </button>
        )}
      </div>
      {!open ? (
        <>
          {notes ? <p data-testid="activity-notes">{notes}</p> : <p className="muted small">No notes.</p>}
          {fromStrava && editedFields.length > 0 ? (
            <p className="small">
              <span className="muted">You changed the {editedFields.map((f) => (f === "name" ? "title" : f)).join(" and ")} here; Strava&apos;s updates leave {editedFields.length > 1 ? "them" : "it"} alone. </span>
              <button type="button" className="button link" onClick={() => reset.mutate()} disabled={reset.isPending} data-testid="use-strava-values">
                Use Strava&apos;s title and sport again
              </button>
            </p>
          ) : null}
          <Alert>{reset.isError ? reset.error.message : null}</Alert>
        </>
      ) : (
        <form onSubmit={onSubmit} className="stack">
          <label>
            Title
            <input name="name" required maxLength={200} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
          </label>
          <label>
            Sport
            <select name="sport" value={form.sport} onChange={(e) => setForm({ ...form, sport: e.target.value as Sport })}>
              <SportOptions />
            </select>
          </label>
          <label>
            Perceived exertion (0–10)
            <input name="rpe" type="number" min={0} max={10} step={1} inputMode="numeric" value={form.rpe} onChange={(e) => setForm({ ...form, rpe: e.target.value })} />
          </label>
          <label>
            Notes
            <textarea name="notes" maxLength={2000} rows={3} value={form.notes} onChange={(e) => setForm({ ...form, notes: e.target.value })} />
          </label>
          <div className="row start">
            <button type="submit" className="button primary" disabled={save.isPending} data-testid="edit-activity-save">
              {save.isPending ? "Saving…" : "Save"}
            </button>
            <button type="button" className="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
          <Alert>{save.isError ? save.error.message : null}</Alert>
        </form>
      )}
    </section>
  );
}
