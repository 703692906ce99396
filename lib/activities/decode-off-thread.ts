import { asBuffer, runHeavyTask } from "@/lib/workers/pool";
import type { DecodedActivity, DecodeInput } from "./decode";

/**
 * decodeActivity on a heavy-work thread: the request or job that waits for it keeps its event loop
 * free. The buffers come back as plain Uint8Arrays across the thread; they are Buffers again here.
 */
export async function decodeOffThread(input: DecodeInput): Promise<DecodedActivity> {
  const d = await runHeavyTask<DecodedActivity>("decode", input);
  const s = d.streams;
  return {
    ...d,
    originalGz: asBuffer(d.originalGz),
    streams: {
      pointCount: s.pointCount,
      timeS: asBuffer(s.timeS),
      distanceM: asBuffer(s.distanceM),
      latLon: asBuffer(s.latLon),
      altitudeM: asBuffer(s.altitudeM),
      heartRate: asBuffer(s.heartRate),
      cadence: asBuffer(s.cadence),
      powerW: asBuffer(s.powerW),
      segmentStarts: asBuffer(s.segmentStarts),
    },
  };
}
