import type { CheckinView } from "@/db/queries/checkins";
import type { PainInsights } from "@/lib/checkins/insights";

/** JSON shapes of the check-in API as the browser receives them (dates as ISO strings). */

type Jsonified<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

export type CheckinJson = Jsonified<CheckinView>;

export interface CheckinListResponse {
  items: CheckinJson[];
  total: number;
}

export type PainInsightsJson = PainInsights;

/** A check-in as the form edits it. */
export interface CheckinDraft {
  at: string;
  pain: number | null;
  timing: CheckinJson["timing"] | null;
  locations: CheckinJson["locations"];
  side: CheckinJson["side"];
  redFlags: CheckinJson["redFlags"];
  /** Pain during the run made the runner stop it (asked when the pain was felt during a run). */
  stoppedRun: boolean;
  activityId: string | null;
  rpe: number | null;
  notes: string;
}
