import { CITE } from "../citations";
import { redFlagMessage, wordsOf } from "@/lib/checkins/red-flags";
import { defineRule, educationRule } from "../define";
import { plural } from "../measures";
import { EMERGENCY_RED_FLAGS, listInWords, SEE_A_PROFESSIONAL, SOON_RED_FLAGS, URGENT_RED_FLAGS } from "../red-flags";
import type { GuidanceContext, GuidanceRule, RuleResult } from "../types";
import { escalationResult } from "../escalation";
import { evaluateHealing, evaluatePainCheckins, PAIN_EVIDENCE } from "./body";
import { PHYSIO_EVIDENCE, WEIGHT_CITATIONS, WEIGHT_EVIDENCE, WEIGHT_EXPLANATION } from "./education";
import { evaluateShoes, evaluateSurfaces, SHOE_CITATIONS, SHOE_EVIDENCE } from "./gear-and-surface";
import { evaluateProgression, PROGRESSION_CITATIONS, PROGRESSION_EVIDENCE } from "./load";

/** The document's frequently asked questions, Q1–Q10. Titles are the questions, word for word. */

const RED_FLAG_EVIDENCE =
  "Clinical consensus rather than trials: knee referral pathways (NHS Gloucestershire and Cornwall) and the Ottawa knee rule " +
  "(Stiell et al.) list these signs as reasons to be examined.";
const RED_FLAG_CITATIONS = [CITE.nhsKneePathways, CITE.ottawaKneeRule];
const OSTRC_EVIDENCE =
  "The weekly questionnaire Patella asks is the OSTRC-O2 overuse questionnaire (Clarsen et al. 2013, 2020), a surveillance measure; " +
  "when to refer after substantial weeks is expert opinion.";

/**
 * Warning signs the runner reported and has not yet marked as seen by a professional: they come
 * before every other rule (the API puts these rules first). Without any, the rule only educates.
 */
function evaluateWarningSigns(ctx: GuidanceContext, education: string): RuleResult {
  const open = ctx.checkins?.openRedFlags ?? [];
  if (open.length > 0) {
    const flags = [...new Set(open.flatMap((c) => c.redFlags))];
    const dates = [...new Set(open.map((c) => c.localDate))].sort();
    return {
      status: "act",
      value: `You reported ${wordsOf(flags)} (${plural(open.length, "check-in")}, ${dates.length === 1 ? dates[0] : `${dates[0]} to ${dates.at(-1)}`})`,
      explanation: `${redFlagMessage(flags)} Once you have been seen, mark it as seen on your dashboard. ${education}`,
    };
  }
  const escalation = escalationResult(ctx, education);
  if (escalation) return escalation;
  const streak = ctx.checkins?.ostrc.substantialStreak ?? 0;
  if (streak >= 2) {
    return {
      status: "act",
      value: `A substantial knee problem in your weekly questionnaire ${streak} weeks in a row`,
      explanation:
        "A knee problem that has held back your running for two weeks or more is worth showing to a physiotherapist or sports doctor " +
        `(the questionnaire is the OSTRC-O2, Clarsen et al. 2013 and 2020; when to refer is expert opinion). ${education}`,
    };
  }
  return { status: "education", value: null, explanation: education };
}

export const faq1HealingTime: GuidanceRule = defineRule({
  part: "faq",
  number: 1,
  slug: "healing-time",
  title: "How long does it take for knee pain from running to heal?",
  advice: "Healing time varies: mild knee pain often settles within a few weeks with treatment and rest, more severe injuries can take months.",
  grade: "expert_opinion",
  evidence:
    "No outcome data: Patella's research notes found no studies of how long runners' knee pain takes to settle. A drop of about " +
    "2 points (or 30%) on a 0–10 pain scale is a meaningful change (Farrar et al. 2001).",
  citations: [CITE.farrar2001],
  kind: "measured",
  evaluate: (ctx) => evaluateHealing(ctx, "Patella cannot tell how long your knee will take; it shows how your pain changes over the weeks."),
});

export const faq2RunningWithKneePain: GuidanceRule = defineRule({
  part: "faq",
  number: 2,
  slug: "running-with-knee-pain",
  title: "Should I continue running with knee pain?",
  advice: "Take a break from running while your knee hurts, because running through pain can worsen the injury and delay healing.",
  grade: "extrapolated",
  evidence: PAIN_EVIDENCE,
  citations: [CITE.silbernagel2007],
  kind: "measured",
  evaluate: (ctx) =>
    evaluatePainCheckins(
      ctx,
      "The document advises a break; one trial in Achilles tendon pain, where everyone also did the same exercise programme, suggests " +
        "that for some people running within limits can work as well as resting. Patella cannot decide this for you: if you are " +
        "unsure, or the pain is building, a physiotherapist or doctor can help you choose.",
    ),
});

export const faq3WhenToSeeADoctor: GuidanceRule = defineRule({
  part: "faq",
  number: 3,
  slug: "when-to-see-a-doctor",
  title: "When should I see a doctor for knee pain after running?",
  advice: "Seek medical attention if knee pain persists or becomes severe, or comes with swelling, instability or difficulty bearing weight.",
  grade: "clinical_consensus",
  evidence:
    `${RED_FLAG_EVIDENCE} The weekly questionnaire is the OSTRC-O2 (Clarsen et al. 2013, 2020) and severe pain is 7/10 or more on ` +
    "the 0–10 scale (Serlin et al. 1995); when to refer on either, or on pain at rest or past two weeks, is expert opinion.",
  citations: [...RED_FLAG_CITATIONS, CITE.ostrcO2, CITE.serlin1995],
  kind: "measured",
  evaluate: (ctx) =>
    evaluateWarningSigns(
      ctx,
      `Go to urgent care or call your local emergency number if ${listInWords(EMERGENCY_RED_FLAGS)}. ` +
        `Get seen the same day if ${listInWords(URGENT_RED_FLAGS)}. Book an appointment with a doctor or physiotherapist if ` +
        `${listInWords(SOON_RED_FLAGS)}. These signs come before anything else Patella shows: do not wait for your training numbers.`,
    ),
});

export const faq4PreventingKneePain: GuidanceRule = defineRule({
  part: "faq",
  number: 4,
  slug: "preventing-knee-pain",
  title: "Can I prevent knee pain while running?",
  advice: "Proper shoes, good form, strength and flexibility exercises and a gradual increase in intensity can help prevent knee pain.",
  grade: "moderate",
  evidence: PROGRESSION_EVIDENCE,
  citations: PROGRESSION_CITATIONS,
  kind: "measured",
  evaluate: (ctx) =>
    evaluateProgression(
      ctx,
      "Of the steps this answer lists, gradual progression is the one Patella measures from your runs here; shoes, form, strength " +
        "and flexibility have their own items, with what the evidence says about each.",
    ),
});

export const faq5OverweightRunners: GuidanceRule = educationRule({
  part: "faq",
  number: 5,
  slug: "overweight-runners",
  title: "Can overweight individuals run without knee pain?",
  advice:
    "With good form, suitable shoes and a gradual build-up, overweight runners can run without knee pain; a healthcare professional can help plan weight management.",
  grade: "weak",
  evidence: WEIGHT_EVIDENCE,
  citations: WEIGHT_CITATIONS,
  explanation: WEIGHT_EXPLANATION,
});

export const faq6MoreSeriousCondition: GuidanceRule = defineRule({
  part: "faq",
  number: 6,
  slug: "more-serious-condition",
  title: "Can knee pain from running be a sign of a more serious condition?",
  advice:
    "Knee pain from running is usually overuse, but with redness, warmth and swelling, or a history of knee problems, see a healthcare professional.",
  grade: "clinical_consensus",
  evidence: RED_FLAG_EVIDENCE,
  citations: RED_FLAG_CITATIONS,
  kind: "measured",
  evaluate: (ctx) => {
    const education =
      `Knee pain in runners often comes from overuse, but Patella cannot tell what is causing yours. ${SEE_A_PROFESSIONAL} A knee ` +
      "that is red, warm and swollen, especially with a fever or feeling unwell, needs to be seen the same day. If you have had knee " +
      "problems before and your knee hurts again, a doctor or physiotherapist can examine it.";
    const result = evaluateWarningSigns(ctx, education);
    // The questionnaire streak is FAQ 3's and FAQ 9's business; this question is about warning signs only.
    return ctx.checkins?.openRedFlags.length ? result : { status: "education", value: null, explanation: education };
  },
});

export const faq7Treadmill: GuidanceRule = defineRule({
  part: "faq",
  number: 7,
  slug: "treadmill",
  title: "Can running on a treadmill reduce knee pain?",
  advice: "A treadmill can be more forgiving than concrete, but use good form and increase intensity gradually.",
  grade: "weak",
  evidence:
    "A review of 33 studies found treadmill and overground running mechanics largely comparable (Van Hooren et al. 2020); no " +
    "outcome data on knee pain was found.",
  citations: [CITE.vanHooren2020],
  kind: "measured",
  evaluate: (ctx) =>
    evaluateSurfaces(
      ctx,
      "Running mechanics on a treadmill are much like outside (Van Hooren et al. 2020); whether a treadmill eases knee pain has not been tested.",
    ),
});

export const faq8PainDespiteProperShoes: GuidanceRule = defineRule({
  part: "faq",
  number: 8,
  slug: "pain-despite-proper-shoes",
  title: "Can knee pain after running occur even with proper running shoes?",
  advice: "Yes: proper shoes help but guarantee nothing, since overuse, muscle imbalances or form can still cause knee pain.",
  grade: "weak",
  evidence: SHOE_EVIDENCE,
  citations: SHOE_CITATIONS,
  kind: "measured",
  evaluate: (ctx) =>
    evaluateShoes(ctx, "No shoe has been shown to prevent knee pain; how much and how quickly you add running matters too (see Gradual Progression)."),
});

export const faq9PhysicalTherapy: GuidanceRule = defineRule({
  part: "faq",
  number: 9,
  slug: "physical-therapy",
  title: "Can physical therapy help with knee pain after running?",
  advice: "Yes: a physical therapist can assess your form, find weaknesses and guide a rehabilitation programme.",
  grade: "clinical_consensus",
  evidence: `${PHYSIO_EVIDENCE} ${OSTRC_EVIDENCE}`,
  citations: [CITE.alexander2022, CITE.ostrcO2],
  kind: "measured",
  evaluate: (ctx) => {
    const education =
      "A physiotherapist can examine your knee and watch you run, which Patella cannot do. In trials with runners, exercise " +
      "programmes helped kneecap pain in the short term. If your knee pain keeps coming back or is not settling, it is worth booking.";
    const ostrc = ctx.checkins?.ostrc;
    const latest = ostrc?.history[0];
    if (ostrc && ostrc.substantialStreak >= 2) {
      return {
        status: "act",
        value: `A substantial knee problem in your weekly questionnaire ${ostrc.substantialStreak} weeks in a row`,
        explanation: `When a knee problem holds back your running for two weeks or more, Patella suggests seeing a physiotherapist (expert opinion). ${education}`,
      };
    }
    if (ostrc && ostrc.substantialStreak === 1 && latest) {
      return {
        status: "watch",
        value: `A substantial knee problem in your weekly questionnaire of ${latest.weekStart} (severity ${latest.severity}/100)`,
        explanation:
          "A substantial problem in the OSTRC-O2 questionnaire means your knee reduced your running or your performance a fair amount. " +
          `Run less for now; if it is still substantial next week, consider a physiotherapist (expert opinion). ${education}`,
      };
    }
    return { status: "education", value: null, explanation: education };
  },
});

export const faq10TrailsInsteadOfRoads: GuidanceRule = defineRule({
  part: "faq",
  number: 10,
  slug: "trails-instead-of-roads",
  title: "Can running on trails instead of roads help reduce knee pain?",
  advice: "Trails can be softer and vary the strain on your knees, but watch for obstacles and uneven ground.",
  grade: "weak",
  evidence:
    "Few studies: a review found little research on trail running injuries (Viljoen et al. 2022), and softer surfaces lowered shock " +
    "at the shin but not the impact force (Mitchell et al. 2025).",
  citations: [CITE.viljoen2022, CITE.mitchell2025],
  kind: "measured",
  evaluate: (ctx) =>
    evaluateSurfaces(
      ctx,
      "Whether trails reduce knee pain has not been tested; on uneven ground, watch your footing.",
    ),
});
