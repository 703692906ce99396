"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { apiFetch, ApiClientError, jsonInit } from "@/lib/client/api";
import { Alert } from "@/app/_components/alert";

/** Mirrors the server's rule (lib/auth/credentials.ts passwordSchema), which also refuses common passwords. */
const PASSWORD_MIN = 10;

/** `invite`: sign-up needs an invitation code (prefilled from an invitation link); null when sign-up is open. */
export function SignUpForm({ invite }: { invite: { code: string } | null }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    if (password !== String(form.get("confirm") ?? "")) {
      setError("The two passwords do not match.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await apiFetch(
        "/api/v1/auth/sign-up",
        jsonInit("POST", {
          email,
          password,
          name: String(form.get("name") ?? ""),
          timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
          ...(invite ? { invite: String(form.get("invite") ?? "") } : {}),
        }),
      );
      // The server answers the same whether the email was free or already registered; signing in
      // tells: it works only with the account's own password.
      const result = await signIn("credentials", { email, password, redirect: false });
      if (!result || result.error) {
        setError("You could not be signed in with this email and password. If you already have an account, sign in with its password.");
        return;
      }
      // A new runner starts with the first-run questions (units, time zone, heart rate, a way in).
      router.replace("/onboarding");
      router.refresh();
    } catch (err) {
      setError(err instanceof ApiClientError ? err.message : "Something went wrong. Please try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="stack">
      {invite ? (
        <label>
          Invitation code
          <input name="invite" required maxLength={100} defaultValue={invite.code} autoComplete="off" spellCheck={false} />
        </label>
      ) : null}
      <label>
        Name <span className="muted">(optional)</span>
        <input name="name" autoComplete="name" maxLength={100} />
      </label>
      <label>
        Email
        <input name="email" type="email" autoComplete="email" required maxLength={254} />
      </label>
      <label>
        Password <span className="muted">(at least {PASSWORD_MIN} characters, not a common one)</span>
        <input name="password" type="password" autoComplete="new-password" required minLength={PASSWORD_MIN} maxLength={200} />
      </label>
      <label>
        Repeat password
        <input name="confirm" type="password" autoComplete="new-password" required minLength={PASSWORD_MIN} maxLength={200} />
      </label>
      <Alert>{error}</Alert>
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? "Creating your account…" : "Create account"}
      </button>
    </form>
  );
}
