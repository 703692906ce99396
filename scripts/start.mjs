#!/usr/bin/env node
/**
 * `npm start`: builds Patella when there is no up-to-date production build, then serves it with
 * `next start` (PORT, default 3000). The database is opened and migrated as the server starts.
 */
import { spawn } from "node:child_process";
import { buildIfNeeded, nextBin } from "./lib/build.mjs";

buildIfNeeded();
const port = process.env.PORT ?? "3000";
const child = spawn(process.execPath, [nextBin(), "start", "-p", port, ...process.argv.slice(2)], { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
