/**
 * `npm run bench:load`: latency of the dashboard's API (GET /api/v1/load, /api/v1/guidance and
 * /api/v1/checkins/insights) served by the built app over HTTP, for a runner with a 10-year history
 * (4,000 runs on mixed surfaces, 600 other activities, a pain check-in every third day) and for one
 * with a 1-year history, on PGlite and (when BENCH_DATABASE_URL or TEST_DATABASE_URL is set) on
 * PostgreSQL. 20 requests at a time; prints p50/p95/p99 per case and ends with one JSON line.
 *
 *   npm run bench:load
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:load
 */
import { randomUUID } from "node:crypto";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { encode } from "next-auth/jwt";
import { migrateHandle, openPglite, type DbHandle } from "../../db/client";
import { activities, checkins, users, type NewActivity, type NewCheckin, type Sport } from "../../db/schema";
import { buildIfNeeded, nextBin } from "../lib/build.mjs";
import { withThrowawayDatabase } from "./throwaway-db";

const SECRET = "bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
const PORT = Number(process.env.BENCH_PORT ?? 3300);
const CONCURRENCY = 20;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);

function seedRows(userId: string, years: number, runs: number, others: number, now: Date): NewActivity[] {
  const rows: NewActivity[] = [];
  const spanMs = years * 365 * 86_400_000;
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const add = (i: number, sport: Sport, n: number) => {
    const start = new Date(now.getTime() - spanMs + (i / n) * spanMs + rand() * 3_600_000);
    const km = sport === "run" ? 5 + rand() * 12 : 10 + rand() * 30;
    rows.push({
      userId,
      source: "manual",
      sourceRef: `${sport}-${i}`,
      sport,
      name: `${sport} ${i}`,
      startTime: start,
      localDate: start.toISOString().slice(0, 10),
      timeZone: "Europe/Paris",
      distanceM: km * 1000,
      movingS: Math.round(km * (sport === "run" ? 330 : 150)),
      elapsedS: Math.round(km * (sport === "run" ? 360 : 170)),
      avgHr: rand() < 0.7 ? 130 + rand() * 30 : null,
      rpe: rand() < 0.3 ? Math.round(2 + rand() * 6) : null,
      surface: sport === "run" ? (["road", "road", "trail", "treadmill"] as const)[Math.floor(rand() * 4)]! : "unknown",
      surfaceSource: sport === "run" ? "user" : "assumed",
      surfaceConfidence: sport === "run" ? "high" : "low",
    });
  };
  for (let i = 0; i < runs; i++) add(i, "run", runs);
  const otherSports: Sport[] = ["ride", "swim", "strength", "walk"];
  for (let i = 0; i < others; i++) add(i, otherSports[i % otherSports.length]!, others);
  return rows;
}

/** A pain check-in every third day over the history, mostly mornings, sometimes after a run. */
function seedCheckins(userId: string, years: number, now: Date): NewCheckin[] {
  const rows: NewCheckin[] = [];
  let seed = 11;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let day = Math.round(years * 365); day > 0; day -= 3) {
    const at = new Date(now.getTime() - day * 86_400_000);
    rows.push({
      userId,
      at,
      localDate: at.toISOString().slice(0, 10),
      timeZone: "Europe/Paris",
      pain: Math.floor(rand() * 6),
      timing: rand() < 0.6 ? "next_morning" : "after",
      locations: ["front"],
      side: "right",
    });
  }
  return rows;
}

async function seed(handle: DbHandle, now: Date): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const [label, years, runs, others] of [
    ["10 years", 10, 4000, 600],
    ["1 year", 1, 400, 60],
  ] as const) {
    const [u] = await handle.db
      .insert(users)
      .values({ email: `bench-${label.replace(" ", "")}@example.test`, timeZone: "Europe/Paris", hrRest: 50, hrMax: 190, sex: "female" })
      .returning({ id: users.id });
    const rows = seedRows(u!.id, years, runs, others, now);
    for (let i = 0; i < rows.length; i += 500) await handle.db.insert(activities).values(rows.slice(i, i + 500));
    const pain = seedCheckins(u!.id, years, now);
    for (let i = 0; i < pain.length; i += 500) await handle.db.insert(checkins).values(pain.slice(i, i + 500));
    ids[label] = u!.id;
  }
  return ids;
}

function portOpen(): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(PORT, "127.0.0.1");
    s.once("connect", () => (s.destroy(), resolve(true)));
    s.once("error", () => resolve(false));
  });
}

async function startApp(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [nextBin(), "start", "-p", String(PORT)], { env: { ...process.env, ...env, AUTH_SECRET: SECRET }, stdio: "ignore" });
  for (let i = 0; i < 600 && !(await portOpen()); i++) await new Promise((r) => setTimeout(r, 100));
  return child;
}

const stop = (child: ChildProcess) => new Promise<void>((resolve) => (child.once("exit", () => resolve()), child.kill("SIGTERM")));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function hammer(pathname: string, cookie: string) {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const worker = async () => {
    while (next < REQUESTS) {
      next++;
      const t0 = performance.now();
      const res = await fetch(`http://127.0.0.1:${PORT}${pathname}`, { headers: { cookie } }).catch(() => null);
      if (!res || (res.status !== 200 && !(pathname.includes("__baseline") && res.status === 404))) errors++;
      await res?.arrayBuffer();
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), errors, requests: latencies.length };
}

async function measure(kind: string, env: Record<string, string>, ids: Record<string, string>) {
  const app = await startApp(env);
  const results: Record<string, unknown> = {};
  try {
    // The floor: an API answer with no session, no database and no work (the JSON 404 of an
    // unknown path) under the same concurrency — what Next.js and this machine cost by themselves.
    await hammer("/api/v1/__baseline", "");
    const floor = await hammer("/api/v1/__baseline", "");
    results.baseline = floor;
    console.log(`${kind.padEnd(10)} ${"baseline".padEnd(9)} ${"(no-op route)".padEnd(26)} p50 ${floor.p50.toFixed(1).padStart(6)} ms  p95 ${floor.p95.toFixed(1).padStart(6)} ms  p99 ${floor.p99.toFixed(1).padStart(6)} ms`);
    for (const [label, userId] of Object.entries(ids)) {
      const token = { sub: userId, sv: 0, sid: randomUUID(), ast: Math.floor(Date.now() / 1000) };
      const cookie = `authjs.session-token=${await encode({ token, secret: SECRET, salt: "authjs.session-token" })}`;
      for (const endpoint of ["/api/v1/load", "/api/v1/guidance", "/api/v1/checkins/insights"]) {
        await hammer(endpoint, cookie); // warm-up round
        const r = await hammer(endpoint, cookie);
        results[`${label} ${endpoint}`] = r;
        console.log(
          `${kind.padEnd(10)} ${label.padEnd(9)} ${endpoint.padEnd(26)} p50 ${r.p50.toFixed(1).padStart(6)} ms  p95 ${r.p95.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  errors ${r.errors}/${r.requests}`,
        );
      }
    }
  } finally {
    await stop(app);
  }
  return results;
}

async function main() {
  buildIfNeeded();
  const now = new Date();
  console.log(`Dashboard API latency: ${REQUESTS} requests, ${CONCURRENCY} at a time, after a warm-up round, over HTTP to next start.`);
  const out: Record<string, unknown> = {};

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "patella-bench-load-"));
  const lite = await openPglite({ dataDir });
  await migrateHandle(lite);
  const liteIds = await seed(lite, now);
  await lite.close();
  out.pglite = await measure("PGlite", { DATA_DIR: dataDir, DATABASE_URL: "" }, liteIds);
  fs.rmSync(dataDir, { recursive: true, force: true });

  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (url) {
    out.postgres = await withThrowawayDatabase(url, `patella_bench_load_${process.pid}`, async (pg, dbUrl) =>
      measure("PostgreSQL", { DATABASE_URL: dbUrl }, await seed(pg, now)),
    );
  } else {
    console.log("PostgreSQL not measured: set BENCH_DATABASE_URL (or TEST_DATABASE_URL).");
  }
  console.log(JSON.stringify({ bench: "load", at: new Date().toISOString(), concurrency: CONCURRENCY, requests: REQUESTS, results: out }));
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
