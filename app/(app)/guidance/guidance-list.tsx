"use client";

import { useQuery } from "@tanstack/react-query";
import { LoadError, Loading } from "@/app/_components/query-states";
import { StatusLabel } from "@/app/_components/status-label";
import { WarningSigns } from "@/app/_components/warning-signs";
import { apiFetch } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { HELD_WORDS } from "@/lib/guidance/held";
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

/**
 * Every rule, by part of the document, after the general list of warning signs. While the runner has
 * an open warning sign (the gate), FAQ 3 and FAQ 6 come first, right under the runner's banner, and
 * every other rule is held: grey, collapsed, without Patella's reading or advice.
 */
export function GuidanceList() {
  const query = useQuery({ queryKey: queryKeys.guidance(), queryFn: () => apiFetch<GuidanceResponse>("/api/v1/guidance") });
  if (query.isPending)
    return (
      <div className="stack" aria-busy="true">
        <WarningSigns />
        <Loading label="Loading: reading your training against the guidance…" chart />
      </div>
    );
  if (query.isError)
    return (
      <div className="stack">
        <WarningSigns />
        <LoadError error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />
      </div>
    );
  const rules = query.data.rules;
  const gated = rules.some((r) => r.afterWarningSigns);
  const first = gated ? rules.filter((r) => !r.afterWarningSigns) : [];
  return (
    <div className="stack" data-testid="guidance-list" data-gated={gated ? "true" : "false"}>
      {gated ? (
        <section className="card" aria-labelledby="part-first" data-testid="guidance-first">
          <h2 id="part-first">First: your warning sign</h2>
          {first.map((r) => (
            <Rule key={r.id} rule={r} />
          ))}
        </section>
      ) : null}
      <WarningSigns />
      {PARTS.map(({ part, title }) => {
        const inPart = rules.filter((r) => r.part === part && !first.includes(r));
        return (
          <section key={part} className="card" aria-labelledby={`part-${part}`}>
            <h2 id={`part-${part}`}>{title}</h2>
            {gated ? (
              <details className="held-rules" data-testid="held-rules">
                <summary>
                  <StatusLabel status="held" /> {inPart.length} items
                </summary>
                {inPart.map((r) => (
                  <HeldRule key={r.id} rule={r} />
                ))}
              </details>
            ) : (
              inPart.map((r) => <Rule key={r.id} rule={r} />)
            )}
          </section>
        );
      })}
    </div>
  );
}

/** A held rule: what the document says and the evidence, never Patella's reading of the runner. */
function HeldRule({ rule }: { rule: EvaluatedRule }) {
  return (
    <article id={rule.id} className="rule" data-testid="guidance-rule" data-status="held">
      <h3>{rule.section}</h3>
      <p className="small">{HELD_WORDS}.</p>
      <p className="small">
        <strong>The document advises:</strong> {rule.advice}
      </p>
      <p className="small">
        <strong>What the evidence says ({GRADE_WORDS[rule.grade]}):</strong> {rule.evidence}
      </p>
    </article>
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
