import { createHash } from "node:crypto";
import type { Db } from "@/db/client";
import { findBySourceRef, insertActivity } from "@/db/queries/activities";
import { recordUpload } from "@/db/queries/uploads";
import { parseGpx } from "@/lib/import/gpx";
import { ImportError } from "@/lib/import/types";
import { localDateOf } from "@/lib/load/weeks";
import { summarizeTrack } from "@/lib/metrics/summary";
import { cadenceToSpm, sportFromHint } from "./sport";

export const METRICS_VERSION = 1;

export type IngestResult =
  | { status: "imported"; activityId: string; uploadId: string }
  | { status: "duplicate"; activityId: string; uploadId: string; name: string }
  | { status: "failed"; uploadId: string; error: ImportError };

export interface IngestFile {
  userId: string;
  /** The runner's time zone: the activity's local date is its start in this zone. */
  timeZone: string;
  fileName: string;
  bytes: Uint8Array;
  now?: Date;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Parses a GPX file and stores the activity together with the record of the upload, in one
 * transaction: either both rows exist or neither does. An exact re-upload (same bytes) is
 * recognised by its hash and stored as a "duplicate" upload pointing to the existing activity.
 * A refused file leaves only its "failed" upload record, with the reason the runner was shown.
 */
export async function ingestGpxFile(db: Db, file: IngestFile): Promise<IngestResult> {
  const sha256 = sha256Hex(file.bytes);
  const base = { userId: file.userId, fileName: file.fileName.slice(0, 255), sha256, sizeBytes: file.bytes.byteLength };

  const existing = await findBySourceRef(db, { userId: file.userId, source: "gpx", sourceRef: sha256 });
  if (existing) {
    const uploadId = await recordUpload(db, { ...base, status: "duplicate", activityId: existing.id });
    return { status: "duplicate", activityId: existing.id, uploadId, name: existing.name };
  }

  let parsed;
  try {
    parsed = parseGpx(file.bytes, file.now);
  } catch (err) {
    if (!(err instanceof ImportError)) throw err;
    const uploadId = await recordUpload(db, { ...base, status: "failed", errorCode: err.code, errorMessage: err.message });
    return { status: "failed", uploadId, error: err };
  }

  const summary = summarizeTrack(parsed.track);
  const speed = summary.movingS > 0 ? summary.distanceM / summary.movingS : 0;
  const sport = sportFromHint(parsed.typeHint, speed);
  const localDate = localDateOf(summary.startTime, file.timeZone);

  return db.transaction(async (tx) => {
    const activityId = await insertActivity(tx as unknown as Db, {
      userId: file.userId,
      source: "gpx",
      sourceRef: sha256,
      sport,
      name: (parsed.name?.trim() || `Run on ${localDate}`).slice(0, 200),
      startTime: summary.startTime,
      localDate,
      timeZone: file.timeZone,
      distanceM: summary.distanceM,
      movingS: summary.movingS,
      elapsedS: summary.elapsedS,
      elevGainM: summary.elevGainM,
      avgHr: summary.avgHr,
      maxHr: summary.maxHr,
      avgCadenceSpm: cadenceToSpm(summary.avgCadenceRaw, sport),
      metricsVersion: METRICS_VERSION,
    });
    if (activityId === null) {
      // The same file was imported concurrently a moment ago.
      const again = await findBySourceRef(tx as unknown as Db, { userId: file.userId, source: "gpx", sourceRef: sha256 });
      const uploadId = await recordUpload(tx as unknown as Db, { ...base, status: "duplicate", activityId: again?.id ?? null });
      return { status: "duplicate", activityId: again?.id ?? "", uploadId, name: again?.name ?? "" } as const;
    }
    const uploadId = await recordUpload(tx as unknown as Db, { ...base, status: "imported", activityId });
    return { status: "imported", activityId, uploadId } as const;
  });
}
