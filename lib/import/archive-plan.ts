import fs from "node:fs";
import { StringDecoder } from "node:string_decoder";
import type { z } from "zod";
import {
  ENTRY,
  EXPORT_VERSION,
  activityRefSchema,
  exportActivitySchema,
  exportCheckinSchema,
  exportGearSchema,
  exportOstrcSchema,
  manifestSchema,
} from "@/lib/account/export-format";
import { type Archive, activityFileFormat } from "./archive";
import { JsonRecordSplitter, type JsonRecordLimits } from "./json-records";
import { parseStravaCsv, STRAVA_CSV_MAX_BYTES, type StravaCsvRow } from "./strava-csv";
import { ImportError } from "./types";

/**
 * Plans an archive import once, on a heavy-work thread (lib/workers/tasks.ts), into a plan file
 * beside the archive: one JSON line per item to import, in the order they will be imported, after
 * a header line. The import (lib/import/archive-import.ts) then walks the file from a stored byte
 * offset, so no turn of the job plans again, and nothing holds the whole plan in memory.
 *
 * A Strava export or a .zip of files: one line per activity file (entry index, activities.csv row).
 * A Patella export: its parts are read as streams, record by record, with a cap on the number of
 * records and on the size of each (JsonRecordSplitter); each record is checked here, and a bad one
 * is counted under its reason (the summary is logged once by the import, never one line each) and
 * left out of the plan. Activities that are nobody's duplicate come first, then duplicates of
 * those, then the rest (so a duplicate's run is there before it) — by passes over spool files,
 * never by sorting every record in memory; then check-ins, then questionnaires.
 */

export const RESTORE_CAPS: Record<"activities" | "checkins" | "ostrc" | "gear", JsonRecordLimits> = {
  activities: { maxRecords: 100_000, maxRecordBytes: 16 * 1024 * 1024 },
  checkins: { maxRecords: 100_000, maxRecordBytes: 64 * 1024 },
  ostrc: { maxRecords: 10_000, maxRecordBytes: 64 * 1024 },
  gear: { maxRecords: 1_000, maxRecordBytes: 64 * 1024 },
};

const MANIFEST_MAX_BYTES = 1024 * 1024;
/** Distinct reasons kept in a summary of bad records; the rest are counted under "other". */
const MAX_REASONS = 20;

export type PlanKind = "strava_export" | "files" | "patella_export";

export interface PlanHeader {
  settings?: unknown;
  gear?: unknown[];
}

export type PlanLine =
  | { t: "file"; e: number; csv: StravaCsvRow | null }
  | { t: "activity"; r: unknown }
  | { t: "checkin"; r: unknown }
  | { t: "ostrc"; r: unknown };

export interface PlanSummary {
  kind: PlanKind;
  /** Lines after the header: the items to import. */
  items: number;
  /** Records refused while planning (counted as failed, never imported). */
  invalid: number;
  /** Why, counted: at most MAX_REASONS reasons. */
  problems: Record<string, number>;
  skipped: number;
}

const IGNORED_FOLDERS = /(^|\/)(__MACOSX|routes)\//i;

/** Appends lines to a file in large writes; with no path, only counts them (a check of the archive). */
class LineWriter {
  private fd: number | null;
  private buffered: string[] = [];
  private bufferedBytes = 0;
  lines = 0;

  constructor(readonly path: string | null) {
    this.fd = path === null ? null : fs.openSync(path, "w", 0o600);
  }

  write(value: unknown): void {
    this.lines += 1;
    if (this.fd === null) return;
    const line = `${JSON.stringify(value)}\n`;
    this.buffered.push(line);
    this.bufferedBytes += line.length;
    if (this.bufferedBytes > 1024 * 1024) this.flush();
  }

  flush(): void {
    if (this.buffered.length === 0 || this.fd === null) return;
    fs.writeSync(this.fd, this.buffered.join(""));
    this.buffered = [];
    this.bufferedBytes = 0;
  }

  close(): void {
    if (this.fd === null) return;
    this.flush();
    fs.closeSync(this.fd);
    this.fd = null;
  }
}

/** Every line of a file, read in chunks. */
function* readLines(path: string): Generator<string> {
  const fd = fs.openSync(path, "r");
  try {
    const buf = Buffer.alloc(1024 * 1024);
    const decoder = new StringDecoder("utf8");
    let rest = "";
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      const text = rest + decoder.write(buf.subarray(0, n));
      const lines = text.split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) if (line) yield line;
    }
    if (rest) yield rest;
  } finally {
    fs.closeSync(fd);
  }
}

class Problems {
  readonly counts: Record<string, number> = {};
  private distinct = 0;
  total = 0;

  add(what: string, error: z.ZodError | string): void {
    this.total += 1;
    let reason: string;
    if (typeof error === "string") reason = `${what}: ${error}`;
    else {
      const issue = error.issues[0];
      reason = `${what}: ${issue ? `${issue.path.join(".") || "(record)"}: ${issue.message}` : "invalid"}`;
    }
    reason = reason.slice(0, 160);
    if (this.counts[reason] === undefined) {
      if (this.distinct >= MAX_REASONS) reason = `${what}: other reasons`;
      else this.distinct += 1;
    }
    this.counts[reason] = (this.counts[reason] ?? 0) + 1;
  }
}

/** Streams one JSON part of an export to `onRecord`, record by record (JSON.parse per record). */
async function eachRecord(
  archive: Archive,
  name: string,
  limits: JsonRecordLimits,
  required: boolean,
  onRecord: (value: unknown | undefined) => void,
): Promise<void> {
  const entry = archive.find(name);
  if (!entry) {
    if (required) throw new ImportError("bad_archive", `This Patella export has no ${name}: it is incomplete. Export your data again.`);
    return;
  }
  const splitter = new JsonRecordSplitter(name, limits);
  const handle = (text: string) => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined; // counted as a bad record by the caller
    }
    onRecord(value);
  };
  await archive.readEach(entry, (chunk) => splitter.write(chunk, handle));
  splitter.end();
}

const refKey = (r: { source: string; sourceRef: string }) => `${r.source}\u0000${r.sourceRef}`;

async function planRestore(archive: Archive, planPath: string | null): Promise<PlanSummary> {
  const manifestEntry = archive.find(ENTRY.manifest)!;
  let manifest: unknown;
  try {
    const bytes = await archive.read(manifestEntry, { maxBytes: MANIFEST_MAX_BYTES });
    manifest = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"));
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError("bad_archive", `${ENTRY.manifest} in this archive is damaged (not valid JSON).`);
  }
  const m = manifestSchema.safeParse(manifest);
  if (!m.success) throw new ImportError("bad_archive", `${ENTRY.manifest} in this archive is not a Patella export manifest.`);
  if (m.data.version > EXPORT_VERSION) {
    throw new ImportError(
      "unsupported_format",
      `This export was made by a newer Patella (export format ${m.data.version}; this server reads up to ${EXPORT_VERSION}). Update Patella, then import it again.`,
    );
  }
  const problems = new Problems();
  const gear: unknown[] = [];
  await eachRecord(archive, ENTRY.gear, RESTORE_CAPS.gear, false, (value) => {
    if (exportGearSchema.safeParse(value).success) gear.push(value);
  });

  const plan = new LineWriter(planPath);
  const dup1 = new LineWriter(planPath && `${planPath}.dup1`);
  const dup2 = new LineWriter(planPath && `${planPath}.dup2`);
  try {
    plan.write({ settings: m.data.settings ?? null, gear } satisfies PlanHeader);
    // Pass 1: activities that are nobody's duplicate, into the plan; duplicates into a spool.
    const duplicates = new Set<string>();
    await eachRecord(archive, ENTRY.activitiesJson, RESTORE_CAPS.activities, true, (value) => {
      const r = exportActivitySchema.safeParse(value);
      if (!r.success) return problems.add("activity", value === undefined ? "not valid JSON" : r.error);
      if (r.data.duplicateOf === null) plan.write({ t: "activity", r: value });
      else {
        duplicates.add(refKey(r.data));
        dup1.write(value);
      }
    });
    dup1.close();
    // Pass 2: duplicates of runs that are nobody's duplicate; then the rest (longer chains), in export order.
    if (dup1.path === null) plan.lines += dup1.lines;
    else for (const line of readLines(dup1.path)) {
      const value: unknown = JSON.parse(line);
      const target = activityRefSchema.safeParse((value as { duplicateOf?: unknown }).duplicateOf);
      if (target.success && duplicates.has(refKey(target.data))) dup2.write(value);
      else plan.write({ t: "activity", r: value });
    }
    dup2.close();
    if (dup2.path !== null) for (const line of readLines(dup2.path)) plan.write({ t: "activity", r: JSON.parse(line) as unknown });

    await eachRecord(archive, ENTRY.checkinsJson, RESTORE_CAPS.checkins, false, (value) => {
      const r = exportCheckinSchema.safeParse(value);
      if (!r.success) return problems.add("check-in", value === undefined ? "not valid JSON" : r.error);
      plan.write({ t: "checkin", r: value });
    });
    await eachRecord(archive, ENTRY.ostrc, RESTORE_CAPS.ostrc, false, (value) => {
      const r = exportOstrcSchema.safeParse(value);
      if (!r.success) return problems.add("weekly questionnaire", value === undefined ? "not valid JSON" : r.error);
      plan.write({ t: "ostrc", r: value });
    });
    plan.close();
  } catch (err) {
    for (const w of [plan, dup1, dup2]) {
      try {
        w.close();
      } catch {
        // already closed
      }
    }
    throw err;
  } finally {
    if (dup1.path) fs.rmSync(dup1.path, { force: true });
    if (dup2.path) fs.rmSync(dup2.path, { force: true });
  }
  const skipped = archive.entries.filter((e) => e.unsafe || e.nestedArchive).length;
  return { kind: "patella_export", items: plan.lines - 1, invalid: problems.total, problems: problems.counts, skipped };
}

async function planFiles(archive: Archive, planPath: string | null): Promise<PlanSummary> {
  let skipped = archive.entries.filter((e) => e.unsafe || e.nestedArchive).length;
  const plan = new LineWriter(planPath);
  try {
    plan.write({} satisfies PlanHeader);
    if (archive.activitiesCsv) {
      const csv = parseStravaCsv(await archive.read(archive.activitiesCsv, { maxBytes: STRAVA_CSV_MAX_BYTES }));
      const byEntry = new Map<number, StravaCsvRow>();
      for (const row of csv.rows) {
        const entry = row.filename ? archive.find(row.filename) : null;
        // A manual activity has no file; a file the archive lacks cannot be imported.
        if (!entry || !activityFileFormat(entry.name)) {
          skipped += 1;
          continue;
        }
        if (!byEntry.has(entry.index)) byEntry.set(entry.index, row);
      }
      for (const entry of archive.entries) {
        const row = byEntry.get(entry.index);
        if (row) plan.write({ t: "file", e: entry.index, csv: row } satisfies PlanLine);
        else if (entry.kind === "activity_file") plan.write({ t: "file", e: entry.index, csv: null } satisfies PlanLine);
      }
      plan.close();
      return { kind: "strava_export", items: plan.lines - 1, invalid: 0, problems: {}, skipped: skipped + csv.skipped };
    }
    for (const e of archive.entries) {
      if (!e.unsafe && !e.isDirectory && !e.nestedArchive && activityFileFormat(e.name) && !IGNORED_FOLDERS.test(e.name) && !/(^|\/)\._/.test(e.name)) {
        plan.write({ t: "file", e: e.index, csv: null } satisfies PlanLine);
      }
    }
    plan.close();
    return { kind: "files", items: plan.lines - 1, invalid: 0, problems: {}, skipped };
  } catch (err) {
    try {
      plan.close();
    } catch {
      // already closed
    }
    throw err;
  }
}

/**
 * Writes the plan of the archive to `planPath` and answers its summary; with a null path, only
 * checks the archive and answers the summary (the upload route, before it accepts an archive).
 * Throws ImportError for an unusable archive (the plan file is then removed).
 */
export async function writeArchivePlan(archive: Archive, planPath: string | null): Promise<PlanSummary> {
  try {
    return archive.find(ENTRY.manifest) ? await planRestore(archive, planPath) : await planFiles(archive, planPath);
  } catch (err) {
    if (planPath) fs.rmSync(planPath, { force: true });
    throw err;
  }
}
