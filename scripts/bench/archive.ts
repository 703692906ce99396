/**
 * `npm run bench:archive`: a generated Strava export archive of 2,000 activities (GPX, TCX and FIT,
 * every other one gzipped, about 1 GB uncompressed) imported into PostgreSQL by the same importer
 * as uploads (lib/import/archive-import.ts), in a child process so its peak memory is its own.
 * Prints wall time, activities/s and peak RSS against the targets (under 2 minutes, under 500 MB),
 * then the same archive imported again (everything already there). Ends with one JSON line.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:archive
 *   BENCH_ARCHIVE_ACTIVITIES=500 …   (a smaller archive)
 *   BENCH_ARCHIVE_PGLITE=1 …         (into PGlite instead)
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ACTIVITIES = Number(process.env.BENCH_ARCHIVE_ACTIVITIES ?? 2000);
const TARGET_S = 120;
const TARGET_MB = 500;

interface ChildResult {
  ms: number;
  maxRssMb: number;
  run: { total: number; imported: number; duplicates: number; failed: number; skipped: number; status: string };
}

/** The child: one import of the archive, timed, into the database named by the environment. */
async function child(zip: string): Promise<void> {
  const { getDbHandle, closeDb } = await import("../../db/client");
  const { users, archiveImports } = await import("../../db/schema");
  const { createArchiveImport, runArchiveImport } = await import("../../lib/import/archive-import");
  const { eq } = await import("drizzle-orm");
  const { logToStderr } = await import("../../lib/log");
  logToStderr();
  const { db } = await getDbHandle();
  const email = "archive-bench@example.test";
  let [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  user ??= (await db.insert(users).values({ email, timeZone: "Europe/Paris" }).returning({ id: users.id }))[0]!;
  const started = performance.now();
  const run = await createArchiveImport(db, { userId: user.id, fileName: path.basename(zip), filePath: zip, sizeBytes: fs.statSync(zip).size });
  await runArchiveImport(db, run.id, { keepFile: true });
  const ms = performance.now() - started;
  const [done] = await db.select().from(archiveImports).where(eq(archiveImports.id, run.id));
  await closeDb();
  const result: ChildResult = { ms, maxRssMb: process.resourceUsage().maxRSS / 1024, run: done as unknown as ChildResult["run"] };
  console.log(JSON.stringify(result));
}

function runChild(zip: string, env: Record<string, string>): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--child", zip], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    p.stdout.on("data", (d: Buffer) => (out += d.toString()));
    p.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`the import child exited with ${code}`));
      resolve(JSON.parse(out.trim().split("\n").pop()!) as ChildResult);
    });
  });
}

async function generate(zip: string): Promise<{ uncompressedBytes: number; ms: number }> {
  const { makeArchive } = await import("../../tests/support/make-archive");
  const { makeActivityFile } = await import("../../tests/support/activity-files");
  const formats = ["gpx", "tcx", "fit"] as const;
  // About an hour each at 1 Hz for FIT; GPX and TCX shorter but far bigger per point.
  const points = { gpx: 3000, tcx: 1800, fit: 3600 };
  let uncompressedBytes = 0;
  const started = performance.now();
  await makeArchive(zip, {
    compressionLevel: 1,
    activities: (function* () {
      for (let i = 0; i < ACTIVITIES; i++) {
        const format = formats[i % 3]!;
        const bytes = makeActivityFile(format, i, points[format]);
        uncompressedBytes += bytes.byteLength;
        yield { id: 10_000_000_000 + i, format, gz: i % 2 === 0, bytes, name: `Bench ${format} ${i}`, type: "Run" };
      }
    })(),
  });
  return { uncompressedBytes, ms: performance.now() - started };
}

async function main(): Promise<void> {
  if (process.argv[2] === "--child") return child(process.argv[3]!);
  const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const usePglite = process.env.BENCH_ARCHIVE_PGLITE === "1" || !pgUrl;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "patella-bench-archive-"));
  const zip = path.join(dir, "export.zip");
  try {
    console.log(`Generating a Strava export of ${ACTIVITIES} activities (GPX, TCX, FIT; every other one gzipped)…`);
    const gen = await generate(zip);
    const size = fs.statSync(zip).size;
    console.log(`  ${(gen.uncompressedBytes / 1e9).toFixed(2)} GB of activity files, ${(size / 1e6).toFixed(0)} MB zipped, in ${(gen.ms / 1000).toFixed(0)} s\n`);

    const measure = async (label: string, env: Record<string, string>) => {
      const first = await runChild(zip, env);
      const again = await runChild(zip, env);
      const s = first.ms / 1000;
      console.log(`${label}: first import ${s.toFixed(1)} s (${Math.round(first.run.imported / s)} activities/s), peak RSS ${Math.round(first.maxRssMb)} MB`);
      console.log(`  ${first.run.imported} imported, ${first.run.duplicates} already there, ${first.run.failed} refused, ${first.run.skipped} skipped of ${first.run.total}`);
      console.log(`  again: ${(again.ms / 1000).toFixed(1)} s, ${again.run.duplicates} already imported, ${again.run.imported} imported; peak RSS ${Math.round(again.maxRssMb)} MB`);
      console.log(`  targets: under ${TARGET_S} s → ${s < TARGET_S ? "met" : "NOT met"}; under ${TARGET_MB} MB → ${first.maxRssMb < TARGET_MB ? "met" : "NOT met"}\n`);
      return { database: label, seconds: s, perSecond: first.run.imported / s, peakRssMb: first.maxRssMb, againSeconds: again.ms / 1000, first: first.run, again: again.run };
    };

    const results = [];
    if (usePglite) {
      if (!pgUrl) console.log("PostgreSQL: no BENCH_DATABASE_URL or TEST_DATABASE_URL, so PGlite (the target is stated for PostgreSQL).");
      const dataDir = path.join(dir, "pglite");
      results.push(await measure("PGlite", { DATA_DIR: dataDir, DATABASE_URL: "" }));
    } else {
      const { withThrowawayDatabase } = await import("./throwaway-db");
      results.push(
        await withThrowawayDatabase(pgUrl, `patella_bench_archive_${process.pid}`, async (_handle, url) => {
          return measure("PostgreSQL", { DATABASE_URL: url });
        }),
      );
    }
    console.log(JSON.stringify({ bench: "archive", activities: ACTIVITIES, uncompressedBytes: gen.uncompressedBytes, zippedBytes: size, results }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
