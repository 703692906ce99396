import type { LoadActivity, LoadCoverage, LoadMethod, RunnerProfile, SessionLoad } from "./types";

/**
 * The load of one session in arbitrary units (AU). `sessionLoad` gives the strongest method the
 * session's own data allows (guidance-science §3.1 and §3.3):
 *
 * 1. session-RPE (Foster 2001): RPE (CR-10) × moving minutes, when the runner gave an RPE;
 * 2. Banister TRIMP from the session's average heart rate, when the average heart rate and the
 *    runner's resting and maximum heart rates are known (and max > rest);
 * 3. duration: moving minutes.
 *
 * TRIMP from an average heart rate underestimates the per-sample TRIMP of an uneven session (the
 * weighting is convex); it is what the data without streams allows.
 *
 * The three methods have different units (an RPE-6 hour is 360 AU of session-RPE, about 50–100 AU of
 * TRIMP and 60 AU of duration), so a series that sums them moves when the runner rates one week's
 * runs and nothing else changed. A report therefore uses ONE method for every session of its window
 * (`seriesLoads`): session-RPE or TRIMP only when every session of the window has what it needs,
 * otherwise duration.
 */

/**
 * Banister's weighting constants, a·e^(b·HRr), as most secondary sources give them for Morton,
 * Fitz-Clarke & Banister 1990 (the guidance marks the female constants "verify before release").
 */
export const TRIMP_CONSTANTS = {
  male: { a: 0.64, b: 1.92 },
  female: { a: 0.86, b: 1.67 },
} as const;

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/**
 * Heart-rate reserve fraction HRr = (avgHr − rest) / (max − rest), clamped to [0, 1]; null when
 * max ≤ rest (the reserve is undefined).
 */
export function heartRateReserveFraction(avgHrBpm: number, hrRestBpm: number, hrMaxBpm: number): number | null {
  if (!(hrMaxBpm > hrRestBpm)) return null;
  return clamp01((avgHrBpm - hrRestBpm) / (hrMaxBpm - hrRestBpm));
}

/**
 * Banister's exponential TRIMP of a session at a constant HRr: minutes × HRr × a·e^(b·HRr).
 * `hrr` outside [0, 1] is clamped. When the runner's sex is unknown (null) the male constants
 * are used: they give the lower weighting of the two over the whole range HRr ∈ [0, 1]
 * (0.64·e^(1.92x) < 0.86·e^(1.67x) until the curves cross at x = ln(0.86/0.64)/0.25 ≈ 1.18), so an
 * unknown sex never inflates a session. The choice is a convention, not a fit to the runner.
 */
export function trimpBanister(minutes: number, hrr: number, sex: RunnerProfile["sex"]): number {
  const { a, b } = sex === "female" ? TRIMP_CONSTANTS.female : TRIMP_CONSTANTS.male;
  const x = clamp01(hrr);
  return minutes * x * a * Math.exp(b * x);
}

function isKnown(x: number | null): x is number {
  return x !== null && Number.isFinite(x);
}

/** The session's load by `method`, or null when the session lacks what the method needs (duration never does). */
export function sessionLoadBy(activity: LoadActivity, profile: RunnerProfile, method: LoadMethod): SessionLoad | null {
  const movingMin = Math.max(0, activity.movingS) / 60;
  if (method === "srpe") {
    return isKnown(activity.rpe) ? { activityId: activity.id, load: activity.rpe * movingMin, method } : null;
  }
  if (method === "trimp") {
    if (!isKnown(activity.avgHr) || !isKnown(profile.hrRest) || !isKnown(profile.hrMax)) return null;
    const hrr = heartRateReserveFraction(activity.avgHr, profile.hrRest, profile.hrMax);
    return hrr === null ? null : { activityId: activity.id, load: trimpBanister(movingMin, hrr, profile.sex), method };
  }
  return { activityId: activity.id, load: movingMin, method };
}

/** The session's load by the strongest method its own data allows (session-RPE, TRIMP, duration). */
export function sessionLoad(activity: LoadActivity, profile: RunnerProfile): SessionLoad {
  return (
    sessionLoadBy(activity, profile, "srpe") ??
    sessionLoadBy(activity, profile, "trimp") ?? { activityId: activity.id, load: Math.max(0, activity.movingS) / 60, method: "duration" }
  );
}

/**
 * The loads of every session of a window by one method: session-RPE when every session has an RPE,
 * else TRIMP when every session has an average heart rate (and the profile a heart-rate reserve),
 * else duration; an empty window is duration. `coverage` says how many sessions each of the
 * stronger methods could rate, so the page can say why it fell back.
 */
export function seriesLoads(
  activities: readonly LoadActivity[],
  profile: RunnerProfile,
): { method: LoadMethod; coverage: LoadCoverage; sessions: SessionLoad[] } {
  const byMethod = (method: LoadMethod) => activities.map((a) => sessionLoadBy(a, profile, method));
  const srpe = byMethod("srpe");
  const trimp = byMethod("trimp");
  const coverage: LoadCoverage = {
    sessions: activities.length,
    srpe: srpe.filter((s) => s !== null).length,
    trimp: trimp.filter((s) => s !== null).length,
  };
  const complete = (list: (SessionLoad | null)[]): list is SessionLoad[] => list.length > 0 && list.every((s) => s !== null);
  if (complete(srpe)) return { method: "srpe", coverage, sessions: srpe };
  if (complete(trimp)) return { method: "trimp", coverage, sessions: trimp };
  return { method: "duration", coverage, sessions: byMethod("duration") as SessionLoad[] };
}
