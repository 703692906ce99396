import { CITE } from "../citations";
import { defineRule, notEnoughData } from "../define";
import { measureCadence, plural } from "../measures";
import { SEE_A_PROFESSIONAL } from "../red-flags";
import type { GuidanceContext, GuidanceRule, RuleResult } from "../types";

/**
 * The body: pain check-ins (not recorded yet: ctx.checkins is always null) and running form
 * (cadence against the runner's own baseline, when the load report carries it).
 */

export const PAIN_MODEL =
  "Once you record pain check-ins on a 0 to 10 scale, Patella will read them with the pain-monitoring model and point out pain " +
  "above 5 out of 10 during a run, pain that has not settled by the next morning, and pain that rises from week to week. In a trial in 38 people with " +
  "Achilles tendon pain (Silbernagel et al. 2007), carrying on running under this model did as well as six weeks of rest; using " +
  "it for knees is an extrapolation.";

export const PAIN_EVIDENCE =
  "One randomised trial in 38 people with Achilles tendon pain found that continuing to run and jump within the pain-monitoring " +
  "model (pain up to 5/10, settled by the next morning) did as well as six weeks of rest (Silbernagel et al. 2007); for knees " +
  "this is extrapolated.";

/** Prevention 2, FAQ 1 and FAQ 2 while check-ins do not exist. */
export function evaluatePainCheckins(_ctx: GuidanceContext, lead = ""): RuleResult {
  // GuidanceContext.checkins is always null until Patella records check-ins: there is nothing to read yet.
  return notEnoughData("No pain check-ins yet", [lead, PAIN_MODEL, SEE_A_PROFESSIONAL].filter(Boolean).join(" "));
}

const FORM_TAIL =
  "Patella compares you with your own earlier runs, not with a number for everyone: there is no evidence that everyone should " +
  "run at 180 steps a minute. In lab studies, a step rate 5–10% higher than a runner's own lowered the load at the knee " +
  "(Heiderscheit et al. 2011; Anderson et al. 2022), but there is very little injury data. The document suggests landing on the " +
  "midfoot; a review found no studies following runners' foot strike and injuries over time, and landing further forward moves " +
  "load from the knee to the ankle and Achilles (Anderson et al. 2020), so Patella does not suggest changing how your foot lands.";

/** Treatment 9: average cadence of the last 4 weeks against the runner's earlier median. */
export function evaluateForm(ctx: GuidanceContext): RuleResult {
  const c = measureCadence(ctx.report, ctx.today);
  if (c.recentSpm === null) {
    return notEnoughData(
      "No cadence for your runs of the last 4 weeks",
      `Patella will show your average cadence (steps per minute) once your runs carry it. ${FORM_TAIL}`,
    );
  }
  const recent = Math.round(c.recentSpm);
  const pace = "Cadence rises with pace, so a faster or slower mix of runs moves it too.";
  if (c.baselineSpm === null) {
    return {
      status: "ok",
      value: `Average cadence in the last 4 weeks: ${recent} steps/min (${plural(c.recentRuns, "run")})`,
      explanation: `Your earlier runs carry no cadence yet, so there is no baseline of your own to compare with. ${pace} ${FORM_TAIL}`,
    };
  }
  const baseline = Math.round(c.baselineSpm);
  const change = (c.recentSpm - c.baselineSpm) / c.baselineSpm;
  const changeText =
    Math.abs(change) < 0.005 ? "about the same as" : `${Math.abs(change * 100).toFixed(0)}% ${change > 0 ? "above" : "below"}`;
  return {
    status: "ok",
    value: `Average cadence in the last 4 weeks: ${recent} steps/min, ${changeText} your earlier ${baseline} steps/min`,
    explanation:
      `Your earlier baseline is the median of ${plural(c.baselineRuns, "run")} before the last 4 weeks. ${pace} ${FORM_TAIL}`,
  };
}

export const prevention2ListenToYourBody: GuidanceRule = defineRule({
  part: "prevention",
  number: 2,
  slug: "listen-to-your-body",
  title: "Listen to Your Body",
  advice: "Notice warning signs or discomfort while running, and slow down or stop if you feel pain.",
  grade: "moderate",
  evidence: PAIN_EVIDENCE,
  citations: [CITE.silbernagel2007],
  kind: "measured",
  evaluate: (ctx) => evaluatePainCheckins(ctx),
});

export const treatment9ProperRunningForm: GuidanceRule = defineRule({
  part: "treatment",
  number: 9,
  slug: "proper-running-form",
  title: "Proper Running Form",
  advice: "Use good running form: land on the midfoot with your knees slightly bent, and avoid overstriding or heel striking.",
  grade: "weak",
  evidence:
    "Mostly lab measures rather than injuries: a higher step rate lowered knee load (Heiderscheit et al. 2011; Anderson et al. 2022) " +
    "and longer steps raised kneecap stress (Willson et al. 2014), while no prospective study compared foot strikes and injuries " +
    "(Anderson et al. 2020).",
  citations: [CITE.heiderscheit2011, CITE.anderson2022, CITE.willson2014, CITE.anderson2020],
  kind: "measured",
  evaluate: evaluateForm,
});
