"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { StravaButton } from "@/app/_components/strava-button";
import { Alert } from "@/app/_components/alert";

function messageFor(code: string | undefined): string {
  const limited = /^rate_limited:(\d+)$/.exec(code ?? "");
  if (limited) {
    const minutes = Number(limited[1]);
    return `Too many sign-in attempts for this email from your network. Wait ${minutes} minute${minutes === 1 ? "" : "s"}, then try again.`;
  }
  return "Email or password is incorrect.";
}

export function SignInForm({ strava }: { strava: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const result = await signIn("credentials", {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        redirect: false,
      });
      if (!result || result.error) {
        setError(messageFor(result?.code));
        return;
      }
      router.replace("/dashboard");
      router.refresh();
    } catch {
      setError("Patella could not be reached. Check your connection and try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <form onSubmit={onSubmit} className="stack" noValidate={false}>
        <label>
          Email
          <input name="email" type="email" autoComplete="email" required maxLength={254} />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required maxLength={200} />
        </label>
        <Alert>{error}</Alert>
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
      {strava ? (
        <div className="stack">
          <p className="divider">or</p>
          <StravaButton />
        </div>
      ) : null}
    </>
  );
}
