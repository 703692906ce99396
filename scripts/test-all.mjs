#!/usr/bin/env node
/**
 * `npm test`: every layer, in order, with a summary at the end.
 *   typecheck → lint → unit + integration (Vitest) → build → e2e (Playwright, headless Chromium)
 * Pass step names to run only some: `npm test -- unit e2e`.
 * Integration tests also run on a PostgreSQL server when TEST_DATABASE_URL is set.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { findChromium, NO_CHROMIUM_MESSAGE } from "./lib/find-chromium.mjs";
import { nextBin } from "./lib/build.mjs";

const OUT = ".test-output";
fs.rmSync(OUT, { recursive: true, force: true });
fs.mkdirSync(OUT, { recursive: true });
const bin = (name) => path.join("node_modules", ".bin", name);

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

function vitestCounts() {
  const r = readJson(path.join(OUT, "vitest.json"));
  return r ? { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests } : null;
}

function playwrightCounts() {
  const r = readJson(path.join(OUT, "playwright.json"));
  if (!r?.stats) return null;
  return { passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected, skipped: r.stats.skipped };
}

const steps = [
  { name: "typecheck", run: () => [bin("tsc"), ["--noEmit"]] },
  { name: "lint", run: () => [bin("eslint"), ["--max-warnings=0", "."]] },
  {
    name: "unit",
    label: "unit + integration",
    run: () => [bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${OUT}/vitest.json`]],
    counts: vitestCounts,
  },
  { name: "build", run: () => [process.execPath, [nextBin(), "build"]] },
  {
    name: "e2e",
    needs: "build",
    before: () => {
      const chromium = findChromium();
      if (!chromium) return NO_CHROMIUM_MESSAGE;
      console.log(`Chromium: ${chromium.path} (${chromium.source})`);
      return null;
    },
    run: () => [bin("playwright"), ["test", "--reporter=list,json"]],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: path.join(OUT, "playwright.json") },
    counts: playwrightCounts,
  },
];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !steps.some((s) => s.name === w));
if (unknown.length) {
  console.error(`Unknown step(s): ${unknown.join(", ")}. Steps: ${steps.map((s) => s.name).join(", ")}`);
  process.exit(2);
}
if (!process.env.TEST_DATABASE_URL) {
  console.log("TEST_DATABASE_URL is not set: integration tests run on PGlite only (set it to a PostgreSQL URL to cover both).");
}

const results = [];
for (const step of steps) {
  if (wanted.length && !wanted.includes(step.name)) continue;
  const label = step.label ?? step.name;
  const dependency = step.needs && results.find((r) => r.name === step.needs);
  if (dependency && dependency.status !== "passed") {
    results.push({ name: step.name, label, status: "not run", note: `${step.needs} failed`, ms: 0 });
    continue;
  }
  console.log(`\n━━ ${label} ━━`);
  const refusal = step.before?.();
  if (refusal) {
    console.error(refusal);
    results.push({ name: step.name, label, status: "failed", note: "no Chromium", ms: 0 });
    continue;
  }
  const started = Date.now();
  const [cmd, args] = step.run();
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...step.env } });
  const counts = step.counts?.() ?? null;
  results.push({ name: step.name, label, status: r.status === 0 ? "passed" : "failed", ms: Date.now() - started, counts });
}

let passed = 0;
let failed = 0;
console.log("\n━━ summary ━━");
for (const r of results) {
  const c = r.counts;
  const detail = c ? `${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ""}` : (r.note ?? "");
  console.log(`${r.status === "passed" ? "✔" : "✘"} ${r.label.padEnd(20)} ${r.status.padEnd(8)} ${(r.ms / 1000).toFixed(1).padStart(6)} s  ${detail}`);
  if (c) {
    passed += c.passed;
    failed += c.failed;
    if (r.status !== "passed" && c.failed === 0) failed += 1; // the runner failed without a failing test
  } else if (r.status !== "passed") failed += 1;
}
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(results.every((r) => r.status === "passed") ? 0 : 1);
