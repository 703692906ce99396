import { prevention2ListenToYourBody, treatment9ProperRunningForm } from "./rules/body";
import {
  prevention1WarmUpAndCoolDown,
  prevention3StrengtheningExercises,
  prevention8MaintainFlexibility,
  treatment10WeightManagement,
  treatment2CompressionAndElevation,
  treatment3PhysicalTherapy,
  treatment4PainMedication,
  treatment5StretchingAndStrengthening,
} from "./rules/education";
import {
  faq10TrailsInsteadOfRoads,
  faq1HealingTime,
  faq2RunningWithKneePain,
  faq3WhenToSeeADoctor,
  faq4PreventingKneePain,
  faq5OverweightRunners,
  faq6MoreSeriousCondition,
  faq7Treadmill,
  faq8PainDespiteProperShoes,
  faq9PhysicalTherapy,
} from "./rules/faq";
import {
  prevention6RunOnSofterSurfaces,
  prevention7UseProperGear,
  prevention9CheckYourRunningSurface,
  treatment6ShoeSelection,
} from "./rules/gear-and-surface";
import { prevention4CrossTrain, prevention5GradualProgression, treatment7CrossTraining, treatment8GradualIncrease } from "./rules/load";
import { prevention10GetProperRest, treatment1RestAndIce } from "./rules/recovery";
import type { GuidanceRule } from "./types";

export { RED_FLAG_RULE_IDS } from "./red-flags";

/**
 * One rule for every item of the guidance document (shared/reference/knee-pain-guidance.txt), in
 * the document's order: its 10 treatment options, 10 prevention tips and 10 questions.
 */
export const GUIDANCE_RULES: GuidanceRule[] = [
  treatment1RestAndIce,
  treatment2CompressionAndElevation,
  treatment3PhysicalTherapy,
  treatment4PainMedication,
  treatment5StretchingAndStrengthening,
  treatment6ShoeSelection,
  treatment7CrossTraining,
  treatment8GradualIncrease,
  treatment9ProperRunningForm,
  treatment10WeightManagement,

  prevention1WarmUpAndCoolDown,
  prevention2ListenToYourBody,
  prevention3StrengtheningExercises,
  prevention4CrossTrain,
  prevention5GradualProgression,
  prevention6RunOnSofterSurfaces,
  prevention7UseProperGear,
  prevention8MaintainFlexibility,
  prevention9CheckYourRunningSurface,
  prevention10GetProperRest,

  faq1HealingTime,
  faq2RunningWithKneePain,
  faq3WhenToSeeADoctor,
  faq4PreventingKneePain,
  faq5OverweightRunners,
  faq6MoreSeriousCondition,
  faq7Treadmill,
  faq8PainDespiteProperShoes,
  faq9PhysicalTherapy,
  faq10TrailsInsteadOfRoads,
];
