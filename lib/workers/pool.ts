import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as threads from "node:worker_threads";
import type { ResourceLimits, Worker } from "node:worker_threads";
import { ImportError, type ImportErrorCode } from "@/lib/import/types";
import { errorFields, log } from "@/lib/log";
import type { TaskReply, TaskRequest } from "./protocol";

/**
 * The heavy-work pool: decompression, parsing, restore planning and stream packing run here, in
 * `worker_threads` with `resourceLimits`, never on the thread that answers requests. A hostile
 * input that would eat the heap kills its thread (the task is refused as too large) and a fresh
 * thread takes the next task; the server, and every other runner's request, go on.
 *
 * Tasks queue in order; HEAVY_WORKERS threads (default: one fewer than the cores, at least one, at
 * most four) run them. Idle threads do not keep the process alive (command-line tools exit).
 *
 * The thread's code: lib/workers/entry.mjs loads the bundle of lib/workers/tasks.ts
 * (node_modules/.cache/patella-workers/tasks.mjs, made by `npm run build`, `npm start` and the test
 * set-up: quick to start, no tsx needed) when it is fresh, else the TypeScript through tsx.
 */

/** Heap a task may use before its thread is stopped (the V8 old generation, in MB). */
export const WORKER_HEAP_MB = 512;
/** Longest a task may run before its thread is stopped (a parse of the largest file takes a few seconds). */
export const DEFAULT_TASK_TIMEOUT_MS = 10 * 60_000;

/**
 * The Worker constructor, looked up at run time: Turbopack bundles the file of any `new Worker(…)`
 * it can see, and this thread's bootstrap must stay a plain file it loads as it is
 * (lib/workers/entry.mjs), or the bundle drags tsx and esbuild's binary into the app.
 */
const WorkerThread = Reflect.get(threads, "Worker") as typeof Worker;

const LIMITS: ResourceLimits = { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: 32, stackSizeMb: 8 };

export interface RunOptions {
  timeoutMs?: number;
  /** ArrayBuffers to move to the thread instead of copying (they become unusable here). */
  transfer?: ArrayBuffer[];
}

interface Pending {
  request: TaskRequest;
  transfer: ArrayBuffer[];
  timeoutMs: number;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  current: Pending | null;
  timer: NodeJS.Timeout | null;
  ready: boolean;
}

function workerCount(): number {
  const configured = Number(process.env.HEAVY_WORKERS);
  if (Number.isInteger(configured) && configured >= 1 && configured <= 64) return configured;
  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(4, cores - 1));
}

/** Where the thread's bootstrap lives, relative to the project (split so that no bundler resolves it). */
const WORKERS_DIR = ["lib", "workers"];
const ENTRY_FILE = ["entry", "mjs"].join(".");

function root(): string {
  return process.env.PATELLA_ROOT ?? process.cwd();
}

/** The newest modification time of the TypeScript sources under these folders. */
function newestSource(dirs: string[]): number {
  let newest = 0;
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(/*turbopackIgnore: true*/ dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith(".ts")) newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  dirs.forEach(walk);
  return newest;
}

/**
 * The prebuilt bundle of tasks.ts (scripts/lib/build-workers.mjs) when it is newer than every
 * source it is made of, else null (the thread then loads the TypeScript through tsx).
 */
function freshBundle(base: string): string | null {
  const bundle = path.join(/*turbopackIgnore: true*/ base, "node_modules", ".cache", "patella-workers", "tasks.mjs");
  try {
    const built = fs.statSync(bundle).mtimeMs;
    return built >= newestSource([path.join(/*turbopackIgnore: true*/ base, "lib"), path.join(/*turbopackIgnore: true*/ base, "db")]) ? bundle : null;
  } catch {
    return null;
  }
}

function rebuildError(e: { name: string; message: string; code?: string }): Error {
  if (e.name === "ImportError" && e.code) return new ImportError(e.code as ImportErrorCode, e.message);
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}

class Pool {
  private readonly size = workerCount();
  private readonly bundle = freshBundle(root());
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;

  run<T>(task: string, input: unknown, options: RunOptions = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        request: { id: this.nextId++, task, input },
        transfer: options.transfer ?? [],
        timeoutMs: options.timeoutMs ?? DEFAULT_TASK_TIMEOUT_MS,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      this.dispatch();
    });
  }

  /** Stops every thread (tests; a process that wants to exit at once). */
  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.current === null);
      if (!slot) {
        if (this.slots.length >= this.size) return;
        slot = this.spawn();
      }
      const next = this.queue.shift()!;
      this.start(slot, next);
    }
  }

  private spawn(): Slot {
    const dir = path.join(/*turbopackIgnore: true*/ root(), ...WORKERS_DIR);
    const worker = new WorkerThread(path.join(dir, ENTRY_FILE), {
      workerData: { source: path.join(dir, "tasks.ts"), bundle: this.bundle },
      resourceLimits: LIMITS,
      // The thread's own output goes where the server's goes; no stdin.
      stdin: false,
    });
    const slot: Slot = { worker, current: null, timer: null, ready: true };
    worker.on("message", (reply: TaskReply) => this.onReply(slot, reply));
    worker.on("error", (err: Error & { code?: string }) => this.onDeath(slot, err));
    worker.on("exit", (code) => this.onDeath(slot, new Error(`heavy-work thread exited with code ${code}`)));
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private start(slot: Slot, pending: Pending): void {
    slot.current = pending;
    slot.worker.ref();
    slot.timer = setTimeout(() => {
      this.kill(slot, new ImportError("too_large", "Reading this file took too long; Patella stopped it. Try a smaller file."));
    }, pending.timeoutMs);
    slot.timer.unref();
    slot.worker.postMessage(pending.request, pending.transfer);
  }

  private finish(slot: Slot): Pending | null {
    const pending = slot.current;
    slot.current = null;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.worker.unref();
    return pending;
  }

  private onReply(slot: Slot, reply: TaskReply): void {
    if (!slot.current || slot.current.request.id !== reply.id) return;
    const pending = this.finish(slot)!;
    if (reply.ok) pending.resolve(reply.result);
    else pending.reject(rebuildError(reply.error));
    this.dispatch();
  }

  /** The thread is gone (out of memory, crashed, stopped): its task is refused, a new thread takes the queue. */
  private onDeath(slot: Slot, err: Error & { code?: string }): void {
    const index = this.slots.indexOf(slot);
    if (index === -1) return; // already handled (an "error" is followed by an "exit")
    this.slots.splice(index, 1);
    const pending = this.finish(slot);
    if (pending) {
      if (err.code === "ERR_WORKER_OUT_OF_MEMORY") {
        log.warn("heavy-work thread ran out of memory", { task: pending.request.task });
        pending.reject(new ImportError("too_large", "This file needs more memory than Patella gives one file: it was refused, not read."));
      } else if (err instanceof ImportError) {
        pending.reject(err);
      } else {
        log.error("heavy-work thread failed", { task: pending.request.task, ...errorFields(err) });
        pending.reject(err);
      }
    }
    this.dispatch();
  }

  private kill(slot: Slot, reason: ImportError): void {
    const index = this.slots.indexOf(slot);
    if (index === -1) return;
    this.slots.splice(index, 1);
    const pending = this.finish(slot);
    void slot.worker.terminate();
    pending?.reject(reason);
    this.dispatch();
  }
}

const globalPool = globalThis as unknown as { __patellaHeavyPool?: Pool };

/** Runs one task of lib/workers/tasks.ts on a heavy-work thread. Rejects with the task's own error (an ImportError stays one). */
export function runHeavyTask<T>(task: string, input: unknown, options?: RunOptions): Promise<T> {
  globalPool.__patellaHeavyPool ??= new Pool();
  return globalPool.__patellaHeavyPool.run<T>(task, input, options);
}

/** Stops the pool's threads; the next task starts new ones. */
export async function closeHeavyPool(): Promise<void> {
  const pool = globalPool.__patellaHeavyPool;
  globalPool.__patellaHeavyPool = undefined;
  await pool?.close();
}

/** A Buffer over the bytes of a Uint8Array that crossed a thread (structured clone turns Buffers into Uint8Arrays). */
export function asBuffer(bytes: Uint8Array): Buffer;
export function asBuffer(bytes: Uint8Array | null): Buffer | null;
export function asBuffer(bytes: Uint8Array | null): Buffer | null {
  return bytes === null ? null : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
