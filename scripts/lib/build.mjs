import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { buildWorkers } from "./build-workers.mjs";

const SOURCES = ["app", "lib", "db", "types", "drizzle", "instrumentation.ts", "proxy.ts", "next.config.ts", "tsconfig.json", "package.json", "package-lock.json"];

function newestMtime(entry) {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

/** True when there is no production build, or a source file changed after it was made. */
export function buildIsStale(root = process.cwd()) {
  const marker = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(marker)) return true;
  const built = fs.statSync(marker).mtimeMs;
  return SOURCES.some((s) => newestMtime(path.join(root, s)) > built);
}

export function nextBin(root = process.cwd()) {
  return path.join(root, "node_modules", "next", "dist", "bin", "next");
}

/** Runs `next build` when needed, and bundles the heavy-work threads' code; exits the process if the build fails. */
export function buildIfNeeded(root = process.cwd()) {
  buildWorkers(root);
  if (!buildIsStale(root)) return;
  console.log("Building Patella (next build)…");
  const result = spawnSync(process.execPath, [nextBin(root), "build"], { stdio: "inherit", cwd: root });
  if (result.status !== 0) {
    console.error("The build failed; see the messages above.");
    process.exit(result.status ?? 1);
  }
}
