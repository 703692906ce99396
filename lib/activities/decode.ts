import { createHash } from "node:crypto";
import { inferSport, type SportDetected } from "./infer-sport";
import { fileOffsetMinutes } from "./zone";
import { gzipSync } from "node:zlib";
import { parseActivityFile } from "@/lib/import/parse-file";
import type { FileFormat } from "@/lib/import/types";
import { hasPositions } from "@/lib/metrics/distance";
import { type ActivitySummary, summarizeTrack } from "@/lib/metrics/summary";
import { packStreams, type PackedStreams } from "./streams";

/**
 * Everything the ingest needs from an activity file, computed on a heavy-work thread
 * (lib/workers/tasks.ts "decode"): gunzip, parse, every metric, the packed streams and the
 * compressed original. The ingest (lib/activities/ingest.ts) then only looks things up and writes.
 */
export interface DecodedActivity {
  format: FileFormat;
  name: string | null;
  typeHint: string | null;
  /** The sha256 of the bytes the parser read (decompressed): the file's identity. */
  sha256: string;
  summary: Omit<ActivitySummary, "stepsM">;
  /** The device gave its own distance per point (FIT, TCX). */
  hasDeviceDistance: boolean;
  hasPositions: boolean;
  lat: Float64Array;
  lon: Float64Array;
  streams: PackedStreams;
  /** The decompressed file, gzipped again, for the runner's export. */
  originalGz: Uint8Array;
  /** The sport inferred from how it moved when the file does not say (lib/activities/infer-sport.ts), or null. */
  sportDetected: SportDetected | null;
  /** The UTC offset on the file's first timestamp, in minutes east of UTC, or null (lib/activities/zone.ts). */
  fileOffsetMin: number | null;
}

export interface DecodeInput {
  fileName: string;
  bytes: Uint8Array;
  now: Date;
  /** The most a gzipped file may decompress to. */
  maxDecompressedBytes: number;
}

export function decodeActivity({ fileName, bytes, now, maxDecompressedBytes }: DecodeInput): DecodedActivity {
  const decoded = parseActivityFile(fileName, bytes, now, maxDecompressedBytes);
  const { track } = decoded.parsed;
  const { stepsM, ...summary } = summarizeTrack(track, decoded.deviceDistanceM);
  return {
    format: decoded.format,
    name: decoded.parsed.name,
    typeHint: decoded.parsed.typeHint,
    sha256: createHash("sha256").update(decoded.bytes).digest("hex"),
    summary,
    hasDeviceDistance: decoded.deviceDistanceM !== null,
    hasPositions: hasPositions(track),
    lat: track.lat.slice(0, track.length),
    lon: track.lon.slice(0, track.length),
    streams: packStreams(track, stepsM, summary.startTime.getTime()),
    originalGz: gzipSync(decoded.bytes, { level: 6 }),
    fileOffsetMin: fileOffsetMinutes(decoded.bytes),
    sportDetected: inferSport({ typeHint: decoded.parsed.typeHint, name: decoded.parsed.name, track, stepsM, ...summary }),
  };
}
