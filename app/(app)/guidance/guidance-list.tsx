"use client";

import { useQuery } from "@tanstack/react-query";
import { LoadError, Loading } from "@/app/_components/query-states";
import { StatusLabel } from "@/app/_components/status-label";
import { apiFetch } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import type { EvaluatedRule, EvidenceGrade } from "@/lib/guidance/types";
import type { GuidanceResponse } from "../dashboard/guidance-panel";

const GRADE_WORDS: Record<EvidenceGrade, string> = {
  strong: "strong evidence",
  moderate: "moderate evidence",
  weak: "weak or mixed evidence",
  extrapolated: "low for knees: extrapolated from another condition",
  expert_opinion: "expert opinion, no outcome data",
  clinical_consensus: "clinical consensus",
  not_supported: "not supported by the evidence",
};

const PARTS = [
  { part: "treatment", title: "Treatment options" },
  { part: "prevention", title: "Prevention tips" },
  { part: "faq", title: "Frequently asked questions" },
] as const;

export function GuidanceList() {
  const query = useQuery({ queryKey: queryKeys.guidance(), queryFn: () => apiFetch<GuidanceResponse>("/api/v1/guidance") });
  if (query.isPending)
    return (
      <div aria-busy="true">
        <Loading label="Loading: reading your training against the guidance…" chart />
      </div>
    );
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />;
  const rules = query.data.rules;
  return (
    <div className="stack" data-testid="guidance-list">
      {PARTS.map(({ part, title }) => (
        <section key={part} className="card" aria-labelledby={`part-${part}`}>
          <h2 id={`part-${part}`}>{title}</h2>
          {rules
            .filter((r) => r.part === part)
            .map((r) => (
              <Rule key={r.id} rule={r} />
            ))}
        </section>
      ))}
    </div>
  );
}

function Rule({ rule }: { rule: EvaluatedRule }) {
  return (
    <article id={rule.id} className="rule" data-testid="guidance-rule" data-status={rule.result.status}>
      <h3>{rule.section}</h3>
      <p>
        <StatusLabel status={rule.result.status} />
      </p>
      {rule.result.value ? (
        <p>
          <strong>Measured:</strong> {rule.result.value}
        </p>
      ) : null}
      <p>{rule.result.explanation}</p>
      <p className="muted small">
        <strong>The document advises:</strong> {rule.advice}
      </p>
      <p className="muted small">
        <strong>What the evidence says ({GRADE_WORDS[rule.grade]}):</strong> {rule.evidence}
      </p>
      {rule.citations.length > 0 ? (
        <details>
          <summary>Sources</summary>
          <ul className="small">
            {rule.citations.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </article>
  );
}
