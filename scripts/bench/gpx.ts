/**
 * `npm run bench:gpx`: Patella's GPX parser (parse + every metric) against peer libraries run side
 * by side in the same process on the same bytes, then the whole import pipeline on the fixture
 * corpus into PGlite and PostgreSQL. Prints a table and, last, one JSON line with every figure.
 *
 *   npm run bench:gpx                    # 100,000 points (~24 MB), 5 rounds
 *   BENCH_POINTS=20000 BENCH_ROUNDS=3 npm run bench:gpx
 *   BENCH_DATABASE_URL=postgres://… npm run bench:gpx   # also ingest into PostgreSQL
 *                                                      # (TEST_DATABASE_URL is used if set)
 *
 * Peak memory is measured per parser in a fresh child process (peak RSS above that process's
 * baseline with the file already loaded), so one parser's garbage does not count against another.
 */
import { isAscii } from "node:buffer";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { makeGpx } from "./make-gpx";
import { withThrowawayDatabase } from "./throwaway-db";

type Runner = (bytes: Uint8Array) => Promise<number> | number;

/**
 * Bytes to text for the peers, as cheaply as Patella does it (pure ASCII as Latin-1, else UTF-8),
 * so every parser starts from the same bytes on equal terms.
 */
function toText(bytes: Uint8Array): string {
  return isAscii(bytes) ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1") : new TextDecoder().decode(bytes);
}

/** Each runner takes the file's bytes and returns a count, so no work can be optimised away. */
const RUNNERS: Record<string, { label: string; load: () => Promise<Runner> }> = {
  patella: {
    label: "Patella (parse + all metrics)",
    load: async () => {
      const { parseGpx } = await import("../../lib/import/gpx");
      const { summarizeTrack } = await import("../../lib/metrics/summary");
      return (bytes) => {
        const parsed = parseGpx(bytes);
        const s = summarizeTrack(parsed.track);
        return parsed.track.length + (s.distanceM > 0 ? 1 : 0);
      };
    },
  },
  saxes: {
    label: "saxes (bare tokenising pass)",
    load: async () => {
      const { SaxesParser } = await import("saxes");
      return (bytes) => {
        const parser = new SaxesParser();
        let n = 0;
        parser.on("opentag", () => n++);
        parser.on("closetag", () => {});
        parser.on("text", () => {});
        parser.write(toText(bytes)).close();
        return n;
      };
    },
  },
  fxp: {
    label: "fast-xml-parser (to objects)",
    load: async () => {
      const { XMLParser } = await import("fast-xml-parser");
      return (bytes) => {
        const doc = new XMLParser({ ignoreAttributes: false }).parse(toText(bytes)) as {
          gpx: { trk: { trkseg: { trkpt: unknown[] } } };
        };
        return doc.gpx.trk.trkseg.trkpt.length;
      };
    },
  },
  togeojson: {
    label: "@tmcw/togeojson + @xmldom/xmldom",
    load: async () => {
      const { gpx } = await import("@tmcw/togeojson");
      const { DOMParser } = await import("@xmldom/xmldom");
      return (bytes) => {
        const dom = new DOMParser().parseFromString(toText(bytes), "text/xml");
        const geo = gpx(dom as unknown as Document);
        const geometry = geo.features[0]?.geometry as { coordinates: unknown[] } | undefined;
        return geometry?.coordinates.length ?? 0;
      };
    },
  },
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function child(name: string, file: string): Promise<void> {
  const bytes = new Uint8Array(fs.readFileSync(file));
  const run = await RUNNERS[name]!.load();
  const baseline = process.memoryUsage().rss;
  const count = await run(bytes);
  const peak = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(JSON.stringify({ count, peakAboveBaselineBytes: Math.max(0, peak - baseline) }));
}

async function ingestBench(): Promise<{ pgliteFilesPerS: number; postgresFilesPerS: number | null; files: number; corpus: string }> {
  const shared = path.resolve("..", "shared", "fixtures", "gpx");
  const dir = fs.existsSync(path.join(shared, "MANIFEST.json")) ? shared : path.resolve("tests", "fixtures", "gpx");
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".gpx")).map((f) => ({ name: f, bytes: new Uint8Array(fs.readFileSync(path.join(dir, f))) }));
  const { openPglite, migrateHandle } = await import("../../db/client");
  const { users } = await import("../../db/schema");
  const { ingestFile } = await import("../../lib/activities/ingest");

  const timeInto = async (handle: Awaited<ReturnType<typeof openPglite>>) => {
    const [user] = await handle.db.insert(users).values({ email: `bench-${Date.now()}@example.test`, timeZone: "UTC" }).returning({ id: users.id });
    const started = performance.now();
    for (const f of files) await ingestFile(handle.db, { userId: user!.id, timeZone: "UTC", fileName: f.name, bytes: f.bytes });
    return files.length / ((performance.now() - started) / 1000);
  };

  const liteDir = fs.mkdtempSync(path.join(os.tmpdir(), "patella-bench-"));
  const lite = await openPglite({ dataDir: liteDir });
  await migrateHandle(lite);
  const pgliteFilesPerS = await timeInto(lite);
  await lite.close();
  fs.rmSync(liteDir, { recursive: true, force: true });

  let postgresFilesPerS: number | null = null;
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (url) {
    postgresFilesPerS = await withThrowawayDatabase(url, `patella_bench_${process.pid}`, (pg) => timeInto(pg));
  }
  return { pgliteFilesPerS, postgresFilesPerS, files: files.length, corpus: dir };
}

async function main() {
  const points = Number(process.env.BENCH_POINTS ?? 100_000);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  const file = path.join(os.tmpdir(), `patella-bench-${points}.gpx`);
  if (!fs.existsSync(file)) fs.writeFileSync(file, makeGpx(points));
  const bytes = new Uint8Array(fs.readFileSync(file));
  const mb = bytes.byteLength / 1e6;
  console.log(`GPX benchmark: ${points.toLocaleString("en")} points, ${mb.toFixed(1)} MB, Node ${process.version}, ${os.cpus().length} cores`);

  const loaded = Object.fromEntries(await Promise.all(Object.entries(RUNNERS).map(async ([k, r]) => [k, await r.load()] as const)));
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(RUNNERS).map((k) => [k, []]));
  const counts: Record<string, number> = {};
  // Warm-up, then rounds in which every parser runs once, side by side. togeojson is slow and
  // memory-hungry: it runs in the first round only.
  for (const k of ["patella", "saxes", "fxp"]) await loaded[k]!(bytes);
  for (let r = 0; r < rounds; r++) {
    for (const k of Object.keys(RUNNERS)) {
      if (k === "togeojson" && r > 0) continue;
      const t0 = performance.now();
      counts[k] = await loaded[k]!(bytes);
      times[k]!.push(performance.now() - t0);
    }
  }

  const memory: Record<string, number | null> = {};
  for (const k of Object.keys(RUNNERS)) {
    const r = spawnSync(process.execPath, ["--import", "tsx", __filenameOf(), "--child", k, file], { encoding: "utf8", maxBuffer: 1 << 20 });
    try {
      memory[k] = (JSON.parse(r.stdout) as { peakAboveBaselineBytes: number }).peakAboveBaselineBytes;
    } catch {
      memory[k] = null;
    }
  }

  const patellaMs = median(times.patella!);
  const rows = Object.entries(RUNNERS).map(([k, r]) => {
    const ms = median(times[k]!);
    return {
      key: k,
      label: r.label,
      ms,
      mbPerS: mb / (ms / 1000),
      peakMB: memory[k] === null ? null : memory[k]! / 1e6,
      timeVsPatella: ms / patellaMs,
      count: counts[k],
    };
  });
  console.log("\nparser                               median ms      MB/s   peak MB   time ÷ Patella");
  for (const row of rows) {
    console.log(
      `${row.label.padEnd(36)} ${row.ms.toFixed(0).padStart(9)} ${row.mbPerS.toFixed(1).padStart(9)} ${(row.peakMB === null ? "?" : row.peakMB.toFixed(0)).padStart(9)} ${row.timeVsPatella.toFixed(2).padStart(16)}`,
    );
  }
  const patellaPeak = rows[0]!.peakMB;
  console.log(`\nPatella peak memory: ${patellaPeak === null ? "?" : (patellaPeak / mb).toFixed(2)} × the file size (target < 3).`);
  console.log(`Patella vs bare saxes: ${(rows[0]!.mbPerS / rows[1]!.mbPerS).toFixed(2)} × its speed (target ≥ 1).`);

  const ingest = await ingestBench();
  console.log(
    `\nImport pipeline on ${ingest.files} corpus files (${ingest.corpus}): ` +
      `${ingest.pgliteFilesPerS.toFixed(1)} files/s into PGlite, ` +
      (ingest.postgresFilesPerS === null ? "PostgreSQL not measured (set BENCH_DATABASE_URL)." : `${ingest.postgresFilesPerS.toFixed(1)} files/s into PostgreSQL.`),
  );

  console.log(
    JSON.stringify({
      bench: "gpx",
      at: new Date().toISOString(),
      points,
      fileMB: Number(mb.toFixed(2)),
      parsers: Object.fromEntries(rows.map((r) => [r.key, { ms: Number(r.ms.toFixed(1)), mbPerS: Number(r.mbPerS.toFixed(1)), peakMB: r.peakMB === null ? null : Number(r.peakMB.toFixed(1)), timeVsPatella: Number(r.timeVsPatella.toFixed(2)) }])),
      ingest: { files: ingest.files, pgliteFilesPerS: Number(ingest.pgliteFilesPerS.toFixed(1)), postgresFilesPerS: ingest.postgresFilesPerS === null ? null : Number(ingest.postgresFilesPerS.toFixed(1)) },
    }),
  );
}

function __filenameOf(): string {
  return new URL(import.meta.url).pathname;
}

if (process.argv[2] === "--child") {
  void child(process.argv[3]!, process.argv[4]!).then(() => process.exit(0));
} else {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
