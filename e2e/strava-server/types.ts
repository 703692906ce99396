/**
 * The JSON the stand-in sends, typed after Strava's API as summarised in
 * /work/shared/reference/strava-api.md (§2, §3, §5, §6). Field names are Strava's (snake_case) on
 * purpose: these types describe the wire, not Patella's model.
 */

/** Strava's error body ("Fault"), used for every 4xx/5xx the stand-in answers. */
export interface StravaFault {
  message: string;
  errors: { resource: string; field: string; code: string }[];
}

/** Strava's SportType is an open list (§3); these are the ones the generator produces. */
export type SportType = "Run" | "TrailRun" | "VirtualRun" | "Ride" | "VirtualRide" | "Swim" | "Walk" | "Hike" | "WeightTraining" | "Workout";

/** `visibility` is undocumented in Swagger but present in responses (§3). */
export type Visibility = "everyone" | "followers_only" | "only_me";

export type LatLng = [number, number];

export interface MetaRef {
  id: number;
  resource_state: 1;
}

export interface SummaryGearJson {
  id: string;
  primary: boolean;
  name: string;
  nickname: string | null;
  resource_state: 2;
  retired: boolean;
  distance: number;
  converted_distance: number;
}

export interface DetailedGearJson extends Omit<SummaryGearJson, "resource_state"> {
  resource_state: 3;
  brand_name: string;
  model_name: string;
  description: string | null;
  notification_distance: number | null;
  /** Bikes only. */
  frame_type?: number;
}

export interface SummaryAthleteJson {
  id: number;
  resource_state: 2 | 3;
  /** ISO instant the athlete joined Strava. */
  created_at: string;
  updated_at: string;
  firstname: string;
  lastname: string;
  city: string | null;
  country: string | null;
  sex: "M" | "F" | null;
  profile: string;
  profile_medium: string;
}

/** With profile:read_all (§2): gear, units, weight. */
export interface DetailedAthleteJson extends SummaryAthleteJson {
  resource_state: 3;
  measurement_preference: "meters" | "feet";
  weight: number | null;
  ftp: number | null;
  shoes: SummaryGearJson[];
  bikes: SummaryGearJson[];
}

export interface SummaryActivityJson {
  resource_state: 2 | 3;
  athlete: MetaRef;
  id: number;
  name: string;
  distance: number;
  moving_time: number;
  elapsed_time: number;
  total_elevation_gain: number;
  /** Deprecated since 2022-06-15 but still sent (§3). */
  type: string;
  sport_type: SportType;
  workout_type: number | null;
  start_date: string;
  /** Local wall-clock time written with a misleading `Z` (§3). */
  start_date_local: string;
  timezone: string;
  utc_offset: number;
  location_city: string | null;
  location_state: string | null;
  location_country: string | null;
  achievement_count: number;
  kudos_count: number;
  comment_count: number;
  athlete_count: number;
  photo_count: number;
  total_photo_count: number;
  map: { id: string; summary_polyline: string; resource_state: 2 | 3; polyline?: string };
  trainer: boolean;
  commute: boolean;
  manual: boolean;
  private: boolean;
  visibility: Visibility;
  flagged: boolean;
  gear_id: string | null;
  start_latlng: LatLng | [];
  end_latlng: LatLng | [];
  average_speed: number;
  max_speed: number;
  /** Only when the activity has cadence; per leg for foot sports (§3). */
  average_cadence?: number;
  has_heartrate: boolean;
  /** Only when has_heartrate, as Strava leaves them out otherwise. */
  average_heartrate?: number;
  max_heartrate?: number;
  heartrate_opt_out: boolean;
  display_hide_heartrate_option: boolean;
  /** Only when the activity has an altitude stream. */
  elev_high?: number;
  elev_low?: number;
  upload_id: number | null;
  upload_id_str?: string;
  external_id: string | null;
  from_accepted_tag: boolean;
  pr_count: number;
  has_kudoed: boolean;
  suffer_score: number | null;
  device_name?: string;
}

export interface LapJson {
  id: number;
  resource_state: 2;
  name: string;
  activity: MetaRef;
  athlete: MetaRef;
  elapsed_time: number;
  moving_time: number;
  start_date: string;
  start_date_local: string;
  distance: number;
  start_index: number;
  end_index: number;
  total_elevation_gain: number;
  average_speed: number;
  max_speed: number;
  average_cadence?: number;
  average_heartrate?: number;
  max_heartrate?: number;
  device_watts: boolean;
  lap_index: number;
  split: number;
}

export interface SplitJson {
  distance: number;
  elapsed_time: number;
  elevation_difference: number;
  moving_time: number;
  split: number;
  average_speed: number;
  average_heartrate?: number;
  pace_zone: number;
}

export interface DetailedActivityJson extends SummaryActivityJson {
  resource_state: 3;
  description: string | null;
  calories: number;
  gear: SummaryGearJson | null;
  laps?: LapJson[];
  splits_metric?: SplitJson[];
  splits_standard?: SplitJson[];
  segment_efforts: never[];
  photos: { primary: null; count: number };
  embed_token: string;
  perceived_exertion: number | null;
  prefer_perceived_exertion: boolean;
  private_note: string | null;
  hide_from_home: boolean;
}

export type StreamType = "time" | "distance" | "latlng" | "altitude" | "velocity_smooth" | "heartrate" | "cadence" | "moving" | "grade_smooth";

export interface StreamJson<T = number | boolean | LatLng> {
  data: T[];
  series_type: "distance" | "time";
  original_size: number;
  resolution: "low" | "medium" | "high";
}

export type StreamSetJson = Partial<Record<StreamType, StreamJson>>;

/** Strava's webhook event body (§5). */
export interface WebhookEventJson {
  object_type: "activity" | "athlete";
  object_id: number;
  aspect_type: "create" | "update" | "delete";
  updates: Record<string, string>;
  owner_id: number;
  subscription_id: number;
  event_time: number;
}

export interface PushSubscriptionJson {
  id: number;
  resource_state: 2;
  /** The app's client id (an integer on Strava; the stand-in echoes whatever id it was given). */
  application_id: number | string;
  callback_url: string;
  created_at: string;
  updated_at: string;
}
