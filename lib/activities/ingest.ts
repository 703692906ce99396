import { createHash } from "node:crypto";
import type { Db } from "@/db/client";
import { findBySourceRef, findSameRun, insertActivity } from "@/db/queries/activities";
import { insertStreams } from "@/db/queries/streams";
import { keepOriginal, recordUpload } from "@/db/queries/uploads";
import type { NewActivity, Sport } from "@/db/schema";
import { MAX_DECOMPRESSED_BYTES } from "@/lib/import/parse-file";
import { fileSaysNothing, type SportDetected } from "@/lib/activities/infer-sport";
import { ImportError } from "@/lib/import/types";
import { localDateOf } from "@/lib/load/weeks";
import { zoneOfRecording } from "./zone";
import { surfaceForImport } from "@/lib/surface/service";
import { stripControlChars } from "@/lib/validation/text";
import { sportFromStrava } from "@/lib/strava/mapping";
import { cadenceToSpm, sportFromHint } from "./sport";
import type { DecodedActivity } from "./decode";
import { decodeOffThread } from "./decode-off-thread";

/** Bump when a metric's algorithm changes, so stored activities can be recomputed from streams. */
export const METRICS_VERSION = 2;

export interface ImportedFigures {
  sport: Sport;
  startTime: Date;
  distanceM: number;
  movingS: number;
  elapsedS: number;
  elevGainM: number | null;
  avgHr: number | null;
  avgCadenceSpm: number | null;
}

export type IngestResult =
  | {
      status: "imported";
      activityId: string;
      uploadId: string;
      name: string;
      figures: ImportedFigures;
      /** The same run from another source, counted in place of this one (the runner can undo). */
      sameRunAs: { id: string; name: string; source: string } | null;
      /** The sport inferred from how the file moved, when it did not say (lib/activities/infer-sport.ts). */
      sportDetected: SportDetected | null;
    }
  | { status: "duplicate"; activityId: string; uploadId: string; name: string }
  | { status: "failed"; uploadId: string; error: ImportError };

export interface IngestFile {
  userId: string;
  /** The runner's time zone: the activity's local date is its start in this zone. */
  timeZone: string;
  fileName: string;
  bytes: Uint8Array;
  now?: Date;
  /**
   * For a file from Strava's export archive: the activity's Strava id (so the archive and a later
   * Strava connection recognise the same activity), and the name and sport type activities.csv
   * gives it. The activity is stored with source "archive" and the Strava id as its reference.
   */
  fromArchive?: { stravaId: string; name: string | null; type: string | null };
  /**
   * Part of the sample history (lib/sample): the activity is stored with `sample = true`, and its
   * synthetic track is not looked up on OpenStreetMap.
   */
  sample?: boolean;
  /** The most a gzipped file may decompress to (default: an archive entry's 256 MB; single uploads pass less). */
  maxDecompressedBytes?: number;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** File names as shown back to the runner: no control characters, no folders, bounded. */
export function cleanFileName(name: string): string {
  const base = stripControlChars(name).split(/[\\/]/).pop()?.trim() ?? "";
  return (base || "unnamed.gpx").slice(0, 255);
}

/**
 * The sport of an archive activity: Strava's type from activities.csv ("Run", "Trail Run",
 * "Virtual Run", "Weight Training"…, mapped as the API's sport types are), except that a plain
 * "Run" whose file says treadmill or trail keeps the file's more precise answer.
 */
function sportFromArchive(type: string, fileSport: Sport): Sport {
  const sport = sportFromStrava(type.replace(/\s+/g, ""), false);
  return sport === "run" && (fileSport === "treadmill_run" || fileSport === "trail_run") ? fileSport : sport;
}

/**
 * Parses an activity file (GPX, TCX or FIT, optionally gzipped) and stores the activity, its
 * streams and the record of the upload in one transaction: all of them or none. An exact
 * re-upload (same bytes, compressed or not) is recognised by its hash — by the unique index, so two
 * simultaneous uploads of one file cannot both insert — and recorded as "duplicate"; so is an
 * archive activity already imported from the archive or from the Strava API. The same run already
 * imported from another file or source is kept but marked as a duplicate of it, so it counts once.
 * A refused file leaves only its "failed" upload record.
 */
export async function ingestFile(db: Db, file: IngestFile): Promise<IngestResult> {
  const archive = file.fromArchive;
  const fileName = cleanFileName(file.fileName);
  if (archive) {
    // Known by its Strava id (from this archive before, or from the Strava connection): no need
    // to parse the file again.
    const known =
      (await findBySourceRef(db, { userId: file.userId, source: "archive", sourceRef: archive.stravaId })) ??
      (await findBySourceRef(db, { userId: file.userId, source: "strava", sourceRef: archive.stravaId }));
    if (known) {
      const uploadId = await recordUpload(db, { userId: file.userId, fileName, sha256: sha256Hex(file.bytes), sizeBytes: file.bytes.byteLength, status: "duplicate", activityId: known.id });
      return { status: "duplicate", activityId: known.id, uploadId, name: known.name };
    }
  }
  let decoded: DecodedActivity;
  try {
    decoded = await decodeOffThread({
      fileName,
      bytes: file.bytes,
      now: file.now ?? new Date(),
      maxDecompressedBytes: file.maxDecompressedBytes ?? MAX_DECOMPRESSED_BYTES,
    });
  } catch (err) {
    if (!(err instanceof ImportError)) throw err;
    // A message may quote the file (a tag name, say), and PostgreSQL refuses NUL in text.
    const error = new ImportError(err.code, stripControlChars(err.message));
    const uploadId = await recordUpload(db, {
      userId: file.userId,
      fileName,
      sha256: sha256Hex(file.bytes),
      sizeBytes: file.bytes.byteLength,
      status: "failed",
      errorCode: error.code,
      errorMessage: error.message,
    });
    return { status: "failed", uploadId, error };
  }
  const sha256 = decoded.sha256;
  const base = { userId: file.userId, fileName, sha256, sizeBytes: file.bytes.byteLength };
  const source: NewActivity["source"] = archive ? "archive" : decoded.format;
  const sourceRef = archive ? archive.stravaId : sha256;

  const existing =
    (await findBySourceRef(db, { userId: file.userId, source, sourceRef })) ??
    (archive ? await findBySourceRef(db, { userId: file.userId, source: "strava", sourceRef: archive.stravaId }) : null);
  if (existing) {
    const uploadId = await recordUpload(db, { ...base, status: "duplicate", activityId: existing.id });
    return { status: "duplicate", activityId: existing.id, uploadId, name: existing.name };
  }
  const summary = decoded.summary;
  const speed = summary.movingS > 0 ? summary.distanceM / summary.movingS : 0;
  const title = archive?.name?.trim() || decoded.name?.trim() || null;
  // Inferred on the heavy-work thread from how it moved; an archive's own type, or a title that says
  // what it was, decides instead.
  const sportDetected = archive?.type || !fileSaysNothing(decoded.typeHint, title) ? null : decoded.sportDetected;
  const fileSport = sportDetected?.sport ?? sportFromHint(decoded.typeHint, speed, title);
  const sport = archive?.type ? sportFromArchive(archive.type, fileSport) : fileSport;
  const hint = archive?.type ?? decoded.typeHint;
  // The zone it was recorded in (the file's offset, its start position, else the runner's zone): lib/activities/zone.ts.
  // Sample runs are the runner's own week, in their zone.
  const timeZone = file.sample ? file.timeZone : zoneOfRecording(decoded.fileOffsetMin, { length: decoded.lat.length, lat: decoded.lat, lon: decoded.lon }, summary.startTime, file.timeZone);
  const localDate = localDateOf(summary.startTime, timeZone);
  const name = (title || `${sport === "run" ? "Run" : "Activity"} on ${localDate}`).slice(0, 200);
  const figures: ImportedFigures = {
    sport,
    startTime: summary.startTime,
    distanceM: summary.distanceM,
    movingS: summary.movingS,
    elapsedS: summary.elapsedS,
    elevGainM: summary.elevGainM,
    avgHr: summary.avgHr,
    avgCadenceSpm: cadenceToSpm(summary.avgCadenceRaw, sport),
  };
  const streams = decoded.streams;
  const { label, routeShape } = await surfaceForImport(
    db,
    file.userId,
    {
      sport,
      source,
      // A run recorded without any position but with a device distance was on a machine.
      trainer: decoded.hasDeviceDistance && !decoded.hasPositions && summary.distanceM > 0,
      typeHint: hint,
      name: title,
      distanceM: summary.distanceM,
      lat: decoded.lat,
      lon: decoded.lon,
    },
    { osm: !file.sample },
  );

  const original = Buffer.from(decoded.originalGz.buffer, decoded.originalGz.byteOffset, decoded.originalGz.byteLength);
  return db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    const sameRunAs = await findSameRun(tx, {
      userId: file.userId,
      startTime: summary.startTime,
      elapsedS: summary.elapsedS,
      distanceM: summary.distanceM,
    });
    const activityId = await insertActivity(tx, {
      userId: file.userId,
      source,
      sourceRef,
      name,
      localDate,
      timeZone,
      ...figures,
      elevLossM: summary.elevLossM,
      maxHr: summary.maxHr,
      avgPowerW: summary.avgPowerW,
      duplicateOf: sameRunAs?.id ?? null,
      metricsVersion: METRICS_VERSION,
      surface: label.surface,
      surfaceSource: label.source,
      surfaceConfidence: label.confidence,
      surfaceSplit: label.split,
      routeShape,
      sportDetected: sportDetected?.sport ?? null,
      sportNote: sportDetected?.reason ?? null,
      ...(file.sample ? { sample: true } : {}),
    });
    if (activityId === null) {
      // The same file was imported by a concurrent request a moment ago: the unique index held.
      const again = await findBySourceRef(tx, { userId: file.userId, source, sourceRef });
      if (!again) throw new Error("a conflicting import vanished");
      const uploadId = await recordUpload(tx, { ...base, status: "duplicate", activityId: again.id });
      return { status: "duplicate", activityId: again.id, uploadId, name: again.name } as const;
    }
    await insertStreams(tx, { activityId, userId: file.userId, ...streams });
    // The original, for the runner's export (compressed once, here, off the read path).
    await keepOriginal(tx, { userId: file.userId, sha256, fileName, gz: original });
    const uploadId = await recordUpload(tx, { ...base, status: "imported", activityId });
    return { status: "imported", activityId, uploadId, name, figures, sameRunAs, sportDetected } as const;
  });
}
