import { GUIDANCE_RULES } from "./catalogue";
import type { DocumentPart, EvaluatedRule, GuidanceContext, GuidanceRule, RuleStatus } from "./types";

export { RED_FLAG_RULE_IDS } from "./red-flags";

const PART_ORDER: Record<DocumentPart, number> = { treatment: 0, prevention: 1, faq: 2 };

/**
 * Every rule evaluated for this runner, in the document's order (treatment, prevention, FAQ).
 * The red-flag rules keep their place; RED_FLAG_RULE_IDS lets the UI show them first.
 */
export function evaluateGuidance(ctx: GuidanceContext, rules: readonly GuidanceRule[] = GUIDANCE_RULES): EvaluatedRule[] {
  return [...rules]
    .sort((a, b) => PART_ORDER[a.part] - PART_ORDER[b.part] || a.number - b.number)
    .map(({ evaluate, ...rule }) => ({ ...rule, citations: [...rule.citations], result: evaluate(ctx) }));
}

export type GuidanceSummary = Record<RuleStatus, number>;

/** How many rules have each status. */
export function summarizeGuidance(results: readonly EvaluatedRule[]): GuidanceSummary {
  const summary: GuidanceSummary = { ok: 0, watch: 0, act: 0, not_enough_data: 0, education: 0 };
  for (const r of results) summary[r.result.status] += 1;
  return summary;
}
