// The bootstrap of a heavy-work thread (lib/workers/pool.ts). Plain JavaScript, so that Node runs
// it as it is wherever the app runs: under `next start` (whose bundles do not include it), under
// Vitest and under tsx. It loads the task module from a prebuilt bundle when the pool names one
// that exists (node_modules/.cache/patella-workers/tasks.mjs, see scripts/lib/build-workers.mjs), else from the TypeScript
// source through tsx's loader.
import fs from "node:fs";
import { pathToFileURL } from "node:url";
import { parentPort, workerData } from "node:worker_threads";

const { bundle, source } = workerData;
let tasks;
if (bundle && fs.existsSync(bundle)) {
  tasks = await import(pathToFileURL(bundle).href);
} else {
  const { tsImport } = await import("tsx/esm/api");
  tasks = await tsImport(pathToFileURL(source).href, import.meta.url);
}
(tasks.serve ?? tasks.default?.serve)(parentPort);
