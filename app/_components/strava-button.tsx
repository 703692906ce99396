"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";

export function StravaButton({ label = "Sign in with Strava", redirectTo = "/dashboard" }: { label?: string; redirectTo?: string }) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="button strava"
      disabled={busy}
      onClick={() => {
        setBusy(true);
        void signIn("strava", { redirectTo });
      }}
    >
      {busy ? "Opening Strava…" : label}
    </button>
  );
}
