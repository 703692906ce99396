"use client";

import { SportOptions } from "@/app/_components/sport-options";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/app/_components/alert";
import type { Sport, Surface, Units } from "@/db/schema";
import { apiFetch, jsonInit } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { SURFACE_LABELS } from "@/lib/surface/labels";
import { METRES_PER_MILE } from "@/lib/units";
import { CHOOSABLE_SURFACES } from "@/lib/validation/activities";

const RUNS: readonly string[] = ["run", "trail_run", "treadmill_run"];

/** "1:05:30", "45:00" or "45" (minutes) → seconds; null when it is not a duration. */
export function parseDuration(text: string): number | null {
  const parts = text.trim().split(":");
  if (parts.length > 3 || parts.some((p) => !/^\d+$/.test(p))) return null;
  const n = parts.map(Number);
  if (n.length === 1) return n[0]! * 60;
  if (n.slice(1).some((v) => v >= 60)) return null;
  return n.length === 2 ? n[0]! * 60 + n[1]! : n[0]! * 3600 + n[1]! * 60 + n[2]!;
}

export function ManualForm({ units, maxStart }: { units: Units; maxStart: string }) {
  const router = useRouter();
  const client = useQueryClient();
  const [sport, setSport] = useState<Sport>("run");
  const [surface, setSurface] = useState<Surface | "">("");
  const [start, setStart] = useState(maxStart);
  const [duration, setDuration] = useState("");
  const [distance, setDistance] = useState("");
  const [name, setName] = useState("");
  const [rpe, setRpe] = useState("");
  const [notes, setNotes] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (body: unknown) => apiFetch<{ activity: { id: string } }>("/api/v1/activities", jsonInit("POST", body)),
    onSuccess: async ({ activity }) => {
      await client.invalidateQueries({ queryKey: queryKeys.all });
      router.push(`/activities/${activity.id}`);
    },
  });
  const isRun = RUNS.includes(sport);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const durationS = parseDuration(duration);
    if (durationS === null || durationS <= 0) return setProblem("Give the duration as h:mm:ss, mm:ss or minutes.");
    const km = Number(distance.replace(",", ".") || "0");
    if (!Number.isFinite(km) || km < 0) return setProblem(`Give the distance in ${units}.`);
    setProblem(null);
    save.mutate({
      start,
      sport,
      durationS,
      distanceM: Math.round(km * (units === "mi" ? METRES_PER_MILE : 1000)),
      ...(name.trim() ? { name } : {}),
      ...(isRun && surface ? { surface } : {}),
      ...(rpe !== "" ? { rpe: Number(rpe) } : {}),
      ...(notes.trim() ? { notes } : {}),
    });
  }

  return (
    <form onSubmit={onSubmit} className="card stack" data-testid="manual-form">
      <label>
        Sport
        <select name="sport" value={sport} onChange={(e) => setSport(e.target.value as Sport)}>
          <SportOptions />
        </select>
      </label>
      <label>
        Started
        <input name="start" type="datetime-local" required max={maxStart} value={start} onChange={(e) => setStart(e.target.value)} />
      </label>
      <label>
        Duration <span className="muted small">(h:mm:ss, mm:ss or minutes)</span>
        <input name="duration" required inputMode="numeric" placeholder="45:00" value={duration} onChange={(e) => setDuration(e.target.value)} />
      </label>
      <label>
        Distance ({units})
        <input name="distance" inputMode="decimal" placeholder="0" value={distance} onChange={(e) => setDistance(e.target.value)} />
      </label>
      {isRun ? (
        <label>
          Surface
          <select name="surface" value={surface} onChange={(e) => setSurface(e.target.value as Surface | "")}>
            <option value="">{sport === "treadmill_run" ? "Treadmill" : sport === "trail_run" ? "Trail" : "Road (assumed)"}</option>
            {CHOOSABLE_SURFACES.map((s) => (
              <option key={s} value={s}>
                {SURFACE_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label>
        Title <span className="muted small">(optional)</span>
        <input name="name" maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        Perceived exertion (0–10) <span className="muted small">(optional)</span>
        <input name="rpe" type="number" min={0} max={10} step={1} inputMode="numeric" value={rpe} onChange={(e) => setRpe(e.target.value)} />
      </label>
      <label>
        Notes <span className="muted small">(optional)</span>
        <textarea name="notes" rows={3} maxLength={2000} value={notes} onChange={(e) => setNotes(e.target.value)} />
      </label>
      <div className="row start">
        <button type="submit" className="button primary" disabled={save.isPending} data-testid="manual-save">
          {save.isPending ? "Saving…" : "Add activity"}
        </button>
      </div>
      <Alert>{problem ?? (save.isError ? save.error.message : null)}</Alert>
    </form>
  );
}
