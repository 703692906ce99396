import { addDays } from "@/lib/load/weeks";
import { CITE } from "../citations";
import { defineRule, educationRule, notEnoughData } from "../define";
import { lastCompleteWeek, longestRunStreak, plural, runsBetween } from "../measures";
import type { GuidanceContext, GuidanceRule, RuleResult } from "../types";

/**
 * Rest between runs: rest days of the last complete week (the only thing that sets the status),
 * with the longest run streak and Foster's monotony as descriptive context.
 */

/** Coaches' cut-off for monotony; Foster 1998 does not set it (guidance-science §3.2). */
const MONOTONY_CONVENTION = 2.0;

function monotonyText(monotony: number | null, weekStart: string): string {
  if (monotony === null) {
    return (
      `Training monotony (Foster 1998: the average daily load divided by how much it varies from day to day) could not be ` +
      `computed for the week from ${weekStart}, because every day's load was the same.`
    );
  }
  const above = monotony > MONOTONY_CONVENTION ? `, above the ${MONOTONY_CONVENTION.toFixed(1)} that coaches often flag` : "";
  return (
    `Training monotony (Foster 1998: the average daily load divided by how much it varies from day to day) was ` +
    `${monotony.toFixed(1)} that week${above}. That ${MONOTONY_CONVENTION.toFixed(1)} cut-off is a practitioners' convention, not ` +
    "confirmed in Foster's paper, which linked high training strain with illness rather than injury."
  );
}

/** Prevention 10: rest days between runs. */
export function evaluateRest(ctx: GuidanceContext): RuleResult {
  const { report, today } = ctx;
  const week = lastCompleteWeek(report, today);
  if (report.dataStart === null || week === null || report.dataStart > week.weekStart) {
    return notEnoughData(
      null,
      "Patella counts rest days (days with no activity at all) once it has one full Monday-to-Sunday week of your activities.",
    );
  }
  const streak = longestRunStreak(runsBetween(report, addDays(today, -27), today));
  const monotony = week.monotony === null ? "" : `; monotony ${week.monotony.toFixed(1)}`;
  const value =
    `${plural(week.restDays, "rest day")} in the week from ${week.weekStart}; ` +
    `longest run streak in the last 4 weeks: ${plural(streak, "day")}${monotony}`;
  const noTrial =
    "No trial in runners has tested how many rest days prevent knee pain; rest between runs is expert opinion, so Patella only " +
    "points out a week without any.";
  const streakText = `Your longest streak of consecutive running days in the last 4 weeks was ${plural(streak, "day")}.`;
  const restText =
    week.restDays === 0
      ? `Patella counts a rest day as a day with no activity at all, and the week from ${week.weekStart} had none. ${noTrial} ` +
        "How did your knees feel through that week, and when did they last have a day off?"
      : `Patella counts a rest day as a day with no activity at all; the week from ${week.weekStart} had ${week.restDays}. ${noTrial}`;
  return {
    status: week.restDays === 0 ? "watch" : "ok",
    value,
    explanation: `${restText} ${streakText} ${monotonyText(week.monotony, week.weekStart)}`,
  };
}

const REST_EVIDENCE =
  "No outcome data: no trial in runners has tested rest days against knee pain, so rest between runs is expert opinion. " +
  "Foster 1998 described training monotony and strain and linked high strain with illness in 25 athletes, not with injury.";

/**
 * Treatment 1 is about resting a painful knee and icing it: rest days between training runs do not
 * answer it (a runner with two rest days a week may still be running on a painful knee), so it
 * educates and never shows a status of its own.
 */
export const treatment1RestAndIce: GuidanceRule = educationRule({
  part: "treatment",
  number: 1,
  slug: "rest-and-ice",
  title: "Rest and Ice",
  advice: "Rest your knees and avoid high-impact activities so they can recover, and apply ice to ease pain and inflammation.",
  grade: "expert_opinion",
  evidence:
    "No outcome data: no trial in runners has tested rest days or ice against knee pain, so both are expert opinion. Foster 1998 " +
    "described training monotony and strain and linked high strain with illness in 25 athletes, not with injury.",
  citations: [CITE.foster1998],
  explanation:
    "Resting a painful knee and icing it are not things Patella can measure: your rest days between runs (under Get Proper Rest) " +
    "say how often you train, not whether your knee is getting the rest it needs. The research notes behind Patella found no outcome " +
    "data on icing runners' knees. While your knee hurts, your check-ins and the pain-monitoring model (Listen to Your Body) are the " +
    "better guide; if it is painful or swollen, a healthcare professional can advise you on rest and ice.",
});

export const prevention10GetProperRest: GuidanceRule = defineRule({
  part: "prevention",
  number: 10,
  slug: "get-proper-rest",
  title: "Get Proper Rest",
  advice: "Allow your body enough time to recover between runs, to repair muscle and prevent overuse injuries.",
  grade: "expert_opinion",
  evidence: REST_EVIDENCE,
  citations: [CITE.foster1998],
  kind: "measured",
  evaluate: (ctx) => evaluateRest(ctx),
});
