/**
 * Bundles the heavy-work thread's code (lib/workers/tasks.ts and what it imports, packages left
 * external) into one ES module, node_modules/.cache/patella-workers/tasks.mjs, which the pool
 * (lib/workers/pool.ts) loads when it is newer than every source file — faster to start than the
 * TypeScript source through tsx. Run by `npm run build`, `npm start` and the test set-up; without
 * it (or when stale) the pool falls back to tsx.
 */
import path from "node:path";
import { buildSync } from "esbuild";

export const WORKER_BUNDLE = path.join("node_modules", ".cache", "patella-workers", "tasks.mjs");

export function buildWorkers(root = process.cwd()) {
  buildSync({
    absWorkingDir: root,
    entryPoints: [path.join(root, "lib", "workers", "tasks.ts")],
    outfile: path.join(root, WORKER_BUNDLE),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    tsconfig: path.join(root, "tsconfig.json"),
    logLevel: "warning",
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildWorkers();
}
