import { describe, expect, it } from "vitest";
import { parseStravaActivity, summaryActivitySchema } from "./types";

/** The smallest activity the schema accepts: an id, a sport, a start and the three measures. */
const MINIMAL = { id: 42, sport_type: "Run", start_date: "2026-03-15T07:02:11Z", distance: 5000, moving_time: 1500, elapsed_time: 1560 };

function refusal(json: unknown): string {
  const r = parseStravaActivity(json);
  if (r.ok) throw new Error("expected a refusal");
  return r.error;
}

describe("summaryActivitySchema", () => {
  it("accepts the minimal activity, and nulls wherever Strava sends them", () => {
    expect(parseStravaActivity(MINIMAL)).toEqual({ ok: true, activity: MINIMAL });
    const nulls = {
      ...MINIMAL,
      name: null,
      timezone: null,
      start_date_local: null,
      map: { id: "a42", summary_polyline: null, resource_state: 2 },
      gear_id: null,
      start_latlng: [],
      end_latlng: null,
      workout_type: null,
      suffer_score: null,
      average_heartrate: null,
      perceived_exertion: null,
      gear: null,
    };
    expect(summaryActivitySchema.safeParse(nulls).success).toBe(true);
  });

  it("keeps fields it does not know (Strava adds fields; they must not break a sync)", () => {
    const r = parseStravaActivity({ ...MINIMAL, segment_efforts: [], hide_from_home: false, map: { summary_polyline: "??", brand_new: 1 } });
    expect(r.ok && r.activity).toMatchObject({ segment_efforts: [], hide_from_home: false, map: { summary_polyline: "??", brand_new: 1 } });
  });

  it("accepts ids as digit strings (a bigint-aware parser), and only the legacy type", () => {
    expect(parseStravaActivity({ ...MINIMAL, id: "18446744073709551615" }).ok).toBe(true);
    const { sport_type: _omit, ...legacy } = MINIMAL;
    expect(parseStravaActivity({ ...legacy, type: "Run" }).ok).toBe(true);
    expect(parseStravaActivity({ ...legacy, sport_type: null, type: "Ride" }).ok).toBe(true);
  });

  it("accepts start_date_local with or without Strava's misleading Z, and start_date with an offset", () => {
    for (const local of ["2026-03-15T08:02:11Z", "2026-03-15T08:02:11", "2026-03-15T08:02"]) {
      expect(parseStravaActivity({ ...MINIMAL, start_date_local: local }).ok).toBe(true);
    }
    expect(parseStravaActivity({ ...MINIMAL, start_date: "2026-03-15T08:02:11.250+01:00" }).ok).toBe(true);
  });

  it.each([
    ["missing id", { ...MINIMAL, id: undefined }, "Strava activity refused: id: is missing"],
    ["a negative distance", { ...MINIMAL, distance: -5 }, "Strava activity 42 refused: distance: cannot be negative"],
    ["a non-numeric distance", { ...MINIMAL, distance: "5 km" }, "Strava activity 42 refused: distance: must be a number of metres"],
    ["a NaN-like moving time", { ...MINIMAL, moving_time: "abc" }, "Strava activity 42 refused: moving_time: must be a number of seconds"],
    ["a missing elapsed time", { ...MINIMAL, elapsed_time: undefined }, "Strava activity 42 refused: elapsed_time: is missing"],
    ["a negative elapsed time", { ...MINIMAL, elapsed_time: -1 }, "Strava activity 42 refused: elapsed_time: cannot be negative"],
    ["68 years of moving time", { ...MINIMAL, moving_time: 2 ** 31 }, "Strava activity 42 refused: moving_time: is implausibly long"],
    ["a fractional id", { ...MINIMAL, id: 4.2 }, "Strava activity 4.2 refused: id: must be a positive integer"],
    ["id 0", { ...MINIMAL, id: 0 }, "Strava activity 0 refused: id: must be a positive integer"],
    ["an id past 2^53", { ...MINIMAL, id: 2 ** 53 + 2 }, `Strava activity ${2 ** 53 + 2} refused: id: is larger than 2^53: parse it as a string to keep every digit`],
    ["an id string with a leading zero", { ...MINIMAL, id: "0042" }, "Strava activity 0042 refused: id: must be the digits of a positive integer"],
    ["no sport at all", { ...MINIMAL, sport_type: undefined }, "Strava activity 42 refused: sport_type: is missing (and so is the legacy type)"],
    ["a start that is not a time", { ...MINIMAL, start_date: "yesterday" }, "Strava activity 42 refused: start_date: must be an ISO-8601 UTC time such as 2026-03-15T07:02:11Z"],
    ["a start on 30 February", { ...MINIMAL, start_date: "2026-02-30T07:00:00Z" }, "Strava activity 42 refused: start_date: must be an ISO-8601 UTC time such as 2026-03-15T07:02:11Z"],
    ["a start without a zone", { ...MINIMAL, start_date: "2026-03-15T07:02:11" }, "Strava activity 42 refused: start_date: must be an ISO-8601 UTC time such as 2026-03-15T07:02:11Z"],
    // start_date_local is a wall clock: an offset would make it an instant, which it is not.
    ["a local start with an offset", { ...MINIMAL, start_date_local: "2026-03-15T08:02:11+01:00" }, "Strava activity 42 refused: start_date_local: must be a local time such as 2026-03-15T08:02:11Z"],
    ["a string heart rate", { ...MINIMAL, average_heartrate: "146" }, "Strava activity 42 refused: average_heartrate: must be a number or null"],
    ["a string trainer flag", { ...MINIMAL, trainer: "false" }, "Strava activity 42 refused: trainer: must be true, false or null"],
    ["a map that is a string", { ...MINIMAL, map: "ki{eF" }, "Strava activity 42 refused: map: must be an object or null"],
    ["a numeric polyline", { ...MINIMAL, map: { summary_polyline: 5 } }, "Strava activity 42 refused: map.summary_polyline: must be a string or null"],
  ])("refuses %s with a clear message", (_what, json, message) => {
    expect(refusal(json)).toBe(message);
  });

  it("lists every refused field at once", () => {
    expect(refusal({ id: 7, sport_type: "Run", start_date: "2026-03-15T07:02:11Z", distance: -1, moving_time: "x" })).toBe(
      "Strava activity 7 refused: distance: cannot be negative; moving_time: must be a number of seconds; elapsed_time: is missing",
    );
  });

  it.each([[null], [[MINIMAL]], ["{}"], [42]])("refuses %j: not an object", (json) => {
    expect(refusal(json)).toBe("Strava activity refused: a Strava activity must be a JSON object");
  });
});
