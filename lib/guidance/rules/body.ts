import { episodeHeadline } from "@/lib/checkins/episode-words";
import { CITE } from "../citations";
import { defineRule, notEnoughData } from "../define";
import { escalationResult, PAIN_HELD_BY_ESCALATION } from "../escalation";
import { measureCadence, plural } from "../measures";
import { SEE_A_PROFESSIONAL } from "../red-flags";
import type { GuidanceContext, GuidanceRule, RuleResult } from "../types";

/**
 * The body: pain check-ins (the pain-monitoring model and pain episodes) and running form
 * (cadence against the runner's own baseline, when the load report carries it).
 */

/** What Silbernagel et al. 2007 tested, named whenever Patella leans on it. */
const SILBERNAGEL_TRIAL =
  "In one trial of 38 people with Achilles tendinopathy (Silbernagel et al. 2007), both groups did the same 12-week tendon-loading " +
  "exercise programme; those who kept running and jumping within the pain-monitoring model did as well as those who rested from " +
  "running for the first six weeks. The exercise was shared, so the trial shows that monitored running did no harm alongside it, " +
  "not that running heals; for knees it is an extrapolation, and its evidence there is low.";

export const PAIN_MODEL =
  "Check in after your runs with your knee pain on a 0 to 10 scale: Patella reads your check-ins with the pain-monitoring model and points out pain " +
  "above 5 out of 10 during or after a run or at rest, pain that has not settled by the next morning, and pain that rises from week to week. " +
  SILBERNAGEL_TRIAL;

export const PAIN_EVIDENCE =
  "Extrapolated from Achilles tendinopathy, so low for knees: in one randomised trial of 38 people with Achilles tendon pain, both " +
  "groups doing the same tendon-loading exercise programme, those who kept running and jumping within the pain-monitoring model " +
  "(pain up to 5/10, settled by the next morning, not rising week to week) did as well as those who rested from running for six " +
  "weeks (Silbernagel et al. 2007); no trial has tested it in runners' knees.";

const MODEL_IN_SHORT =
  "The pain-monitoring model (Silbernagel et al. 2007, a trial in Achilles tendinopathy with a shared exercise programme; extrapolated " +
  "to knees) allows pain up to 5/10 during and right after running, as long as it settles by the next morning and does not rise from " +
  "week to week. Patella also reads pain at rest above 5/10 as beyond it.";

/**
 * Prevention 2 departs from the document: the document says "slow down or stop if you feel pain";
 * Patella allows pain up to 5/10 within the model. Said wherever Prevention 2 speaks.
 */
export const DEPARTS_FROM_DOCUMENT =
  "Where Patella differs from the document: the document says to slow down or stop if you feel pain; Patella allows pain up to 5/10 " +
  "within the pain-monitoring model, because in the one trial that tested it, running within those limits did as well as rest (in " +
  "Achilles tendinopathy, alongside an exercise programme). If you prefer the document's stricter advice, stopping when it hurts is " +
  "never wrong.";

const REDUCE =
  "Reduce your running (shorter, easier, or fewer runs) until pain with running stays at 5/10 or less and has settled by the next morning.";

/** Prevention 2, FAQ 2: the pain-monitoring model over the last 7 days of check-ins. */
export function evaluatePainCheckins(ctx: GuidanceContext, lead = ""): RuleResult {
  // Severe or lasting pain answers "book an appointment" before any reading of the model.
  const escalation = escalationResult(ctx, PAIN_HELD_BY_ESCALATION);
  if (escalation) return escalation;
  const model = ctx.checkins?.painModel;
  const join = (...parts: string[]) => [lead, ...parts].filter(Boolean).join(" ");
  if (!model || model.status === "not_enough_data") {
    return notEnoughData("No pain check-ins in the last 7 days", join(PAIN_MODEL, SEE_A_PROFESSIONAL));
  }
  const summary = `${plural(model.checkins, "check-in")} in the last 7 days, highest pain ${model.highestPain}/10`;
  if (model.status === "ok") {
    return {
      status: "ok",
      value: summary,
      explanation: join("Nothing in your check-ins of the last 7 days breaks the pain-monitoring model.", MODEL_IN_SHORT, SEE_A_PROFESSIONAL),
    };
  }
  // The value names the latest break (the panel shows it on one line); the explanation lists them all.
  const latest = model.breaks.at(-1)!;
  const others = model.breaks.length - 1;
  const value = `${summary}. ${latest.reason}${others > 0 ? ` Also ${others} more in these 7 days.` : ""}`;
  const reasons = model.breaks.length > 1 ? `What Patella read: ${model.breaks.map((b) => b.reason).join(" ")}` : "";
  if (model.status === "watch") {
    return {
      status: "watch",
      value,
      explanation: join(MODEL_IN_SHORT, "If it rises again next week, reduce your running.", SEE_A_PROFESSIONAL),
    };
  }
  const risingTwice = model.breaks.some((b) => b.kind === "rising_week_to_week") && model.status === "reduce_load";
  return {
    status: "act",
    value,
    explanation: join(
      MODEL_IN_SHORT,
      REDUCE,
      risingTwice ? "Pain that keeps rising is worth showing to a physiotherapist or doctor (expert opinion)." : "",
      reasons,
      SEE_A_PROFESSIONAL,
    ),
  };
}

const TWO_POINTS =
  "A fall of about 2 points, or of about 30%, on the 0–10 scale is a change that matters (Farrar et al. 2001); Patella calls it " +
  "improving only when your latest check-in is below the episode's first week too.";
const TWO_WEEKS =
  "Pain that has not improved after about two weeks of running less is worth showing to a healthcare professional (expert opinion).";

/** FAQ 1: the latest pain episode, how long it has lasted and where the pain is heading. */
export function evaluateHealing(ctx: GuidanceContext, lead: string): RuleResult {
  const pain = ctx.checkins;
  const join = (...parts: string[]) => [lead, ...parts].filter(Boolean).join(" ");
  const episode = pain?.returnToRun ?? null;
  if (!pain || (!episode && pain.painModel.status === "not_enough_data")) {
    return notEnoughData("No pain check-ins in the last 7 days", join(PAIN_MODEL, TWO_WEEKS, SEE_A_PROFESSIONAL));
  }
  if (!episode) {
    return {
      status: "ok",
      value: "No pain episode in the last 4 weeks",
      explanation: join("An episode is two or more days close together with pain of 3/10 or more.", TWO_POINTS, SEE_A_PROFESSIONAL),
    };
  }
  const e = episode.episode;
  const medians =
    episode.firstWeekMedian !== null && episode.lastWeekMedian !== null
      ? `; median pain ${episode.firstWeekMedian}/10 in its first week, ${episode.lastWeekMedian}/10 in the last 7 days`
      : "";
  // Led by the latest check-in, as the episode card is, so the two never disagree.
  const value = `${episodeHeadline(episode, ctx.today)}; highest ${e.peakPain}/10 in the episode${medians}`;
  if (episode.trend === "improving") {
    return {
      status: "ok",
      value,
      explanation: join("Your pain has come down by 2 points or 30% or more since the episode began.", TWO_POINTS, SEE_A_PROFESSIONAL),
    };
  }
  if (episode.trend === "worse") {
    return {
      status: "act",
      value,
      explanation: join("Your pain is 2 points or more higher than in the episode's first week.", "Pain that gets worse needs a healthcare professional: see a doctor or physiotherapist.", SEE_A_PROFESSIONAL),
    };
  }
  if (episode.daysSinceStart >= 14 && e.ongoing) {
    return { status: "act", value, explanation: join("Your pain has not clearly improved in two weeks.", TWO_WEEKS, SEE_A_PROFESSIONAL) };
  }
  return { status: "watch", value, explanation: join(TWO_POINTS, TWO_WEEKS, SEE_A_PROFESSIONAL) };
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
  grade: "extrapolated",
  evidence: `${PAIN_EVIDENCE} Patella therefore departs from the document's "slow down or stop if you feel pain" and allows pain up to 5/10 within the model.`,
  citations: [CITE.silbernagel2007],
  kind: "measured",
  evaluate: (ctx) => evaluatePainCheckins(ctx, DEPARTS_FROM_DOCUMENT),
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
