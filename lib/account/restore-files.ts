import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { PackedStreams } from "@/lib/activities/streams";
import type { Archive } from "@/lib/import/archive";
import { MAX_POINTS_PER_ACTIVITY, tooManyPointsError } from "@/lib/import/track";
import { ImportError } from "@/lib/import/types";
import { exportStreamsSchema } from "./export-format";

/**
 * The files a restored activity names — its streams and its original file — read and checked on a
 * heavy-work thread (lib/workers/tasks.ts "restoreFiles"). Streams above the per-activity point cap
 * refuse the activity (`refused`); damaged ones or a missing or altered original leave the activity
 * restored without them, with the reason in `problems` (the import counts reasons, it does not log
 * each one).
 */

/** 250,000 points of every column in base64, with room for the JSON around them. */
export const STREAMS_ENTRY_MAX_BYTES = 16 * 1024 * 1024;

export interface RestoreFilesInput {
  streams: string | null;
  original: { path: string; sha256: string } | null;
}

export interface RestoreFiles {
  /** The activity must not be restored: why. */
  refused: string | null;
  streams: PackedStreams | null;
  original: { sha256: string; gz: Uint8Array; sizeBytes: number } | null;
  problems: string[];
}

function readStreams(bytes: Uint8Array): PackedStreams {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"));
  } catch {
    throw new Error("not valid JSON");
  }
  const parsed = exportStreamsSchema.safeParse(value);
  if (!parsed.success) throw new Error(`not streams (${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message})`);
  const s = parsed.data;
  if (s.pointCount > MAX_POINTS_PER_ACTIVITY) throw tooManyPointsError();
  const buf = (b64: string) => Buffer.from(b64, "base64");
  const opt = (b64: string | null) => (b64 === null ? null : buf(b64));
  const packed: PackedStreams = {
    pointCount: s.pointCount,
    timeS: buf(s.timeS),
    distanceM: buf(s.distanceM),
    latLon: buf(s.latLon),
    altitudeM: opt(s.altitudeM),
    heartRate: opt(s.heartRate),
    cadence: opt(s.cadence),
    powerW: opt(s.powerW),
    segmentStarts: buf(s.segmentStarts),
  };
  const n = packed.pointCount;
  const sized = (b: Buffer | null, size: number) => b === null || b.byteLength === size;
  const ok =
    sized(packed.timeS, 4 * n) &&
    sized(packed.distanceM, 4 * n) &&
    sized(packed.latLon, 8 * n) &&
    sized(packed.altitudeM, 4 * n) &&
    sized(packed.heartRate, 4 * n) &&
    sized(packed.cadence, 4 * n) &&
    sized(packed.powerW, 4 * n) &&
    packed.segmentStarts.byteLength % 4 === 0 &&
    packed.segmentStarts.byteLength / 4 <= Math.max(n, 1);
  if (!ok) throw new Error(`the arrays do not hold ${n} points`);
  return packed;
}

export async function readRestoreFiles(archive: Archive, input: RestoreFilesInput): Promise<RestoreFiles> {
  const out: RestoreFiles = { refused: null, streams: null, original: null, problems: [] };
  if (input.streams) {
    const entry = archive.find(input.streams);
    if (entry) {
      try {
        out.streams = readStreams(await archive.read(entry, { maxBytes: STREAMS_ENTRY_MAX_BYTES }));
      } catch (err) {
        if (err instanceof ImportError && err.code === "too_large") {
          out.refused = tooManyPointsError().message;
          return out;
        }
        if (err instanceof ImportError || (err instanceof Error && !("syscall" in err))) out.problems.push(`streams not restored: ${err.message.slice(0, 100)}`);
        else throw err;
      }
    }
  }
  if (input.original) {
    const entry = archive.find(input.original.path);
    if (entry) {
      try {
        const bytes = await archive.read(entry);
        const sha256 = createHash("sha256").update(bytes).digest("hex");
        if (sha256 !== input.original.sha256) out.problems.push("original file not restored: not the file activities.json names");
        else out.original = { sha256, gz: gzipSync(bytes, { level: 6 }), sizeBytes: bytes.byteLength };
      } catch (err) {
        if (!(err instanceof ImportError)) throw err;
        out.problems.push(`original file not restored: ${err.code}`);
      }
    }
  }
  return out;
}
