"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { LoadError, Loading } from "@/app/_components/query-states";
import { StatusLabel } from "@/app/_components/status-label";
import { apiFetch } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import type { EvaluatedRule } from "@/lib/guidance/types";

export interface GuidanceResponse {
  today: string;
  summary: Record<string, number>;
  rules: EvaluatedRule[];
}

/** One line per measured rule of the guidance document, most pressing first. */
export function GuidancePanel() {
  const query = useQuery({ queryKey: queryKeys.guidance(), queryFn: () => apiFetch<GuidanceResponse>("/api/v1/guidance") });
  const order = { act: 0, watch: 1, ok: 2, not_enough_data: 3, education: 4 } as const;
  return (
    <section className="card" aria-labelledby="guidance-title" aria-busy={query.isPending}>
      <h2 id="guidance-title">Against the guidance</h2>
      {query.isPending ? <Loading label="Loading: reading your training against the guidance…" /> : null}
      {query.isError ? <LoadError error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} /> : null}
      {query.data ? (
        <ul className="guidance-lines" data-testid="guidance-panel">
          {query.data.rules
            .filter((r) => r.kind === "measured")
            .sort((a, b) => order[a.result.status] - order[b.result.status])
            .map((r) => (
              <li key={r.id} data-rule={r.id}>
                <StatusLabel status={r.result.status} /> <Link href={`/guidance#${r.id}`}>{r.section}</Link>
                {r.result.value ? <span>: {r.result.value}</span> : null}
              </li>
            ))}
        </ul>
      ) : null}
      <p className="muted small">
        <Link href="/guidance">Every item of the guidance, with what the evidence says</Link>. Patella describes your training; it cannot tell whether
        you are injured. Pain that worries you, swelling, giving way or not being able to bear weight: see a healthcare professional.
      </p>
    </section>
  );
}
