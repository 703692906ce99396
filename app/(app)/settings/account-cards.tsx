"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { signOut } from "next-auth/react";
import { useId, useRef, useState, type FormEvent } from "react";
import { Alert } from "@/app/_components/alert";
import { apiFetch, jsonInit } from "@/lib/client/api";

/**
 * The account part of settings: export everything, change (or set a first) password, delete the
 * account. Placed on the settings page, which knows whether the runner has a password.
 */

/** Mirrors the sign-up rule (lib/auth/credentials.ts passwordSchema), so the form says it before the server does. */
const PASSWORD_MIN = 10;
const PASSWORD_MAX = 200;
/** What a runner without a password types to confirm (lib/validation/account.ts). */
const DELETE_WORD = "DELETE";

export function ExportCard() {
  return (
    <section className="card stack" aria-labelledby="export-title">
      <h2 id="export-title">Export your data</h2>
      <p>
        Everything you have in Patella as one ZIP file: your activities (as JSON, and as a CSV for spreadsheets), check-ins, weekly knee
        questionnaires, settings, and the original files you uploaded.
      </p>
      <div>
        {/* A plain link: the browser downloads the ZIP as the server writes it, however large. */}
        <a className="button" href="/api/v1/export" download data-testid="export-link">
          Download your data (.zip)
        </a>
      </div>
      <p className="muted">
        To restore it — here, or in a new account on any Patella server — upload the ZIP under{" "}
        <Link href="/upload">Upload → Import an archive</Link>. Anything already in the account is skipped, so nothing is doubled.
      </p>
    </section>
  );
}

interface PasswordResult {
  changed: true;
  firstPassword: boolean;
}

export function PasswordCard({ hasPassword }: { hasPassword: boolean }) {
  const id = useId();
  const [has, setHas] = useState(hasPassword);
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: (body: { currentPassword?: string; newPassword: string }) => apiFetch<PasswordResult>("/api/v1/account/password", jsonInit("PATCH", body)),
    onSuccess: () => {
      setHas(true);
      setCurrent("");
      setNext("");
      setRepeat("");
    },
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    mutation.reset();
    if (next.length < PASSWORD_MIN) return setProblem(`Use at least ${PASSWORD_MIN} characters for your new password.`);
    if (next !== repeat) return setProblem("The two new passwords are not the same.");
    mutation.mutate(has ? { currentPassword: current, newPassword: next } : { newPassword: next });
  }

  const title = has ? "Change your password" : "Set a password";
  return (
    <form onSubmit={onSubmit} className="card stack" aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>{title}</h2>
      {has ? null : (
        <p className="muted">You sign in with Strava. With a password you can also sign in with your email address.</p>
      )}
      {has ? (
        <label>
          Current password
          <input
            type="password"
            name="currentPassword"
            autoComplete="current-password"
            required
            maxLength={PASSWORD_MAX}
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
          />
        </label>
      ) : null}
      <label>
        New password <span className="muted">(at least {PASSWORD_MIN} characters, not a common one)</span>
        <input
          type="password"
          name="newPassword"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN}
          maxLength={PASSWORD_MAX}
          value={next}
          onChange={(e) => setNext(e.target.value)}
        />
      </label>
      <label>
        New password again
        <input
          type="password"
          name="repeatPassword"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN}
          maxLength={PASSWORD_MAX}
          value={repeat}
          onChange={(e) => setRepeat(e.target.value)}
        />
      </label>
      <div>
        <button type="submit" className="button primary" disabled={mutation.isPending}>
          {mutation.isPending ? "Saving…" : has ? "Change password" : "Set password"}
        </button>
      </div>
      <div aria-live="polite">
        {mutation.isSuccess ? (
          <p className="ok" data-testid="password-saved">
            {mutation.data.firstPassword ? "Password set: you can now also sign in with your email address." : "Password changed."}
          </p>
        ) : null}
      </div>
      <Alert>{problem ?? (mutation.isError ? mutation.error.message : null)}</Alert>
    </form>
  );
}

/**
 * "Sign out everywhere": ends every session of the runner — other browsers, other devices, a cookie
 * someone may have copied — and this one, then shows the sign-in page.
 */
export function SessionsCard({ maxAgeDays }: { maxAgeDays: number }) {
  const id = useId();
  const mutation = useMutation({
    mutationFn: () => apiFetch<null>("/api/v1/account/sign-out-everywhere", jsonInit("POST", {})),
    onSuccess: async () => {
      await signOut({ redirectTo: "/sign-in?signedOut=everywhere" });
    },
  });
  return (
    <section className="card stack" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Your sessions</h2>
      <p>
        Signing out everywhere ends every session of your account at once: in other browsers, on other devices, and here. Changing your
        password does the same, except here. Each session also ends on its own {maxAgeDays} day{maxAgeDays === 1 ? "" : "s"} after you signed in.
      </p>
      <div>
        <button type="button" className="button" onClick={() => mutation.mutate()} disabled={mutation.isPending}>
          {mutation.isPending ? "Signing out…" : "Sign out everywhere"}
        </button>
      </div>
      <Alert>{mutation.isError ? mutation.error.message : null}</Alert>
    </section>
  );
}

interface DeleteResult {
  deleted: { activities: number; checkins: number };
  strava: { connected: boolean; notified: boolean };
}

export function DeleteAccountCard({ hasPassword }: { hasPassword: boolean }) {
  const id = useId();
  const [confirming, setConfirming] = useState(false);
  const [value, setValue] = useState("");
  const [done, setDone] = useState<DeleteResult | null>(null);
  const openButton = useRef<HTMLButtonElement>(null);
  const mutation = useMutation({
    mutationFn: (body: { password: string } | { confirm: string }) => apiFetch<DeleteResult>("/api/v1/account", jsonInit("DELETE", body)),
    onSuccess: async (result) => {
      setDone(result);
      // The session's runner is gone: end the session, on to the sign-in page.
      await signOut({ redirectTo: "/sign-in?deleted=1" });
    },
  });

  function cancel() {
    setConfirming(false);
    setValue("");
    mutation.reset();
    // Back to where the runner was (the button is rendered again on the next frame).
    requestAnimationFrame(() => openButton.current?.focus());
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (value.trim() === "") return;
    mutation.mutate(hasPassword ? { password: value } : { confirm: value.trim() });
  }

  return (
    <section className="card stack" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Delete your account</h2>
      <p>
        Deleting your account removes everything Patella holds about you — activities, check-ins, questionnaires, uploaded files, settings and
        the Strava connection — for good. It cannot be undone: <a href="/api/v1/export" download>download your data</a> first if you may want it
        back.
      </p>
      {done ? (
        <p role="status">Your account was deleted. Signing you out…</p>
      ) : !confirming ? (
        <div>
          <button ref={openButton} type="button" className="button danger" onClick={() => setConfirming(true)}>
            Delete my account…
          </button>
        </div>
      ) : (
        <form onSubmit={onSubmit} className="stack" aria-describedby={`${id}-warning`}>
          <p id={`${id}-warning`} className="error">
            This deletes your account and all its data now. {hasPassword ? "Enter your password to confirm." : `Type your email address or ${DELETE_WORD} to confirm.`}
          </p>
          <label>
            {hasPassword ? "Your password" : `Your email address, or ${DELETE_WORD}`}
            <input
              type={hasPassword ? "password" : "text"}
              name={hasPassword ? "password" : "confirm"}
              autoComplete={hasPassword ? "current-password" : "off"}
              required
              maxLength={hasPassword ? PASSWORD_MAX : 320}
              // The form only appears when asked for: its field is where the runner continues.
              autoFocus
              value={value}
              onChange={(e) => setValue(e.target.value)}
            />
          </label>
          <div className="inline">
            <button type="submit" className="button danger" disabled={mutation.isPending || value.trim() === ""}>
              {mutation.isPending ? "Deleting…" : "Delete my account permanently"}
            </button>{" "}
            <button type="button" className="button" onClick={cancel} disabled={mutation.isPending}>
              Cancel
            </button>
          </div>
          <Alert>{mutation.isError ? mutation.error.message : null}</Alert>
        </form>
      )}
    </section>
  );
}
