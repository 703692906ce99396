"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/app/_components/alert";
import { markOnboarded } from "@/lib/client/sample-data";

/**
 * For a runner who has not answered (or skipped) the first-run questions: a way back to them, or
 * a way to say "not now" for good. `onboarded`: whether users.onboarded_at is set; renders nothing
 * when it is.
 */
export function OnboardingBanner({ onboarded }: { onboarded: boolean }) {
  const router = useRouter();
  const [dismissed, setDismissed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (onboarded || dismissed) return null;

  async function dismiss() {
    setBusy(true);
    setError(null);
    try {
      await markOnboarded();
      setDismissed(true);
      router.refresh();
    } catch (err) {
      setError(err instanceof Error ? err.message : "Something went wrong. Please try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card notice" aria-labelledby="onboarding-banner-title" data-testid="onboarding-banner">
      <h2 id="onboarding-banner-title">Finish setting up</h2>
      <p>A few questions (units, time zone, heart rate) and a way to bring in your runs.</p>
      <div className="row start">
        <Link href="/onboarding" className="button primary">
          Finish setting up
        </Link>
        <button type="button" className="button" disabled={busy} onClick={() => void dismiss()}>
          {busy ? "Saving…" : "Dismiss"}
        </button>
      </div>
      <Alert>{error}</Alert>
    </section>
  );
}
