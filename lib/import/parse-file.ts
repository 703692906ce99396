import { gunzipSync } from "node:zlib";
import { activityFileFormat } from "./archive";
import { parseFit } from "./fit";
import { parseGpx } from "./gpx";
import { isGzip, sniffFormat } from "./sniff";
import { parseTcx } from "./tcx";
import { type FileFormat, ImportError, type ParsedActivity } from "./types";

/**
 * One activity file of any format Patella reads — .gpx, .tcx, .fit, each optionally gzipped — to a
 * ParsedActivity, chosen by the file's content (lib/import/sniff.ts: gzip magic, FIT header, XML
 * root element), so a TCX named .gpx or a gzip without .gz still imports; the name decides only
 * when the content is none of these (the parser's refusal then says why). Throws only ImportError.
 */

/** A gzipped file may not decompress to more than this (a "gzip bomb" is refused, not inflated). */
export const MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024;

export interface ParsedFile {
  format: FileFormat;
  parsed: ParsedActivity;
  /** The device's cumulative distance per point (FIT records, TCX DistanceMeters), or null. */
  deviceDistanceM: Float64Array | null;
  /** The bytes the parser read (decompressed): their hash identifies the file. */
  bytes: Uint8Array;
}

export const ACCEPTED_EXTENSIONS = [".gpx", ".tcx", ".fit", ".gpx.gz", ".tcx.gz", ".fit.gz"] as const;

export function gunzipActivity(bytes: Uint8Array, limit = MAX_DECOMPRESSED_BYTES): Uint8Array {
  try {
    return new Uint8Array(gunzipSync(bytes, { maxOutputLength: limit }));
  } catch (err) {
    if (err instanceof RangeError || (err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") {
      throw new ImportError("too_large", `The file decompresses to more than ${Math.round(limit / 1024 / 1024)} MB; Patella does not read files that large.`);
    }
    throw new ImportError("malformed", "The file is named .gz but is not a valid gzip file (truncated or damaged).");
  }
}

/**
 * What a single uploaded .gz may decompress to: less than an archive entry, as a single upload
 * needs no more (a 250,000-point GPX with every extension is about 90 MB).
 */
export const MAX_SINGLE_DECOMPRESSED_BYTES = 128 * 1024 * 1024;

export function parseActivityFile(fileName: string, raw: Uint8Array, now: Date = new Date(), maxDecompressedBytes = MAX_DECOMPRESSED_BYTES): ParsedFile {
  const kind = activityFileFormat(fileName);
  if (!kind) {
    throw new ImportError("unsupported_format", `Patella reads ${ACCEPTED_EXTENSIONS.join(", ")} files (and Strava's export as a .zip); this file is none of those.`);
  }
  const bytes = isGzip(raw) ? gunzipActivity(raw, maxDecompressedBytes) : raw;
  const sniffed = sniffFormat(bytes);
  if (sniffed === null && kind.gzipped && bytes === raw) gunzipActivity(raw, maxDecompressedBytes); // named .gz, neither gzip nor a known format: refused as such
  const format = sniffed === "fit" || sniffed === "gpx" || sniffed === "tcx" ? sniffed : kind.format;
  switch (format) {
    case "gpx":
      return { format: "gpx", parsed: parseGpx(bytes, now), deviceDistanceM: null, bytes };
    case "tcx": {
      const parsed = parseTcx(bytes, now);
      return { format: "tcx", parsed, deviceDistanceM: parsed.deviceDistanceM, bytes };
    }
    case "fit": {
      const parsed = parseFit(bytes, now);
      return { format: "fit", parsed, deviceDistanceM: parsed.deviceDistanceM, bytes };
    }
  }
}
