import { GUIDANCE_RULES } from "./catalogue";
import { displayStatus, type DisplayStatus } from "./held";
import { RED_FLAG_RULE_IDS } from "./red-flags";
import type { DocumentPart, EvaluatedRule, GuidanceContext, GuidanceRule } from "./types";

export { RED_FLAG_RULE_IDS };

const PART_ORDER: Record<DocumentPart, number> = { treatment: 0, prevention: 1, faq: 2 };

/**
 * Every rule evaluated for this runner, in the document's order (treatment, prevention, FAQ). The
 * red-flag rules keep their place (RED_FLAG_RULE_IDS lets the UI show them first) unless the runner
 * has reported warning signs not yet seen by a professional. Safety is a gate, not a rule among
 * rules: then the red-flag rules come first and every other rule is held (`afterWarningSigns`):
 * every view shows it as "On hold until you have been seen", never its status or its advice.
 */
export function evaluateGuidance(ctx: GuidanceContext, rules: readonly GuidanceRule[] = GUIDANCE_RULES): EvaluatedRule[] {
  const evaluated = [...rules]
    .sort((a, b) => PART_ORDER[a.part] - PART_ORDER[b.part] || a.number - b.number)
    .map(({ evaluate, ...rule }): EvaluatedRule => ({ ...rule, citations: [...rule.citations], result: evaluate(ctx) }));
  if (!ctx.checkins?.openRedFlags.length) return evaluated;
  const first = evaluated.filter((r) => RED_FLAG_RULE_IDS.includes(r.id));
  const rest = evaluated.filter((r) => !RED_FLAG_RULE_IDS.includes(r.id)).map((r): EvaluatedRule => ({ ...r, afterWarningSigns: true }));
  return [...first, ...rest];
}

export type GuidanceSummary = Record<DisplayStatus, number>;

/** How many rules have each status; held rules count as held, not as their status. */
export function summarizeGuidance(results: readonly EvaluatedRule[]): GuidanceSummary {
  const summary: GuidanceSummary = { ok: 0, watch: 0, act: 0, not_enough_data: 0, education: 0, held: 0 };
  for (const r of results) summary[displayStatus(r)] += 1;
  return summary;
}
