import { addDays } from "@/lib/load/weeks";

/**
 * The OSTRC Overuse Injury Questionnaire, O2 version, for the knee (Clarsen et al. 2013 and 2020;
 * scoring as in the OSTRC group's `ostrc` R package; guidance-science.md §5). A weekly surveillance
 * measure over the past 7 days, not a clinical cut-off.
 */

/** Points of option 0–3 of every question. */
export const OSTRC_POINTS = [0, 8, 17, 25] as const;

export const OSTRC_QUESTIONS: readonly {
  id: "participation" | "training" | "performance" | "pain";
  text: string;
  options: readonly [string, string, string, string];
}[] = [
  {
    id: "participation",
    text: "Have you had any difficulties participating in running training or competition due to knee problems during the past 7 days?",
    options: [
      "Full participation without knee problems",
      "Full participation, but with knee problems",
      "Reduced participation due to knee problems",
      "Could not participate due to knee problems",
    ],
  },
  {
    id: "training",
    text: "To what extent have you reduced your training volume due to knee problems during the past 7 days?",
    options: ["No reduction", "To a minor extent", "To a moderate extent", "To a major extent"],
  },
  {
    id: "performance",
    text: "To what extent have knee problems affected your performance during the past 7 days?",
    options: ["No effect", "To a minor extent", "To a moderate extent", "To a major extent"],
  },
  {
    id: "pain",
    text: "To what extent have you experienced knee pain related to running during the past 7 days?",
    options: ["No pain", "Mild pain", "Moderate pain", "Severe pain"],
  },
];

/** The chosen option (0–3) of each question, in question order. */
export type OstrcAnswers = readonly [number, number, number, number];

/** 17 points: "moderate" on training or performance makes a problem substantial (O2). */
const SUBSTANTIAL_POINTS = 17;

function pointsOf(index: number, question: number): number {
  if (!Number.isInteger(index) || index < 0 || index > 3) throw new RangeError(`OSTRC answer ${question + 1} must be an option index 0–3, got ${index}`);
  return OSTRC_POINTS[index as 0 | 1 | 2 | 3];
}

export function scoreOstrc(answers: OstrcAnswers): { points: [number, number, number, number]; severity: number; problem: boolean; substantial: boolean } {
  const raw = answers.map(pointsOf) as [number, number, number, number];
  // O2 gatekeeper: full participation without knee problems ends the questionnaire, so answers to
  // Q2–Q4 (a form sent anyway) score nothing.
  const problem = raw[0] > 0;
  const points: [number, number, number, number] = problem ? raw : [0, 0, 0, 0];
  return {
    points,
    severity: points[0] + points[1] + points[2] + points[3],
    problem,
    substantial: points[0] === OSTRC_POINTS[3] || points[1] >= SUBSTANTIAL_POINTS || points[2] >= SUBSTANTIAL_POINTS,
  };
}

/** Consecutive weeks with a substantial problem, up to the latest answered week if it is current or last week. */
export function substantialStreak(responses: readonly { weekStart: string; substantial: boolean | null }[], currentWeekStart: string): number {
  // Weeks after the current one cannot have been answered yet; they are not read.
  const byWeek = new Map(responses.filter((r) => r.weekStart <= currentWeekStart).map((r) => [r.weekStart, r.substantial]));
  const latest = [...byWeek.keys()].sort().at(-1);
  if (latest === undefined || latest < addDays(currentWeekStart, -7)) return 0;
  let streak = 0;
  for (let week = latest; byWeek.get(week) === true; week = addDays(week, -7)) streak += 1;
  return streak;
}

/** The answer to Q4 ("knee pain related to running") that reads "Severe pain". */
const SEVERE_PAIN_POINTS = OSTRC_POINTS[3];

export type OstrcVerdict = "substantial" | "severe_pain" | "problem" | "none";

/**
 * What a week's answers say, in the runner's words. Severe pain (Q4) never reads as an all-clear,
 * even when the knee did not hold back training enough to count as "substantial" in O2 scoring (a
 * severity of 49/100 can be all pain): the guidance document's FAQ 3 names pain that "becomes
 * severe" as a reason for medical attention.
 */
export function ostrcVerdict(score: { points: readonly number[]; problem: boolean; substantial: boolean }): { verdict: OstrcVerdict; words: string } {
  if (score.substantial) {
    return {
      verdict: "substantial",
      words:
        "That is a substantial problem: your knee reduced your running or performance a fair amount. Run less for now, and if it is still substantial next week, consider a physiotherapist.",
    };
  }
  if (score.problem && score.points[3] === SEVERE_PAIN_POINTS) {
    return {
      verdict: "severe_pain",
      words:
        "You reported severe knee pain. That is not an all-clear, even if it did not hold back your running: severe pain is a reason to book an appointment with a doctor or physiotherapist.",
    };
  }
  if (score.problem) {
    return { verdict: "problem", words: "A knee problem, though not a substantial one this week. Keep checking in after your runs so Patella can follow it." };
  }
  return { verdict: "none", words: "No knee problem this week." };
}
