import { type PassThrough, Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import yazl from "yazl";
import type { Db } from "@/db/client";
import {
  activitiesForExport,
  activitiesWithStreams,
  activityIdsInOrder,
  checkinIdsInOrder,
  checkinsForExport,
  exportCounts,
  gearForExport,
  originalFileGz,
  originalFilesList,
  ostrcForExport,
} from "@/db/queries/export";
import { getStreams } from "@/db/queries/streams";
import { getUserSettings } from "@/db/queries/users";
import { localDateOf } from "@/lib/load/weeks";
import { errorFields, log } from "@/lib/log";
import { type CsvColumn, CSV_BOM, csvHeader, csvLine } from "./csv";
import {
  CONTENTS,
  ENTRY,
  EXPORT_FORMAT,
  EXPORT_VERSION,
  type ExportActivity,
  type ExportCheckin,
  type ExportGear,
  type ExportManifest,
  type ExportOstrc,
  type ExportStreams,
  originalFileEntryName,
  streamsEntryName,
} from "./export-format";

/**
 * "Your data is yours": everything a runner has in Patella as one ZIP (see export-format.ts for
 * what is in it), written as a stream. Only the lists of ids and names are read up front; each
 * part is read from the database when the ZIP writer reaches it, in chunks, so neither the ZIP
 * nor the runner's history is ever held in memory whole.
 *
 * The parts are read one after the other, not in one transaction (a transaction held open while a
 * slow client downloads would block the embedded database): a change made during the download may
 * show in one part and not another. A restore copes with that (a link to a missing run is left out).
 */

const CHUNK = 500;

type ActivityRow = Awaited<ReturnType<typeof activitiesForExport>>[number];
type CheckinRow = Awaited<ReturnType<typeof checkinsForExport>>[number];

const iso = (d: Date) => d.toISOString();
const b64 = (b: Buffer | null) => (b ? b.toString("base64") : null);
const round = (x: number | null, digits: number) => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

function toExportActivity(row: ActivityRow, files: Map<string, string>): ExportActivity {
  const a = row.activity;
  const fileName = row.fileSha ? files.get(row.fileSha) : undefined;
  return {
    source: a.source,
    sourceRef: a.sourceRef,
    sport: a.sport,
    name: a.name,
    startTime: iso(a.startTime),
    localDate: a.localDate,
    timeZone: a.timeZone,
    distanceM: a.distanceM,
    movingS: a.movingS,
    elapsedS: a.elapsedS,
    elevGainM: a.elevGainM,
    elevLossM: a.elevLossM,
    avgHr: a.avgHr,
    maxHr: a.maxHr,
    avgCadenceSpm: a.avgCadenceSpm,
    avgPowerW: a.avgPowerW,
    rpe: a.rpe,
    notes: a.notes,
    editedFields: a.editedFields.filter((f): f is "name" | "sport" => f === "name" || f === "sport"),
    load: a.load,
    surface: a.surface,
    surfaceSource: a.surfaceSource,
    surfaceConfidence: a.surfaceConfidence,
    surfaceSplit: a.surfaceSplit,
    routeShape: b64(a.routeShape),
    gearId: a.gearId,
    polyline: a.polyline,
    duplicateOf: row.duplicateSource && row.duplicateRef ? { source: row.duplicateSource, sourceRef: row.duplicateRef } : null,
    sample: a.sample,
    metricsVersion: a.metricsVersion,
    createdAt: iso(a.createdAt),
    streams: row.hasStreams ? streamsEntryName(a.source, a.sourceRef) : null,
    originalFile: row.fileSha && fileName ? { path: originalFileEntryName(row.fileSha, fileName), sha256: row.fileSha, fileName } : null,
  };
}

function toExportCheckin({ checkin: c, activitySource, activityRef }: CheckinRow): ExportCheckin {
  return {
    at: iso(c.at),
    localDate: c.localDate,
    timeZone: c.timeZone,
    pain: c.pain,
    timing: c.timing,
    locations: c.locations,
    side: c.side,
    redFlags: c.redFlags,
    redFlagsSeenAt: c.redFlagsSeenAt ? iso(c.redFlagsSeenAt) : null,
    stoppedRun: c.stoppedRun,
    rpe: c.rpe,
    notes: c.notes,
    activity: activitySource && activityRef ? { source: activitySource, sourceRef: activityRef } : null,
    sample: c.sample,
    createdAt: iso(c.createdAt),
    updatedAt: iso(c.updatedAt),
  };
}

const ACTIVITY_COLUMNS: CsvColumn<ActivityRow>[] = [
  { header: "start_time_utc", value: (r) => r.activity.startTime },
  // The date weeks use, in the runner's current zone (the same as the API, the list and the load report).
  { header: "local_date", value: (r) => r.weekLocalDate },
  { header: "time_zone", value: (r) => r.weekTimeZone },
  // The start as it was run: wall-clock time in the zone the activity was recorded in.
  { header: "recorded_local_start", value: (r) => r.startLocal },
  { header: "recorded_time_zone", value: (r) => r.activity.timeZone },
  { header: "name", value: (r) => r.activity.name },
  { header: "sport", value: (r) => r.activity.sport },
  { header: "distance_km", value: (r) => round(r.activity.distanceM / 1000, 3) },
  { header: "moving_time_s", value: (r) => r.activity.movingS },
  { header: "elapsed_time_s", value: (r) => r.activity.elapsedS },
  { header: "elevation_gain_m", value: (r) => round(r.activity.elevGainM, 1) },
  { header: "elevation_loss_m", value: (r) => round(r.activity.elevLossM, 1) },
  { header: "avg_heart_rate_bpm", value: (r) => round(r.activity.avgHr, 1) },
  { header: "max_heart_rate_bpm", value: (r) => round(r.activity.maxHr, 1) },
  { header: "avg_cadence_spm", value: (r) => round(r.activity.avgCadenceSpm, 1) },
  { header: "avg_power_w", value: (r) => round(r.activity.avgPowerW, 1) },
  { header: "rpe_0_10", value: (r) => r.activity.rpe },
  { header: "load", value: (r) => round(r.activity.load, 1) },
  { header: "surface", value: (r) => r.activity.surface },
  { header: "source", value: (r) => r.activity.source },
  { header: "source_ref", value: (r) => r.activity.sourceRef },
  { header: "duplicate_of", value: (r) => (r.duplicateSource ? `${r.duplicateSource}:${r.duplicateRef}` : null) },
  { header: "gear_id", value: (r) => r.activity.gearId },
  { header: "sample", value: (r) => r.activity.sample },
];

const CHECKIN_COLUMNS: CsvColumn<CheckinRow>[] = [
  { header: "at_utc", value: (r) => r.checkin.at },
  { header: "local_date", value: (r) => r.checkin.localDate },
  { header: "time_zone", value: (r) => r.checkin.timeZone },
  { header: "pain_0_10", value: (r) => r.checkin.pain },
  { header: "timing", value: (r) => r.checkin.timing },
  { header: "locations", value: (r) => r.checkin.locations.join(";") },
  { header: "side", value: (r) => r.checkin.side },
  { header: "red_flags", value: (r) => r.checkin.redFlags.join(";") },
  { header: "red_flags_seen_at_utc", value: (r) => r.checkin.redFlagsSeenAt },
  { header: "rpe_0_10", value: (r) => r.checkin.rpe },
  { header: "notes", value: (r) => r.checkin.notes },
  { header: "activity_name", value: (r) => r.activityName },
  { header: "activity_source", value: (r) => r.activitySource },
  { header: "activity_source_ref", value: (r) => r.activityRef },
  { header: "sample", value: (r) => r.checkin.sample },
];

export interface AccountExport {
  /** The ZIP, as it is written. */
  stream: Readable;
  /** patella-export-YYYY-MM-DD.zip, the date in the runner's time zone. */
  fileName: string;
  counts: ExportManifest["counts"];
}

/** The runner's export, or null when there is no such runner. */
export async function exportAccount(db: Db, userId: string, now: Date = new Date()): Promise<AccountExport | null> {
  const settings = await getUserSettings(db, userId);
  if (!settings) return null;
  const [counts, withStreams, files] = await Promise.all([exportCounts(db, userId), activitiesWithStreams(db, userId), originalFilesList(db, userId)]);
  const fileNames = new Map(files.map((f) => [f.sha256, f.fileName]));

  const manifest: ExportManifest = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: iso(now),
    app: "Patella",
    settings: { units: settings.units, timeZone: settings.timeZone, sex: settings.sex, hrRest: settings.hrRest, hrMax: settings.hrMax },
    counts,
    contents: CONTENTS,
  };

  const zip = new yazl.ZipFile();
  const output = zip.outputStream as PassThrough;
  zip.on("error", (err: unknown) => {
    log.error("export failed while writing", { userId, ...errorFields(err) });
    output.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  // The client went away (or the error above): the download ends there, the process carries on.
  output.on("error", () => {});
  const options = { mtime: now, mode: 0o100644 };
  const text = (s: string) => Buffer.from(s, "utf8");
  const json = (value: unknown) => text(JSON.stringify(value, null, 2) + "\n");

  /** An entry whose contents a generator writes when the ZIP writer reaches it. */
  const addGenerated = (name: string, generate: () => AsyncGenerator<Buffer>) =>
    zip.addReadStreamLazy(name, options, (cb) => {
      const stream = Readable.from(generate(), { objectMode: false });
      stream.on("error", (err) => zip.emit("error", err));
      cb(null, stream);
    });
  /** An entry read in one go when reached (small parts: streams of one activity, the questionnaires). */
  const addLoaded = (name: string, load: () => Promise<Buffer>) => addGenerated(name, async function* () {
    yield await load();
  });

  // Both parts of a kind list the same rows: read the ids once.
  let activityIds: Promise<string[]> | null = null;
  let checkinIds: Promise<string[]> | null = null;
  const activityIdList = () => (activityIds ??= activityIdsInOrder(db, userId));
  const checkinIdList = () => (checkinIds ??= checkinIdsInOrder(db, userId));

  zip.addBuffer(json(manifest), ENTRY.manifest, options);

  addGenerated(ENTRY.activitiesJson, async function* () {
    let first = true;
    yield text("[");
    for (const ids of chunks(await activityIdList(), CHUNK)) {
      const rows = await activitiesForExport(db, userId, ids);
      let out = "";
      for (const row of rows) {
        out += (first ? "\n" : ",\n") + JSON.stringify(toExportActivity(row, fileNames));
        first = false;
      }
      yield text(out);
    }
    yield text(first ? "]\n" : "\n]\n");
  });

  addGenerated(ENTRY.activitiesCsv, async function* () {
    yield text(CSV_BOM + csvHeader(ACTIVITY_COLUMNS));
    for (const ids of chunks(await activityIdList(), CHUNK)) {
      const rows = await activitiesForExport(db, userId, ids);
      yield text(rows.map((row) => csvLine(ACTIVITY_COLUMNS, row)).join(""));
    }
  });

  addGenerated(ENTRY.checkinsJson, async function* () {
    let first = true;
    yield text("[");
    for (const ids of chunks(await checkinIdList(), CHUNK)) {
      const rows = await checkinsForExport(db, userId, ids);
      let out = "";
      for (const row of rows) {
        out += (first ? "\n" : ",\n") + JSON.stringify(toExportCheckin(row));
        first = false;
      }
      yield text(out);
    }
    yield text(first ? "]\n" : "\n]\n");
  });

  addGenerated(ENTRY.checkinsCsv, async function* () {
    yield text(CSV_BOM + csvHeader(CHECKIN_COLUMNS));
    for (const ids of chunks(await checkinIdList(), CHUNK)) {
      const rows = await checkinsForExport(db, userId, ids);
      yield text(rows.map((row) => csvLine(CHECKIN_COLUMNS, row)).join(""));
    }
  });

  addLoaded(ENTRY.ostrc, async () =>
    json(
      (await ostrcForExport(db, userId)).map(
        (o): ExportOstrc => ({ weekStart: o.weekStart, skipped: o.skipped, answers: o.answers, severity: o.severity, substantial: o.substantial, createdAt: iso(o.createdAt), updatedAt: iso(o.updatedAt) }),
      ),
    ),
  );

  addLoaded(ENTRY.gear, async () =>
    json((await gearForExport(db, userId)).map((g): ExportGear => ({ source: g.source, sourceRef: g.sourceRef, kind: g.kind, name: g.name, distanceM: g.distanceM, primary: g.primary, retired: g.retired }))),
  );

  for (const { activityId, source, sourceRef } of withStreams) {
    addLoaded(streamsEntryName(source, sourceRef), async () => {
      const s = await getStreams(db, { userId, activityId });
      // Deleted since the list was read: "null", which a restore reads as "no streams".
      if (!s) return json(null);
      const packed: ExportStreams = {
        pointCount: s.pointCount,
        timeS: b64(s.timeS)!,
        distanceM: b64(s.distanceM)!,
        latLon: b64(s.latLon)!,
        altitudeM: b64(s.altitudeM),
        heartRate: b64(s.heartRate),
        cadence: b64(s.cadence),
        powerW: b64(s.powerW),
        segmentStarts: b64(s.segmentStarts)!,
      };
      return json(packed);
    });
  }

  for (const file of files) {
    // Stored gzip: written out as the file itself, inflated as the ZIP writer reads it.
    zip.addReadStreamLazy(originalFileEntryName(file.sha256, file.fileName), options, (cb) => {
      originalFileGz(db, userId, file.sha256).then(
        (gz) => {
          const stream = gz ? Readable.from([gz]).pipe(createGunzip()) : Readable.from([Buffer.alloc(0)]);
          stream.on("error", (err) => zip.emit("error", err));
          cb(null, stream);
        },
        (err: unknown) => cb(err, Readable.from([])),
      );
    });
  }

  zip.end();
  return { stream: output, fileName: `patella-export-${localDateOf(now, settings.timeZone)}.zip`, counts };
}
