import { z } from "zod";
import { isCalendarDate } from "@/lib/load/weeks";

/**
 * The part of Strava's activity JSON that Patella reads (/work/shared/reference/strava-api.md §2–§3).
 * Field names are Strava's (snake_case) on purpose: these types describe the wire, not Patella's
 * model (lib/strava/mapping.ts turns one into an activities row).
 *
 * Strava leaves fields out or sends null depending on the activity (no heart rate, no GPS, a
 * manual entry, a summary rather than a detail), so everything that is not needed to place the
 * activity in time and measure it is optional and nullable. Unknown fields are kept, not refused:
 * Strava adds fields (device_name arrived in a 2025 summary) and they must not break a sync.
 */

/** Strava's SummaryActivity, as far as Patella reads it. Units are Strava's. */
export interface StravaSummaryActivity {
  /** int64. A number as JSON.parse gives it (refused past 2^53), or the digits as a string. */
  id: number | string;
  resource_state?: number | null;
  athlete?: { id: number | string } | null;
  name?: string | null;
  /** Metres. */
  distance: number;
  /** Seconds. */
  moving_time: number;
  /** Seconds. */
  elapsed_time: number;
  /** Metres climbed. */
  total_elevation_gain?: number | null;
  elev_high?: number | null;
  elev_low?: number | null;
  /** Deprecated since 2022-06-15 (TrailRun became "Run" there), still sent; used when sport_type is missing. */
  type?: string | null;
  /** An open list: new values keep appearing. */
  sport_type?: string | null;
  /** Undocumented codes: runs 0 default, 1 race, 2 long run, 3 workout; rides 10–12. */
  workout_type?: number | null;
  /** ISO-8601 UTC instant, e.g. "2026-03-15T07:02:11Z". */
  start_date: string;
  /** Local wall-clock time written with a misleading "Z", e.g. "2026-03-15T08:02:11Z". Not UTC. */
  start_date_local?: string | null;
  /** "(GMT+01:00) Europe/Paris": the prefix is the zone's standard offset, even in summer. */
  timezone?: string | null;
  /** Seconds east of UTC in force at the activity's start. */
  utc_offset?: number | null;
  trainer?: boolean | null;
  commute?: boolean | null;
  /** Entered by hand: no file, no streams, no map. */
  manual?: boolean | null;
  private?: boolean | null;
  /** "everyone", "followers_only", "only_me" (undocumented, open). */
  visibility?: string | null;
  flagged?: boolean | null;
  /** Shoe ("g…") or bike ("b…") id. */
  gear_id?: string | null;
  /** [lat, lng] in degrees, or [] / null without GPS. */
  start_latlng?: number[] | null;
  end_latlng?: number[] | null;
  map?: {
    id?: string | null;
    /** Google encoded polyline (precision 5), simplified; null or "" without GPS. */
    summary_polyline?: string | null;
    /** Full-resolution polyline: in the detailed activity only. */
    polyline?: string | null;
  } | null;
  /** m/s. */
  average_speed?: number | null;
  max_speed?: number | null;
  has_heartrate?: boolean | null;
  /** Beats per minute; only meaningful when has_heartrate. */
  average_heartrate?: number | null;
  max_heartrate?: number | null;
  /** Per leg for foot sports (half the steps per minute), revolutions per minute for rides. */
  average_cadence?: number | null;
  /** Watts; estimated by Strava for rides without a power meter (then device_watts is false). */
  average_watts?: number | null;
  weighted_average_watts?: number | null;
  max_watts?: number | null;
  device_watts?: boolean | null;
  /** Kilojoules of work (rides). */
  kilojoules?: number | null;
  /** Relative Effort; null without heart rate (and reportedly for non-subscribers). */
  suffer_score?: number | null;
  device_name?: string | null;
  upload_id?: number | null;
  upload_id_str?: string | null;
  external_id?: string | null;
}

/** The extras of Strava's DetailedActivity (GET /activities/{id}) that Patella reads. */
export interface StravaDetailedActivity extends StravaSummaryActivity {
  description?: string | null;
  /** Kilocalories. */
  calories?: number | null;
  /** Undocumented: the athlete's perceived exertion, 1–10 (Strava's slider), or null. */
  perceived_exertion?: number | null;
  prefer_perceived_exertion?: boolean | null;
  private_note?: string | null;
  gear?: { id: string; name?: string | null; distance?: number | null; primary?: boolean | null } | null;
}

// ---------------------------------------------------------------------------------------------
// The schema. Messages name the field and say what was expected, so a refused activity can be
// logged as e.g. "Strava activity 123 refused: distance: cannot be negative".

/** "is missing" when the field is absent, else "must be <what>". */
function expected(what: string) {
  return { error: (issue: { input?: unknown }) => (issue.input === undefined ? "is missing" : `must be ${what}`) };
}

const optionalNumber = z.number(expected("a number or null")).nullish();
const optionalString = z.string(expected("a string or null")).nullish();
const optionalBoolean = z.boolean(expected("true, false or null")).nullish();

/** Both forms of an id: a positive safe integer, or its digits as a string (a bigint-aware parser). */
const idSchema = z.union([z.number(), z.string()], expected("a positive integer")).superRefine((v, ctx) => {
  if (typeof v === "number") {
    if (!Number.isInteger(v) || v <= 0) ctx.addIssue({ code: "custom", message: "must be a positive integer" });
    // Past 2^53 a JSON number has already lost digits: the id would name another activity.
    else if (!Number.isSafeInteger(v)) ctx.addIssue({ code: "custom", message: "is larger than 2^53: parse it as a string to keep every digit" });
  } else if (!/^[1-9]\d{0,19}$/.test(v)) {
    ctx.addIssue({ code: "custom", message: "must be the digits of a positive integer" });
  }
});

/** ISO-8601 instant with a Z or an explicit offset, as start_date is written. */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,9})?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$/;
/** Wall-clock time with or without Strava's misleading Z (never an offset: it is not an instant). */
export const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?Z?$/;

function dateLike(pattern: RegExp, what: string) {
  return z.string(expected(what)).refine((s) => {
    const m = pattern.exec(s);
    return m !== null && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3])) && (pattern !== INSTANT || Number.isFinite(Date.parse(s)));
  }, `must be ${what}`);
}

/** Seconds fit PostgreSQL's integer columns (moving_s, elapsed_s): 2^31 − 1 s is 68 years. */
const MAX_SECONDS = 2_147_483_647;
const seconds = z.number(expected("a number of seconds")).nonnegative("cannot be negative").max(MAX_SECONDS, "is implausibly long");

const latLngSchema = z.array(z.number(), expected("[lat, lng], [] or null")).max(2, "must be [lat, lng], [] or null").nullish();

/**
 * Accepts a SummaryActivity or a DetailedActivity as Strava sends it, unknown fields included, and
 * refuses what cannot be placed in time or measured: no id, no start, negative or non-numeric
 * distance and times. Optional figures are only type-checked; lib/strava/mapping.ts drops values
 * that make no physical sense (a heart rate of 0), so one odd figure never loses a whole run.
 */
export const summaryActivitySchema = z
  .looseObject(
    {
      id: idSchema,
      resource_state: optionalNumber,
      athlete: z.looseObject({ id: z.union([z.number(), z.string()], expected("a number or a string")) }, expected("an object or null")).nullish(),
      name: optionalString,
      distance: z.number(expected("a number of metres")).nonnegative("cannot be negative"),
      moving_time: seconds,
      elapsed_time: seconds,
      total_elevation_gain: optionalNumber,
      elev_high: optionalNumber,
      elev_low: optionalNumber,
      type: optionalString,
      sport_type: optionalString,
      workout_type: optionalNumber,
      start_date: dateLike(INSTANT, "an ISO-8601 UTC time such as 2026-03-15T07:02:11Z"),
      start_date_local: dateLike(WALL_CLOCK, "a local time such as 2026-03-15T08:02:11Z").nullish(),
      timezone: optionalString,
      utc_offset: optionalNumber,
      trainer: optionalBoolean,
      commute: optionalBoolean,
      manual: optionalBoolean,
      private: optionalBoolean,
      visibility: optionalString,
      flagged: optionalBoolean,
      gear_id: optionalString,
      start_latlng: latLngSchema,
      end_latlng: latLngSchema,
      map: z
        .looseObject({ id: optionalString, summary_polyline: optionalString, polyline: optionalString }, expected("an object or null"))
        .nullish(),
      average_speed: optionalNumber,
      max_speed: optionalNumber,
      has_heartrate: optionalBoolean,
      average_heartrate: optionalNumber,
      max_heartrate: optionalNumber,
      average_cadence: optionalNumber,
      average_watts: optionalNumber,
      weighted_average_watts: optionalNumber,
      max_watts: optionalNumber,
      device_watts: optionalBoolean,
      kilojoules: optionalNumber,
      suffer_score: optionalNumber,
      device_name: optionalString,
      upload_id: optionalNumber,
      upload_id_str: optionalString,
      external_id: optionalString,
      // DetailedActivity extras.
      description: optionalString,
      calories: optionalNumber,
      perceived_exertion: optionalNumber,
      prefer_perceived_exertion: optionalBoolean,
      private_note: optionalString,
      gear: z
        .looseObject(
          { id: z.string(expected("a string")), name: optionalString, distance: optionalNumber, primary: optionalBoolean },
          expected("an object or null"),
        )
        .nullish(),
    },
    { error: "a Strava activity must be a JSON object" },
  )
  .refine((a) => Boolean(a.sport_type?.trim() || a.type?.trim()), { message: "is missing (and so is the legacy type)", path: ["sport_type"] });

// The schema's output is the typed activity: a change to one that the other does not follow fails tsc.
const _schemaMatchesType: z.ZodType<StravaDetailedActivity> = summaryActivitySchema;

export type StravaParseResult = { ok: true; activity: StravaDetailedActivity } | { ok: false; error: string };

/**
 * Validates one activity from Strava's JSON. The error names the activity (when its id is
 * readable) and every refused field: "Strava activity 42 refused: distance: cannot be negative".
 */
export function parseStravaActivity(json: unknown): StravaParseResult {
  const result = summaryActivitySchema.safeParse(json);
  if (result.success) return { ok: true, activity: result.data };
  const rawId = typeof json === "object" && json !== null && "id" in json ? (json as { id: unknown }).id : undefined;
  const named = (typeof rawId === "number" && Number.isFinite(rawId)) || (typeof rawId === "string" && /^\d{1,20}$/.test(rawId)) ? `Strava activity ${String(rawId)}` : "Strava activity";
  const problems = result.error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.map(String).join(".")}: ${issue.message}` : issue.message));
  return { ok: false, error: `${named} refused: ${problems.join("; ")}` };
}
