"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent, type MouseEvent } from "react";
import { Alert } from "@/app/_components/alert";
import { StravaButton } from "@/app/_components/strava-button";
import { apiFetch, ApiClientError, jsonInit } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { markOnboarded, useAddSampleData } from "@/lib/client/sample-data";
import type { StravaStatusJson } from "@/lib/strava/status";

interface Values {
  units: "km" | "mi";
  timeZone: string;
  sex: "female" | "male" | null;
  hrRest: number | null;
  hrMax: number | null;
}

interface SettingsResponse {
  settings: Values;
  strava: StravaStatusJson;
}

type Field = keyof Values;
const FIELDS: readonly string[] = ["units", "timeZone", "sex", "hrRest", "hrMax"] satisfies Field[];

const toNumber = (s: string) => (s.trim() === "" ? null : Number(s));

/** The browser's IANA zone, when it is one of those on offer. */
function browserZone(zones: readonly string[]): string | null {
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return zone && zones.includes(zone) ? zone : null;
  } catch {
    return null;
  }
}

/**
 * Two steps: the runner's units, time zone and (optional) heart-rate profile, saved through the
 * settings API with its validation; then the three ways in. Saving the first step, or skipping,
 * marks the runner as onboarded.
 */
export function OnboardingFlow({ zones, stravaConfigured }: { zones: string[]; stravaConfigured: boolean }) {
  const query = useQuery({ queryKey: queryKeys.settings(), queryFn: () => apiFetch<SettingsResponse>("/api/v1/settings") });
  const [step, setStep] = useState<"about" | "start">("about");

  if (query.isPending) {
    return (
      <p className="muted" role="status">
        Loading your settings…
      </p>
    );
  }
  if (query.isError) {
    return (
      <div className="stack">
        <Alert>{query.error.message}</Alert>
        <div>
          <button type="button" className="button" onClick={() => void query.refetch()}>
            Try again
          </button>
        </div>
      </div>
    );
  }
  const { settings, strava } = query.data;
  const { units, timeZone, sex, hrRest, hrMax } = settings;
  return step === "about" ? (
    <AboutYou
      // Sign-up stores the browser's zone; one still at the default UTC is filled in from the browser.
      initial={{ units, sex, hrRest, hrMax, timeZone: timeZone === "UTC" ? (browserZone(zones) ?? "UTC") : timeZone }}
      zones={zones}
      onSaved={() => setStep("start")}
    />
  ) : (
    <WaysIn stravaConfigured={stravaConfigured} stravaConnected={strava.connected} />
  );
}

function SkipLink() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  async function skip(event: MouseEvent<HTMLAnchorElement>) {
    event.preventDefault();
    setError(null);
    try {
      await markOnboarded();
      router.push("/dashboard");
    } catch (err) {
      setError(err instanceof Error ? err.message : "Something went wrong. Please try again.");
    }
  }
  return (
    <>
      <Link href="/dashboard" onClick={(e) => void skip(e)}>
        Skip for now
      </Link>
      <Alert>{error}</Alert>
    </>
  );
}

function AboutYou({ initial, zones, onSaved }: { initial: Values; zones: string[]; onSaved: () => void }) {
  const client = useQueryClient();
  const [values, setValues] = useState<Values>(initial);
  const save = useMutation({
    mutationFn: async (v: Values) => {
      const saved = await apiFetch<{ settings: Values }>("/api/v1/settings", jsonInit("PATCH", v));
      await markOnboarded();
      return saved;
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: queryKeys.all });
      onSaved();
    },
  });
  // The server's validation (lib/validation/settings.ts) names the field each problem is about;
  // what it does not pin on a field shows under the form.
  const fieldErrors = new Map<string, string>();
  let formError: string | null = save.isError ? save.error.message : null;
  if (save.error instanceof ApiClientError && save.error.code === "bad_request:body") {
    const details = Array.isArray(save.error.details) ? (save.error.details as { path?: unknown; message?: unknown }[]) : [];
    const named = /^(\w+): (.*)$/.exec(save.error.message);
    const problems = details.length > 0 ? details.map((d) => [String(d.path), String(d.message)] as const) : named ? [[named[1]!, named[2]!] as const] : [];
    for (const [path, message] of problems) if (FIELDS.includes(path)) fieldErrors.set(path, message);
    if (problems.length > 0 && problems.every(([path]) => FIELDS.includes(path))) formError = null;
  }
  const problem = (field: Field) => fieldErrors.get(field);
  const described = (field: Field) => (problem(field) ? { "aria-invalid": true, "aria-describedby": `${field}-error` } : {});
  const fieldError = (field: Field) =>
    problem(field) ? (
      <span id={`${field}-error`} className="error small">
        {problem(field)}
      </span>
    ) : null;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    save.mutate(values);
  }

  return (
    <form onSubmit={onSubmit} className="card stack" aria-labelledby="about-title" noValidate>
      <h2 id="about-title">Step 1 of 2: a few questions</h2>
      <p className="muted">You can change all of this later in Settings.</p>
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
        <select name="timeZone" value={values.timeZone} onChange={(e) => setValues({ ...values, timeZone: e.target.value })} {...described("timeZone")}>
          {(zones.includes(values.timeZone) ? zones : [values.timeZone, ...zones]).map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
        {fieldError("timeZone")}
      </label>
      <fieldset className="stack">
        <legend>
          Heart rate <span className="muted">(optional)</span>
        </legend>
        <p className="muted small">
          With these, runs recorded with heart rate get a training load from it (Banister&apos;s TRIMP); without them Patella uses your perceived effort or
          the duration.
        </p>
        <label>
          Sex <span className="muted">(Banister&apos;s formula differs)</span>
          <select
            name="sex"
            value={values.sex ?? ""}
            onChange={(e) => setValues({ ...values, sex: e.target.value === "" ? null : (e.target.value as "female" | "male") })}
            {...described("sex")}
          >
            <option value="">Not given</option>
            <option value="female">Female</option>
            <option value="male">Male</option>
          </select>
          {fieldError("sex")}
        </label>
        <label>
          Resting heart rate (bpm)
          <input
            name="hrRest"
            type="number"
            inputMode="numeric"
            min={25}
            max={120}
            value={values.hrRest ?? ""}
            onChange={(e) => setValues({ ...values, hrRest: toNumber(e.target.value) })}
            {...described("hrRest")}
          />
          {fieldError("hrRest")}
        </label>
        <label>
          Maximum heart rate (bpm)
          <input
            name="hrMax"
            type="number"
            inputMode="numeric"
            min={100}
            max={240}
            value={values.hrMax ?? ""}
            onChange={(e) => setValues({ ...values, hrMax: toNumber(e.target.value) })}
            {...described("hrMax")}
          />
          {fieldError("hrMax")}
        </label>
      </fieldset>
      <Alert>{formError}</Alert>
      <div className="row start onboarding-actions">
        <button type="submit" className="button primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Continue"}
        </button>
        <SkipLink />
      </div>
    </form>
  );
}

function WaysIn({ stravaConfigured, stravaConnected }: { stravaConfigured: boolean; stravaConnected: boolean }) {
  const router = useRouter();
  const heading = useRef<HTMLHeadingElement>(null);
  // The step replaced the form: take keyboard and screen-reader focus to its heading.
  useEffect(() => heading.current?.focus(), []);
  const sample = useAddSampleData({ onAdded: () => router.push("/dashboard") });

  return (
    <section className="stack" aria-labelledby="ways-in-title">
      <h2 id="ways-in-title" ref={heading} tabIndex={-1}>
        Step 2 of 2: bring in your runs
      </h2>
      <div className="ways-in">
        {stravaConfigured ? (
          <section className="card stack" aria-labelledby="way-strava">
            <h3 id="way-strava">Connect Strava</h3>
            {stravaConnected ? (
              <p>Strava is connected: your runs are being imported.</p>
            ) : (
              <>
                <p>Your history and every new run, imported automatically.</p>
                <div>
                  <StravaButton label="Connect Strava" redirectTo="/dashboard" />
                </div>
              </>
            )}
          </section>
        ) : null}
        <section className="card stack" aria-labelledby="way-upload">
          <h3 id="way-upload">Upload files</h3>
          <p>GPX, TCX or FIT files from your watch or app, or the archive of your Strava account.</p>
          <div>
            <Link href="/upload" className="button">
              Upload files
            </Link>
          </div>
        </section>
        <section className="card stack" aria-labelledby="way-sample">
          <h3 id="way-sample">Explore with sample data</h3>
          <p>A made-up runner&apos;s last few months: a week that grew too fast, a long run that was too long, and the knee pain after it. Marked as sample, and removed in one click.</p>
          <div>
            <button type="button" className="button" disabled={sample.isPending || sample.isSuccess} onClick={() => sample.mutate()}>
              {sample.isPending || sample.isSuccess ? "Adding sample data…" : "Explore with sample data"}
            </button>
          </div>
          <Alert>{sample.isError ? sample.error.message : null}</Alert>
        </section>
      </div>
      <p>
        <Link href="/dashboard">Go to the dashboard</Link>
      </p>
    </section>
  );
}
