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

const ORDER = { act: 0, watch: 1, ok: 2, not_enough_data: 3, education: 4 } as const;

/**
 * One line per measured rule of the guidance document, most pressing first. While a warning sign is
 * open (the gate of lib/guidance/evaluate.ts), only the red-flag rules show; every other rule is
 * "On hold until you have been seen", grey and collapsed, without its status or value.
 */
export function GuidancePanel() {
  const query = useQuery({ queryKey: queryKeys.guidance(), queryFn: () => apiFetch<GuidanceResponse>("/api/v1/guidance") });
  const rules = query.data?.rules ?? [];
  const open = rules.filter((r) => !r.afterWarningSigns && r.kind === "measured");
  const held = rules.filter((r) => r.afterWarningSigns && r.kind === "measured");
  return (
    <section className="card" aria-labelledby="guidance-title" aria-busy={query.isPending}>
      <h2 id="guidance-title">Against the guidance</h2>
      {query.isPending ? <Loading label="Loading: reading your training against the guidance…" /> : null}
      {query.isError ? <LoadError error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} /> : null}
      {query.data ? (
        <ul className="guidance-lines" data-testid="guidance-panel">
          {open
            .sort((a, b) => ORDER[a.result.status] - ORDER[b.result.status])
            .map((r) => (
              <li key={r.id} data-rule={r.id}>
                <StatusLabel status={r.result.status} /> <Link href={`/guidance#${r.id}`}>{r.section}</Link>
                {r.result.value ? <span>: {r.result.value}</span> : null}
              </li>
            ))}
        </ul>
      ) : null}
      {held.length > 0 ? (
        <details className="held-rules" data-testid="held-rules">
          <summary>
            <StatusLabel status="held" /> {held.length} other items
          </summary>
          <ul className="guidance-lines">
            {held.map((r) => (
              <li key={r.id} data-rule={r.id} data-held="true">
                <Link href={`/guidance#${r.id}`}>{r.section}</Link>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <p className="muted small">
        <Link href="/guidance">Every item of the guidance, with what the evidence says</Link>. Patella describes your training; it cannot tell whether
        you are injured. Pain that worries you, swelling, giving way or not being able to bear weight: see a healthcare professional.
      </p>
    </section>
  );
}
