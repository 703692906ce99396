import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import yauzl from "yauzl";
import { formatBytes } from "@/lib/format-bytes";
import { isGzip, sniffFormat } from "./sniff";
import { type FileFormat, ImportError } from "./types";

/**
 * Reading a ZIP upload (the Strava "download your data" archive) entry by entry, never whole.
 *
 * The central directory is read once, when the archive is opened; each entry is inflated only when
 * asked for, and every limit is enforced on the bytes as they come out of the inflater — the sizes
 * an archive declares are used only to refuse early, never to accept. Names are normalised and
 * checked, but nothing is ever written to disk under an entry's name.
 */

export interface ArchiveLimits {
  /** Largest entry (and largest gunzipped activity file), in bytes, once inflated. */
  maxEntryBytes: number;
  /** Largest ratio of inflated to compressed bytes for one entry, checked once past `ratioFloorBytes`. */
  maxRatio: number;
  /** Inflated bytes an entry may produce before the ratio is checked (small files compress very well). */
  ratioFloorBytes: number;
  /** Every byte this Archive inflates (ZIP entries and gunzipped files), over its whole life. */
  maxTotalBytes: number;
  /** Most entries the central directory may list. */
  maxEntries: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_ARCHIVE_LIMITS: Readonly<ArchiveLimits> = Object.freeze({
  maxEntryBytes: 256 * MiB,
  maxRatio: 200,
  ratioFloorBytes: 1 * MiB,
  maxTotalBytes: 20 * 1024 * MiB,
  maxEntries: 100_000,
});

export type EntryKind = "activities_csv" | "activity_file" | "ignored" | "unsafe";

export interface ArchiveEntry {
  /** Position in the central directory, from 0. */
  readonly index: number;
  /** The normalised name: "/" separators, no leading "./", no empty or "." segments; a directory ends in "/". */
  readonly name: string;
  /** The name as stored (decoded, nothing changed): for reports only. */
  readonly rawName: string;
  /** `classifyEntry(rawName)`, except that an entry unsafe for any other reason (a symlink) is "unsafe". */
  readonly kind: EntryKind;
  /** As declared by the central directory: an upper bound on the bytes read from the file for this entry. */
  readonly compressedSize: number;
  /** As declared by the central directory: NOT trusted; reading checks the real count. */
  readonly uncompressedSize: number;
  readonly isDirectory: boolean;
  /** Never read: absolute, "..", drive letter, control character (NUL…), empty name, symlink or other special file. */
  readonly unsafe: boolean;
  readonly unsafeReason: string | null;
  /** A ZIP inside the ZIP (name ending ".zip"): reported, never opened. */
  readonly nestedArchive: boolean;
  /** Encrypted entries cannot be read (refused as unsupported_format). */
  readonly encrypted: boolean;
}

export interface ActivityFile {
  format: FileFormat;
  /** The file itself, gunzipped when the name ends in ".gz". */
  bytes: Uint8Array;
  gzipped: boolean;
}

export interface ReadOptions {
  /** A lower per-entry limit than `limits.maxEntryBytes` (e.g. for activities.csv); a higher one is ignored. */
  maxBytes?: number;
}

export interface Archive {
  readonly path: string;
  readonly limits: Readonly<ArchiveLimits>;
  /** Every entry, in central-directory order (directories and unsafe entries included). */
  readonly entries: readonly ArchiveEntry[];
  /** The activities.csv to use: at the root if there is one, else the first one folder deep; null if none. */
  readonly activitiesCsv: ArchiveEntry | null;
  /** Bytes inflated so far (counts toward `limits.maxTotalBytes`). */
  readonly bytesInflated: number;
  /**
   * The safe, non-directory entry with this name (normalised first, e.g. "activities/1.gpx" from
   * activities.csv), trying it at the root and then inside the folder holding activities.csv; the
   * first such entry when names repeat; null when none.
   */
  find(name: string): ArchiveEntry | null;
  /**
   * The entry's bytes, inflated. Refuses: unsafe → "unsafe_archive"; encrypted or an unsupported
   * compression method → "unsupported_format"; larger than the limit (declared or counted) →
   * "too_large"; ratio above the limit, or more bytes than declared → "unsafe_archive"; damaged
   * data, fewer bytes than declared, or a wrong CRC → "bad_archive"; the archive's total exceeded →
   * "too_large". The Archive stays usable after a refused entry (except once the total is exceeded).
   */
  read(entry: ArchiveEntry, options?: ReadOptions): Promise<Uint8Array>;
  /**
   * The entry's bytes, inflated, handed to `onChunk` as they come (never held whole), under the
   * same limits and checks as read(); the length and checksum are checked after the last chunk, so
   * a caller must not commit to what it read until this resolves.
   */
  readEach(entry: ArchiveEntry, onChunk: (chunk: Uint8Array) => void, options?: ReadOptions): Promise<void>;
  /**
   * For a name ending .gpx/.tcx/.fit, optionally + .gz (any case): the format and the file's bytes,
   * gunzipped under the same limits (a damaged gzip → "bad_archive"); null for any other name.
   */
  readActivityFile(entry: ArchiveEntry): Promise<ActivityFile | null>;
  /** Closes the file once reads in flight have ended. Idempotent; reading afterwards is a programming error. */
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Names

export interface NormalisedName {
  name: string;
  unsafeReason: string | null;
}

const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * The name with "\" read as "/", empty and "." segments dropped (so a leading "./" goes) and a
 * trailing "/" kept for directories; `unsafeReason` says why it must never be read, if so. ".."
 * segments are kept in `name` (never resolved), so an unsafe name can never equal a safe one.
 */
export function normaliseEntryName(raw: string): NormalisedName {
  const slashed = raw.replace(/\\/g, "/");
  let unsafeReason: string | null = null;
  if (CONTROL.test(slashed)) unsafeReason = "control character in name";
  else if (slashed.startsWith("/")) unsafeReason = "absolute path";
  else if (/^[A-Za-z]:/.test(slashed)) unsafeReason = "drive letter";
  const kept: string[] = [];
  for (const segment of slashed.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === ".." && unsafeReason === null) unsafeReason = "parent-directory segment";
    kept.push(segment);
  }
  if (kept.length === 0 && unsafeReason === null) unsafeReason = "empty name";
  const name = kept.join("/") + (slashed.endsWith("/") && kept.length > 0 ? "/" : "");
  return { name, unsafeReason };
}

const ACTIVITY_FILE = /\.(gpx|tcx|fit)(\.gz)?$/i;

/** The format named by the extension (.gpx/.tcx/.fit, optionally + .gz, any case), or null. */
export function activityFileFormat(name: string): { format: FileFormat; gzipped: boolean } | null {
  const m = ACTIVITY_FILE.exec(name);
  if (!m) return null;
  return { format: m[1]!.toLowerCase() as FileFormat, gzipped: m[2] !== undefined };
}

/**
 * What an entry is, from its name alone (pure): "unsafe" (see normaliseEntryName);
 * "activities_csv" for activities.csv at the root or one folder deep (an export re-zipped inside
 * its folder); "activity_file" for a .gpx/.tcx/.fit[.gz] directly inside an "activities/" folder
 * at the root or one folder deep; "ignored" for everything else (media/, routes/ — whose GPX are
 * routes, not activities — directories, nested ZIPs, macOS "__MACOSX/" and "._" files).
 */
export function classifyEntry(name: string): EntryKind {
  const n = normaliseEntryName(name);
  if (n.unsafeReason !== null) return "unsafe";
  if (n.name.endsWith("/")) return "ignored";
  const parts = n.name.split("/");
  const base = parts[parts.length - 1]!;
  if (parts[0] === "__MACOSX" || base.startsWith("._")) return "ignored";
  if (parts.length <= 2 && base.toLowerCase() === "activities.csv") return "activities_csv";
  if ((parts.length === 2 || parts.length === 3) && parts[parts.length - 2]!.toLowerCase() === "activities" && ACTIVITY_FILE.test(base)) {
    return "activity_file";
  }
  return "ignored";
}

/**
 * The digits before the first "." of the file's base name ("activities/123.fit.gz" → "123"), or
 * null. Beware: in real exports this is often NOT the Activity ID (it is the upload's file id);
 * map files to activities through activities.csv's Filename column, and use this only as a label.
 */
export function activityIdFromName(name: string): string | null {
  const base = normaliseEntryName(name).name.split("/").pop() ?? "";
  const stem = base.split(".")[0] ?? "";
  return /^\d{1,20}$/.test(stem) ? stem : null;
}

// ---------------------------------------------------------------------------------------------
// CRC-32 (zlib.crc32 from Node 20.15 / 22.2; a table for older Nodes)

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

function crc32Table(data: Uint8Array, value = 0): number {
  let c = ~value;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

const crc32: (data: Uint8Array, value?: number) => number =
  typeof (zlib as { crc32?: unknown }).crc32 === "function" ? (data, value) => zlib.crc32(data, value) : crc32Table;

// ---------------------------------------------------------------------------------------------
// Errors

/** Node system errors (ENOENT, EIO, EMFILE…) are the server's trouble, not the upload's: they pass through. */
function isSystemError(e: unknown): boolean {
  return e instanceof Error && typeof (e as { syscall?: unknown }).syscall === "string";
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function entryError(e: unknown, name: string): Error {
  if (e instanceof ImportError || isSystemError(e)) return e as Error;
  return new ImportError("bad_archive", `${name} in the archive is damaged (${messageOf(e)}).`);
}

/** An entry's name for a message: control characters shown as "?", at most 200 characters. */
function labelOf(entry: ArchiveEntry): string {
  const s = entry.rawName.replace(/[\u0000-\u001f\u007f]/g, "?");
  return s.length > 200 ? `${s.slice(0, 199)}…` : s;
}

function unsafeError(entry: ArchiveEntry): ImportError {
  return new ImportError("unsafe_archive", `${labelOf(entry)} in the archive is unsafe (${entry.unsafeReason}): not read.`);
}

function openError(e: unknown): Error {
  if (e instanceof ImportError || isSystemError(e)) return e as Error;
  const detail = messageOf(e);
  if (/end of central directory record signature not found/i.test(detail)) {
    return new ImportError("bad_archive", "This file is not a ZIP archive, or it was cut short: its table of contents is missing.");
  }
  return new ImportError("bad_archive", `This ZIP archive is damaged (${detail}).`);
}

// ---------------------------------------------------------------------------------------------
// Streaming limits

interface Budget {
  /** Entry name, for messages. */
  name: string;
  max: number;
  /** What the inflater reads from: the ratio's denominator. */
  compressed: number;
  limits: Readonly<ArchiveLimits>;
  /** Adds n to the archive's total and refuses once it is exceeded. */
  addToTotal(n: number): void;
  /** The declared inflated size, when there is one to hold the stream to (ZIP entries). */
  declared: number | null;
}

function checkProgress(count: number, b: Budget): void {
  if (count > b.max) {
    throw new ImportError("too_large", `${b.name} is larger than ${formatBytes(b.max)} once unpacked; Patella reads files of at most that.`);
  }
  if (count > b.limits.ratioFloorBytes && count / Math.max(b.compressed, 1) > b.limits.maxRatio) {
    throw new ImportError(
      "unsafe_archive",
      `${b.name} unpacks to more than ${b.limits.maxRatio} times its packed size (${formatBytes(b.compressed)}): refused as a ZIP bomb.`,
    );
  }
  if (b.declared !== null && count > b.declared) {
    throw new ImportError("unsafe_archive", `${b.name} unpacks to more than the ${formatBytes(b.declared)} its header declares: refused.`);
  }
}

/** Walks a stream of chunks, checking the budget on every chunk; answers the count and CRC. */
async function walk(source: AsyncIterable<Buffer | Uint8Array>, b: Budget, onChunk: (chunk: Uint8Array) => void): Promise<{ count: number; crc: number }> {
  let count = 0;
  let crc = 0;
  for await (const chunk of source) {
    count += chunk.length;
    b.addToTotal(chunk.length);
    checkProgress(count, b);
    crc = crc32(chunk, crc);
    onChunk(chunk);
  }
  return { count, crc };
}

/** Collects a stream of chunks into one array, checking the budget on every chunk. */
async function collect(source: AsyncIterable<Buffer | Uint8Array>, b: Budget): Promise<{ bytes: Uint8Array; crc: number }> {
  const chunks: Uint8Array[] = [];
  const { count, crc } = await walk(source, b, (chunk) => chunks.push(chunk));
  // A fresh, unpooled array (Buffer.concat may return a slice of the shared pool).
  const bytes = new Uint8Array(count);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return { bytes, crc };
}

const FEED_CHUNK = 64 * 1024;

function* slices(bytes: Uint8Array): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += FEED_CHUNK) yield bytes.subarray(i, Math.min(i + FEED_CHUNK, bytes.length));
}

/** Gunzips with the same limits, counting as the bytes come out; a damaged gzip → bad_archive. */
async function gunzipLimited(gz: Uint8Array, b: Budget): Promise<Uint8Array> {
  let result: Uint8Array | null = null;
  // A refusal thrown while collecting reaches pipeline() as an AbortError: keep the original.
  let refusal: unknown = null;
  try {
    await pipeline(Readable.from(slices(gz)), zlib.createGunzip({ chunkSize: FEED_CHUNK }), async (source: AsyncIterable<Buffer>) => {
      try {
        result = (await collect(source, b)).bytes;
      } catch (e) {
        refusal = e;
        throw e;
      }
    });
  } catch (e) {
    const error = refusal ?? e;
    if (error instanceof ImportError || isSystemError(error)) throw error;
    throw new ImportError("bad_archive", `${b.name} is not a valid gzip file (${messageOf(error)}).`);
  }
  return result ?? new Uint8Array(0);
}

// ---------------------------------------------------------------------------------------------
// The archive

/** What reading needs of a central-directory record (the yauzl Entry, with its buffers, is dropped). */
interface Located {
  offset: number;
  compressedSize: number;
  uncompressedSize: number;
  method: number;
  crc32: number;
}

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

function openZip(filePath: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    // decodeStrings: false, so that yauzl hands us unsafe names instead of failing the whole listing;
    // validateEntrySizes: false, as the sizes are checked here, per entry, with clearer refusals.
    yauzl.open(filePath, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: false }, (err, zip) => {
      if (err) reject(err);
      else resolve(zip);
    });
  });
}

function toEntry(e: yauzl.Entry, index: number): { entry: ArchiveEntry; located: Located } {
  // With decodeStrings: false, fileName is the raw Buffer; decode it as yauzl would (UTF-8 flag,
  // Info-ZIP Unicode path field, else CP437), but keep backslashes for our own checks.
  const rawName = yauzl.getFileNameLowLevel(e.generalPurposeBitFlag, e.fileName as unknown as Buffer, e.extraFields, true);
  const { name, unsafeReason: nameProblem } = normaliseEntryName(rawName);
  const mode = (e.externalFileAttributes >>> 16) & S_IFMT;
  let unsafeReason = nameProblem;
  if (unsafeReason === null && mode === S_IFLNK) unsafeReason = "symbolic link";
  else if (unsafeReason === null && mode !== 0 && mode !== S_IFREG && mode !== S_IFDIR) unsafeReason = "special file";
  const isDirectory = name.endsWith("/") || mode === S_IFDIR;
  const entry: ArchiveEntry = Object.freeze({
    index,
    name,
    rawName,
    kind: unsafeReason !== null ? "unsafe" : isDirectory ? "ignored" : classifyEntry(rawName),
    compressedSize: e.compressedSize,
    uncompressedSize: e.uncompressedSize,
    isDirectory,
    unsafe: unsafeReason !== null,
    unsafeReason,
    nestedArchive: unsafeReason === null && !isDirectory && /\.zip$/i.test(name),
    encrypted: (e.generalPurposeBitFlag & 0x1) !== 0,
  });
  const located: Located = {
    offset: e.relativeOffsetOfLocalHeader,
    compressedSize: e.compressedSize,
    uncompressedSize: e.uncompressedSize,
    method: e.compressionMethod,
    crc32: e.crc32,
  };
  return { entry, located };
}

function listEntries(zip: yauzl.ZipFile): Promise<{ entries: ArchiveEntry[]; located: Located[] }> {
  return new Promise((resolve, reject) => {
    const entries: ArchiveEntry[] = [];
    const located: Located[] = [];
    const onEntry = (e: yauzl.Entry) => {
      try {
        const converted = toEntry(e, entries.length);
        entries.push(converted.entry);
        located.push(converted.located);
      } catch (err) {
        onError(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      zip.readEntry();
    };
    const onEnd = () => {
      cleanup();
      resolve({ entries, located });
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    function cleanup() {
      zip.off("entry", onEntry);
      zip.off("end", onEnd);
      zip.off("error", onError);
    }
    zip.on("entry", onEntry);
    zip.once("end", onEnd);
    zip.once("error", onError);
    zip.readEntry();
  });
}

function openEntryStream(zip: yauzl.ZipFile, at: Located): Promise<Readable> {
  return new Promise((resolve, reject) => {
    // readLocalFileHeader reads only these two fields of the entry (it checks the data fits the file).
    const minimal = { relativeOffsetOfLocalHeader: at.offset, compressedSize: at.compressedSize } as yauzl.Entry;
    zip.readLocalFileHeader(minimal, { minimal: true }, (err, header) => {
      if (err) return reject(err);
      zip.openReadStreamLowLevel(header.fileDataStart, at.compressedSize, 0, at.compressedSize, at.method === 8, at.uncompressedSize, (err2, stream) => {
        if (err2) reject(err2);
        else resolve(stream);
      });
    });
  });
}

function chooseActivitiesCsv(entries: readonly ArchiveEntry[]): ArchiveEntry | null {
  let deeper: ArchiveEntry | null = null;
  for (const e of entries) {
    if (e.kind !== "activities_csv") continue;
    if (!e.name.includes("/")) return e;
    deeper ??= e;
  }
  return deeper;
}

/**
 * Opens a ZIP file and reads its central directory (once). A file that is not a ZIP, is cut short
 * or has a damaged directory → ImportError "bad_archive"; more than `maxEntries` entries →
 * "too_large". Errors of the file system itself (ENOENT…) are passed through unchanged.
 */
export async function openArchive(filePath: string, limits?: Partial<ArchiveLimits>): Promise<Archive> {
  const lim: Readonly<ArchiveLimits> = Object.freeze({ ...DEFAULT_ARCHIVE_LIMITS, ...limits });
  for (const [key, value] of Object.entries(lim)) {
    if (!(typeof value === "number" && value > 0)) throw new Error(`openArchive: limit ${key} must be a positive number`);
  }

  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(filePath);
  } catch (e) {
    throw openError(e);
  }
  let listed: { entries: ArchiveEntry[]; located: Located[] };
  try {
    if (zip.entryCount > lim.maxEntries) {
      throw new ImportError(
        "too_large",
        `The archive lists ${zip.entryCount.toLocaleString("en")} files; Patella reads archives of at most ${lim.maxEntries.toLocaleString("en")}.`,
      );
    }
    listed = await listEntries(zip);
  } catch (e) {
    zip.close();
    throw openError(e);
  }
  // yauzl emits "error" at most once, e.g. if closing the file fails; never let it go unhandled.
  zip.on("error", () => {});

  const { entries, located } = listed;
  const byName = new Map<string, ArchiveEntry>();
  for (const e of entries) if (!e.unsafe && !e.isDirectory && !byName.has(e.name)) byName.set(e.name, e);
  const activitiesCsv = chooseActivitiesCsv(entries);
  const csvFolder = activitiesCsv ? activitiesCsv.name.slice(0, activitiesCsv.name.lastIndexOf("/") + 1) : "";

  let total = 0;
  let closed = false;
  let closing: Promise<void> | null = null;

  const addToTotal = (n: number) => {
    total += n;
    if (total > lim.maxTotalBytes) {
      throw new ImportError("too_large", `The archive unpacks to more than ${formatBytes(lim.maxTotalBytes)}; Patella reads archives of at most that.`);
    }
  };

  function locate(entry: ArchiveEntry): Located {
    if (closed) throw new Error("Archive.read: the archive is closed");
    const at = located[entry.index];
    if (!at || entries[entry.index] !== entry) throw new Error("Archive.read: the entry does not belong to this archive");
    return at;
  }

  async function read(entry: ArchiveEntry, options?: ReadOptions): Promise<Uint8Array> {
    const chunks: Uint8Array[] = [];
    const count = await readEach(entry, (chunk) => chunks.push(chunk), options);
    // A fresh, unpooled array (Buffer.concat may return a slice of the shared pool).
    const bytes = new Uint8Array(count);
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.length;
    }
    return bytes;
  }

  async function readEach(entry: ArchiveEntry, onChunk: (chunk: Uint8Array) => void, options?: ReadOptions): Promise<number> {
    const at = locate(entry);
    const label = labelOf(entry);
    if (entry.unsafe) throw unsafeError(entry);
    if (entry.isDirectory) return 0;
    if (entry.encrypted) throw new ImportError("unsupported_format", `${label} in the archive is encrypted; Patella cannot read it.`);
    if (at.method !== 0 && at.method !== 8) {
      throw new ImportError("unsupported_format", `${label} in the archive uses a compression method Patella cannot read (method ${at.method}).`);
    }
    if (total > lim.maxTotalBytes) addToTotal(0);
    const max = Math.min(options?.maxBytes ?? lim.maxEntryBytes, lim.maxEntryBytes);
    const budget: Budget = { name: label, max, compressed: at.compressedSize, limits: lim, addToTotal, declared: at.uncompressedSize };
    // Refuse early what the declared sizes already show; the same checks then run on the real counts.
    checkProgress(at.uncompressedSize, { ...budget, declared: null });

    let stream: Readable;
    try {
      stream = await openEntryStream(zip, at);
    } catch (e) {
      throw entryError(e, label);
    }
    let result: { count: number; crc: number };
    try {
      result = await walk(stream, budget, onChunk);
    } catch (e) {
      stream.destroy();
      throw entryError(e, label);
    }
    if (result.count !== at.uncompressedSize) {
      throw new ImportError(
        "bad_archive",
        `${label} in the archive is damaged: it unpacks to ${result.count} bytes, not the ${at.uncompressedSize} its header declares.`,
      );
    }
    if (result.crc !== at.crc32) throw new ImportError("bad_archive", `${label} in the archive is damaged: its checksum does not match.`);
    return result.count;
  }

  async function readActivityFile(entry: ArchiveEntry): Promise<ActivityFile | null> {
    locate(entry);
    if (entry.unsafe) throw unsafeError(entry); // whatever the name
    const kind = activityFileFormat(entry.name);
    if (!kind || entry.isDirectory) return null;
    const bytes = await read(entry);
    // By content: a gzip without .gz is gunzipped by parseActivityFile; a plain GPX/TCX/FIT named .gz is read as is.
    if (!kind.gzipped || (!isGzip(bytes) && sniffFormat(bytes) !== null)) return { format: kind.format, bytes, gzipped: false };
    const budget: Budget = { name: labelOf(entry), max: lim.maxEntryBytes, compressed: bytes.length, limits: lim, addToTotal, declared: null };
    return { format: kind.format, bytes: await gunzipLimited(bytes, budget), gzipped: true };
  }

  function close(): Promise<void> {
    if (closing) return closing;
    closed = true;
    closing = new Promise<void>((resolve) => {
      if (!zip.isOpen) return resolve();
      zip.once("close", () => resolve());
      zip.close();
    });
    return closing;
  }

  return {
    path: filePath,
    limits: lim,
    entries,
    activitiesCsv,
    get bytesInflated() {
      return total;
    },
    find(name: string): ArchiveEntry | null {
      const n = normaliseEntryName(name);
      if (n.unsafeReason !== null) return null;
      return byName.get(n.name) ?? (csvFolder ? (byName.get(csvFolder + n.name) ?? null) : null);
    },
    read,
    readEach: async (entry, onChunk, options) => {
      await readEach(entry, onChunk, options);
    },
    readActivityFile,
    close,
  };
}
