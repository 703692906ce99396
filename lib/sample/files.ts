import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { checkinCreateSchema } from "@/lib/validation/checkins";
import { firstPointTimeMs } from "./gpx-times";
import type { SampleRunFile } from "./plan";

/**
 * The sample history Patella ships in sample-data/ (written by scripts/make-sample-data.ts): one
 * GPX file per run and checkins.json. Read from disk on each use (about 3 MB, once per runner who
 * asks for it), relative to the working directory the app and the tests run in.
 */

// Each path is spelled out in its call (no variable folder) so that the build traces sample-data/
// alone, not the whole project.

export interface SampleRun extends SampleRunFile {
  xml: string;
}

const sampleCheckinSchema = z
  .object({
    run: z.string().regex(/^[\w-]+\.gpx$/),
    days: z.number().int().min(0).max(14),
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
    link: z.boolean(),
    // The same rules as a check-in sent to the API (its time and run are added on import).
    checkin: checkinCreateSchema,
  })
  .strict();
export type SampleCheckin = z.infer<typeof sampleCheckinSchema>;

const checkinsFileSchema = z.object({ about: z.string().optional(), checkins: z.array(sampleCheckinSchema) }).strict();

export async function readSampleRuns(): Promise<SampleRun[]> {
  const names = (await fs.readdir(path.join(process.cwd(), "sample-data"))).filter((n) => n.endsWith(".gpx")).sort();
  return Promise.all(
    names.map(async (fileName) => {
      const xml = await fs.readFile(path.join(process.cwd(), "sample-data", fileName), "utf8");
      return { fileName, xml, wallClockStartMs: firstPointTimeMs(xml) };
    }),
  );
}

export async function readSampleCheckins(): Promise<SampleCheckin[]> {
  const json: unknown = JSON.parse(await fs.readFile(path.join(process.cwd(), "sample-data", "checkins.json"), "utf8"));
  return checkinsFileSchema.parse(json).checkins;
}
