import type { Units } from "@/db/schema";
import type { PainInsights } from "@/lib/checkins/insights";
import type { SurfaceMix } from "@/lib/surface/mix";
import type { LoadReport, RunnerProfile } from "@/lib/load/types";

/**
 * The guidance engine's shapes. A rule is data (its place in the guidance document, the evidence
 * grade and citation) plus a pure `evaluate`. Patella educates; it never diagnoses.
 */

/**
 * `extrapolated`: the evidence comes from another condition (the pain-monitoring model from Achilles
 * tendinopathy), so for runners' knees it is low whatever its quality where it was measured.
 */
export type EvidenceGrade = "strong" | "moderate" | "weak" | "extrapolated" | "expert_opinion" | "clinical_consensus" | "not_supported";

export type RuleStatus = "ok" | "watch" | "act" | "not_enough_data" | "education";

export type DocumentPart = "treatment" | "prevention" | "faq";

/** One pair of the runner's shoes, for the shoe-distance reminder. */
export interface GuidanceShoe {
  name: string;
  /** Metres on the pair, as the source counts them. */
  distanceM: number;
  /** The runner's default pair for new runs. */
  primary: boolean;
  /** No longer in use: the reminder ignores it. */
  retired: boolean;
}

export interface GuidanceGear {
  /** Never empty: a runner without recorded shoes has `gear: null`. */
  shoes: GuidanceShoe[];
}

export interface GuidanceContext {
  /** The runner's load over (at least) the last 12 weeks up to today. */
  report: LoadReport;
  profile: RunnerProfile;
  /** The runner's distance unit: every distance a rule shows is in it. */
  units: Units;
  today: string;
  /** What the runner's pain check-ins and weekly questionnaires show (null: not read, as in some tests). */
  checkins: PainInsights | null;
  /** The runner's shoes as Strava reports them, retired pairs included (null: none recorded, or not read). */
  gear: GuidanceGear | null;
  /** The surface mix of the last 4 weeks against the 4 before (null: not read). */
  surfaces: SurfaceMix | null;
}

export interface RuleResult {
  status: RuleStatus;
  /** What Patella measured, in words ("3 rest days this week"), or null. */
  value: string | null;
  /** A short explanation in Patella's own words: what the measure is and what the evidence says. */
  explanation: string;
}

export interface GuidanceRule {
  /** Stable id, e.g. "prevention-5-gradual-progression". */
  id: string;
  part: DocumentPart;
  /** 1-based number of the item within its part of the document. */
  number: number;
  /** The document's own heading, e.g. "Gradual Progression". */
  title: string;
  /** "Prevention 5: Gradual Progression". */
  section: string;
  /** What the document advises, summarised in one sentence. */
  advice: string;
  grade: EvidenceGrade;
  /** What the evidence says, in one or two sentences, with the studies named. */
  evidence: string;
  citations: string[];
  /** "measured" rules compute something; "education" rules only inform. */
  kind: "measured" | "education";
  evaluate(ctx: GuidanceContext): RuleResult;
}

export interface EvaluatedRule extends Omit<GuidanceRule, "evaluate"> {
  result: RuleResult;
  /** Set when the runner reported warning signs not yet seen by a professional: those come before this rule. */
  afterWarningSigns?: true;
}
