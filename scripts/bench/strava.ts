/**
 * `npm run bench:strava`: the Strava history import of 2,000 activities from the local Strava
 * server (e2e/strava-server, in this process, over loopback HTTP) into PGlite and (when
 * BENCH_DATABASE_URL or TEST_DATABASE_URL is set) PostgreSQL, run by the real job worker and
 * handlers. Prints the requests used (target: at most 11, the pages alone), wall time and
 * activities/s, and, side by side on the same server, what a naive sync costs — Strava's default
 * 30 per page plus one detail request per activity (strava-api.md §8, pitfall 1) — as a ratio.
 * Ends with one JSON line.
 *
 *   npm run bench:strava
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:strava
 */
import { randomBytes } from "node:crypto";
import { migrateHandle, openPglite, type Db, type DbHandle } from "../../db/client";
import { users } from "../../db/schema";
import { RouteLibrary } from "../../e2e/strava-server/activities";
import { DEFAULT_ATHLETES } from "../../e2e/strava-server/athletes";
import { generateHistory } from "../../e2e/strava-server/history";
import { startStravaServer, type StravaServer } from "../../e2e/strava-server/server";
import { createWorker } from "../../lib/jobs/worker";
import { onStravaConnected } from "../../lib/strava/connect";
import type { StravaDeps } from "../../lib/strava/api";
import { stravaJobHandlers } from "../../lib/strava/runtime";
import { withThrowawayDatabase } from "./throwaway-db";

const SECRET = "bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
const ACTIVITIES = Number(process.env.BENCH_STRAVA_ACTIVITIES ?? 2000);
const CLIENT = { clientId: "bench", clientSecret: "bench-secret" };
const ATHLETE = 77;

async function startServer(): Promise<StravaServer> {
  return startStravaServer({
    ...CLIENT,
    athletes: [{ id: ATHLETE, firstname: "Bench", lastname: "Runner", history: { activities: ACTIVITIES, years: 5 } }],
    historyEnd: Date.UTC(2026, 6, 1) / 1000,
    // Generous limits: the naive sync below needs thousands of requests.
    rateLimits: { read: { fifteenMinute: 100_000, daily: 1_000_000 }, overall: { fifteenMinute: 100_000, daily: 1_000_000 } },
  });
}

async function authorize(server: StravaServer) {
  const form = new URLSearchParams({ redirect_uri: "http://localhost/cb", state: "s", athlete_id: String(ATHLETE), decision: "authorize" });
  for (const s of ["read", "activity:read_all", "profile:read_all"]) form.append("scope", s);
  const back = await fetch(`${server.url}/oauth/accept_application`, { method: "POST", body: form, redirect: "manual" });
  const redirect = new URL(back.headers.get("location")!);
  const res = await fetch(`${server.url}/oauth/token`, {
    method: "POST",
    body: new URLSearchParams({ client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, code: redirect.searchParams.get("code")!, grant_type: "authorization_code" }),
  });
  const tokens = (await res.json()) as { access_token: string; refresh_token: string; expires_at: number };
  const profile = await (await fetch(`${server.url}/api/v3/athlete`, { headers: { authorization: `Bearer ${tokens.access_token}` } })).json();
  return { tokens, profile, scope: redirect.searchParams.get("scope") };
}

interface Result {
  database: string;
  activities: number;
  requests: number;
  wallMs: number;
  perSecond: number;
  peakRssMb: number;
}

async function importInto(db: Db, label: string): Promise<Result> {
  const server = await startServer();
  try {
    const [user] = await db.insert(users).values({ email: `bench-${randomBytes(4).toString("hex")}@example.test`, timeZone: "Europe/Paris" }).returning({ id: users.id });
    const { tokens, profile, scope } = await authorize(server);
    const deps: StravaDeps = { db, config: { baseUrl: server.url, ...CLIENT }, secret: SECRET, now: () => new Date() };
    const before = server.requests.length;
    let peak = process.memoryUsage().rss;
    const started = performance.now();
    await onStravaConnected(db, SECRET, user!.id, { providerAccountId: String(ATHLETE), access_token: tokens.access_token, refresh_token: tokens.refresh_token, expires_at: tokens.expires_at }, profile, scope);
    const worker = createWorker({
      db,
      workerId: "bench",
      handlers: stravaJobHandlers(deps),
      clock: () => new Date(),
      leaseMs: 60_000,
      batch: 4,
      logger: { info() {}, warn() {}, error: (m, f) => console.error(m, f) },
    });
    // Until the import is done (stream fetches for recent runs are not part of it).
    for (;;) {
      const round = await worker.runOnce();
      peak = Math.max(peak, process.memoryUsage().rss);
      const [row] = await db.query.stravaConnections.findMany({ where: (c, { eq }) => eq(c.userId, user!.id) });
      if (row?.backfillStatus === "done") break;
      if (round.claimed === 0) throw new Error(`the import stopped before the end: ${row?.lastError ?? "no job due"}`);
    }
    const wallMs = performance.now() - started;
    const requests = server.requests.slice(before).filter((r) => r.path === "/api/v3/athlete/activities").length;
    const [row] = await db.query.stravaConnections.findMany({ where: (c, { eq }) => eq(c.userId, user!.id) });
    return { database: label, activities: row!.backfillImported, requests, wallMs, perSecond: row!.backfillImported / (wallMs / 1000), peakRssMb: peak / 1024 / 1024 };
  } finally {
    await server.close();
  }
}

/** The naive sync of pitfall 1: default pages of 30 by page number, then a detail request per activity. Requests only, no storage. */
async function naiveRequests(): Promise<{ requests: number; wallMs: number }> {
  const server = await startServer();
  try {
    const { tokens } = await authorize(server);
    const auth = { authorization: `Bearer ${tokens.access_token}` };
    const started = performance.now();
    let requests = 0;
    const ids: number[] = [];
    for (let page = 1; ; page++) {
      const list = (await (await fetch(`${server.url}/api/v3/athlete/activities?page=${page}`, { headers: auth })).json()) as { id: number }[];
      requests += 1;
      if (list.length === 0) break;
      ids.push(...list.map((a) => a.id));
    }
    for (let i = 0; i < ids.length; i += 20) {
      await Promise.all(ids.slice(i, i + 20).map((id) => fetch(`${server.url}/api/v3/activities/${id}`, { headers: auth }).then((r) => r.arrayBuffer())));
      requests += Math.min(20, ids.length - i);
    }
    return { requests, wallMs: performance.now() - started };
  } finally {
    await server.close();
  }
}

function line(r: Result): string {
  return `${r.database.padEnd(10)} ${String(r.activities).padStart(6)} activities  ${String(r.requests).padStart(4)} requests  ${(r.wallMs / 1000).toFixed(2).padStart(6)} s  ${Math.round(r.perSecond).toString().padStart(6)} activities/s  peak RSS ${Math.round(r.peakRssMb)} MB`;
}

async function withPglite<T>(work: (h: DbHandle) => Promise<T>): Promise<T> {
  const handle = await openPglite({});
  try {
    await migrateHandle(handle);
    return await work(handle);
  } finally {
    await handle.close();
  }
}

const results: Result[] = [];
console.log(`Strava history import of ${ACTIVITIES} activities from the local Strava server (loopback), job worker and handlers as in the app.\n`);
results.push(await withPglite((h) => importInto(h.db, "PGlite")));
console.log(line(results.at(-1)!));
const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (pgUrl) {
  results.push(await withThrowawayDatabase(pgUrl, `patella_bench_strava_${process.pid}`, (h) => importInto(h.db, "PostgreSQL")));
  console.log(line(results.at(-1)!));
} else {
  console.log("PostgreSQL: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)");
}
const naive = await naiveRequests();
// The local Strava server generates each athlete's history when it starts: 3,000 activities, best of three.
const generationMs = Math.min(
  ...[1001, 1002, 1003].map((id) => {
    const ada = { ...DEFAULT_ATHLETES[0]!, id, history: { activities: 3000, years: 6 } };
    const started = performance.now();
    generateHistory(ada, { count: 3000, end: Date.UTC(2026, 6, 1) / 1000, salt: 0 }, new RouteLibrary(id));
    return performance.now() - started;
  }),
);
const ours = results[0]!;
console.log(
  `\nNaive sync (30 per page + one detail per activity), same server: ${naive.requests} requests in ${(naive.wallMs / 1000).toFixed(2)} s (requests only, nothing stored).` +
    `\nRequests: Patella ${ours.requests} vs naive ${naive.requests} → ${(naive.requests / ours.requests).toFixed(0)}× fewer. At Strava's default read limits (100 per 15 min, ` +
    `1,000 a day) Patella needs ${Math.ceil(ours.requests / 90)} quarter-hour window(s); the naive sync needs ${Math.ceil(naive.requests / 100)} windows and ${(naive.requests / 1000).toFixed(1)} days.` +
    `\nLocal Strava server: 3,000 activities generated in ${generationMs.toFixed(0)} ms (best of 3; the server starts that fast).` +
    `\nTarget: ≤ 11 requests for 2,000 activities: ${ours.requests <= Math.ceil(ACTIVITIES / 200) + 1 ? "met" : "NOT met"}.`,
);
console.log(JSON.stringify({ bench: "strava", activities: ACTIVITIES, results, naive, generationMs: Math.round(generationMs) }));
