import { relations, sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  check,
  customType,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { AdapterAccountType } from "next-auth/adapters";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () =>
  timestamp("updated_at", { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());

// ---------------------------------------------------------------------------------------------
// Auth.js tables (column keys as the Drizzle adapter expects them), plus Patella's profile fields.
// ---------------------------------------------------------------------------------------------

export const UNITS = ["km", "mi"] as const;
export type Units = (typeof UNITS)[number];

export const users = pgTable("users", {
  id: text("id")
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID()),
  name: text("name"),
  email: text("email").unique(),
  emailVerified: timestamp("email_verified", { mode: "date", withTimezone: true }),
  image: text("image"),
  passwordHash: text("password_hash"),
  timeZone: text("time_zone").notNull().default("UTC"),
  units: text("units", { enum: UNITS }).notNull().default("km"),
  sex: text("sex", { enum: ["female", "male"] }),
  hrRest: integer("hr_rest"),
  hrMax: integer("hr_max"),
  /** Bumped by a database trigger on every insert, update or delete of the runner's activities. */
  activitiesVersion: integer("activities_version").notNull().default(0),
  /** Bumped by a database trigger on every change to the runner's check-ins and weekly questionnaires. */
  checkinsVersion: integer("checkins_version").notNull().default(0),
  /** When the runner finished (or skipped) the first-run questions; null shows them. */
  onboardedAt: timestamp("onboarded_at", { withTimezone: true }),
  /**
   * Carried in every session token (claim "sv"); a token with another value is refused. Bumped by a
   * password change and "sign out everywhere", which so end every session of the runner at once.
   */
  sessionVersion: integer("session_version").notNull().default(0),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
export type User = typeof users.$inferSelect;

export const accounts = pgTable(
  "accounts",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text("type").$type<AdapterAccountType>().notNull(),
    provider: text("provider").notNull(),
    providerAccountId: text("provider_account_id").notNull(),
    // Patella never stores provider tokens here: Strava tokens live encrypted in strava_connections.
    refresh_token: text("refresh_token"),
    access_token: text("access_token"),
    expires_at: integer("expires_at"),
    token_type: text("token_type"),
    scope: text("scope"),
    id_token: text("id_token"),
    session_state: text("session_state"),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] }), index("accounts_user_id_idx").on(t.userId)],
);

export const sessions = pgTable("sessions", {
  sessionToken: text("session_token").primaryKey(),
  userId: text("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  expires: timestamp("expires", { mode: "date", withTimezone: true }).notNull(),
});

export const verificationTokens = pgTable(
  "verification_tokens",
  {
    identifier: text("identifier").notNull(),
    token: text("token").notNull(),
    expires: timestamp("expires", { mode: "date", withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

/**
 * Every password sign-in and every sign-up attempt, kept a day at most: the throttle (backoff per
 * address and email for sign-in, per address for sign-up) reads it, so there is no in-memory state.
 */
export const signInAttempts = pgTable(
  "sign_in_attempts",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    email: text("email").notNull(),
    /** The client's address (lib/security/client-address.ts); "" for attempts older than this column. */
    address: text("address").notNull().default(""),
    kind: text("kind", { enum: ["sign_in", "sign_up"] }).notNull().default("sign_in"),
    succeeded: boolean("succeeded").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sign_in_attempts_email_at_idx").on(t.email, t.at), index("sign_in_attempts_address_at_idx").on(t.address, t.at)],
);

/**
 * Sessions ended by signing out: the session id (claim "sid") of a token that must never be accepted
 * again, kept until the token's absolute lifetime is over (then it is refused anyway).
 */
export const revokedSessions = pgTable(
  "revoked_sessions",
  {
    sid: text("sid").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("revoked_sessions_expires_at_idx").on(t.expiresAt)],
);

/**
 * Single-use sign-up invitations, made from the command line (`npm run user -- invite`). Only a
 * SHA-256 of the code is stored; the code itself is printed once.
 */
export const invites = pgTable("invites", {
  id: text("id")
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID()),
  codeHash: text("code_hash").notNull().unique(),
  note: text("note"),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
  createdAt: createdAt(),
});

// ---------------------------------------------------------------------------------------------
// Strava
// ---------------------------------------------------------------------------------------------

export const STRAVA_CONNECTION_STATUSES = ["active", "reconnect_needed"] as const;
export const BACKFILL_STATUSES = ["pending", "running", "done"] as const;

export const stravaConnections = pgTable("strava_connections", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  athleteId: bigint("athlete_id", { mode: "number" }).notNull().unique(),
  /** AES-256-GCM ciphertexts (see lib/crypto.ts), never plain tokens. */
  accessTokenEnc: text("access_token_enc").notNull(),
  refreshTokenEnc: text("refresh_token_enc").notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  /** The scopes the runner granted on Strava's consent page (comma-separated), null if unknown. */
  scopes: text("scopes"),
  /** "active", or "reconnect_needed" once Strava refused the tokens (revoked, or a dead refresh token). */
  status: text("status", { enum: STRAVA_CONNECTION_STATUSES }).notNull().default("active"),
  /** The history import (lib/strava/backfill.ts): pending → running → done. */
  backfillStatus: text("backfill_status", { enum: BACKFILL_STATUSES }).notNull().default("pending"),
  /**
   * Checkpoint: the next page asks for activities that started before this instant (epoch seconds,
   * Strava's `before`); null before the first page. Written in the transaction that stores the page.
   */
  backfillBefore: bigint("backfill_before", { mode: "number" }),
  backfillImported: integer("backfill_imported").notNull().default(0),
  /** Pages fetched so far (a page of 200 is one request). */
  backfillPages: integer("backfill_pages").notNull().default(0),
  /** Activities on the last page fetched (a short page: the end is near), for the "remaining" estimate. */
  backfillLastPage: integer("backfill_last_page"),
  /** Set while the import waits for Strava's rate-limit window. */
  backfillPausedUntil: timestamp("backfill_paused_until", { withTimezone: true }),
  backfillStartedAt: timestamp("backfill_started_at", { withTimezone: true }),
  backfillFinishedAt: timestamp("backfill_finished_at", { withTimezone: true }),
  /** When the athlete joined Strava: the far end of the history, for the "remaining" estimate. */
  athleteCreatedAt: timestamp("athlete_created_at", { withTimezone: true }),
  lastSyncAt: timestamp("last_sync_at", { withTimezone: true }),
  lastError: text("last_error"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  check("strava_connections_status_valid", sql`${t.status} in ('active', 'reconnect_needed')`),
  check("strava_connections_backfill_status_valid", sql`${t.backfillStatus} in ('pending', 'running', 'done')`),
]);
export type StravaConnection = typeof stravaConnections.$inferSelect;

/**
 * Strava's rate limits are per application, shared by every runner and every app instance: one
 * row (id 1) counts the requests of the current 15-minute window and UTC day, taken atomically
 * before each request and corrected from the X-RateLimit headers after it (lib/strava/quota.ts).
 */
export const stravaQuota = pgTable("strava_quota", {
  id: integer("id").primaryKey(),
  /** Start of the 15-minute window the counts belong to. */
  windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
  /** The UTC day the daily count belongs to. */
  day: date("day", { mode: "string" }).notNull(),
  used15: integer("used_15").notNull().default(0),
  usedDay: integer("used_day").notNull().default(0),
  /** The live limits from the last response's headers (the lower of the read and overall limits). */
  limit15: integer("limit_15").notNull(),
  limitDay: integer("limit_day").notNull(),
  /**
   * What webhook events spent, counted apart so they never take more than their share of the
   * limits (STRAVA_WEBHOOK_QUOTA_PERCENT): each count belongs to its own window start / day.
   */
  webhookWindowStart: timestamp("webhook_window_start", { withTimezone: true }),
  webhookUsed15: integer("webhook_used_15").notNull().default(0),
  webhookDay: date("webhook_day", { mode: "string" }),
  webhookUsedDay: integer("webhook_used_day").notNull().default(0),
  updatedAt: updatedAt(),
}, (t) => [check("strava_quota_single_row", sql`${t.id} = 1`)]);

/**
 * Patella's Strava push subscription (one row, id 1): its id, learnt from Strava's own list of
 * subscriptions (authenticated with the client secret), so that events naming another
 * subscription change nothing. `checkedAt` spaces the look-ups out (lib/strava/webhook.ts).
 */
export const stravaWebhook = pgTable("strava_webhook", {
  id: integer("id").primaryKey(),
  subscriptionId: bigint("subscription_id", { mode: "number" }),
  checkedAt: timestamp("checked_at", { withTimezone: true }),
  updatedAt: updatedAt(),
}, (t) => [check("strava_webhook_single_row", sql`${t.id} = 1`)]);

/** The runner's shoes (and other gear) as Strava reports them, for the shoe-distance reminder. */
export const gear = pgTable(
  "gear",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    source: text("source", { enum: ["strava"] }).notNull(),
    /** Strava's gear id ("g123" shoes, "b456" bikes). */
    sourceRef: text("source_ref").notNull(),
    kind: text("kind", { enum: ["shoe", "bike"] }).notNull(),
    name: text("name").notNull(),
    /** Metres, as the source counts them. */
    distanceM: doublePrecision("distance_m").notNull(),
    primary: boolean("primary").notNull().default(false),
    retired: boolean("retired").notNull().default(false),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.source, t.sourceRef] }), check("gear_distance_valid", sql`${t.distanceM} >= 0`)],
);
export type Gear = typeof gear.$inferSelect;

// ---------------------------------------------------------------------------------------------
// Activities and the files they came from
// ---------------------------------------------------------------------------------------------

export const ACTIVITY_SOURCES = ["strava", "gpx", "tcx", "fit", "archive", "manual"] as const;
export type ActivitySource = (typeof ACTIVITY_SOURCES)[number];

export const SPORTS = [
  "run",
  "trail_run",
  "treadmill_run",
  "ride",
  "swim",
  "walk",
  "hike",
  "strength",
  "other",
] as const;
export type Sport = (typeof SPORTS)[number];
export const RUNNING_SPORTS: readonly Sport[] = ["run", "trail_run", "treadmill_run"];

export const SURFACES = ["road", "trail", "track", "grass", "treadmill", "mixed", "unknown"] as const;
export type Surface = (typeof SURFACES)[number];
/** Where a run's surface came from, strongest first (see lib/surface). */
export const SURFACE_SOURCES = ["user", "strava", "file", "route", "geometry", "osm", "assumed"] as const;
export const SURFACE_CONFIDENCES = ["high", "medium", "low"] as const;

/** Binary column; PGlite hands back Uint8Array, postgres-js Buffer: both become Buffer. */
const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
  toDriver: (value) => value,
});

export const activities = pgTable(
  "activities",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    source: text("source", { enum: ACTIVITY_SOURCES }).notNull(),
    /** Strava activity id, or the sha256 of the uploaded file. */
    sourceRef: text("source_ref").notNull(),
    sport: text("sport", { enum: SPORTS }).notNull(),
    name: text("name").notNull(),
    startTime: timestamp("start_time", { withTimezone: true }).notNull(),
    /** Calendar date the activity started on, in `timeZone`. */
    localDate: date("local_date", { mode: "string" }).notNull(),
    timeZone: text("time_zone").notNull(),
    distanceM: doublePrecision("distance_m").notNull(),
    movingS: integer("moving_s").notNull(),
    elapsedS: integer("elapsed_s").notNull(),
    elevGainM: real("elev_gain_m"),
    elevLossM: real("elev_loss_m"),
    avgHr: real("avg_hr"),
    maxHr: real("max_hr"),
    avgCadenceSpm: real("avg_cadence_spm"),
    avgPowerW: real("avg_power_w"),
    rpe: integer("rpe"),
    /** The runner's own notes on the activity (edited on its page). */
    notes: text("notes"),
    /**
     * Fields the runner changed here ("name", "sport"): a Strava update leaves them alone until the
     * runner asks for Strava's values again.
     */
    editedFields: text("edited_fields").array().notNull().default(sql`'{}'::text[]`),
    load: real("load"),
    surface: text("surface", { enum: SURFACES }),
    surfaceSource: text("surface_source", { enum: SURFACE_SOURCES }),
    surfaceConfidence: text("surface_confidence", { enum: SURFACE_CONFIDENCES }),
    /** For a mixed run: `[{ surface, distanceM }]`, the distance on each surface. */
    surfaceSplit: jsonb("surface_split").$type<{ surface: Exclude<Surface, "mixed" | "unknown">; distanceM: number }[]>(),
    /** The route's shape (lib/surface/route.ts encodeShape), for recognising runs on the same route. */
    routeShape: bytea("route_shape"),
    gearId: text("gear_id"),
    polyline: text("polyline"),
    /** Set when this is the same run as another activity (from another source): counted once. */
    duplicateOf: uuid("duplicate_of").references((): AnyPgColumn => activities.id, { onDelete: "set null" }),
    /** Part of the sample history (onboarding's "explore with sample data"), removable in one go. */
    sample: boolean("sample").notNull().default(false),
    metricsVersion: integer("metrics_version").notNull().default(1),
    /** The sport inferred from how a file moved when it did not say (lib/activities/infer-sport.ts), and why: null when not inferred. */
    sportDetected: text("sport_detected", { enum: SPORTS }),
    sportNote: text("sport_note"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("activities_user_source_ref_uq").on(t.userId, t.source, t.sourceRef),
    index("activities_user_start_idx").on(t.userId, t.startTime),
    index("activities_duplicate_of_idx").on(t.duplicateOf),
  ],
);
export type Activity = typeof activities.$inferSelect;
export type NewActivity = typeof activities.$inferInsert;


/**
 * The recorded points of an activity, one packed little-endian column each (see
 * lib/activities/streams.ts): kept for charts, the route and recomputing metrics later.
 */
export const activityStreams = pgTable("activity_streams", {
  activityId: uuid("activity_id")
    .primaryKey()
    .references(() => activities.id, { onDelete: "cascade" }),
  userId: text("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  pointCount: integer("point_count").notNull(),
  /** Seconds since the start (Float32; NaN where a point has no time). */
  timeS: bytea("time_s").notNull(),
  /** Cumulative distance in metres (Float32). */
  distanceM: bytea("distance_m").notNull(),
  /** Latitude and longitude in 1e-7 degrees (Int32 pairs). */
  latLon: bytea("lat_lon").notNull(),
  altitudeM: bytea("altitude_m"),
  heartRate: bytea("heart_rate"),
  cadence: bytea("cadence"),
  powerW: bytea("power_w"),
  /** Indices where a new segment starts (Int32). */
  segmentStarts: bytea("segment_starts").notNull(),
});
export type ActivityStreams = typeof activityStreams.$inferSelect;

export const UPLOAD_STATUSES = ["imported", "duplicate", "failed"] as const;
export type UploadStatus = (typeof UPLOAD_STATUSES)[number];

export const uploads = pgTable(
  "uploads",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    fileName: text("file_name").notNull(),
    sha256: text("sha256").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    status: text("status", { enum: UPLOAD_STATUSES }).notNull(),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    activityId: uuid("activity_id").references(() => activities.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index("uploads_user_created_idx").on(t.userId, t.createdAt)],
);
export type Upload = typeof uploads.$inferSelect;

/**
 * The original bytes of every uploaded activity file (gzip-compressed), for the runner's export:
 * kept in the database so that every app instance can serve them.
 */
export const uploadFiles = pgTable(
  "upload_files",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** SHA-256 of the file as parsed (decompressed): the activity's source_ref for file uploads. */
    sha256: text("sha256").notNull(),
    fileName: text("file_name").notNull(),
    /** gzip of the file. */
    gz: bytea("gz").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.sha256] })],
);

// ---------------------------------------------------------------------------------------------
// Archive imports (lib/import/archive-import.ts): a Strava export, or any .zip of activity files,
// kept on disk while its entries are imported one by one from a job, with a checkpoint.
// ---------------------------------------------------------------------------------------------

export const ARCHIVE_IMPORT_STATUSES = ["queued", "running", "done", "failed"] as const;

export const archiveImports = pgTable(
  "archive_imports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    fileName: text("file_name").notNull(),
    /** Where the archive is kept until the import ends (under DATA_DIR/archives); null once deleted. */
    path: text("path"),
    sizeBytes: bigint("size_bytes", { mode: "number" }).notNull(),
    status: text("status", { enum: ARCHIVE_IMPORT_STATUSES }).notNull().default("queued"),
    /** A Strava export (with activities.csv), a plain .zip of activity files, or a Patella export being restored. */
    kind: text("kind", { enum: ["strava_export", "files", "patella_export"] }),
    /** Activity files to import (known once the archive has been opened). */
    total: integer("total"),
    /** Checkpoint: how many of those files have been dealt with, in archive order. */
    done: integer("done").notNull().default(0),
    imported: integer("imported").notNull().default(0),
    duplicates: integer("duplicates").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    /** Entries not imported on purpose: unsafe names, nested archives, activities.csv rows without a file. */
    skipped: integer("skipped").notNull().default(0),
    /** The plan, written once by the job beside the archive (lib/import/archive-plan.ts); null until planned. */
    planPath: text("plan_path"),
    /** Checkpoint in the plan file: the byte after the last item dealt with. */
    planOffset: bigint("plan_offset", { mode: "number" }).notNull().default(0),
    /** Records refused, counted by reason (a summary, never one log line per record). */
    problems: jsonb("problems").$type<Record<string, number>>(),
    lastError: text("last_error"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    index("archive_imports_user_created_idx").on(t.userId, t.createdAt),
    check("archive_imports_status_valid", sql`${t.status} in ('queued', 'running', 'done', 'failed')`),
    check("archive_imports_counts_valid", sql`${t.done} >= 0 and ${t.imported} >= 0 and ${t.duplicates} >= 0 and ${t.failed} >= 0 and ${t.skipped} >= 0`),
  ],
);
export type ArchiveImport = typeof archiveImports.$inferSelect;

// ---------------------------------------------------------------------------------------------
// Pain check-ins and the weekly OSTRC-O2 questionnaire
// ---------------------------------------------------------------------------------------------

export const PAIN_TIMINGS = ["during", "after", "next_morning", "at_rest"] as const;
export const KNEE_LOCATIONS = ["front", "below_kneecap", "inside", "outside", "back", "whole_knee"] as const;
export const KNEE_SIDES = ["left", "right", "both"] as const;
/**
 * Warning-sign answers of a check-in. Only ever appended to: stored rows keep old values valid (the column has no
 * database constraint on its values). What each means and how urgent it is: lib/checkins/warning-signs.ts.
 */
export const RED_FLAGS = [
  "swelling",
  "giving_way",
  "cannot_bear_weight",
  "locking",
  "redness_warmth",
  "fever",
  "fall_or_twist",
  "catching",
  "night_pain",
  "numbness_cold_foot",
  "calf_swelling",
  "deformity",
] as const;

export const checkins = pgTable(
  "checkins",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** When the pain was felt (or the check-in was made); `localDate` is its calendar date in `timeZone`. */
    /** Part of the sample history, removable in one go. */
    sample: boolean("sample").notNull().default(false),
    at: timestamp("at", { withTimezone: true }).notNull(),
    localDate: date("local_date", { mode: "string" }).notNull(),
    timeZone: text("time_zone").notNull(),
    /** The run it belongs to; unlinked (not deleted) when that activity is deleted. */
    activityId: uuid("activity_id").references(() => activities.id, { onDelete: "set null" }),
    /** 0 (no pain) … 10 (worst imaginable). */
    pain: integer("pain").notNull(),
    timing: text("timing", { enum: PAIN_TIMINGS }).notNull(),
    locations: text("locations", { enum: KNEE_LOCATIONS }).array().notNull().default([]),
    side: text("side", { enum: KNEE_SIDES }),
    redFlags: text("red_flags", { enum: RED_FLAGS }).array().notNull().default([]),
    /** Set when the runner marks the warning signs of this check-in as seen by a healthcare professional. */
    redFlagsSeenAt: timestamp("red_flags_seen_at", { withTimezone: true }),
    /** Pain during a run that made the runner stop it (an escalation threshold, lib/checkins/escalation.ts). */
    stoppedRun: boolean("stopped_run").notNull().default(false),
    /** Perceived exertion (CR-10) of the linked run; copied to activities.rpe for session-RPE load. */
    rpe: integer("rpe"),
    notes: text("notes"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("checkins_user_at_idx").on(t.userId, t.at),
    index("checkins_activity_idx").on(t.activityId),
    check("checkins_pain_range", sql`${t.pain} between 0 and 10`),
    check("checkins_rpe_range", sql`${t.rpe} between 0 and 10`),
  ],
);
export type Checkin = typeof checkins.$inferSelect;
export type NewCheckin = typeof checkins.$inferInsert;

/** One OSTRC-O2 knee questionnaire per runner and week (Monday in the runner's time zone); `skipped` rows have no answers. */
export const ostrcResponses = pgTable(
  "ostrc_responses",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    weekStart: date("week_start", { mode: "string" }).notNull(),
    skipped: boolean("skipped").notNull().default(false),
    /** Option indexes 0–3 of the four questions, null when skipped. */
    answers: integer("answers").array(),
    severity: integer("severity"),
    substantial: boolean("substantial"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("ostrc_user_week_uq").on(t.userId, t.weekStart)],
);
export type OstrcResponse = typeof ostrcResponses.$inferSelect;

// ---------------------------------------------------------------------------------------------
// Background jobs (lib/jobs): a durable queue claimed with FOR UPDATE SKIP LOCKED, safe with many
// app instances. Lifecycle: queued → running → done | failed | cancelled; a failed attempt or a
// pause puts a running job back to queued (see lib/jobs/queue.ts).
// ---------------------------------------------------------------------------------------------

export const JOB_STATUSES = ["queued", "running", "done", "failed", "cancelled"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const jobs = pgTable(
  "jobs",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    kind: text("kind").notNull(),
    /** The runner the work is for (the fairness lane); null for system work. Deleted with the runner. */
    userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
    payload: jsonb("payload").$type<unknown>().notNull().default({}),
    /** At most one queued or running job per key (jobs_dedupe_active_uq); free again once it finishes. */
    dedupeKey: text("dedupe_key"),
    status: text("status", { enum: JOB_STATUSES }).notNull().default("queued"),
    /** Higher first, among one runner's jobs (see claimJobs). */
    priority: integer("priority").notNull().default(0),
    runAfter: timestamp("run_after", { withTimezone: true }).notNull().defaultNow(),
    /** Times a worker has started the job (a claim, including the take-over of an expired lease). */
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(8),
    /** The worker running it and until when its lease holds; both set exactly while status is running. */
    lockedBy: text("locked_by"),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lastError: text("last_error"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("jobs_dedupe_active_uq").on(t.dedupeKey).where(sql`status in ('queued', 'running')`),
    // The claim: due queued jobs, and running jobs whose lease has expired.
    index("jobs_queued_due_idx").on(t.runAfter).where(sql`status = 'queued'`),
    index("jobs_running_lease_idx").on(t.lockedUntil).where(sql`status = 'running'`),
    // Per-runner reads and writes (stats, cancel) and the users cascade.
    index("jobs_user_kind_status_idx").on(t.userId, t.kind, t.status),
    // Pruning finished jobs.
    index("jobs_finished_at_idx").on(t.finishedAt).where(sql`finished_at is not null`),
    check("jobs_status_valid", sql`${t.status} in ('queued', 'running', 'done', 'failed', 'cancelled')`),
    check("jobs_attempts_valid", sql`${t.attempts} >= 0 and ${t.maxAttempts} >= 1`),
    // A lock exists exactly while the job runs: every way out of `running` clears it.
    check("jobs_lock_iff_running", sql`(${t.status} = 'running') = (${t.lockedBy} is not null and ${t.lockedUntil} is not null)`),
  ],
);
export type Job = typeof jobs.$inferSelect;

export const usersRelations = relations(users, ({ many, one }) => ({
  activities: many(activities),
  uploads: many(uploads),
  checkins: many(checkins),
  stravaConnection: one(stravaConnections),
}));

export const activitiesRelations = relations(activities, ({ one }) => ({
  user: one(users, { fields: [activities.userId], references: [users.id] }),
}));

export const uploadsRelations = relations(uploads, ({ one }) => ({
  user: one(users, { fields: [uploads.userId], references: [users.id] }),
  activity: one(activities, { fields: [uploads.activityId], references: [activities.id] }),
}));

export const stravaConnectionsRelations = relations(stravaConnections, ({ one }) => ({
  user: one(users, { fields: [stravaConnections.userId], references: [users.id] }),
}));

/** Used by tests to prove that a deleted runner leaves nothing behind. */
export const USER_OWNED_TABLES = [
  "accounts",
  "sessions",
  "revoked_sessions",
  "strava_connections",
  "gear",
  "activities",
  "activity_streams",
  "uploads",
  "upload_files",
  "archive_imports",
  "checkins",
  "ostrc_responses",
  "jobs",
] as const;

