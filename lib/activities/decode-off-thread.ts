import { asBuffer, runHeavyTask } from "@/lib/workers/pool";
import type { DecodedActivity, DecodeInput } from "./decode";
import { streamsFromThread } from "./streams";

/**
 * decodeActivity on a heavy-work thread: the request or job that waits for it keeps its event loop
 * free. The buffers come back as plain Uint8Arrays across the thread; they are Buffers again here.
 */
export async function decodeOffThread(input: DecodeInput): Promise<DecodedActivity> {
  const d = await runHeavyTask<DecodedActivity>("decode", input);
  return {
    ...d,
    originalGz: asBuffer(d.originalGz),
    streams: streamsFromThread(d.streams),
  };
}
