/**
 * What a benchmark of the built app over HTTP needs (the approach of scripts/bench/load.ts, shared
 * here for scripts/bench/mixed-load.ts): seeding runners with bulk inserts, starting `next start`
 * as a child process in its own process group (killed with the whole group on exit, error or
 * Ctrl-C), Auth.js session cookies, and percentiles.
 */
import { randomUUID } from "node:crypto";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import { encode } from "next-auth/jwt";
import type { DbHandle } from "../../db/client";
import { activities, checkins, users, type NewActivity, type NewCheckin, type Sport } from "../../db/schema";
import { nextBin } from "../lib/build.mjs";

/** The AUTH_SECRET the child app runs with; session cookies are encrypted with it. */
export const BENCH_SECRET = "bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
const SESSION_COOKIE = "authjs.session-token";

/** A `cookie` header value for a signed-in runner (an Auth.js JWE session, as the app issues it). */
export async function sessionCookie(userId: string): Promise<string> {
  // A session as sign-in makes it: the runner's session version, its own id and the sign-in time.
  const token = { sub: userId, sv: 0, sid: randomUUID(), ast: Math.floor(Date.now() / 1000) };
  return `${SESSION_COOKIE}=${await encode({ token, secret: BENCH_SECRET, salt: SESSION_COOKIE })}`;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const lcg = (seed: number) => () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

export interface HistoryShape {
  /** How far back the history goes. */
  days: number;
  runs: number;
  /** Rides, swims, strength sessions and walks. */
  others: number;
  /** A pain check-in every this many days. */
  checkinEveryDays: number;
}

function activityRows(userId: string, shape: HistoryShape, seed: number, now: Date): NewActivity[] {
  const rand = lcg(seed);
  const spanMs = shape.days * 86_400_000;
  const rows: NewActivity[] = [];
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
  for (let i = 0; i < shape.runs; i++) add(i, "run", shape.runs);
  const otherSports: Sport[] = ["ride", "swim", "strength", "walk"];
  for (let i = 0; i < shape.others; i++) add(i, otherSports[i % otherSports.length]!, shape.others);
  return rows;
}

function checkinRows(userId: string, shape: HistoryShape, seed: number, now: Date): NewCheckin[] {
  const rand = lcg(seed);
  const rows: NewCheckin[] = [];
  for (let day = shape.days; day > 0; day -= shape.checkinEveryDays) {
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

async function insertChunked<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/**
 * Seeds `count` runners (emails `${prefix}-${i}@example.test`), each with its own pseudo-random
 * history of the given shape, in a few multi-row inserts. Returns their ids in order.
 */
export async function seedRunners(handle: DbHandle, count: number, shape: HistoryShape, now: Date, prefix = "bench"): Promise<string[]> {
  const created = await handle.db
    .insert(users)
    .values(
      Array.from({ length: count }, (_, i) => ({
        email: `${prefix}-${i}@example.test`,
        timeZone: "Europe/Paris",
        hrRest: 50,
        hrMax: 190,
        sex: i % 2 === 0 ? ("female" as const) : ("male" as const),
      })),
    )
    .returning({ id: users.id, email: users.email });
  const byEmail = new Map(created.map((u) => [u.email, u.id]));
  const ids = Array.from({ length: count }, (_, i) => byEmail.get(`${prefix}-${i}@example.test`)!);
  const acts = ids.flatMap((id, i) => activityRows(id, shape, 7 + i * 101, now));
  const pain = ids.flatMap((id, i) => checkinRows(id, shape, 11 + i * 131, now));
  // ~20 bound parameters per row: 1,000 rows stay far below PostgreSQL's 65,535.
  await insertChunked(acts, 1000, (chunk) => handle.db.insert(activities).values(chunk));
  await insertChunked(pain, 1000, (chunk) => handle.db.insert(checkins).values(chunk));
  return ids;
}

export function portOpen(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, host);
    s.once("connect", () => (s.destroy(), resolve(true)));
    s.once("error", () => resolve(false));
  });
}

export interface RunningApp {
  origin: string;
  port: number;
  /** The child's stdout and stderr go here. */
  logFile: string;
  child: ChildProcess;
  /** SIGTERM to the whole process group, SIGKILL after 5 s; resolves once the child is gone. */
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // the whole group: next start and anything it forked
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

let exitHooksInstalled = false;
function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on("exit", () => {
    for (const child of live) killGroup(child, "SIGKILL");
  });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      for (const child of live) killGroup(child, "SIGKILL");
      process.exit(130);
    });
  }
}

/**
 * Starts the built app (`next start -p port`) with `env` on top of this process's environment and
 * the bench AUTH_SECRET, in its own process group, and waits until it answers HTTP. Refuses a port
 * that something else already listens on (it would measure the wrong server).
 */
export async function startApp(port: number, env: Record<string, string>, logFile: string): Promise<RunningApp> {
  if (await portOpen(port)) throw new Error(`Port ${port} is already in use: stop what listens there or set BENCH_PORT.`);
  installExitHooks();
  const log = fs.openSync(logFile, "w");
  const child = spawn(process.execPath, [nextBin(), "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...process.env, AUTH_URL: "", NEXTAUTH_URL: "", ...env, AUTH_SECRET: BENCH_SECRET },
    stdio: ["ignore", log, log],
    detached: true, // its own process group, so that stop() and the exit hooks reach every process in it
  });
  fs.closeSync(log);
  live.add(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => (live.delete(child), resolve())));
  const stop = async () => {
    killGroup(child, "SIGTERM");
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  };
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`next start exited (${child.exitCode ?? child.signalCode}) before answering; see ${logFile}:\n${tail(logFile)}`);
    }
    if (i >= 600) {
      await stop();
      throw new Error(`next start did not answer within 60 s; see ${logFile}:\n${tail(logFile)}`);
    }
    const ok = await fetch(`${origin}/api/v1/__ready`).then(
      (r) => (void r.arrayBuffer(), true),
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { origin, port, logFile, child, stop };
}

/** The last lines of a log file, for error messages. */
export function tail(file: string, lines = 20): string {
  try {
    return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}
