import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { ENTRY, EXPORT_FORMAT, EXPORT_VERSION } from "@/lib/account/export-format";
import { makeArchive } from "./make-archive";

/**
 * The hostile inputs of issue 17, made on disk for tests/integration/heavy-hostile.test.ts and
 * scripts/bench/hostile.ts: the restore bomb, its small sibling that passes the ZIP ratio check, a
 * 256 MB GPX gzipped, a restore of 6 million points, and an archive of bad records.
 */

export const MiB = 1024 * 1024;
export const BAD_RECORDS = 26_000;

const manifest = JSON.stringify({ format: EXPORT_FORMAT, version: EXPORT_VERSION, app: "Patella", exportedAt: "2026-11-30T10:00:00.000Z", settings: null });

/** A seeded generator (reproducible inputs). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
}

/** `[{},{},…]` of about `bytes`, a space after one comma in 128 at random: deflates about 145 to 1, under the ZIP bomb ratio. */
function emptyRecords(bytes: number): () => Iterable<Uint8Array> {
  return function* () {
    const next = lcg(17);
    yield Buffer.from("[{}");
    let written = 3;
    while (written < bytes) {
      const parts: string[] = [];
      for (let i = 0; i < 20_000; i++) parts.push(((next() >>> 16) & 0x7f) === 0 ? ", {}" : ",{}");
      const chunk = Buffer.from(parts.join(""));
      written += chunk.length;
      yield chunk;
    }
    yield Buffer.from("]");
  };
}

/** Check-ins with pain from 11 to 99 and no valid timing, at random: about 42 KB zipped. */
function badCheckins(): string {
  const next = lcg(7);
  return `[${Array.from({ length: BAD_RECORDS }, () => `{"pain":${11 + ((next() >>> 8) % 89)},"timing":"x"}`).join(",")}]`;
}

const activityRecord = (over: Record<string, unknown>) => ({
  source: "gpx",
  sourceRef: "a".repeat(64),
  sport: "run",
  name: "Six million points",
  startTime: "2026-11-01T08:00:00.000Z",
  localDate: "2026-11-01",
  timeZone: "UTC",
  distanceM: 10_000,
  movingS: 3_000,
  elapsedS: 3_100,
  elevGainM: null,
  elevLossM: null,
  avgHr: null,
  maxHr: null,
  avgCadenceSpm: null,
  avgPowerW: null,
  rpe: null,
  load: null,
  surface: "road",
  surfaceSource: "assumed",
  surfaceConfidence: null,
  surfaceSplit: null,
  routeShape: null,
  gearId: null,
  polyline: null,
  duplicateOf: null,
  sample: false,
  metricsVersion: 2,
  createdAt: "2026-11-01T09:00:00.000Z",
  streams: null,
  originalFile: null,
  ...over,
});

/** base64 of `n` zero bytes, written in pieces (6 million Float32 values need 32 MB of "A"). */
function* zerosBase64(n: number): Generator<Uint8Array> {
  const piece = Buffer.alloc(3 * 256 * 1024).toString("base64");
  let left = n;
  while (left >= 3 * 256 * 1024) {
    yield Buffer.from(piece);
    left -= 3 * 256 * 1024;
  }
  yield Buffer.from(Buffer.alloc(left).toString("base64"));
}

export interface HostileFiles {
  restoreBomb: string;
  recordFlood: string;
  sixMillionPoints: string;
  badRecords: string;
  gpxBomb: string;
}

/** Writes every hostile input into `dir`. */
export async function makeHostileFiles(dir: string): Promise<HostileFiles> {
  const files: HostileFiles = {
    restoreBomb: path.join(dir, "restore-bomb.zip"),
    recordFlood: path.join(dir, "record-flood.zip"),
    sixMillionPoints: path.join(dir, "six-million.zip"),
    badRecords: path.join(dir, "bad-records.zip"),
    gpxBomb: path.join(dir, "bomb.gpx.gz"),
  };
  // 1. The restore bomb: an export whose activities.json is ~260 MB of empty records (~1.8 MB zipped).
  await makeArchive(files.restoreBomb, {
    csvRows: null,
    extraEntries: [
      { name: ENTRY.manifest, bytes: manifest },
      // 248 MiB = 260 MB: under the 256 MiB entry limit, so the record cap is what refuses it.
      { name: ENTRY.activitiesJson, bytes: emptyRecords(248 * MiB) },
    ],
  });
  // 1b. A record flood small enough to pass the ZIP ratio check: the record cap refuses it.
  await makeArchive(files.recordFlood, {
    csvRows: null,
    extraEntries: [
      { name: ENTRY.manifest, bytes: manifest },
      { name: ENTRY.activitiesJson, bytes: `[${"{},".repeat(150_000)}{}]` },
    ],
  });
  // 2. A 256 MB GPX gzipped to a few hundred KB, for a single upload.
  const point = Buffer.from('<trkpt lat="45.0" lon="5.0"><ele>200</ele><time>2026-11-01T08:00:00Z</time></trkpt>');
  const body = Buffer.alloc(256 * MiB);
  const head = Buffer.from('<?xml version="1.0"?><gpx version="1.1" creator="x" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>');
  head.copy(body, 0);
  for (let at = head.length; at + point.length <= body.length; at += point.length) point.copy(body, at);
  fs.writeFileSync(files.gpxBomb, gzipSync(body, { level: 9 }));
  // 3. A restore of one activity with 6 million points (its streams deflate to under a megabyte).
  const n = 6_000_000;
  const streamsName = "streams/gpx-six.json";
  await makeArchive(files.sixMillionPoints, {
    csvRows: null,
    extraEntries: [
      { name: ENTRY.manifest, bytes: manifest },
      { name: ENTRY.activitiesJson, bytes: JSON.stringify([activityRecord({ streams: streamsName })]) },
      {
        name: streamsName,
        bytes: function* () {
          yield Buffer.from(`{"pointCount":${n},"timeS":"`);
          yield* zerosBase64(4 * n);
          yield Buffer.from('","distanceM":"');
          yield* zerosBase64(4 * n);
          yield Buffer.from('","latLon":"');
          yield* zerosBase64(8 * n);
          yield Buffer.from('","altitudeM":null,"heartRate":null,"cadence":null,"powerW":null,"segmentStarts":"AAAAAA=="}');
        },
      },
    ],
  });
  // 4. An archive of bad records: tens of thousands of check-ins that are not check-ins (~42 KB zipped).
  await makeArchive(files.badRecords, {
    csvRows: null,
    extraEntries: [
      { name: ENTRY.manifest, bytes: manifest },
      { name: ENTRY.activitiesJson, bytes: "[]" },
      { name: ENTRY.checkinsJson, bytes: badCheckins() },
    ],
  });
  return files;
}
