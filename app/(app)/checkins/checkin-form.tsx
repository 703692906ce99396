"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/app/_components/alert";
import { LOCATION_LABELS, PAIN_ENDS, SIDE_LABELS, TIMING_LABELS } from "@/lib/checkins/labels";
import { RED_FLAG_QUESTIONS, RED_FLAGS_IN_ORDER, redFlagMessage } from "@/lib/checkins/red-flags";
import { KNEE_LOCATIONS, KNEE_SIDES, PAIN_TIMINGS, type KneeLocation, type RedFlag } from "@/lib/checkins/types";
import { apiFetch, ApiClientError, jsonInit } from "@/lib/client/api";
import type { CheckinDraft, CheckinJson } from "@/lib/client/checkins";
import { queryKeys } from "@/lib/client/query-keys";
import { formatDistance } from "@/lib/units";
import { KneePicture } from "./knee-picture";

export interface RunChoice {
  id: string;
  name: string;
  localDate: string;
  distanceM: number;
}

const SCALE = Array.from({ length: 11 }, (_, i) => i);

function toggle<T>(list: readonly T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

/**
 * The check-in, mobile first: pain, when, where (picture or list), which knee, then the optional
 * rest. Five taps make a complete check-in. A yes to any warning sign shows the referral message
 * at once, before saving.
 */
export function CheckinForm({
  checkinId,
  initial,
  runs,
  units,
  maxAt,
  timeZone,
}: {
  /** Set when editing an existing check-in. */
  checkinId?: string;
  initial: CheckinDraft;
  runs: RunChoice[];
  units: "km" | "mi";
  /** Now, as a datetime-local value in the runner's time zone. */
  maxAt: string;
  timeZone: string;
}) {
  const router = useRouter();
  const client = useQueryClient();
  const [draft, setDraft] = useState<CheckinDraft>(initial);
  const [missing, setMissing] = useState<string | null>(null);
  const set = (patch: Partial<CheckinDraft>) => setDraft((d) => ({ ...d, ...patch }));

  const mutation = useMutation({
    mutationFn: (d: CheckinDraft) => {
      const body = {
        at: d.at,
        pain: d.pain,
        timing: d.timing,
        locations: d.locations,
        side: d.side,
        redFlags: d.redFlags,
        stoppedRun: d.timing === "during" && d.stoppedRun,
        activityId: d.activityId,
        rpe: d.activityId ? d.rpe : null,
        notes: d.notes.trim() === "" ? null : d.notes,
      };
      return checkinId
        ? apiFetch<{ checkin: CheckinJson }>(`/api/v1/checkins/${checkinId}`, jsonInit("PATCH", body))
        : apiFetch<{ checkin: CheckinJson }>("/api/v1/checkins", jsonInit("POST", body));
    },
    onSuccess: async (res) => {
      await client.invalidateQueries({ queryKey: queryKeys.all });
      router.push(`/checkins?saved=${res.checkin.id}`);
    },
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (draft.pain === null) return setMissing("Choose how much your knee hurts, from 0 to 10.");
    if (draft.timing === null) return setMissing("Choose when you felt it.");
    setMissing(null);
    mutation.mutate(draft);
  }

  const referral = redFlagMessage(draft.redFlags);
  const runLinked = draft.activityId !== null;
  const error = missing ?? (mutation.isError ? (mutation.error instanceof ApiClientError ? mutation.error.message : "Saving failed. Please try again.") : null);

  return (
    <form onSubmit={onSubmit} className="stack checkin-form" noValidate aria-describedby="checkin-help">
      <p id="checkin-help" className="muted small">
        Times are in {timeZone}. Only pain and when are needed; everything else helps Patella read patterns.
      </p>

      <fieldset className="pain-scale">
        <legend>How much does your knee hurt? (0–10)</legend>
        <div className="scale-buttons">
          {SCALE.map((n) => (
            <label key={n} className={`chip${draft.pain === n ? " on" : ""}`} data-pain={n}>
              <input type="radio" name="pain" value={n} checked={draft.pain === n} onChange={() => set({ pain: n })} />
              <span>{n}</span>
            </label>
          ))}
        </div>
        <div className="scale-ends muted small" aria-hidden="true">
          <span>0 {PAIN_ENDS[0]}</span>
          <span>10 {PAIN_ENDS[10]}</span>
        </div>
      </fieldset>

      <fieldset>
        <legend>When?</legend>
        <div className="chips">
          {PAIN_TIMINGS.map((t) => (
            <label key={t} className={`chip${draft.timing === t ? " on" : ""}`}>
              <input type="radio" name="timing" value={t} checked={draft.timing === t} onChange={() => set({ timing: t })} />
              <span>{TIMING_LABELS[t]}</span>
            </label>
          ))}
        </div>
      </fieldset>

      {draft.timing === "during" ? (
        <label className="inline">
          <input type="checkbox" name="stoppedRun" checked={draft.stoppedRun} onChange={(e) => set({ stoppedRun: e.target.checked })} />
          The pain made me stop the run
        </label>
      ) : null}

      <fieldset>
        <legend>Which knee?</legend>
        <div className="chips">
          {KNEE_SIDES.map((s) => (
            <label key={s} className={`chip${draft.side === s ? " on" : ""}`}>
              <input type="radio" name="side" value={s} checked={draft.side === s} onChange={() => set({ side: s })} />
              <span>{SIDE_LABELS[s]}</span>
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset className="where">
        <legend>Where on the knee? Tap the picture or tick the list</legend>
        <KneePicture
          selected={draft.locations}
          side={draft.side}
          onToggle={(l: KneeLocation) => set({ locations: toggle(draft.locations, l) })}
        />
        <div className="location-list">
          {KNEE_LOCATIONS.map((l) => (
            <label key={l} className="inline">
              <input
                type="checkbox"
                name="locations"
                value={l}
                checked={draft.locations.includes(l)}
                onChange={() => set({ locations: toggle(draft.locations, l) })}
              />
              {LOCATION_LABELS[l]}
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset className="stack redflag-questions">
        <legend>Warning signs</legend>
        {RED_FLAGS_IN_ORDER.map((f: RedFlag) => (
          <label key={f} className="inline">
            <input type="checkbox" name="redFlags" value={f} checked={draft.redFlags.includes(f)} onChange={() => set({ redFlags: toggle(draft.redFlags, f) })} />
            {RED_FLAG_QUESTIONS[f]}
          </label>
        ))}
        {referral ? (
          <div className="referral" role="alert" data-testid="referral">
            <strong>See a healthcare professional.</strong> {referral}
          </div>
        ) : null}
      </fieldset>

      <label>
        Run it belongs to <span className="muted">(optional)</span>
        <select name="activityId" value={draft.activityId ?? ""} onChange={(e) => set({ activityId: e.target.value === "" ? null : e.target.value })}>
          <option value="">No run</option>
          {runs.map((r) => (
            <option key={r.id} value={r.id}>
              {r.localDate} · {r.name} · {formatDistance(r.distanceM, units)}
            </option>
          ))}
        </select>
      </label>

      {runLinked ? (
        <label>
          How hard was that run? <span className="muted">(perceived exertion 0–10, optional: it feeds your training load)</span>
          <select name="rpe" value={draft.rpe ?? ""} onChange={(e) => set({ rpe: e.target.value === "" ? null : Number(e.target.value) })}>
            <option value="">Not rated</option>
            {SCALE.map((n) => (
              <option key={n} value={n}>
                {n}
                {n === 0 ? " · rest" : n === 10 ? " · maximal" : ""}
              </option>
            ))}
          </select>
        </label>
      ) : null}

      <label>
        When was it? <span className="muted">({timeZone})</span>
        <input type="datetime-local" name="at" value={draft.at} max={maxAt} onChange={(e) => set({ at: e.target.value })} required />
      </label>

      <label>
        Notes <span className="muted">(optional)</span>
        <textarea name="notes" rows={3} maxLength={1000} value={draft.notes} onChange={(e) => set({ notes: e.target.value })} />
      </label>

      {error ? <Alert>{error}</Alert> : null}
      <div>
        <button type="submit" className="button primary" disabled={mutation.isPending}>
          {mutation.isPending ? "Saving…" : checkinId ? "Save changes" : "Save check-in"}
        </button>
      </div>
    </form>
  );
}
