/** Messages between the pool (lib/workers/pool.ts) and its threads (lib/workers/tasks.ts). */

export interface TaskRequest {
  id: number;
  task: string;
  input: unknown;
}

export type TaskReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { name: string; message: string; code?: string } };
