"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch, jsonInit } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";

interface Values {
  units: "km" | "mi";
  timeZone: string;
  sex: "female" | "male" | null;
  hrRest: number | null;
  hrMax: number | null;
}

const toNumber = (s: string) => (s.trim() === "" ? null : Number(s));

export function SettingsForm({ initial, zones }: { initial: Values; zones: string[] }) {
  const client = useQueryClient();
  const [values, setValues] = useState<Values>(initial);
  const browserZone = typeof Intl !== "undefined" ? Intl.DateTimeFormat().resolvedOptions().timeZone : null;
  const mutation = useMutation({
    mutationFn: (v: Values) => apiFetch<{ settings: Values }>("/api/v1/settings", jsonInit("PATCH", v)),
    onSuccess: async (res) => {
      const { units, timeZone, sex, hrRest, hrMax } = res.settings;
      setValues({ units, timeZone, sex, hrRest, hrMax });
      await client.invalidateQueries({ queryKey: queryKeys.all });
    },
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    mutation.mutate(values);
  }

  return (
    <form onSubmit={onSubmit} className="stack card">
      <fieldset>
        <legend>Distance units</legend>
        {(["km", "mi"] as const).map((u) => (
          <label key={u} className="inline">
            <input type="radio" name="units" value={u} checked={values.units === u} onChange={() => setValues({ ...values, units: u })} />
            {u === "km" ? "Kilometres" : "Miles"}
          </label>
        ))}
      </fieldset>
      <label>
        Time zone <span className="muted">(your weeks run Monday to Sunday in this zone)</span>
        <select name="timeZone" value={values.timeZone} onChange={(e) => setValues({ ...values, timeZone: e.target.value })}>
          {(zones.includes(values.timeZone) ? zones : [values.timeZone, ...zones]).map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
      </label>
      {browserZone && browserZone !== values.timeZone ? (
        <p className="muted">
          This browser is in {browserZone}.{" "}
          <button type="button" className="button link" onClick={() => setValues({ ...values, timeZone: browserZone })}>
            Use it
          </button>
        </p>
      ) : null}
      <fieldset className="stack">
        <legend>Heart rate, for training load</legend>
        <p className="muted small">
          With these, runs with heart rate get a Banister TRIMP load; without them Patella uses your perceived effort or the duration.
        </p>
        <label>
          Sex <span className="muted">(Banister&apos;s formula differs; optional)</span>
          <select
            name="sex"
            value={values.sex ?? ""}
            onChange={(e) => setValues({ ...values, sex: e.target.value === "" ? null : (e.target.value as "female" | "male") })}
          >
            <option value="">Not given</option>
            <option value="female">Female</option>
            <option value="male">Male</option>
          </select>
        </label>
        <label>
          Resting heart rate (bpm)
          <input name="hrRest" type="number" inputMode="numeric" min={25} max={120} value={values.hrRest ?? ""} onChange={(e) => setValues({ ...values, hrRest: toNumber(e.target.value) })} />
        </label>
        <label>
          Maximum heart rate (bpm)
          <input name="hrMax" type="number" inputMode="numeric" min={100} max={240} value={values.hrMax ?? ""} onChange={(e) => setValues({ ...values, hrMax: toNumber(e.target.value) })} />
        </label>
      </fieldset>
      <div>
        <button type="submit" className="button primary" disabled={mutation.isPending}>
          {mutation.isPending ? "Saving…" : "Save settings"}
        </button>
      </div>
      <p aria-live="polite">
        {mutation.isSuccess ? <span className="ok">Settings saved.</span> : null}
        {mutation.isError ? <span className="error" role="alert">{mutation.error.message}</span> : null}
      </p>
    </form>
  );
}
