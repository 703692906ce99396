/**
 * `npm run bench:mixed`: the built app under a mixed load over loopback HTTP. Many signed-in
 * runners at once (one virtual runner per seeded runner, each with its own session cookie) read the
 * dashboard's API — GET /api/v1/load, /guidance, /checkins/insights, /surfaces and
 * /activities?limit=20 — and about one request in ten posts a pain check-in. Closed loop, no think
 * time: each virtual runner sends its next request as soon as the previous answer arrives.
 *
 * PostgreSQL (when BENCH_DATABASE_URL or TEST_DATABASE_URL is set, in a throwaway database): 50
 * runners with a year of history each (≈200 runs, 40 other activities, a check-in every third day),
 * 5 s warm-up, 60 s measured. PGlite (always): a smaller run, 10 runners for 20 s, since it is one
 * process with one connection. After each run the check-ins in the database must have grown by
 * exactly the number of successful POSTs. Prints a table per database and one JSON line.
 *
 * Targets (PostgreSQL): 0 errors, reads p95 ≤ 100 ms.
 *
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:mixed
 *
 * Environment: BENCH_PORT (3400), BENCH_MIXED_SECONDS (60, measured), BENCH_MIXED_WARMUP_SECONDS (5),
 * BENCH_MIXED_RUNNERS (50), BENCH_MIXED_PGLITE_RUNNERS (10), BENCH_MIXED_PGLITE_SECONDS (20, or
 * BENCH_MIXED_SECONDS when that is shorter).
 */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { count, inArray } from "drizzle-orm";
import { migrateHandle, openPglite, type DbHandle } from "../../db/client";
import { checkins, type NewCheckin } from "../../db/schema";
import { buildIfNeeded } from "../lib/build.mjs";
import { percentile, seedRunners, sessionCookie, startApp, tail, type HistoryShape } from "./app-harness";
import { withThrowawayDatabase } from "./throwaway-db";

const num = (name: string, fallback: number) => {
  const raw = process.env[name];
  const n = raw === undefined || raw.trim() === "" ? fallback : Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number (got ${raw})`);
  return n;
};

const PORT = num("BENCH_PORT", 3400);
const MEASURED_S = num("BENCH_MIXED_SECONDS", 60);
const WARMUP_S = num("BENCH_MIXED_WARMUP_SECONDS", 5);
const PG_RUNNERS = Math.round(num("BENCH_MIXED_RUNNERS", 50));
const LITE_RUNNERS = Math.round(num("BENCH_MIXED_PGLITE_RUNNERS", 10));
const LITE_S = num("BENCH_MIXED_PGLITE_SECONDS", Math.min(20, MEASURED_S));
const FLOOR_S = Math.min(5, MEASURED_S);
const REQUEST_TIMEOUT_MS = 30_000;
const POST_SHARE = 0.1;
const TARGET_READ_P95_MS = 100;

/** One year: ≈200 runs, 40 rides / swims / strength / walks, a pain check-in every third day. */
const HISTORY: HistoryShape = { days: 365, runs: 200, others: 40, checkinEveryDays: 3 };

const READS = [
  "/api/v1/load",
  "/api/v1/guidance",
  "/api/v1/checkins/insights",
  "/api/v1/surfaces",
  "/api/v1/activities?limit=20",
] as const;
const POST_KIND = "POST /api/v1/checkins";
const KINDS = [...READS.map((p) => `GET ${p}`), POST_KIND];
const TIMINGS: NewCheckin["timing"][] = ["during", "after", "next_morning", "at_rest"];

// ---------------------------------------------------------------------------------------------
// The HTTP driver: node:http over keep-alive connections (one per virtual runner), recording
// every request's latency (until the last byte of the answer) and status.

interface Answer {
  status: number | null; // null: network error or timeout
  ms: number;
  body: string;
}

function send(agent: http.Agent, origin: string, method: "GET" | "POST", pathname: string, cookie: string, body?: string): Promise<Answer> {
  const url = new URL(pathname, origin);
  const headers: http.OutgoingHttpHeaders = { cookie, accept: "application/json" };
  if (body !== undefined) {
    headers["content-type"] = "application/json";
    headers["content-length"] = Buffer.byteLength(body);
    headers.origin = origin; // the app refuses mutations from another origin (lib/api/guard.ts)
  }
  return new Promise((resolve) => {
    const t0 = performance.now();
    let settled = false;
    const done = (status: number | null, text: string) => {
      if (settled) return;
      settled = true;
      resolve({ status, ms: performance.now() - t0, body: text });
    };
    const req = http.request({ agent, host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => done(res.statusCode ?? null, Buffer.concat(chunks).toString("utf8")));
      res.on("error", (err) => done(null, String(err)));
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on("error", (err) => done(null, String(err)));
    req.end(body);
  });
}

interface Sample {
  kind: string;
  ms: number;
  ok: boolean;
}

interface DriveResult {
  samples: Sample[]; // measured phase only
  measuredMs: number;
  posts: { warmupOk: number; measuredOk: number; failed: number; ids: string[] };
  errorExamples: string[];
  errorStatuses: Record<string, number>;
}

async function drive(origin: string, cookies: string[], warmupMs: number, measureMs: number): Promise<DriveResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: cookies.length + 4 });
  const samples: Sample[] = [];
  const posts = { warmupOk: 0, measuredOk: 0, failed: 0, ids: [] as string[] };
  const errorExamples: string[] = [];
  const errorStatuses: Record<string, number> = {};
  const t0 = performance.now();
  const warmEnd = t0 + warmupMs;
  const end = warmEnd + measureMs;
  let lastDone = end;

  const runner = async (cookie: string, index: number) => {
    let seed = 17 + index * 7919;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    while (performance.now() < end) {
      const isPost = rand() < POST_SHARE;
      const started = performance.now();
      const measured = started >= warmEnd;
      let kind: string;
      let answer: Answer;
      if (isPost) {
        kind = POST_KIND;
        const body = JSON.stringify({ pain: Math.floor(rand() * 5), timing: TIMINGS[Math.floor(rand() * TIMINGS.length)], locations: ["front"], side: "left" });
        answer = await send(agent, origin, "POST", "/api/v1/checkins", cookie, body);
      } else {
        const pathname = READS[Math.floor(rand() * READS.length)]!;
        kind = `GET ${pathname}`;
        answer = await send(agent, origin, "GET", pathname, cookie);
      }
      const ok = isPost ? answer.status === 201 : answer.status === 200;
      if (isPost) {
        if (ok) {
          if (measured) posts.measuredOk++;
          else posts.warmupOk++;
          try {
            const id = (JSON.parse(answer.body) as { checkin?: { id?: unknown } }).checkin?.id;
            if (typeof id === "string") posts.ids.push(id);
          } catch {
            // counted by the id check below
          }
        } else posts.failed++;
      }
      if (!ok) {
        const key = `${kind} → ${answer.status ?? "network"}`;
        errorStatuses[key] = (errorStatuses[key] ?? 0) + 1;
        if (errorExamples.length < 5) errorExamples.push(`${measured ? "" : "(warm-up) "}${key}: ${answer.body.slice(0, 200)}`);
      }
      if (measured) {
        samples.push({ kind, ms: answer.ms, ok });
        lastDone = Math.max(lastDone, performance.now());
      }
    }
  };
  await Promise.all(cookies.map((c, i) => runner(c, i)));
  agent.destroy();
  return { samples, measuredMs: lastDone - warmEnd, posts, errorExamples, errorStatuses };
}

/** The floor: a no-op route (the API's JSON 404: no session, no database) at the same concurrency. */
async function floor(origin: string, concurrency: number, ms: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency + 4 });
  const latencies: number[] = [];
  const end = performance.now() + ms;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) latencies.push((await send(agent, origin, "GET", "/api/v1/__floor", "")).ms);
    }),
  );
  const elapsed = performance.now() - t0;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / (elapsed / 1000), p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
}

// ---------------------------------------------------------------------------------------------

interface Stats {
  count: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function stats(samples: Sample[]): Stats {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  return {
    count: ms.length,
    errors: samples.filter((s) => !s.ok).length,
    p50: percentile(ms, 50),
    p95: percentile(ms, 95),
    p99: percentile(ms, 99),
    max: ms.length ? ms[ms.length - 1]! : Number.NaN,
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "–").padStart(8);

async function checkinCount(handle: DbHandle): Promise<number> {
  const [row] = await handle.db.select({ n: count() }).from(checkins);
  return row!.n;
}

async function idsFound(handle: DbHandle, ids: string[]): Promise<number> {
  let found = 0;
  for (let i = 0; i < ids.length; i += 1000) {
    const [row] = await handle.db.select({ n: count() }).from(checkins).where(inArray(checkins.id, ids.slice(i, i + 1000)));
    found += row!.n;
  }
  return found;
}

interface RunSpec {
  db: "postgres" | "pglite";
  label: string;
  runners: number;
  measuredS: number;
  env: Record<string, string>;
  note?: string;
}

/** Starts the app, runs the floor and the mixed load, stops the app (whatever happens). */
async function runLoad(spec: RunSpec, userIds: string[]) {
  const cookies = await Promise.all(userIds.map(sessionCookie));
  const logFile = path.join(os.tmpdir(), `patella-bench-mixed-${spec.db}-${process.pid}.log`);
  const app = await startApp(PORT, spec.env, logFile);
  try {
    // Fail loudly before measuring if a signed-in read does not work at all.
    const probe = await send(new http.Agent(), app.origin, "GET", "/api/v1/load", cookies[0]!);
    if (probe.status !== 200) throw new Error(`GET /api/v1/load as a seeded runner answered ${probe.status}: ${probe.body.slice(0, 300)}\n${tail(logFile)}`);
    const loadBefore = os.loadavg()[0]!;
    const result = await drive(app.origin, cookies, WARMUP_S * 1000, spec.measuredS * 1000);
    const base = await floor(app.origin, spec.runners, FLOOR_S * 1000); // after the run: a warmed-up process
    return { base, result, logFile, loadavg: { before: loadBefore, after: os.loadavg()[0]! } };
  } finally {
    await app.stop();
  }
}

function report(spec: RunSpec, run: Awaited<ReturnType<typeof runLoad>>, before: number, after: number, found: number, seedMs: number) {
  const { base, result, logFile, loadavg } = run;
  const byKind = Object.fromEntries(KINDS.map((k) => [k, stats(result.samples.filter((s) => s.kind === k))]));
  const reads = stats(result.samples.filter((s) => s.kind !== POST_KIND));
  const writes = stats(result.samples.filter((s) => s.kind === POST_KIND));
  const total = stats(result.samples);
  const rps = total.count / (result.measuredMs / 1000);
  const okPosts = result.posts.warmupOk + result.posts.measuredOk;
  const grew = after - before;
  const nothingLost = grew === okPosts && found === okPosts && result.posts.ids.length === okPosts;
  const errorsMet = total.errors === 0;
  const readsMet = reads.p95 <= TARGET_READ_P95_MS;

  const line = (name: string, s: Stats) =>
    `  ${name.padEnd(34)} ${String(s.count).padStart(7)} ${String(s.errors).padStart(6)} ${fmt(s.p50)} ${fmt(s.p95)} ${fmt(s.p99)} ${fmt(s.max)}`;
  console.log("");
  console.log(`${spec.label}: ${spec.runners} signed-in runners, ${WARMUP_S} s warm-up (not counted), ${spec.measuredS} s measured, closed loop, no think time`);
  if (spec.note) console.log(`  ${spec.note}`);
  console.log(`  seeded ${spec.runners} runners × (${HISTORY.runs} runs + ${HISTORY.others} other activities, ${Math.ceil(HISTORY.days / HISTORY.checkinEveryDays)} check-ins) in ${(seedMs / 1000).toFixed(1)} s`);
  console.log(`  ${"request".padEnd(34)} ${"count".padStart(7)} ${"errors".padStart(6)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"max ms".padStart(8)}`);
  for (const k of KINDS) console.log(line(k, byKind[k]!));
  console.log(`  ${"-".repeat(34)} ${"-".repeat(7)} ${"-".repeat(6)} ${"-".repeat(8)} ${"-".repeat(8)} ${"-".repeat(8)} ${"-".repeat(8)}`);
  console.log(line("all reads", reads));
  console.log(line("all writes", writes));
  console.log(line("everything", total));
  console.log(`  throughput: ${rps.toFixed(1)} requests/s (${total.count} requests in ${(result.measuredMs / 1000).toFixed(1)} s), errors: ${total.errors}`);
  console.log(
    `  floor, measured after the run (no-op JSON 404 route, no session or database, ${spec.runners} at a time, ${FLOOR_S} s): ${base.rps.toFixed(0)} requests/s, p50 ${base.p50.toFixed(1)} ms, p95 ${base.p95.toFixed(1)} ms`,
  );
  console.log(
    `  machine load average (1 min): ${loadavg.before.toFixed(2)} before, ${loadavg.after.toFixed(2)} after, on ${os.cpus().length} CPUs (other processes on this machine count too)`,
  );
  for (const [key, n] of Object.entries(result.errorStatuses)) console.log(`  error: ${key} × ${n}`);
  for (const ex of result.errorExamples) console.log(`  e.g. ${ex}`);
  if (total.errors > 0 || result.posts.failed > 0) console.log(`  app log (kept): ${logFile}\n${tail(logFile, 15).replace(/^/gm, "    | ")}`);
  console.log(
    `  check-ins: ${before} before, ${after} after (+${grew}); successful POSTs ${okPosts} (${result.posts.warmupOk} in warm-up + ${result.posts.measuredOk} measured), ` +
      `${found} of their ids found → ${nothingLost ? "nothing lost, nothing extra" : "MISMATCH"}`,
  );
  if (total.errors === 0 && result.posts.failed === 0 && nothingLost) fs.rmSync(logFile, { force: true });
  const targetOf = spec.db === "postgres" ? "target" : "PostgreSQL target, for reference";
  console.log(`  ${targetOf}: 0 errors → ${errorsMet ? "met" : `NOT MET (${total.errors} errors)`}; reads p95 ≤ ${TARGET_READ_P95_MS} ms → ${readsMet ? "met" : "NOT MET"} (${reads.p95.toFixed(1)} ms)`);

  const statsJson = (s: Stats) => ({ count: s.count, errors: s.errors, p50: round1(s.p50), p95: round1(s.p95), p99: round1(s.p99), max: round1(s.max) });
  return {
    ok: nothingLost,
    json: {
      db: spec.db,
      runners: spec.runners,
      warmupSeconds: WARMUP_S,
      measuredSeconds: round1(result.measuredMs / 1000),
      requests: total.count,
      requestsPerSecond: round1(rps),
      errors: total.errors,
      readsP95: round1(reads.p95),
      writesP95: round1(writes.p95),
      kinds: Object.fromEntries(KINDS.map((k) => [k, statsJson(byKind[k]!)])),
      reads: statsJson(reads),
      writes: statsJson(writes),
      floor: { requestsPerSecond: round1(base.rps), p50: round1(base.p50), p95: round1(base.p95) },
      loadavg: { before: round1(loadavg.before), after: round1(loadavg.after) },
      checkins: { before, after, successfulPosts: okPosts, failedPosts: result.posts.failed, idsFound: found, nothingLost },
      targets: { errors: 0, readsP95Ms: TARGET_READ_P95_MS, errorsMet, readsP95Met: readsMet, met: errorsMet && readsMet },
    },
  };
}

async function runPostgres(adminUrl: string, now: Date) {
  return withThrowawayDatabase(adminUrl, `patella_bench_mixed_${process.pid}`, async (pg, dbUrl) => {
    const spec: RunSpec = {
      db: "postgres",
      label: "PostgreSQL",
      runners: PG_RUNNERS,
      measuredS: MEASURED_S,
      env: { DATABASE_URL: dbUrl },
      note: "The app's postgres-js pool has 10 connections; the driver, the app and PostgreSQL share this machine's CPUs.",
    };
    const t0 = performance.now();
    const ids = await seedRunners(pg, spec.runners, HISTORY, now, "bench-mixed");
    const seedMs = performance.now() - t0;
    const before = await checkinCount(pg);
    const run = await runLoad(spec, ids);
    const after = await checkinCount(pg);
    const found = await idsFound(pg, run.result.posts.ids);
    return report(spec, run, before, after, found, seedMs);
  });
}

async function runPglite(now: Date) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "patella-bench-mixed-"));
  try {
    const spec: RunSpec = {
      db: "pglite",
      label: "PGlite",
      runners: LITE_RUNNERS,
      measuredS: LITE_S,
      env: { DATA_DIR: dataDir, DATABASE_URL: "" },
      note: "PGlite is embedded: one process with one connection, so every query of every request waits its turn. A scaled-down run.",
    };
    const t0 = performance.now();
    let lite = await openPglite({ dataDir });
    await migrateHandle(lite);
    const ids = await seedRunners(lite, spec.runners, HISTORY, now, "bench-mixed");
    const seedMs = performance.now() - t0;
    const before = await checkinCount(lite);
    await lite.close(); // the app takes the data directory's lock
    const run = await runLoad(spec, ids);
    lite = await openPglite({ dataDir });
    try {
      const after = await checkinCount(lite);
      const found = await idsFound(lite, run.result.posts.ids);
      return report(spec, run, before, after, found, seedMs);
    } finally {
      await lite.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  buildIfNeeded();
  const now = new Date();
  const cpus = os.cpus();
  console.log(
    `Mixed load over loopback HTTP to next start (port ${PORT}): about ${Math.round((1 - POST_SHARE) * 100)}% reads (${READS.join(", ")}) and ${Math.round(POST_SHARE * 100)}% POST /api/v1/checkins.`,
  );
  console.log(`Machine: ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? "unknown"}), Node ${process.version}. Targets on PostgreSQL: 0 errors, reads p95 ≤ ${TARGET_READ_P95_MS} ms.`);
  const results: unknown[] = [];
  let ok = true;

  const url = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (url) {
    const r = await runPostgres(url, now);
    results.push(r.json);
    ok &&= r.ok;
  } else {
    console.log("\nPostgreSQL not measured: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a server where a throwaway database may be created.");
  }
  const lite = await runPglite(now);
  results.push(lite.json);
  ok &&= lite.ok;

  console.log("");
  console.log(JSON.stringify({ bench: "mixed", at: new Date().toISOString(), cpus: cpus.length, results }));
  if (!ok) {
    console.error("Check-ins in the database do not match the successful POSTs: see above.");
    process.exitCode = 1;
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
