import type { MessagePort } from "node:worker_threads";
import { readRestoreFiles, type RestoreFilesInput } from "@/lib/account/restore-files";
import { decodeActivity, type DecodeInput } from "@/lib/activities/decode";
import { type Archive, openArchive } from "@/lib/import/archive";
import { writeArchivePlan } from "@/lib/import/archive-plan";
import type { Sport } from "@/db/schema";
import type { PackedStreams } from "@/lib/activities/streams";
import { packedFromStravaStreams, parseStravaStreams } from "@/lib/strava/streams";
import type { TaskReply, TaskRequest } from "./protocol";

/**
 * The tasks a heavy-work thread runs (lib/workers/pool.ts). Each takes plain, cloneable input and
 * answers plain, cloneable output; an ImportError keeps its code across the thread boundary. No
 * database here: the calling thread stores what a task returns.
 */

/** Archives this thread has open (a restore reads many files of one archive in a row). */
const open = new Map<string, Archive>();

async function archiveAt(path: string): Promise<Archive> {
  const cached = open.get(path);
  if (cached) return cached;
  for (const [p, a] of open) {
    open.delete(p);
    await a.close();
  }
  const archive = await openArchive(path);
  open.set(path, archive);
  return archive;
}

const TASKS: Record<string, (input: never) => unknown> = {
  decode: (input: DecodeInput) => decodeActivity(input),
  planArchive: async (input: { archivePath: string; planPath: string | null }) => {
    const archive = await openArchive(input.archivePath);
    try {
      return await writeArchivePlan(archive, input.planPath);
    } finally {
      await archive.close();
    }
  },
  restoreFiles: async (input: RestoreFilesInput & { archivePath: string }) => readRestoreFiles(await archiveAt(input.archivePath), input),
  closeArchive: async (input: { archivePath: string }) => {
    const a = open.get(input.archivePath);
    open.delete(input.archivePath);
    await a?.close();
    return true;
  },
  /** Strava's streams of one activity: checked (the point cap included) and packed; null when they cannot be read. */
  stravaStreams: (input: { json: unknown; startTime: Date; sport: Sport }): PackedStreams | null => {
    const parsed = parseStravaStreams(input.json);
    return parsed.ok ? packedFromStravaStreams(parsed.streams, { startTime: input.startTime, sport: input.sport }).packed : null;
  },
  /** Tests: a task that answers its input, one that throws, and one that eats the heap until the thread is stopped. */
  echo: (input: unknown) => input,
  fail: (input: { message: string }) => {
    throw new Error(input.message);
  },
  exhaustHeap: () => {
    const hoard: number[][] = [];
    for (;;) hoard.push(new Array<number>(1_000_000).fill(1));
  },
};

export function serve(port: MessagePort): void {
  port.on("message", async (req: TaskRequest) => {
    let reply: TaskReply;
    try {
      const task = TASKS[req.task];
      if (!task) throw new Error(`no heavy task named ${req.task}`);
      reply = { id: req.id, ok: true, result: await task(req.input as never) };
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      reply = { id: req.id, ok: false, error: { name: e.name, message: e.message, code: (e as { code?: string }).code } };
    }
    port.postMessage(reply);
  });
}
