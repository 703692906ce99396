import { performance } from "node:perf_hooks";
import { afterEach, expect } from "vitest";
import * as settingsRoute from "@/app/api/v1/settings/route";
import { call } from "./http";
import { stretch } from "./time-factor";

/**
 * A second signed-in runner reading /api/v1/settings back to back while a hostile request runs, and
 * this process's RSS sampled (route handlers, the database and heavy-work threads all live here):
 * the hostile tests check that the reader is still served, promptly, and that memory stays bounded.
 * The bounds are generous liveness bounds (a busy 2-core machine must not fail them); the figures
 * themselves are measured by `npm run bench:hostile`.
 */

/** Longest a settings read may take during an attack. */
export const READER_BOUND_MS = stretch(15_000);
/** How much the process may grow during an attack (a heavy-work thread may use 512 MB of heap, plus buffers). */
export const RSS_GROWTH_BOUND_MB = 1_200;

const MiB = 1024 * 1024;

export interface Seen {
  reads: number;
  failedReads: number;
  maxWaitMs: number;
  rssGrowthMb: number;
}

export interface Watch {
  stop(): Promise<Seen>;
}

const watching = new Set<Watch>();
afterEach(async () => {
  // A failed test must not leave its reader running against a closed database.
  await Promise.all([...watching].map((w) => w.stop()));
});

/** A second runner reading /api/v1/settings back to back, and this process's RSS sampled, until stop(). */
export function watch(reader: { cookie: string }): Watch {
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  let stopping = false;
  let reads = 0;
  let failedReads = 0;
  let maxWaitMs = 0;
  const loop = (async () => {
    while (!stopping) {
      const started = performance.now();
      const res = await call(settingsRoute.GET, { path: "/api/v1/settings", cookie: reader.cookie });
      maxWaitMs = Math.max(maxWaitMs, performance.now() - started);
      if (res.status === 200) reads += 1;
      else failedReads += 1;
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const w: Watch = {
    async stop() {
      watching.delete(w);
      stopping = true;
      await loop;
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage.rss());
      return { reads, failedReads, maxWaitMs, rssGrowthMb: (peak - baseline) / MiB };
    },
  };
  watching.add(w);
  return w;
}

export function expectHeld(seen: Seen): void {
  expect(seen.reads, "the reader was served during the attack").toBeGreaterThan(0);
  expect(seen.failedReads, "no read failed").toBe(0);
  expect(seen.maxWaitMs, `a settings read waited ${Math.round(seen.maxWaitMs)} ms`).toBeLessThan(READER_BOUND_MS);
  expect(seen.rssGrowthMb, `RSS grew ${Math.round(seen.rssGrowthMb)} MB`).toBeLessThan(RSS_GROWTH_BOUND_MB);
}
