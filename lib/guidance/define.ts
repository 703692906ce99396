import type { DocumentPart, GuidanceContext, GuidanceRule, RuleResult } from "./types";

const PART_WORDS: Record<DocumentPart, string> = { treatment: "Treatment", prevention: "Prevention", faq: "FAQ" };

/** "Prevention 5: Gradual Progression", "FAQ 3: When should I see a doctor for knee pain after running?" */
export function sectionOf(part: DocumentPart, number: number, title: string): string {
  return `${PART_WORDS[part]} ${number}: ${title}`;
}

export type RuleSpec = Omit<GuidanceRule, "id" | "section"> & {
  /** Last part of the id: "gradual-progression" → "prevention-5-gradual-progression". */
  slug: string;
};

/** A rule with its id and section derived from its place in the document, so they cannot drift apart. */
export function defineRule({ slug, ...spec }: RuleSpec): GuidanceRule {
  return { id: `${spec.part}-${spec.number}-${slug}`, section: sectionOf(spec.part, spec.number, spec.title), ...spec };
}

/** An item Patella cannot measure: it always answers with the same education text. */
export function educationRule(spec: Omit<RuleSpec, "kind" | "evaluate"> & { explanation: string }): GuidanceRule {
  const { explanation, ...rest } = spec;
  return defineRule({ ...rest, kind: "education", evaluate: () => ({ status: "education", value: null, explanation }) });
}

export function notEnoughData(value: string | null, explanation: string): RuleResult {
  return { status: "not_enough_data", value, explanation };
}

export type Evaluate = (ctx: GuidanceContext) => RuleResult;
