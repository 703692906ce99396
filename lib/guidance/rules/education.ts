import { CITE } from "../citations";
import { educationRule } from "../define";
import type { GuidanceRule } from "../types";

/** Items Patella does not measure: what the document says, and what the evidence says about it. */

export const STRENGTH_EVIDENCE =
  "Across 25 trials in many sports (Lauersen et al. 2014), strength training cut sports injuries to about a third (RR 0.315), " +
  "while in 30 trials in runners exercise programmes did not change knee injuries (Alexander et al. 2022, very low to low certainty).";

export const STRETCHING_EVIDENCE =
  "Stretching did not prevent injuries across 25 trials (Lauersen et al. 2014: RR 0.963, no effect), and in runners exercise " +
  "programmes did not change knee injuries (Alexander et al. 2022).";

export const PHYSIO_EVIDENCE =
  "Seeing a physiotherapist for persistent pain is clinical consensus; in a review of 30 trials in runners, exercise programmes " +
  "helped kneecap (patellofemoral) pain in the short term, though they did not change knee injuries (Alexander et al. 2022).";

export const WEIGHT_EVIDENCE =
  "Indirect and mixed: each kilogram lost lowered knee force while walking in older adults with knee arthritis (Messier et al. " +
  "2005); in novice runners a higher BMI went with more injuries (Buist et al. 2010; Nielsen et al. 2014, BMI above 30 with a " +
  "first week over 3 km), while body mass was not associated with injury in a shoe trial (Malisoux et al. 2020).";
export const WEIGHT_CITATIONS = [CITE.messier2005, CITE.nielsen2014Ijspt, CITE.buist2010, CITE.malisoux2020];

export const WEIGHT_EXPLANATION =
  "Patella does not ask for your weight and never sets weight targets. The research on weight and running knees is indirect " +
  "(much of it from walking, in people with arthritis); one study of novice runners found more injuries among those with a " +
  "BMI above 30 who ran more than 3 km in their first week. If weight is something you want to work on, a healthcare professional can " +
  "help you make a plan that suits you.";

export const treatment2CompressionAndElevation: GuidanceRule = educationRule({
  part: "treatment",
  number: 2,
  slug: "compression-and-elevation",
  title: "Compression and Elevation",
  advice: "A compression bandage or knee brace can support the knee, and raising the leg can help reduce swelling.",
  grade: "expert_opinion",
  evidence: "No outcome data: Patella's research notes found no trials of compression, bracing or elevation for runners' knee pain.",
  citations: [],
  explanation:
    "Patella does not measure this. Compression and raising the leg are widely used for swelling, but they have not " +
    "been tested for runners' knee pain. A knee that swells is worth showing to a healthcare professional.",
});

export const treatment3PhysicalTherapy: GuidanceRule = educationRule({
  part: "treatment",
  number: 3,
  slug: "physical-therapy",
  title: "Physical Therapy",
  advice: "A physical therapist can find biomechanical issues or muscle imbalances and give targeted exercises to strengthen the muscles around the knee.",
  grade: "clinical_consensus",
  evidence: PHYSIO_EVIDENCE,
  citations: [CITE.alexander2022],
  explanation:
    "A physiotherapist can examine your knee, which Patella cannot do. Exercise programmes helped kneecap pain in the short term " +
    "in trials with runners. If knee pain keeps coming back or is not settling, a physiotherapist is a good person to see.",
});

export const treatment4PainMedication: GuidanceRule = educationRule({
  part: "treatment",
  number: 4,
  slug: "pain-medication",
  title: "Pain Medication",
  advice: "Over-the-counter pain relievers can ease pain and inflammation, but consult a healthcare professional before taking any medication.",
  grade: "clinical_consensus",
  evidence:
    "No outcome data: Patella's research notes hold no trials of pain medication for runners' knee pain. Asking a professional " +
    "before taking medicines is clinical consensus.",
  citations: [],
  explanation:
    "Patella gives no advice on medicines. Consult a healthcare professional, such as your doctor or pharmacist, before taking " +
    "any medication.",
});

export const treatment5StretchingAndStrengthening: GuidanceRule = educationRule({
  part: "treatment",
  number: 5,
  slug: "stretching-and-strengthening-exercises",
  title: "Stretching and Strengthening Exercises",
  advice: "Add stretching and strengthening for the quadriceps, hamstrings and glutes, and work on hip and ankle flexibility.",
  grade: "moderate",
  evidence:
    "Across 25 trials in many sports, strength training cut injuries to about a third (RR 0.315) but stretching had no effect " +
    "(RR 0.963) (Lauersen et al. 2014); in 30 trials in runners, exercise programmes did not change knee injuries (Alexander et al. " +
    "2022, very low to low certainty).",
  citations: [CITE.lauersen2014, CITE.alexander2022],
  explanation:
    "The two halves of this advice are not equally supported. Strength training prevented injuries in trials across many sports, " +
    "though not clearly knee injuries in runners; stretching did not prevent injuries. Patella does not count strength sessions " +
    "separately yet. For a knee that already hurts, a physiotherapist can choose exercises for it.",
});

export const treatment10WeightManagement: GuidanceRule = educationRule({
  part: "treatment",
  number: 10,
  slug: "weight-management",
  title: "Weight Management",
  advice: "Maintaining a healthy weight reduces the stress on your knees while running.",
  grade: "weak",
  evidence: WEIGHT_EVIDENCE,
  citations: WEIGHT_CITATIONS,
  explanation: WEIGHT_EXPLANATION,
});

export const prevention1WarmUpAndCoolDown: GuidanceRule = educationRule({
  part: "prevention",
  number: 1,
  slug: "warm-up-and-cool-down",
  title: "Warm-Up and Cool-Down",
  advice: "Start each run with a warm-up to prepare muscles and joints, and cool down with gentle stretches.",
  grade: "expert_opinion",
  evidence:
    "No outcome data on warm-ups for runners' knees in Patella's research notes; stretching, including after runs, did not prevent " +
    "injuries across 25 trials (Lauersen et al. 2014).",
  citations: [CITE.lauersen2014],
  explanation:
    "Patella does not measure this. Easing into a run is widely taught, but it has not been tested against knee pain, and " +
    "stretching did not prevent injuries in trials.",
});

export const prevention3StrengtheningExercises: GuidanceRule = educationRule({
  part: "prevention",
  number: 3,
  slug: "strengthening-exercises",
  title: "Strengthening Exercises",
  advice: "Do regular strength exercises for the quadriceps, hamstrings, glutes and core so strong muscles support the knee.",
  grade: "moderate",
  evidence: STRENGTH_EVIDENCE,
  citations: [CITE.lauersen2014, CITE.alexander2022],
  explanation:
    "Of the exercise advice in the document, strength training has the best support: it prevented injuries in trials across many " +
    "sports, though the trials in runners did not show fewer knee injuries. Patella does not count strength sessions separately " +
    "yet; they appear as cross-training.",
});

export const prevention8MaintainFlexibility: GuidanceRule = educationRule({
  part: "prevention",
  number: 8,
  slug: "maintain-flexibility",
  title: "Maintain Flexibility",
  advice: "Stretch the hips, quadriceps, hamstrings and calves regularly to stay flexible and reduce strain on the knees.",
  grade: "not_supported",
  evidence: STRETCHING_EVIDENCE,
  citations: [CITE.lauersen2014, CITE.alexander2022],
  explanation:
    "Stretching did not prevent injuries across 25 trials, so Patella does not present it as knee protection. If you enjoy " +
    "stretching or it eases stiffness, there is no reason found here to stop.",
});
