import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { insertActivity } from "@/db/queries/activities";
import { insertCheckin } from "@/db/queries/checkins";
import { findActivityByRef, hasCheckinAt, insertGearIfMissing, insertOstrcIfMissing } from "@/db/queries/restore";
import { insertStreams } from "@/db/queries/streams";
import { keepOriginal, recordUpload } from "@/db/queries/uploads";
import { updateUserSettings } from "@/db/queries/users";
import type { PackedStreams } from "@/lib/activities/streams";
import type { Archive, ArchiveEntry } from "@/lib/import/archive";
import { ImportError } from "@/lib/import/types";
import { errorFields, log } from "@/lib/log";
import {
  ENTRY,
  EXPORT_VERSION,
  exportActivitySchema,
  exportCheckinSchema,
  exportGearSchema,
  exportOstrcSchema,
  exportSettingsSchema,
  exportStreamsSchema,
  manifestSchema,
  type ActivityRef,
} from "./export-format";

/**
 * Restoring a Patella export (lib/account/export.ts) into any account — the runner's own, or a
 * fresh one on another server — as one more kind of archive import ("patella_export"): the
 * archive importer plans it here and runs the items one by one with its checkpoint.
 *
 * The plan is the same every time it is made from the same archive (the checkpoint relies on it):
 * the activities, those that are nobody's duplicate first (so a duplicate's run is there before
 * it), then the check-ins (which name their runs), then the weekly questionnaires. Settings and
 * gear are applied once, when the import starts.
 *
 * Nothing is keyed by database id: an activity by its (source, sourceRef) — a file's sha256, a
 * Strava id — a check-in by its instant and timing, a questionnaire by its week. What the account
 * already has counts as "already imported" and is left as it is, so restoring twice adds nothing.
 * Activities come back exactly as exported (names and surfaces the runner set, Strava's figures),
 * not re-computed from the files; their original files are restored beside them.
 */

export type RestoreItem = { type: "activity"; record: unknown } | { type: "checkin"; record: unknown } | { type: "ostrc"; record: unknown };

export interface RestorePlan {
  kind: "patella_export";
  items: RestoreItem[];
  skipped: number;
  csvRowsSkipped: number;
  settings: unknown;
  gear: unknown[];
}

type Counter = "imported" | "duplicates" | "failed";

const JSON_PART_MAX_BYTES = 512 * 1024 * 1024;
const MANIFEST_MAX_BYTES = 1024 * 1024;

/** The manifest entry when the archive is a Patella export (also when re-zipped inside a folder). */
export function exportManifestEntry(archive: Archive): ArchiveEntry | null {
  return archive.find(ENTRY.manifest);
}

async function readJson(archive: Archive, name: string, maxBytes: number, required: boolean): Promise<unknown> {
  const entry = archive.find(name);
  if (!entry) {
    if (required) throw new ImportError("bad_archive", `This Patella export has no ${name}: it is incomplete. Export your data again.`);
    return null;
  }
  const bytes = await archive.read(entry, { maxBytes });
  try {
    return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"));
  } catch {
    throw new ImportError("bad_archive", `${name} in this Patella export is damaged (not valid JSON). Export your data again.`);
  }
}

async function readList(archive: Archive, name: string, required: boolean): Promise<unknown[]> {
  const value = await readJson(archive, name, JSON_PART_MAX_BYTES, required);
  if (value === null && !required) return [];
  if (!Array.isArray(value)) throw new ImportError("bad_archive", `${name} in this Patella export is damaged (not a list). Export your data again.`);
  return value;
}

const refKey = (r: { source: string; sourceRef: string }) => `${r.source}\u0000${r.sourceRef}`;

function refOf(record: unknown, field?: "duplicateOf"): { source: string; sourceRef: string } | null {
  const value = field ? (record as Record<string, unknown> | null)?.[field] : record;
  if (!value || typeof value !== "object") return null;
  const { source, sourceRef } = value as Record<string, unknown>;
  return typeof source === "string" && typeof sourceRef === "string" ? { source, sourceRef } : null;
}

/**
 * Activities in restore order: by how many duplicate links lead from each to a run that is nobody's
 * duplicate (0 first), otherwise as in the export.
 */
function restoreOrder(records: unknown[]): unknown[] {
  const links = new Map<string, string>();
  for (const r of records) {
    const self = refOf(r);
    const target = refOf(r, "duplicateOf");
    if (self && target) links.set(refKey(self), refKey(target));
  }
  const depth = (r: unknown) => {
    const self = refOf(r);
    let key = self ? links.get(refKey(self)) : undefined;
    let d = 0;
    while (key !== undefined && d < 10) {
      d += 1;
      key = links.get(key);
    }
    return d;
  };
  return records
    .map((record, index) => ({ record, index, depth: depth(record) }))
    .sort((a, b) => a.depth - b.depth || a.index - b.index)
    .map((x) => x.record);
}

/** Reads the export's manifest and parts into the work list. Throws ImportError for an unusable export. */
export async function planRestore(archive: Archive, manifestEntry: ArchiveEntry): Promise<RestorePlan> {
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
  const [activityRecords, checkinRecords, ostrcRecords, gearRecords] = [
    await readList(archive, ENTRY.activitiesJson, true),
    await readList(archive, ENTRY.checkinsJson, false),
    await readList(archive, ENTRY.ostrc, false),
    await readList(archive, ENTRY.gear, false),
  ];
  const items: RestoreItem[] = [
    ...restoreOrder(activityRecords).map((record) => ({ type: "activity" as const, record })),
    ...checkinRecords.map((record) => ({ type: "checkin" as const, record })),
    ...ostrcRecords.map((record) => ({ type: "ostrc" as const, record })),
  ];
  const skipped = archive.entries.filter((e) => e.unsafe || e.nestedArchive).length;
  return { kind: "patella_export", items, skipped, csvRowsSkipped: 0, settings: m.data.settings ?? null, gear: gearRecords };
}

/** The export's settings (units, time zone, heart rates) and gear, applied once when the restore starts. */
export async function applyExportSettings(db: Db, userId: string, plan: RestorePlan): Promise<void> {
  const settings = exportSettingsSchema.safeParse(plan.settings);
  if (settings.success) {
    const { hrRest, hrMax } = settings.data;
    // Heart rates the settings form would refuse are left out rather than stored.
    const hrOk = hrRest === null || hrMax === null || hrMax > hrRest + 20;
    await updateUserSettings(db, userId, hrOk ? settings.data : { ...settings.data, hrRest: null, hrMax: null });
  } else if (plan.settings !== null) {
    log.warn("export settings not restored", { userId, issue: settings.error.issues[0]?.message });
  }
  const gearRows = plan.gear.flatMap((g) => {
    const r = exportGearSchema.safeParse(g);
    return r.success ? [r.data] : [];
  });
  await insertGearIfMissing(db, userId, gearRows);
}

function failed(userId: string, what: string, error: z.ZodError): Counter {
  const issue = error.issues[0];
  log.warn("export record not restored", { userId, what, issue: issue ? `${issue.path.join(".")}: ${issue.message}` : "invalid" });
  return "failed";
}

/** One item of the plan: restored, found already there, or refused. Never throws for bad content. */
export async function restoreItem(db: Db, archive: Archive, userId: string, item: RestoreItem): Promise<Counter> {
  switch (item.type) {
    case "activity":
      return restoreActivity(db, archive, userId, item.record);
    case "checkin":
      return restoreCheckin(db, userId, item.record);
    case "ostrc":
      return restoreOstrc(db, userId, item.record);
  }
}

const resolveRef = (db: Db, userId: string, ref: ActivityRef | null) => (ref ? findActivityByRef(db, userId, ref) : Promise.resolve(null));

async function restoreActivity(db: Db, archive: Archive, userId: string, record: unknown): Promise<Counter> {
  const parsed = exportActivitySchema.safeParse(record);
  if (!parsed.success) return failed(userId, "activity", parsed.error);
  const a = parsed.data;
  if (await findActivityByRef(db, userId, a)) return "duplicates";

  const streams = a.streams ? await readStreams(archive, a.streams, userId) : null;
  const original = a.originalFile ? await readOriginal(archive, a.originalFile, userId) : null;
  const duplicateOf = await resolveRef(db, userId, a.duplicateOf);
  const { streams: _streams, originalFile: _file, duplicateOf: _dup, routeShape, ...fields } = a;

  return db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    const activityId = await insertActivity(tx, { ...fields, userId, duplicateOf, routeShape: routeShape === null ? null : Buffer.from(routeShape, "base64") });
    if (activityId === null) return "duplicates" as const; // restored by a concurrent import a moment ago
    if (streams) await insertStreams(tx, { ...streams, activityId, userId });
    if (original && a.originalFile) {
      await keepOriginal(tx, { userId, sha256: original.sha256, fileName: a.originalFile.fileName, gz: original.gz });
      // The upload record links the file to its activity, as an upload does (the next export finds it).
      await recordUpload(tx, { userId, fileName: a.originalFile.fileName, sha256: original.sha256, sizeBytes: original.sizeBytes, status: "imported", activityId });
    }
    return "imported" as const;
  });
}

/** The streams of an activity, checked; null (and logged) when missing or damaged: the activity is restored without them. */
async function readStreams(archive: Archive, name: string, userId: string): Promise<PackedStreams | null> {
  try {
    const value = await readJson(archive, name, archive.limits.maxEntryBytes, false);
    if (value === null) return null;
    const parsed = exportStreamsSchema.safeParse(value);
    if (!parsed.success) throw new Error(`not streams (${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message})`);
    const s = parsed.data;
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
    const sized = (b: Buffer | null, bytes: number) => b === null || b.byteLength === bytes;
    const ok =
      sized(packed.timeS, 4 * n) &&
      sized(packed.distanceM, 4 * n) &&
      sized(packed.latLon, 8 * n) &&
      sized(packed.altitudeM, 4 * n) &&
      sized(packed.heartRate, 4 * n) &&
      sized(packed.cadence, 4 * n) &&
      sized(packed.powerW, 4 * n) &&
      packed.segmentStarts.byteLength % 4 === 0;
    if (!ok) throw new Error(`the arrays do not hold ${n} points`);
    return packed;
  } catch (err) {
    log.warn("activity streams not restored", { userId, name, ...errorFields(err) });
    return null;
  }
}

/** The original file, checked against its hash; null (and logged) when missing, unreadable or not the same file. */
async function readOriginal(archive: Archive, file: { path: string; sha256: string }, userId: string): Promise<{ sha256: string; gz: Buffer; sizeBytes: number } | null> {
  const entry = archive.find(file.path);
  if (!entry) return null;
  let bytes: Uint8Array;
  try {
    bytes = await archive.read(entry);
  } catch (err) {
    if (!(err instanceof ImportError)) throw err;
    log.warn("original file not restored", { userId, path: file.path, ...errorFields(err) });
    return null;
  }
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  if (sha256 !== file.sha256) {
    log.warn("original file not restored: not the file activities.json names", { userId, path: file.path });
    return null;
  }
  return { sha256, gz: gzipSync(bytes, { level: 6 }), sizeBytes: bytes.byteLength };
}

async function restoreCheckin(db: Db, userId: string, record: unknown): Promise<Counter> {
  const parsed = exportCheckinSchema.safeParse(record);
  if (!parsed.success) return failed(userId, "check-in", parsed.error);
  const { activity, ...c } = parsed.data;
  if (await hasCheckinAt(db, userId, c.at, c.timing)) return "duplicates";
  const activityId = await resolveRef(db, userId, activity);
  // Effort belongs to a run: without the run (not in the export, or not restored) it goes too.
  await insertCheckin(db, userId, { ...c, activityId, rpe: activityId ? c.rpe : null });
  return "imported";
}

async function restoreOstrc(db: Db, userId: string, record: unknown): Promise<Counter> {
  const parsed = exportOstrcSchema.safeParse(record);
  if (!parsed.success) return failed(userId, "weekly questionnaire", parsed.error);
  return (await insertOstrcIfMissing(db, userId, parsed.data)) ? "imported" : "duplicates";
}
