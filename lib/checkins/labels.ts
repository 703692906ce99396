import type { KneeLocation, KneeSide, PainTiming } from "./types";

/** Words for the check-in's choices (the form, the history and the API docs use the same). */

export const TIMING_LABELS: Record<PainTiming, string> = {
  during: "During the run",
  after: "After the run",
  next_morning: "Next morning",
  at_rest: "At rest",
};

export const LOCATION_LABELS: Record<KneeLocation, string> = {
  front: "Front, around the kneecap",
  below_kneecap: "Below the kneecap",
  inside: "Inside of the knee",
  outside: "Outside of the knee",
  back: "Back of the knee",
  whole_knee: "Whole knee",
};

export const SIDE_LABELS: Record<KneeSide, string> = { left: "Left", right: "Right", both: "Both" };

/** The two ends of the 0–10 numeric rating scale. */
export const PAIN_ENDS = { 0: "No pain", 10: "Worst pain imaginable" } as const;
