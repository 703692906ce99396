import { createHash } from "node:crypto";
import { z } from "zod";
import {
  ACTIVITY_SOURCES,
  KNEE_LOCATIONS,
  KNEE_SIDES,
  PAIN_TIMINGS,
  RED_FLAGS,
  SPORTS,
  SURFACE_CONFIDENCES,
  SURFACE_SOURCES,
  SURFACES,
  UNITS,
} from "@/db/schema";
import { isValidTimeZone } from "@/lib/time-zones";
import { stripControlChars } from "@/lib/validation/text";

/**
 * The runner's export, format version 1: what is in the ZIP, and the schemas a restore checks each
 * record against (the archive is a file from outside, however much it looks like ours).
 *
 *   patella-export.json     manifest: format, version, exportedAt, settings, counts, contents
 *   activities.json         every activity, restorable (links as (source, sourceRef), not database ids)
 *   activities.csv          a readable subset, one row per activity, units in the headers
 *   checkins.json / .csv    every check-in, its run as (source, sourceRef)
 *   ostrc.json              the weekly OSTRC-O2 answers
 *   gear.json               shoes and bikes as Strava reported them
 *   streams/<…>.json        an activity's recorded points (named in its activities.json record)
 *   files/<sha>-<name>      the original uploaded files, as uploaded (not compressed)
 *
 * Not in it: sign-in bookkeeping (password hash, Strava tokens, session version, revoked sessions).
 */

export const EXPORT_FORMAT = "patella-export";
export const EXPORT_VERSION = 1;

export const ENTRY = {
  manifest: "patella-export.json",
  activitiesJson: "activities.json",
  activitiesCsv: "activities.csv",
  checkinsJson: "checkins.json",
  checkinsCsv: "checkins.csv",
  ostrc: "ostrc.json",
  gear: "gear.json",
} as const;

/** What each part holds, written into the manifest for whoever opens the ZIP. */
export const CONTENTS: Record<string, string> = {
  [ENTRY.activitiesJson]: "Every activity with all its figures; restorable by Patella (Upload → Import an archive).",
  [ENTRY.activitiesCsv]: "The same activities for spreadsheets: one row each, units in the column names.",
  [ENTRY.checkinsJson]: "Every knee check-in; `activity` names the run as its source and reference.",
  [ENTRY.checkinsCsv]: "The same check-ins for spreadsheets.",
  [ENTRY.ostrc]: "The weekly OSTRC-O2 questionnaire answers (option indexes 0–3).",
  [ENTRY.gear]: "Shoes and bikes as Strava reported them.",
  "streams/": "Each activity's recorded points: base64 of little-endian arrays (Float32 seconds and metres, Int32 pairs of 1e-7 degrees, Float32 altitude, heart rate, cadence, power; Int32 segment starts).",
  "files/": "The files you uploaded, byte for byte as they were imported.",
};

// ---------------------------------------------------------------------------------------------
// Entry names

const SAFE_REF = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * The streams entry of an activity: its source and reference when those are plain, else a hash of
 * the reference (with a "." that a plain reference never has, so the two kinds never collide).
 */
export function streamsEntryName(source: string, sourceRef: string): string {
  if (SAFE_REF.test(sourceRef)) return `streams/${source}-${sourceRef}.json`;
  return `streams/${source}-${createHash("sha256").update(sourceRef).digest("hex").slice(0, 32)}.h.json`;
}

/** An original file's entry: the start of its hash (unique) and its name without a trailing ".gz" (it is stored as uploaded). */
export function originalFileEntryName(sha256: string, fileName: string): string {
  const base = fileName.replace(/\.gz$/i, "").replace(/[^A-Za-z0-9._ ()-]+/g, "_").replace(/^[.\s]+/, "").slice(-100) || "file";
  return `files/${sha256.slice(0, 16)}-${base}`;
}

// ---------------------------------------------------------------------------------------------
// Records as written (export) and as accepted (restore)

const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const calendarDate = z.iso.date();
const zone = z.string().refine(isValidTimeZone, "unknown time zone");
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, "not base64");
const text = (max: number) => z.string().max(max).transform((s) => stripControlChars(s));
const finite = z.number().refine(Number.isFinite, "not a finite number");
const nonNegative = finite.refine((n) => n >= 0, "negative");
const count = z.number().int().min(0).max(2_147_483_647);

export const activityRefSchema = z.object({ source: z.enum(ACTIVITY_SOURCES), sourceRef: z.string().min(1).max(200) });
export type ActivityRef = z.infer<typeof activityRefSchema>;

const SPLIT_SURFACES = SURFACES.filter((s) => s !== "mixed" && s !== "unknown") as [Exclude<(typeof SURFACES)[number], "mixed" | "unknown">, ...Exclude<(typeof SURFACES)[number], "mixed" | "unknown">[]];

export const exportActivitySchema = z.object({
  source: z.enum(ACTIVITY_SOURCES),
  sourceRef: z.string().min(1).max(200),
  sport: z.enum(SPORTS),
  name: text(500),
  startTime: instant,
  localDate: calendarDate,
  timeZone: zone,
  distanceM: nonNegative,
  movingS: count,
  elapsedS: count,
  elevGainM: finite.nullable(),
  elevLossM: finite.nullable(),
  avgHr: finite.nullable(),
  maxHr: finite.nullable(),
  avgCadenceSpm: finite.nullable(),
  avgPowerW: finite.nullable(),
  rpe: z.number().int().min(0).max(10).nullable(),
  /** The runner's notes (older exports have none). */
  notes: text(2000).nullable().default(null),
  /** The fields the runner edited here, which a Strava update leaves alone (older exports: none). */
  editedFields: z.array(z.enum(["name", "sport"])).max(2).default([]),
  load: finite.nullable(),
  surface: z.enum(SURFACES).nullable(),
  surfaceSource: z.enum(SURFACE_SOURCES).nullable(),
  surfaceConfidence: z.enum(SURFACE_CONFIDENCES).nullable(),
  surfaceSplit: z.array(z.object({ surface: z.enum(SPLIT_SURFACES), distanceM: nonNegative })).max(20).nullable(),
  routeShape: base64.max(1_000_000).nullable(),
  gearId: z.string().max(100).nullable(),
  polyline: z.string().max(10_000_000).nullable(),
  duplicateOf: activityRefSchema.nullable(),
  sample: z.boolean(),
  metricsVersion: z.number().int().min(0).max(1_000_000),
  createdAt: instant,
  /** The entry holding its streams, or null. */
  streams: z.string().startsWith("streams/").max(300).nullable(),
  /** The original file it was imported from, or null (Strava, manual). */
  originalFile: z.object({ path: z.string().startsWith("files/").max(300), sha256: z.string().regex(/^[0-9a-f]{64}$/), fileName: z.string().min(1).max(255) }).nullable(),
});
export type ExportActivityIn = z.infer<typeof exportActivitySchema>;
/** As written: instants as ISO strings. */
export type ExportActivity = Omit<ExportActivityIn, "startTime" | "createdAt"> & { startTime: string; createdAt: string };

export const exportStreamsSchema = z.object({
  pointCount: z.number().int().min(0).max(20_000_000),
  timeS: base64,
  distanceM: base64,
  latLon: base64,
  altitudeM: base64.nullable(),
  heartRate: base64.nullable(),
  cadence: base64.nullable(),
  powerW: base64.nullable(),
  segmentStarts: base64,
});
export type ExportStreams = z.infer<typeof exportStreamsSchema>;

export const exportCheckinSchema = z.object({
  at: instant,
  localDate: calendarDate,
  timeZone: zone,
  pain: z.number().int().min(0).max(10),
  timing: z.enum(PAIN_TIMINGS),
  locations: z.array(z.enum(KNEE_LOCATIONS)).max(KNEE_LOCATIONS.length),
  side: z.enum(KNEE_SIDES).nullable(),
  redFlags: z.array(z.enum(RED_FLAGS)).max(RED_FLAGS.length),
  redFlagsSeenAt: instant.nullable(),
  /** Added with the severity thresholds: older exports do not have it. */
  stoppedRun: z.boolean().default(false),
  rpe: z.number().int().min(0).max(10).nullable(),
  notes: text(1000).nullable(),
  activity: activityRefSchema.nullable(),
  sample: z.boolean(),
  createdAt: instant,
  updatedAt: instant,
});
export type ExportCheckinIn = z.infer<typeof exportCheckinSchema>;
export type ExportCheckin = Omit<ExportCheckinIn, "at" | "redFlagsSeenAt" | "createdAt" | "updatedAt"> & {
  at: string;
  redFlagsSeenAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export const exportOstrcSchema = z.object({
  weekStart: calendarDate,
  skipped: z.boolean(),
  answers: z.array(z.number().int().min(0).max(3)).length(4).nullable(),
  severity: z.number().int().min(0).max(100).nullable(),
  substantial: z.boolean().nullable(),
  createdAt: instant,
  updatedAt: instant,
});
export type ExportOstrc = Omit<z.infer<typeof exportOstrcSchema>, "createdAt" | "updatedAt"> & { createdAt: string; updatedAt: string };

export const exportGearSchema = z.object({
  source: z.literal("strava"),
  sourceRef: z.string().min(1).max(100),
  kind: z.enum(["shoe", "bike"]),
  name: text(200),
  distanceM: nonNegative,
  primary: z.boolean(),
  retired: z.boolean(),
});
export type ExportGear = z.infer<typeof exportGearSchema>;

export const exportSettingsSchema = z.object({
  units: z.enum(UNITS),
  timeZone: zone,
  sex: z.enum(["female", "male"]).nullable(),
  hrRest: z.number().int().min(25).max(120).nullable(),
  hrMax: z.number().int().min(100).max(240).nullable(),
});
export type ExportSettings = z.infer<typeof exportSettingsSchema>;

export interface ExportCounts {
  activities: number;
  streams: number;
  checkins: number;
  ostrc: number;
  gear: number;
  files: number;
}

export interface ExportManifest {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  app: "Patella";
  settings: ExportSettings;
  counts: ExportCounts;
  contents: Record<string, string>;
}

/** Only what a restore needs to trust: the rest is checked part by part. */
export const manifestSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.number().int().min(1),
  exportedAt: z.string().optional(),
  settings: z.unknown().optional(),
});
