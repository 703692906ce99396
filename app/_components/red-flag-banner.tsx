"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { Alert } from "@/app/_components/alert";
import { redFlagMessage, wordsOf } from "@/lib/checkins/red-flags";
import { apiFetch, jsonInit } from "@/lib/client/api";
import type { PainInsightsJson } from "@/lib/client/checkins";
import { queryKeys } from "@/lib/client/query-keys";

/**
 * Warning signs the runner reported come before everything else and stay until the runner says a
 * healthcare professional has seen them. Renders nothing while loading or when there are none.
 */
export function RedFlagBanner() {
  const client = useQueryClient();
  const query = useQuery({ queryKey: queryKeys.painInsights({}), queryFn: () => apiFetch<PainInsightsJson>("/api/v1/checkins/insights") });
  const open = query.data?.openRedFlags ?? [];
  const seen = useMutation({
    mutationFn: async () => {
      for (const c of open) await apiFetch(`/api/v1/checkins/${c.checkinId}`, jsonInit("PATCH", { redFlagsSeen: true }));
    },
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.all }),
  });
  if (open.length === 0) return null;
  const flags = [...new Set(open.flatMap((c) => c.redFlags))];
  const dates = [...new Set(open.map((c) => c.localDate))].sort();
  const when = dates.length === 1 ? `on ${dates[0]}` : `from ${dates[0]} to ${dates.at(-1)}`;
  return (
    <section className="card referral-banner" role="alert" aria-labelledby="referral-title" data-testid="red-flag-banner">
      <h2 id="referral-title">See a healthcare professional</h2>
      <p data-testid="red-flag-sign">
        <strong>
          Your warning sign: {wordsOf(flags)}, reported {when}.
        </strong>{" "}
        Until you mark it as seen, Patella puts the rest of its guidance on hold.
      </p>
      <p>{redFlagMessage(flags)}</p>
      <ul className="small">
        {open.map((c) => (
          <li key={c.checkinId}>
            <Link href={`/checkins/${c.checkinId}/edit`}>Check-in of {c.localDate}</Link>
          </li>
        ))}
      </ul>
      <button type="button" className="button" disabled={seen.isPending} onClick={() => seen.mutate()}>
        {seen.isPending ? "Saving…" : "I have seen a healthcare professional about this"}
      </button>
      <Alert>{seen.isError ? seen.error.message : null}</Alert>
    </section>
  );
}
