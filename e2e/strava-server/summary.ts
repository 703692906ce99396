import { legacyType, type ActivityRecord } from "./activities";
import { RouteWalker } from "./routes";
import { isoSeconds, localIsoWithZ, offsetAt, stravaTimezone } from "./time";
import type { LatLng, SummaryActivityJson } from "./types";

/** SummaryActivity JSON (§3 of the reference) from a stored activity. */

const round1 = (x: number) => Math.round(x * 10) / 10;
const round3 = (x: number) => Math.round(x * 1000) / 1000;
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

function latlngOrEmpty(p: LatLng | null): LatLng | [] {
  return p ? [round6(p[0]), round6(p[1])] : [];
}

export function summaryJson(rec: ActivityRecord): SummaryActivityJson {
  const walker = rec.route ? new RouteWalker(rec.route) : null;
  const extremes = walker?.extremes();
  const json: SummaryActivityJson = {
    resource_state: 2,
    athlete: { id: rec.athleteId, resource_state: 1 },
    name: rec.name,
    distance: rec.distance,
    moving_time: rec.movingTime,
    elapsed_time: rec.elapsedTime,
    total_elevation_gain: rec.totalElevationGain,
    type: legacyType(rec.sportType),
    sport_type: rec.sportType,
    workout_type: rec.workoutType,
    id: rec.id,
    start_date: isoSeconds(rec.startEpoch),
    start_date_local: localIsoWithZ(rec.startEpoch, rec.zone),
    timezone: stravaTimezone(rec.zone, rec.startEpoch),
    utc_offset: offsetAt(rec.zone, rec.startEpoch),
    location_city: null,
    location_state: null,
    location_country: rec.country,
    achievement_count: rec.achievementCount,
    kudos_count: rec.kudosCount,
    comment_count: 0,
    athlete_count: 1,
    photo_count: 0,
    total_photo_count: 0,
    map: {
      id: `a${rec.id}`,
      // Summary polylines are simplified: a point every 250 m or so.
      summary_polyline: walker ? walker.polyline(Math.min(150, Math.max(16, Math.round(rec.distance / 250)))) : "",
      resource_state: 2,
    },
    trainer: rec.trainer,
    commute: rec.commute,
    manual: rec.manual,
    private: rec.visibility === "only_me",
    visibility: rec.visibility,
    flagged: false,
    gear_id: rec.gearId,
    start_latlng: latlngOrEmpty(walker ? walker.latlng(0) : null),
    end_latlng: latlngOrEmpty(walker ? walker.latlng(1) : null),
    average_speed: rec.movingTime > 0 ? round3(rec.distance / rec.movingTime) : 0,
    max_speed: rec.maxSpeed,
    has_heartrate: rec.heartrate !== null,
    heartrate_opt_out: false,
    display_hide_heartrate_option: rec.heartrate !== null,
    upload_id: rec.uploadId,
    external_id: rec.externalId,
    from_accepted_tag: false,
    pr_count: rec.prCount,
    has_kudoed: false,
    suffer_score: rec.sufferScore,
  };
  if (rec.averageCadence !== null) json.average_cadence = rec.averageCadence;
  if (rec.heartrate) {
    json.average_heartrate = rec.heartrate.average;
    json.max_heartrate = rec.heartrate.max;
  }
  if (extremes) {
    json.elev_high = round1(extremes.high);
    json.elev_low = round1(extremes.low);
  }
  if (rec.uploadId !== null) json.upload_id_str = String(rec.uploadId);
  if (rec.deviceName) json.device_name = rec.deviceName;
  return json;
}
