/**
 * `npm run bench:hostile`: how much issue 17's hostile inputs slow another runner down. Starts the
 * built app (`next start`) on PGlite (and on PostgreSQL with BENCH_DATABASE_URL or
 * TEST_DATABASE_URL), signs in two runners, and has one of them read /api/v1/settings back to back
 * (20 ms apart): first idle, then during each attack by the other — the restore bomb, the 150,000-
 * record flood, a 256 MB GPX gzipped, a restore of 6 million points, 26,000 bad records (an
 * archive attack lasts until its import has finished) and 1,000 forged Strava webhook events. For each it reports the reader's p50, p95
 * and worst wait, the ratio of its p95 to the idle p95 of the same run (target ≤ 2), the answer
 * the attacker got, and the server's peak RSS. The last line is JSON.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { migrateHandle, openPglite, type DbHandle } from "../../db/client";
import { users } from "../../db/schema";
import { makeHostileFiles, type HostileFiles } from "../../tests/support/hostile-files";
import { buildIfNeeded } from "../lib/build.mjs";
import { webhookPathSecret } from "../../lib/strava/webhook";
import { BENCH_SECRET, percentile, sessionCookie, startApp, type RunningApp } from "./app-harness";
import { withThrowawayDatabase } from "./throwaway-db";

const PORT = Number(process.env.BENCH_PORT ?? 3206);
/** The webhook handshake's token (the secret path derives from it and the auth secret). */
const WEBHOOK_VERIFY_TOKEN = "bench-verify-token";
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 10_000);

interface ReaderFigures {
  reads: number;
  errors: number;
  p50: number;
  p95: number;
  maxMs: number;
}

/** The server's resident memory: every process of its group (next start and what it forks), in MB. */
function serverRssMb(app: RunningApp): number {
  try {
    const out = execFileSync("ps", ["-o", "rss=", "-g", String(app.child.pid)], { encoding: "utf8" });
    return out.split("\n").reduce((sum, l) => sum + (Number(l.trim()) || 0), 0) / 1024;
  } catch {
    return Number.NaN;
  }
}

/** Reads settings back to back until `until` settles; answers the reader's figures and the peak RSS. */
async function readWhile(app: RunningApp, cookie: string, until: Promise<unknown>): Promise<{ reader: ReaderFigures; peakRssMb: number }> {
  let done = false;
  void until.finally(() => (done = true));
  const latencies: number[] = [];
  let errors = 0;
  let peak = serverRssMb(app);
  const sampler = setInterval(() => (peak = Math.max(peak, serverRssMb(app))), 250);
  while (!done) {
    const t0 = performance.now();
    const res = await fetch(`${app.origin}/api/v1/settings`, { headers: { cookie } }).catch(() => null);
    if (!res || res.status !== 200) errors += 1;
    await res?.arrayBuffer();
    latencies.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 20));
  }
  clearInterval(sampler);
  await until.catch(() => undefined);
  latencies.sort((a, b) => a - b);
  return {
    reader: { reads: latencies.length, errors, p50: percentile(latencies, 50), p95: percentile(latencies, 95), maxMs: latencies[latencies.length - 1] ?? Number.NaN },
    peakRssMb: Math.max(peak, serverRssMb(app)),
  };
}

async function postArchive(app: RunningApp, cookie: string, file: string): Promise<{ status: number; id: string | null; code: string | null }> {
  const body = fs.readFileSync(file);
  const res = await fetch(`${app.origin}/api/v1/archives`, {
    method: "POST",
    headers: { cookie, origin: app.origin, "content-type": "application/zip", "x-file-name": path.basename(file) },
    body,
  });
  const json = (await res.json()) as { archive?: { id: string }; error?: { code: string } };
  return { status: res.status, id: json.archive?.id ?? null, code: json.error?.code ?? null };
}

/** Waits until an accepted archive's import has ended. */
async function importEnded(app: RunningApp, cookie: string, id: string): Promise<string> {
  for (;;) {
    const res = await fetch(`${app.origin}/api/v1/archives/${id}`, { headers: { cookie } });
    const json = (await res.json()) as { archive?: { status: string } };
    if (json.archive && (json.archive.status === "done" || json.archive.status === "failed")) return json.archive.status;
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function seedRunners(handle: DbHandle): Promise<{ attacker: string; reader: string }> {
  const rows = await handle.db
    .insert(users)
    .values([
      { email: `attacker-${process.pid}@example.test`, name: "Attacker", timeZone: "UTC", units: "km" },
      { email: `reader-${process.pid}@example.test`, name: "Reader", timeZone: "UTC", units: "km" },
    ])
    .returning({ id: users.id });
  return { attacker: rows[0]!.id, reader: rows[1]!.id };
}

async function measure(kind: string, env: Record<string, string>, ids: { attacker: string; reader: string }, files: HostileFiles, logDir: string) {
  // No Strava server is reached: a closed local port refuses at once.
  const app = await startApp(PORT, { ...env, STRAVA_VERIFY_TOKEN: WEBHOOK_VERIFY_TOKEN, STRAVA_BASE_URL: "http://127.0.0.1:9" }, path.join(logDir, `app-${kind}.log`));
  try {
    const reader = await sessionCookie(ids.reader);
    const attacker = await sessionCookie(ids.attacker);
    // Warm up: compile the routes, start the heavy-work thread.
    await readWhile(app, reader, new Promise((r) => setTimeout(r, 2_000)));
    const idle = await readWhile(app, reader, new Promise((r) => setTimeout(r, IDLE_MS)));
    console.log(`${kind.padEnd(10)} ${"idle".padEnd(22)} p50 ${idle.reader.p50.toFixed(1).padStart(7)} ms  p95 ${idle.reader.p95.toFixed(1).padStart(7)} ms  max ${idle.reader.maxMs.toFixed(0).padStart(6)} ms  RSS ${idle.peakRssMb.toFixed(0)} MB`);

    const archiveAttack = async (file: string) => {
      const posted = await postArchive(app, attacker, file);
      const ended = posted.status === 202 && posted.id ? await importEnded(app, attacker, posted.id) : null;
      return `${posted.status}${posted.code ? ` ${posted.code}` : ""}${ended ? `, import ${ended}` : ""}`;
    };
    const attacks: Record<string, () => Promise<string>> = {
      "restore bomb": () => archiveAttack(files.restoreBomb),
      "record flood": () => archiveAttack(files.recordFlood),
      "gzipped 256 MB GPX": async () => {
        const form = new FormData();
        form.append("file", new File([new Uint8Array(fs.readFileSync(files.gpxBomb))], "bomb.gpx.gz"));
        const res = await fetch(`${app.origin}/api/v1/uploads`, { method: "POST", headers: { cookie: attacker, origin: app.origin }, body: form });
        const json = (await res.json()) as { error?: { details?: { reason?: string } } };
        return `${res.status}${json.error?.details?.reason ? ` ${json.error.details.reason}` : ""}`;
      },
      "6-million-point restore": () => archiveAttack(files.sixMillionPoints),
      "26,000 bad records": () => archiveAttack(files.badRecords),
      // Unsigned events anyone can send: to the secret path (the worst case: an attacker who learnt it),
      // naming an athlete Patella does not know, back to back.
      "1,000 forged webhooks": async () => {
        const secret = webhookPathSecret(BENCH_SECRET, WEBHOOK_VERIFY_TOKEN)!;
        const statuses = new Set<number>();
        for (let k = 0; k < 1_000; k++) {
          const event = { object_type: "activity", object_id: 900_000_000 + k, aspect_type: "create", owner_id: 4_242_424, subscription_id: 1, event_time: 1_767_225_600 + k };
          const res = await fetch(`${app.origin}/api/strava/webhook/${secret}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(event) });
          await res.arrayBuffer();
          statuses.add(res.status);
        }
        return `${[...statuses].join("/")} × 1,000`;
      },
    };
    const results: Record<string, unknown> = {};
    for (const [name, attack] of Object.entries(attacks)) {
      const started = performance.now();
      let answer = "";
      const run = attack().then((a) => (answer = a));
      const seen = await readWhile(app, reader, run);
      const ratio = seen.reader.p95 / idle.reader.p95;
      results[name] = { answer, seconds: Number(((performance.now() - started) / 1000).toFixed(1)), ...seen.reader, ratio: Number(ratio.toFixed(2)), peakRssMb: Math.round(seen.peakRssMb) };
      console.log(
        `${kind.padEnd(10)} ${name.padEnd(22)} p50 ${seen.reader.p50.toFixed(1).padStart(7)} ms  p95 ${seen.reader.p95.toFixed(1).padStart(7)} ms  max ${seen.reader.maxMs.toFixed(0).padStart(6)} ms  ratio ${ratio.toFixed(2)}  RSS ${seen.peakRssMb.toFixed(0)} MB  errors ${seen.reader.errors}/${seen.reader.reads}  → ${answer}`,
      );
    }
    return { idle: { ...idle.reader, peakRssMb: Math.round(idle.peakRssMb) }, attacks: results };
  } finally {
    await app.stop();
  }
}

async function main() {
  buildIfNeeded();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "patella-bench-hostile-"));
  console.log(`Hostile inputs against the built app on port ${PORT}; a second runner reads /api/v1/settings during each.`);
  const files = await makeHostileFiles(work);
  const sizes = Object.fromEntries(Object.entries(files).map(([k, f]) => [k, `${(fs.statSync(f).size / 1024).toFixed(0)} KB`]));
  console.log(`inputs: ${JSON.stringify(sizes)}`);
  const out: Record<string, unknown> = {};
  try {
    const dataDir = path.join(work, "data");
    const lite = await openPglite({ dataDir });
    await migrateHandle(lite);
    const ids = await seedRunners(lite);
    await lite.close();
    out.pglite = await measure("PGlite", { DATA_DIR: dataDir, DATABASE_URL: "" }, ids, files, work);

    const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
    if (url) {
      const pgData = path.join(work, "data-pg");
      out.postgres = await withThrowawayDatabase(url, `patella_bench_hostile_${process.pid}`, async (pg, dbUrl) =>
        measure("PostgreSQL", { DATABASE_URL: dbUrl, DATA_DIR: pgData }, await seedRunners(pg), files, work),
      );
    } else {
      console.log("PostgreSQL not measured: set BENCH_DATABASE_URL (or TEST_DATABASE_URL).");
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  console.log(JSON.stringify({ bench: "hostile", at: new Date().toISOString(), targetRatio: 2, inputKb: sizes, results: out }));
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
