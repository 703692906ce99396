import { createWriteStream } from "node:fs";
import { readFile, stat, writeFile } from "node:fs/promises";
import { pipeline as pipelineCb, Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import yazl from "yazl";

/**
 * Strava-like "download your data" archives for tests and benchmarks, written with yazl as a
 * stream: activities may come from a (async) generator and file contents from chunk generators,
 * so thousands of entries and gigabytes never sit in memory at once.
 */

/** File contents: bytes, a string (UTF-8), or a function giving the contents chunk by chunk. */
export type Contents = Uint8Array | string | (() => Iterable<Uint8Array> | AsyncIterable<Uint8Array>);

export interface ArchiveActivity {
  id: string | number;
  format: "gpx" | "tcx" | "fit";
  /** Gzip the file and name it "<…>.<format>.gz", as Strava does. */
  gz: boolean;
  /** The file itself, before gzip. */
  bytes: Contents;
  /** The entry's name; default "activities/<id>.<format>[.gz]". */
  fileName?: string;
  /** For the generated activities.csv row (defaults: "Run <id>", "Run", "May 6, 2024, 4:02:34 AM", 1800 s, 5000 m). */
  name?: string;
  type?: string;
  date?: string;
  elapsedS?: number;
  distanceM?: number;
}

export interface ExtraEntry {
  /** Any name, even one yazl refuses ("../x", "/etc/passwd", "C:\\x", NUL…): see below. */
  name: string;
  bytes: Contents;
  /** Unix mode and type, e.g. 0o120777 for a symlink (default 0o100664). */
  mode?: number;
  /** Deflate (default) or store. */
  compress?: boolean;
}

export type CsvCell = string | number | null;

export interface ArchiveSpec {
  activities?: Iterable<ArchiveActivity> | AsyncIterable<ArchiveActivity>;
  /** Header of activities.csv (default STRAVA_HEADER). */
  csvHeader?: readonly string[];
  /** Rows written after the header, as given; undefined → one generated row per activity; null → no activities.csv. */
  csvRows?: readonly (readonly CsvCell[])[] | null;
  /** activities.csv exactly as these bytes (wins over csvHeader and csvRows). */
  csvBytes?: Uint8Array | string;
  /** Name of the CSV entry (default "activities.csv"). */
  csvName?: string;
  extraEntries?: Iterable<ExtraEntry>;
  /** Deflate activity files (default true). */
  compress?: boolean;
  /** Deflate level, 1–9, for entries and for gzipped activity files (default 6). */
  compressionLevel?: number;
}

/** The 103-column English header of a 2024–25 Strava export ("Elapsed Time", "Distance", "Max Heart Rate", "Relative Effort" and "Commute" twice). */
export const STRAVA_HEADER: readonly string[] = (
  "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,Distance,Max Heart Rate,Relative Effort,Commute," +
  "Activity Private Note,Activity Gear,Filename,Athlete Weight,Bike Weight,Elapsed Time,Moving Time,Distance,Max Speed,Average Speed," +
  "Elevation Gain,Elevation Loss,Elevation Low,Elevation High,Max Grade,Average Grade,Average Positive Grade,Average Negative Grade," +
  "Max Cadence,Average Cadence,Max Heart Rate,Average Heart Rate,Max Watts,Average Watts,Calories,Max Temperature,Average Temperature," +
  "Relative Effort,Total Work,Number of Runs,Uphill Time,Downhill Time,Other Time,Perceived Exertion,Type,Start Time,Weighted Average Power," +
  "Power Count,Prefer Perceived Exertion,Perceived Relative Effort,Commute,Total Weight Lifted,From Upload,Grade Adjusted Distance," +
  "Weather Observation Time,Weather Condition,Weather Temperature,Apparent Temperature,Dewpoint,Humidity,Weather Pressure,Wind Speed," +
  "Wind Gust,Wind Bearing,Precipitation Intensity,Sunrise Time,Sunset Time,Moon Phase,Bike,Gear,Precipitation Probability,Precipitation Type," +
  "Cloud Cover,Weather Visibility,UV Index,Weather Ozone,Jump Count,Total Grit,Average Flow,Flagged,Average Elapsed Speed,Dirt Distance," +
  "Newly Explored Distance,Newly Explored Dirt Distance,Activity Count,Total Steps,Carbon Saved,Pool Length,Training Load,Intensity," +
  "Average Grade Adjusted Pace,Timer Time,Total Cycles,Recovery,With Pet,Competition,Long Run,For a Cause,With Kid,Downhill Distance," +
  "Total Sets,Total Reps,Media"
).split(",");

/** `total` bytes of `fill`, in chunks that share one buffer (so 100 MB of zeros costs 1 MB). */
export function repeated(total: number, fill = 0, chunkSize = 1024 * 1024): () => Iterable<Uint8Array> {
  return function* () {
    const chunk = Buffer.alloc(Math.min(chunkSize, total), fill);
    for (let left = total; left > 0; left -= chunk.length) yield left >= chunk.length ? chunk : chunk.subarray(0, left);
  };
}

/** Gzips contents in memory (for small test files and for gzip bombs, whose gzip is small). */
export async function gzipBytes(contents: Contents): Promise<Buffer> {
  const parts: Buffer[] = [];
  await pipeline(toStream(contents), createGzip(), async (source: AsyncIterable<Buffer>) => {
    for await (const c of source) parts.push(c);
  });
  return Buffer.concat(parts);
}

export function activityEntryName(a: ArchiveActivity): string {
  return a.fileName ?? `activities/${a.id}.${a.format}${a.gz ? ".gz" : ""}`;
}

function asBuffer(c: Uint8Array | string): Buffer {
  return typeof c === "string" ? Buffer.from(c, "utf8") : Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
}

async function* buffers(chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  for await (const c of chunks) yield asBuffer(c);
}

function toStream(contents: Contents): Readable {
  return typeof contents === "function" ? Readable.from(buffers(contents())) : Readable.from([asBuffer(contents)]);
}

function csvField(cell: CsvCell): string {
  const s = cell === null ? "" : String(cell);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: readonly CsvCell[]): string {
  return cells.map(csvField).join(",") + "\n";
}

/** A row for `header` from an activity, filling the first and second "Elapsed Time"/"Distance" as Strava does (km, then metres). */
export function csvRowFor(a: ArchiveActivity, header: readonly string[] = STRAVA_HEADER): CsvCell[] {
  const seen = new Map<string, number>();
  const elapsed = a.elapsedS ?? 1800;
  const metres = a.distanceM ?? 5000;
  return header.map((column) => {
    const nth = (seen.get(column) ?? 0) + 1;
    seen.set(column, nth);
    switch (column) {
      case "Activity ID":
        return String(a.id);
      case "Activity Date":
        return a.date ?? "May 6, 2024, 4:02:34 AM";
      case "Activity Name":
        return a.name ?? `Run ${a.id}`;
      case "Activity Type":
        return a.type ?? "Run";
      case "Elapsed Time":
        return nth === 1 ? String(Math.round(elapsed)) : elapsed.toFixed(1);
      case "Distance":
        return nth === 1 ? (metres / 1000).toFixed(2) : metres.toFixed(1);
      case "Filename":
        return activityEntryName(a);
      case "Commute":
        return "false";
      default:
        return null;
    }
  });
}

// Names yazl would refuse or rewrite are written under a placeholder of the same UTF-8 length and
// patched into the local and central headers afterwards (test archives only: the file is read whole).
function needsPatch(name: string): boolean {
  return /[\\\u0000]|^\/|^[A-Za-z]:|(^|\/)\.\.(\/|$)|\/$/.test(name) || name === "";
}

const PATCH_MAX_FILE = 256 * 1024 * 1024;

/**
 * Writes a ZIP at `path`: activities (streamed, a few entries ahead at most), then the extra
 * entries, then activities.csv (last, so rows generated from an async source need no second pass).
 */
export async function makeArchive(path: string, spec: ArchiveSpec): Promise<void> {
  const zip = new yazl.ZipFile();
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const failed = new Promise<never>((_, reject) => {
    zip.on("error", (e: unknown) => {
      failure = e;
      wake?.();
      reject(e);
    });
  });
  failed.catch(() => {});
  const written = pipeline(zip.outputStream, createWriteStream(path));
  written.catch(() => {});

  const gzipOptions = spec.compressionLevel ? { level: spec.compressionLevel } : {};
  const WINDOW = 4;
  let waiting = 0; // added to yazl, data not yet pulled
  const renames: { placeholder: string; real: string }[] = [];

  async function add(name: string, contents: Contents, gz: boolean, options: { compress: boolean; mode?: number }) {
    while (waiting >= WINDOW && failure === null) await new Promise<void>((resolve) => (wake = resolve));
    if (failure !== null) throw failure;
    let entryName = name;
    if (needsPatch(name)) {
      const length = Buffer.byteLength(name, "utf8");
      entryName = `~${renames.length}~`.padEnd(length, "q");
      if (Buffer.byteLength(entryName) !== length) throw new Error(`makeArchive: name too short to patch: ${JSON.stringify(name)}`);
      renames.push({ placeholder: entryName, real: name });
    }
    waiting++;
    const yazlOptions = {
      compress: options.compress,
      ...(options.compress && spec.compressionLevel ? { compressionLevel: spec.compressionLevel } : {}),
      ...(options.mode !== undefined ? { mode: options.mode } : {}),
      mtime: new Date("2024-05-06T04:02:34Z"),
    };
    // yazl keeps every entry (and so this callback) until the end: hold the contents only until used.
    let held: Contents | null = contents;
    zip.addReadStreamLazy(entryName, yazlOptions, (cb) => {
      waiting--;
      const w = wake;
      wake = null;
      w?.();
      const source = toStream(held!);
      held = null;
      cb(null, gz ? pipelineCb(source, createGzip(gzipOptions), () => {}) : source);
    });
  }

  const header = spec.csvHeader ?? STRAVA_HEADER;
  const generated: string[] = [];
  for await (const a of spec.activities ?? []) {
    await add(activityEntryName(a), a.bytes, a.gz, { compress: spec.compress ?? true });
    if (spec.csvRows === undefined) generated.push(csvLine(csvRowFor(a, header)));
  }
  for (const extra of spec.extraEntries ?? []) {
    await add(extra.name, extra.bytes, false, { compress: extra.compress ?? true, mode: extra.mode });
  }
  const csvName = spec.csvName ?? "activities.csv";
  if (spec.csvBytes !== undefined) {
    await add(csvName, spec.csvBytes, false, { compress: true });
  } else if (spec.csvRows !== null) {
    const body = spec.csvRows === undefined ? generated.join("") : spec.csvRows.map(csvLine).join("");
    await add(csvName, csvLine(header) + body, false, { compress: true });
  }
  zip.end();
  await Promise.race([written, failed]);

  if (renames.length > 0) {
    if ((await stat(path)).size > PATCH_MAX_FILE) throw new Error("makeArchive: unusual names are for small test archives only");
    const buf = await readFile(path);
    for (const { placeholder, real } of renames) {
      patchCentralEntry(buf, placeholder, { name: real });
    }
    await writeFile(path, buf);
  }
}

export interface CentralPatch {
  /** New name, of the same UTF-8 byte length; written in the central and the local header. */
  name?: string;
  /** Central directory only (what readers trust): the declared sizes and attributes. */
  uncompressedSize?: number;
  compressedSize?: number;
  externalAttributes?: number;
  crc32?: number;
  /** General purpose bit flags (bit 0: encrypted). */
  flags?: number;
  /** Compression method (0 stored, 8 deflate, 12 bzip2…). */
  method?: number;
}

function findEocd(buf: Buffer): number {
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) return i;
  }
  throw new Error("patchCentralEntry: no end of central directory record");
}

/** Patches the central-directory record named `name` (a ZIP without ZIP64 records) in place. */
export function patchCentralEntry(buf: Buffer, name: string, patch: CentralPatch): void {
  const eocd = findEocd(buf);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const wanted = Buffer.from(name, "utf8");
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error("patchCentralEntry: bad central directory");
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    if (buf.subarray(p + 46, p + 46 + nameLength).equals(wanted)) {
      if (patch.name !== undefined) {
        const real = Buffer.from(patch.name, "utf8");
        if (real.length !== nameLength) throw new Error("patchCentralEntry: the new name must have the same byte length");
        real.copy(buf, p + 46);
        real.copy(buf, local + 30);
      }
      if (patch.flags !== undefined) buf.writeUInt16LE(patch.flags, p + 8);
      if (patch.method !== undefined) buf.writeUInt16LE(patch.method, p + 10);
      if (patch.crc32 !== undefined) buf.writeUInt32LE(patch.crc32 >>> 0, p + 16);
      if (patch.compressedSize !== undefined) buf.writeUInt32LE(patch.compressedSize, p + 20);
      if (patch.uncompressedSize !== undefined) buf.writeUInt32LE(patch.uncompressedSize, p + 24);
      if (patch.externalAttributes !== undefined) buf.writeUInt32LE(patch.externalAttributes >>> 0, p + 38);
      return;
    }
    p += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`patchCentralEntry: no entry named ${JSON.stringify(name)}`);
}

/** Reads the ZIP at `path`, patches one central-directory record, writes it back. */
export async function patchArchiveFile(path: string, name: string, patch: CentralPatch): Promise<void> {
  const buf = await readFile(path);
  patchCentralEntry(buf, name, patch);
  await writeFile(path, buf);
}
