import type { EvaluatedRule, RuleStatus } from "./types";

/**
 * The gate's mark as views read it (plain: client components import this file). While a warning
 * sign is open, every rule but the red-flag ones is held: views show HELD_WORDS, grey and collapsed,
 * never the rule's status, value or advice.
 */

export type DisplayStatus = RuleStatus | "held";

export const HELD_WORDS = "On hold until you have been seen";

export function displayStatus(rule: Pick<EvaluatedRule, "afterWarningSigns" | "result">): DisplayStatus {
  return rule.afterWarningSigns ? "held" : rule.result.status;
}
