import { CITE } from "../citations";
import { defineRule, notEnoughData } from "../define";
import { completeWeeks, findSpike, formatDistanceIn, formatPercent, lastCompleteWeek, weekBefore, type SpikeFinding } from "../measures";
import type { GuidanceContext, GuidanceRule, RuleResult, RuleStatus } from "../types";
import type { Units } from "@/db/schema";

/**
 * Training load: gradual progression (R-LOAD-1 session spike, primary; R-LOAD-2 weekly change,
 * secondary and informational) and cross-training (counted on its own, never added to running).
 */

const SPIKE_METHOD = "Patella compares each run with your longest run in the 30 days before it.";
const FRANDSEN =
  "In a study that followed 5,205 runners for 18 months (Frandsen et al. 2025), runs more than 10% longer than that recent longest " +
  "were followed by more overuse injuries than runs within 10% of it, and runs more than twice as long by the most.";
const GROUPS = "That is a pattern in a large group of runners, not a forecast for you.";
const TEN_PERCENT =
  "The document's limit of 10% more a week was tested in a trial of 532 novice runners (Buist et al. 2008) and did not prevent " +
  "injuries, so Patella shows the weekly change for information, not as a limit.";
const NIELSEN =
  "In 874 novice runners (Nielsen et al. 2014), weekly increases above 30% went with more distance-related injuries, but the " +
  "association was uncertain (it could have been chance): take it as something to notice, not a warning.";

export const PROGRESSION_EVIDENCE =
  "The single-run spike is supported: in 5,205 runners, runs more than 10% longer than the longest of the previous 30 days were " +
  "followed by more overuse injuries (Frandsen et al. 2025). The 10%-a-week rule itself did not prevent injuries in a trial " +
  "(Buist et al. 2008), and weekly increases above 30% had only an uncertain association (Nielsen et al. 2014).";
export const PROGRESSION_CITATIONS = [CITE.frandsen2025, CITE.buist2008, CITE.nielsen2014Jospt];

const STATUS_RANK: Record<RuleStatus, number> = { education: 0, not_enough_data: 0, ok: 1, watch: 2, act: 3 };

function primary(finding: SpikeFinding, units: Units): RuleResult {
  switch (finding.kind) {
    case "no_recent_runs":
      return notEnoughData(
        "No runs in the last 30 days",
        `${SPIKE_METHOD} With no run in the last 30 days there is nothing to compare with yet; once you run again, each run will be ` +
          "compared with your longest since you came back.",
      );
    case "returning":
      return notEnoughData(
        "First runs after 30 days or more without running",
        `${SPIKE_METHOD} Your run on ${finding.run.localDate} came after at least 30 days without running, so there is no recent ` +
          "longest run to compare it with, and the research does not say clearly how such comeback runs relate to injuries. From " +
          "your next run on, each run is compared with your longest since you came back.",
      );
    case "no_runs_last_7_days":
      return { status: "ok", value: "No runs in the last 7 days", explanation: `${SPIKE_METHOD} ${FRANDSEN}` };
    case "within":
      return {
        status: "ok",
        value: "No run in the last 7 days was more than 10% longer than your longest run in the previous 30 days",
        explanation: `${SPIKE_METHOD} ${finding.runs === 1 ? "Your run" : `All ${finding.runs} runs`} of the last 7 days stayed within 10% of that. ${FRANDSEN}`,
      };
    case "spike": {
      const { run, otherSpikes } = finding;
      const pct = formatPercent(run.spike);
      const value =
        `${pct} longer than your longest run in the previous 30 days ` +
        `(${run.name}, ${run.localDate}: ${formatDistanceIn(run.distanceM, units)} against ${formatDistanceIn(run.longestPrev30dM, units)})`;
      const others =
        otherSpikes > 0
          ? ` ${otherSpikes === 1 ? "One other run" : `${otherSpikes} other runs`} of the last 7 days also went more than 10% beyond the longest before it.`
          : "";
      if (run.band === "large") {
        return {
          status: "act",
          value,
          explanation:
            `${SPIKE_METHOD} Your run on ${run.localDate} was more than twice that distance (${pct} longer).${others} ${FRANDSEN} ` +
            `${GROUPS} You might think about how your knees felt in the days after it, and consider building towards distances like ` +
            "this in smaller steps.",
        };
      }
      return {
        status: "watch",
        value,
        explanation:
          `${SPIKE_METHOD} Your run on ${run.localDate} was ${pct} longer.${others} ${FRANDSEN} ${GROUPS} It is a prompt to ` +
          "reflect on how your knees responded and how you build towards your next longer run.",
      };
    }
  }
}

/**
 * Gradual progression as Prevention 5, Treatment 8 and FAQ 4 measure it: the spike decides the
 * status; a weekly increase over 30% in the last complete week raises "ok" to "watch" with the
 * Nielsen caveat. `closing` is the rule's own last sentence.
 */
export function evaluateProgression(ctx: GuidanceContext, closing = ""): RuleResult {
  const result = primary(findSpike(ctx.report, ctx.today), ctx.units);
  const parts = [result.explanation];
  let { status, value } = result;

  const week = lastCompleteWeek(ctx.report, ctx.today);
  if (week !== null && week.distanceChange !== null) {
    const change = week.distanceChange;
    const before = weekBefore(ctx.report, week);
    const distances = before ? ` (${formatDistanceIn(week.runDistanceM, ctx.units)} against ${formatDistanceIn(before.runDistanceM, ctx.units)})` : "";
    const changeText =
      Math.abs(change) < 0.005 ? "about the same distance as" : `${formatPercent(change)} ${change > 0 ? "more" : "less"} than`;
    if (week.changeBand === "over_30") {
      const weekly = `week from ${week.weekStart}: ${formatPercent(change)} more running distance than the week before`;
      value = value === null ? weekly : `${value}; ${weekly}`;
      if (STATUS_RANK[status] < STATUS_RANK.watch) status = "watch";
      parts.push(`In the week from ${week.weekStart} you ran ${formatPercent(change)} more than the week before${distances}. ${NIELSEN}`);
    } else {
      parts.push(`In the week from ${week.weekStart} you ran ${changeText} the week before${distances}.`);
    }
  }
  parts.push(TEN_PERCENT);
  if (closing) parts.push(closing);
  return { status, value, explanation: parts.join(" ") };
}

const CROSS_TRAINING_EVIDENCE =
  "Observational only: more weekly hours of other sports went with fewer running injuries (Malisoux et al. 2015; Theisen et al. " +
  "2014), but in novice men earlier non-weight-bearing sport went with more (Buist et al. 2010).";
const CROSS_TRAINING_CITATIONS = [CITE.malisoux2015, CITE.theisen2014, CITE.buist2010];

/** Cross-training minutes of the last 4 complete weeks, described; never a target, never added to running. */
export function evaluateCrossTraining(ctx: GuidanceContext, closing = ""): RuleResult {
  const weeks = completeWeeks(ctx.report, ctx.today).slice(-4);
  const separate =
    "Patella counts cross-training (every activity that is not a run) on its own: it is not added to your running distance or " +
    "to the run-by-run comparison.";
  const evidence =
    "Studies found more hours of other sports went with fewer running injuries (Malisoux et al. 2015; Theisen et al. 2014), " +
    "but in novice men a background in non-weight-bearing sport went with more (Buist et al. 2010): fitness can grow faster " +
    "than the knees get used to running. The evidence is weak, so there is no target here.";
  const tail = closing ? ` ${closing}` : "";
  if (ctx.report.dataStart === null || weeks.length === 0) {
    return notEnoughData(null, `${separate} It needs at least one complete Monday-to-Sunday week of your activities.${tail}`);
  }
  const minutes = weeks.map((w) => Math.round(w.crossTrainingMin));
  const total = minutes.reduce((a, b) => a + b, 0);
  const span = weeks.length === 1 ? "the last complete week" : `the last ${weeks.length} complete weeks`;
  if (total === 0) {
    return { status: "education", value: `No cross-training in ${span}`, explanation: `${separate} ${evidence}${tail}` };
  }
  const average = Math.round(total / weeks.length);
  return {
    status: "ok",
    value: `Cross-training in ${span}: ${minutes.join(", ")} min a week (average ${average} min)`,
    explanation: `${separate} ${evidence}${tail}`,
  };
}

export const treatment7CrossTraining: GuidanceRule = defineRule({
  part: "treatment",
  number: 7,
  slug: "cross-training",
  title: "Cross-Training",
  advice: "Swimming, cycling and other cross-training can keep up your fitness while taking impact off your knees.",
  grade: "weak",
  evidence: CROSS_TRAINING_EVIDENCE,
  citations: CROSS_TRAINING_CITATIONS,
  kind: "measured",
  evaluate: (ctx) =>
    evaluateCrossTraining(ctx, "If your knee hurts, low-impact activity may let you keep moving; a physiotherapist can help you choose."),
});

export const treatment8GradualIncrease: GuidanceRule = defineRule({
  part: "treatment",
  number: 8,
  slug: "gradual-increase-in-running-intensity",
  title: "Gradual Increase in Running Intensity",
  advice: "Avoid sudden increases in mileage or intensity, and increase distance or speed gradually so your body can adapt.",
  grade: "moderate",
  evidence: PROGRESSION_EVIDENCE,
  citations: PROGRESSION_CITATIONS,
  kind: "measured",
  evaluate: (ctx) =>
    evaluateProgression(ctx, "Patella measures distance here; changes in speed or intensity are not part of this comparison."),
});

export const prevention4CrossTrain: GuidanceRule = defineRule({
  part: "prevention",
  number: 4,
  slug: "cross-train",
  title: "Cross-Train",
  advice: "Include cross-training to give your knees a break from the repetitive impact of running while keeping your fitness.",
  grade: "weak",
  evidence: CROSS_TRAINING_EVIDENCE,
  citations: CROSS_TRAINING_CITATIONS,
  kind: "measured",
  evaluate: (ctx) => evaluateCrossTraining(ctx),
});

export const prevention5GradualProgression: GuidanceRule = defineRule({
  part: "prevention",
  number: 5,
  slug: "gradual-progression",
  title: "Gradual Progression",
  advice: "Increase your running mileage or intensity gradually, by no more than 10% a week.",
  grade: "moderate",
  evidence: PROGRESSION_EVIDENCE,
  citations: PROGRESSION_CITATIONS,
  kind: "measured",
  evaluate: (ctx) => evaluateProgression(ctx),
});
