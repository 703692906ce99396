import { stretch } from "./time-factor";
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Db } from "@/db/client";
import { jobs, stravaConnections, stravaQuota, stravaWebhook } from "@/db/schema";
import * as webhookRoute from "@/app/api/strava/webhook/[secret]/route";
import { createPushSubscription } from "@/lib/strava/client";
import { lookUpSubscription, webhookCallbackPath, webhookPathSecret } from "@/lib/strava/webhook";
import { createWorker, type RoundSummary, type Worker } from "@/lib/jobs/worker";
import { onStravaConnected } from "@/lib/strava/connect";
import type { StravaDeps } from "@/lib/strava/api";
import { stravaJobHandlers } from "@/lib/strava/runtime";
import { startStravaServer, type StravaServer, type StravaServerOptions } from "@/e2e/strava-server/server";
import { createRunner } from "./factories";

/**
 * Patella's Strava sync against the local Strava server, in-process, on one clock that the test
 * moves (no real waiting): the server's clock and Patella's are the same epoch seconds.
 */

export const CLIENT_ID = "sync-test";
export const CLIENT_SECRET = "sync-test-secret";
export const SECRET = process.env.AUTH_SECRET!;
/**
 * The start of a 15-minute window at least 15 minutes ahead of the real clock: route handlers
 * (the webhook) queue jobs at the real time, which must be due on the test clock.
 */
export const T0 = (Math.ceil(Date.now() / 900_000) + 1) * 900;
export const ADA = 42;
export const BO = 43;
export const ALL_SCOPES = ["read", "activity:read_all", "profile:read_all"];

export interface SyncHarness {
  server: StravaServer;
  clock: { now: number };
  deps: StravaDeps;
  /** The server's own requests log, filtered to API calls Patella made. */
  apiRequests(): { method: string; path: string }[];
  close(): Promise<void>;
}

export async function startSync(db: Db, options: Partial<StravaServerOptions> & { timeoutMs?: number } = {}): Promise<SyncHarness> {
  // Each test starts a new Strava (same athletes, clock back at T0): forget the previous one's
  // connections, quota counts and jobs, which share the database of the describe block.
  await db.delete(stravaConnections);
  await db.delete(stravaQuota);
  await db.delete(jobs);
  await db.delete(stravaWebhook);
  const clock = { now: T0 };
  const { timeoutMs, ...serverOptions } = options;
  const server = await startStravaServer({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    athletes: [
      { id: ADA, firstname: "Ada", lastname: "Runner", history: { activities: 2000, years: 4 } },
      { id: BO, firstname: "Bo", lastname: "Trail", history: { activities: 150, years: 1 } },
    ],
    now: () => clock.now,
    webhookRetryDelayMs: 10,
    ...serverOptions,
  });
  const deps: StravaDeps = {
    db,
    config: { baseUrl: server.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, timeoutMs: timeoutMs ?? stretch(20_000) },
    secret: SECRET,
    now: () => new Date(clock.now * 1000),
  };
  return {
    server,
    clock,
    deps,
    apiRequests: () => server.requests.filter((r) => r.path.startsWith("/api/v3/")),
    close: () => server.close(),
  };
}

/** Moves both clocks forward. */
export function advance(h: SyncHarness, seconds: number): void {
  h.clock.now += seconds;
}

/** The OAuth dance on the server (consent page → code → token), as the browser and Auth.js do it. */
export async function authorize(h: SyncHarness, athleteId: number, scopes: string[] = ALL_SCOPES) {
  const form = new URLSearchParams({ redirect_uri: "http://localhost:3000/api/auth/callback/strava", state: "s", athlete_id: String(athleteId), decision: "authorize" });
  for (const s of scopes) form.append("scope", s);
  const back = await fetch(`${h.server.url}/oauth/accept_application`, { method: "POST", body: form, redirect: "manual" });
  const redirect = new URL(back.headers.get("location")!);
  const res = await fetch(`${h.server.url}/oauth/token`, {
    method: "POST",
    body: new URLSearchParams({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, code: redirect.searchParams.get("code")!, grant_type: "authorization_code" }),
  });
  if (res.status !== 200) throw new Error(`token exchange failed: ${res.status}`);
  const tokens = (await res.json()) as { access_token: string; refresh_token: string; expires_at: number; athlete: { id: number } };
  // Auth.js fetches the athlete as the profile (userinfo).
  const profile = await (await fetch(`${h.server.url}/api/v3/athlete`, { headers: { authorization: `Bearer ${tokens.access_token}` } })).json();
  return { tokens, profile, grantedScope: redirect.searchParams.get("scope") };
}

/** A new runner who connects Strava as `athleteId`: tokens stored, history import queued. */
export async function connectRunner(h: SyncHarness, athleteId: number, scopes: string[] = ALL_SCOPES, runnerOptions: { timeZone?: string } = {}) {
  const runner = await createRunner(h.deps.db, runnerOptions);
  const { tokens, profile, grantedScope } = await authorize(h, athleteId, scopes);
  await onStravaConnected(
    h.deps.db,
    SECRET,
    runner.id,
    { providerAccountId: String(athleteId), access_token: tokens.access_token, refresh_token: tokens.refresh_token, expires_at: tokens.expires_at },
    profile,
    grantedScope,
    h.deps.now(),
  );
  return { runner, tokens };
}

export function syncWorker(h: SyncHarness, batch = 4): Worker {
  return createWorker({
    db: h.deps.db,
    workerId: `test-worker-${randomBytes(3).toString("hex")}`,
    handlers: stravaJobHandlers(h.deps),
    clock: h.deps.now,
    leaseMs: 60_000,
    batch,
    logger: { info() {}, warn() {}, error() {} },
  });
}

/** Runs rounds until no job is due now; answers the rounds' summaries. */
export async function drain(worker: Worker, maxRounds = 200): Promise<RoundSummary[]> {
  const rounds: RoundSummary[] = [];
  for (let i = 0; i < maxRounds; i++) {
    const r = await worker.runOnce();
    if (r.claimed === 0) return rounds;
    rounds.push(r);
  }
  throw new Error(`jobs still due after ${maxRounds} rounds`);
}

/** This server's webhook path secret, as the route computes it (the tests' AUTH_SECRET and verify token). */
export function webhookSecret(): string {
  return webhookPathSecret(SECRET, process.env.STRAVA_VERIFY_TOKEN)!;
}

export interface WebhookEndpoint {
  /** The secret callback URL Strava was given. */
  callbackUrl: string;
  subscriptionId: number;
  close(): Promise<void>;
}

/**
 * Serves the webhook route over HTTP (as Next.js would) and subscribes at the local Strava server,
 * which performs the real handshake against it; then Patella learns the subscription's id from
 * Strava, as it does with the first event. Events the server sends go through the real route.
 */
export async function subscribeWebhook(h: SyncHarness): Promise<WebhookEndpoint> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const url = new URL(req.url ?? "/", "http://localhost:3000");
        const match = /^\/api\/strava\/webhook\/([^/]+)$/.exec(url.pathname);
        if (!match) {
          res.writeHead(404).end();
          return;
        }
        const headers = new Headers({ host: "localhost:3000" });
        if (req.headers["content-type"]) headers.set("content-type", String(req.headers["content-type"]));
        const body = req.method === "POST" ? Buffer.concat(chunks) : undefined;
        if (body) headers.set("content-length", String(body.length));
        const request = new Request(`http://localhost:3000${url.pathname}${url.search}`, { method: req.method, headers, body });
        const handler = req.method === "POST" ? webhookRoute.POST : webhookRoute.GET;
        const response = await handler(request, { params: Promise.resolve({ secret: decodeURIComponent(match[1]!) }) });
        res.writeHead(response.status, { "content-type": response.headers.get("content-type") ?? "application/json" });
        res.end(Buffer.from(await response.arrayBuffer()));
      })().catch((err: unknown) => {
        res.writeHead(500).end(String(err));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const path = webhookCallbackPath(webhookSecret());
  const callbackUrl = `http://127.0.0.1:${port}${path}`;
  const subscriptionId = await createPushSubscription(h.deps.config, callbackUrl, process.env.STRAVA_VERIFY_TOKEN!);
  const learnt = await lookUpSubscription(h.deps.db, h.deps.config, path, h.deps.now());
  if (learnt !== subscriptionId) throw new Error(`learnt subscription ${learnt}, made ${subscriptionId}`);
  return {
    callbackUrl,
    subscriptionId,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
