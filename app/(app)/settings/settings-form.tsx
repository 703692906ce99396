"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch, jsonInit } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";

interface Values {
  units: "km" | "mi";
  timeZone: string;
}

export function SettingsForm({ initial, zones }: { initial: Values; zones: string[] }) {
  const client = useQueryClient();
  const [values, setValues] = useState<Values>(initial);
  const browserZone = typeof Intl !== "undefined" ? Intl.DateTimeFormat().resolvedOptions().timeZone : null;
  const mutation = useMutation({
    mutationFn: (v: Values) => apiFetch<{ settings: Values }>("/api/v1/settings", jsonInit("PATCH", v)),
    onSuccess: async (res) => {
      setValues({ units: res.settings.units, timeZone: res.settings.timeZone });
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
      <div>
        <button type="submit" className="button primary" disabled={mutation.isPending}>
          {mutation.isPending ? "Saving…" : "Save settings"}
        </button>
      </div>
      <p aria-live="polite">
        {mutation.isSuccess ? <span className="ok">Settings saved.</span> : null}
        {mutation.isError ? <span className="error">{mutation.error.message}</span> : null}
      </p>
    </form>
  );
}
