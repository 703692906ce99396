import type { Gear, Units } from "@/db/schema";
import { CITE } from "../citations";
import { defineRule, educationRule, notEnoughData } from "../define";
import { formatDistanceIn, plural } from "../measures";
import type { GuidanceContext, GuidanceGear, GuidanceRule, GuidanceShoe, RuleResult } from "../types";

/**
 * Shoes and surfaces. Shoes come from Strava (the gear table): the reminder reads the distance on
 * the runner's current pair. Surfaces describe the mix of the last 4 weeks against the 4 before,
 * with no target.
 */

export const SHOE_TRACKING =
  "Once Strava reports your shoes (connect Strava and let Patella read your profile), Patella shows the kilometres on each pair " +
  "and reminds you from 500 km. The usual 500–800 km replacement range is expert opinion: no outcome data supports a particular " +
  "figure. Running in more than one pair in turn went with fewer injuries in one cohort (Malisoux et al. 2015).";

export const SHOE_EVIDENCE =
  "Mixed: in a trial of 848 runners a harder shoe went with more injuries (Malisoux et al. 2020), midsole hardness made no " +
  "difference in another study (Theisen et al. 2014), and in a review of trials in runners footwear options did not change " +
  "knee injuries (Alexander et al. 2022). Rotating more than one pair went with fewer injuries in one cohort (Malisoux et al. " +
  "2015); the 500–800 km replacement figure has no outcome data (expert opinion).";
export const SHOE_CITATIONS = [CITE.malisoux2020, CITE.theisen2014, CITE.malisoux2015, CITE.alexander2022];

/**
 * The reminder's edges, in metres: the usual 300–500 mile (about 500–800 km) replacement range
 * (guidance-science.md, Shoes). Expert opinion only, so the reminder never goes past "watch".
 */
export const SHOE_WATCH_M = 500_000;
export const SHOE_PAST_RANGE_M = 800_000;

/** The replacement range and the reminder's start, as the runner reads distances. */
const RANGE_WORDS: Record<Units, { range: string; from: string }> = {
  km: { range: "500–800 km (300–500 miles)", from: "500 km" },
  mi: { range: "300–500 miles (500–800 km)", from: "about 310 miles (500 km)" },
};

/** The runner's shoes for the guidance context: null when Strava has reported no shoes at all. */
export function guidanceGear(rows: readonly Pick<Gear, "kind" | "name" | "distanceM" | "primary" | "retired">[]): GuidanceGear | null {
  const shoes = rows
    .filter((r) => r.kind === "shoe")
    .map(({ name, distanceM, primary, retired }): GuidanceShoe => ({ name, distanceM, primary, retired }));
  return shoes.length > 0 ? { shoes } : null;
}

/** The pair the reminder is about: the primary pair in use, else the most used pair in use (null: none in use). */
export function currentShoe(shoes: readonly GuidanceShoe[]): GuidanceShoe | null {
  const inUse = shoes.filter((s) => !s.retired);
  const primary = inUse.find((s) => s.primary);
  if (primary) return primary;
  return [...inUse].sort((a, b) => b.distanceM - a.distanceM || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))[0] ?? null;
}

/** Treatment 6, Prevention 7, FAQ 8: the distance on the runner's current pair. */
export function evaluateShoes(ctx: GuidanceContext, closing = ""): RuleResult {
  const tracking = closing ? `${SHOE_TRACKING} ${closing}` : SHOE_TRACKING;
  if (!ctx.gear || ctx.gear.shoes.length === 0) return notEnoughData("No shoes recorded yet", tracking);
  const shoe = currentShoe(ctx.gear.shoes);
  if (!shoe) return notEnoughData("No shoes in use: every pair Strava reported is retired", tracking);

  const { range, from } = RANGE_WORDS[ctx.units];
  const value = `${shoe.name}: ${formatDistanceIn(shoe.distanceM, ctx.units)}`;
  const inUse = ctx.gear.shoes.filter((s) => !s.retired).length;
  const rotation =
    inUse > 1
      ? `You have ${plural(inUse, "pair")} in use; running in more than one pair in turn went with fewer injuries in one cohort (Malisoux et al. 2015).`
      : "Running in more than one pair in turn went with fewer injuries in one cohort (Malisoux et al. 2015).";
  const explain = (lead: string) => [lead, rotation, closing].filter(Boolean).join(" ");

  if (shoe.distanceM < SHOE_WATCH_M) {
    return {
      status: "ok",
      value,
      explanation: explain(
        `Distance on your ${shoe.primary ? "primary" : "most used"} pair, as Strava counts it. Patella reminds you from ${from}; ` +
          `the usual ${range} replacement range is expert opinion: no outcome data supports a particular figure.`,
      ),
    };
  }
  if (shoe.distanceM <= SHOE_PAST_RANGE_M) {
    return {
      status: "watch",
      value,
      explanation: explain(
        `This pair is within the usual ${range} replacement range. The range is expert opinion with no outcome data behind it: ` +
          "look at the midsole and the outsole for wear and notice how the shoes feel, and replace them when they are worn rather than at a set figure.",
      ),
    };
  }
  return {
    status: "watch",
    value,
    explanation: explain(
      `This pair is past the usual ${range} replacement range. No outcome data links a shoe's distance to injury, so this is a reminder, ` +
        "not a warning: if the cushioning feels flat or the outsole is worn through, it is time to consider a new pair.",
    ),
  };
}

export const SURFACE_TRACKING =
  "Once your runs carry a surface (road, trail, track, grass or treadmill), Patella shows the share of your weekly running " +
  "distance on each, as a description with no target mix, and points out when the mix changes suddenly: a new surface is a new " +
  "load for your legs (expert opinion).";

const SURFACE_DESCRIPTION =
  "Patella describes your mix with no target: a run's surface comes from you, its type, its route or its shape, and runs with " +
  "nothing to go on count as road (assumed) until you set theirs on the activity page. A sudden switch is a load change in itself (expert opinion).";

const pct = (share: number) => `${Math.round(share * 100)}%`;

/** Prevention 6 and 9, FAQ 7 and 10: the surface mix of the last 4 weeks. */
export function evaluateSurfaces(ctx: GuidanceContext, closing = ""): RuleResult {
  const mix = ctx.surfaces;
  const tail = (lead: string) => [lead, SURFACE_DESCRIPTION, closing].filter(Boolean).join(" ");
  if (!mix || mix.recent.knownM === 0 || mix.recent.hardShare === null) {
    return notEnoughData("No runs with a known surface in the last 4 weeks", closing ? `${SURFACE_TRACKING} ${closing}` : SURFACE_TRACKING);
  }
  const shares = Object.entries(mix.recent.shares)
    .filter(([, share]) => (share ?? 0) > 0)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
    .map(([surface, share]) => `${surface} ${pct(share ?? 0)}`)
    .join(", ");
  const before = mix.previous.hardShare === null ? "" : `, ${pct(mix.previous.hardShare)} in the 4 weeks before`;
  const value = `Last 4 weeks: ${shares} (road ${pct(mix.recent.hardShare)} of your distance${before})`;
  if (mix.change.sharp && mix.change.note) return { status: "watch", value, explanation: tail(mix.change.note) };
  return { status: "ok", value, explanation: tail("") };
}

export const SOFT_SURFACE_EVIDENCE =
  "Weak: in a review of 25 studies softer surfaces lowered shock at the shin but not the impact force or loading rate " +
  "(Mitchell et al. 2025), and no prospective study found here shows that softer surfaces prevent knee pain.";

export const treatment6ShoeSelection: GuidanceRule = defineRule({
  part: "treatment",
  number: 6,
  slug: "shoe-selection",
  title: "Shoe Selection",
  advice: "Choose running shoes with adequate cushioning and support, with help from a specialty running store or a podiatrist.",
  grade: "weak",
  evidence: SHOE_EVIDENCE,
  citations: SHOE_CITATIONS,
  kind: "measured",
  evaluate: (ctx) => evaluateShoes(ctx, "No shoe has been shown to prevent knee pain for everyone: fit and feel are yours to judge."),
});

export const prevention6RunOnSofterSurfaces: GuidanceRule = defineRule({
  part: "prevention",
  number: 6,
  slug: "run-on-softer-surfaces",
  title: "Run on Softer Surfaces",
  advice: "Choose softer surfaces such as grass or trails when you can, to reduce the impact on your knees compared with concrete or asphalt.",
  grade: "weak",
  evidence: SOFT_SURFACE_EVIDENCE,
  citations: [CITE.mitchell2025],
  kind: "measured",
  evaluate: (ctx) =>
    evaluateSurfaces(
      ctx,
      "Softer surfaces reduced shock at the shin in biomechanics studies but not the impact force (Mitchell et al. 2025); whether they " +
        "prevent knee pain has not been shown.",
    ),
});

export const prevention7UseProperGear: GuidanceRule = defineRule({
  part: "prevention",
  number: 7,
  slug: "use-proper-gear",
  title: "Use Proper Gear",
  advice: "Wear running shoes that suit your feet with adequate arch support and cushioning, and consider knee braces or compression sleeves.",
  grade: "weak",
  evidence:
    "Shoe studies are mixed (Malisoux et al. 2020; Theisen et al. 2014; Alexander et al. 2022), and rotating pairs went with fewer " +
    "injuries in one cohort (Malisoux et al. 2015). Patella's research notes found no outcome data on knee braces, compression " +
    "sleeves or the 500–800 km replacement figure.",
  citations: SHOE_CITATIONS,
  kind: "measured",
  evaluate: (ctx) =>
    evaluateShoes(ctx, "Patella's research notes found no outcome data on knee braces or compression sleeves for preventing knee pain."),
});

/**
 * Prevention 9 is about obstacles, uneven ground and light on the way: the road/trail mix does not
 * answer it, so it educates and never shows a status of its own.
 */
export const prevention9CheckYourRunningSurface: GuidanceRule = educationRule({
  part: "prevention",
  number: 9,
  slug: "check-your-running-surface",
  title: "Check Your Running Surface",
  advice: "Look out for obstacles and uneven ground that could make you trip or fall, and choose well-lit areas to run in.",
  grade: "expert_opinion",
  evidence: "No outcome data: Patella's research notes found no study of checking routes for obstacles; it is common-sense advice.",
  citations: [],
  explanation:
    "Obstacles, uneven ground and lighting are for you to check on the way: Patella cannot see them, and the surfaces it records " +
    "(your road and trail mix, under Run on Softer Surfaces) do not say whether a route had good footing or light. On a new " +
    "route, in the dark or on a trail, slow down where you cannot see the ground well.",
});
