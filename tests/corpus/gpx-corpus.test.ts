import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { activities, activityStreams, uploads } from "@/db/schema";
import { ingestFile } from "@/lib/activities/ingest";
import { describeEachDatabase } from "../support/db";
import { DELIBERATE_REFUSALS, loadCorpus, MIN_CLIMB_FOR_PERCENT_M, PROJECT_CORPUS, READ_BY_CONTENT, REFUSAL_CODES, SHARED_CORPUS } from "../support/corpus";
import { createRunner } from "../support/factories";

/**
 * Every file of the GPX corpus goes through the whole import pipeline, and Patella's figures are
 * compared with gpxpy's independent ones. With ../shared beside the project (CI has it) this is the
 * team's full corpus, copyleft files included; a user's clone runs it on the project's own
 * permissively licensed subset.
 */
const shared = loadCorpus(SHARED_CORPUS);
const corpus = shared ?? loadCorpus(PROJECT_CORPUS)!;
if (!shared) {
  console.warn(`../shared/fixtures/gpx is absent: the corpus test runs on the project's ${corpus.files.length} permissively licensed fixtures only.`);
}
const NOW = new Date("2026-11-25T12:00:00Z");

describe("corpus", () => {
  it(`covers every file of the ${shared ? "shared" : "project"} corpus`, () => {
    const onDisk = fs.readdirSync(corpus.dir).filter((f) => f.endsWith(".gpx"));
    expect(onDisk.sort()).toEqual(corpus.files.map((f) => f.file).sort());
    expect(corpus.files.length).toBeGreaterThanOrEqual(shared ? 40 : 14);
  });
});

describeEachDatabase("GPX corpus through the import pipeline", ({ db }) => {
  let userId: string;
  beforeAll(async () => {
    userId = (await createRunner(db(), { timeZone: "Europe/Paris" })).id;
  });

  for (const entry of corpus.files) {
    const byContent = READ_BY_CONTENT[entry.file];
    if (byContent) {
      it(`${entry.file}: read by its content as ${byContent.format} (${byContent.why})`, async () => {
        const bytes = fs.readFileSync(path.join(corpus.dir, entry.file));
        const result = await ingestFile(db(), { userId, timeZone: "Europe/Paris", fileName: entry.file, bytes, now: NOW });
        expect(result.status).toBe("imported");
        if (result.status !== "imported") return;
        const [row] = await db().select().from(activities).where(eq(activities.id, result.activityId));
        expect(row!.source).toBe(byContent.format);
        expect(row!.distanceM).toBeGreaterThan(0);
      });
      continue;
    }
    const refusal = DELIBERATE_REFUSALS[entry.file]?.code ?? (entry.expect === "track" ? null : REFUSAL_CODES[entry.file]);

    if (refusal) {
      it(`${entry.file}: refused (${refusal}), leaving no activity`, async () => {
        const bytes = fs.readFileSync(path.join(corpus.dir, entry.file));
        const result = await ingestFile(db(), { userId, timeZone: "Europe/Paris", fileName: entry.file, bytes, now: NOW });
        expect(result.status).toBe("failed");
        if (result.status !== "failed") return;
        expect(result.error.code).toBe(refusal);
        expect(result.error.message.length).toBeGreaterThan(20);
        const [upload] = await db().select().from(uploads).where(eq(uploads.id, result.uploadId));
        expect(upload).toMatchObject({ status: "failed", activityId: null, errorCode: refusal });
      });
      continue;
    }

    it(`${entry.file}: imported with gpxpy's figures`, async () => {
      expect(entry.expect).toBe("track");
      const ref = entry.reference;
      const bytes = fs.readFileSync(path.join(corpus.dir, entry.file));
      const result = await ingestFile(db(), { userId, timeZone: "Europe/Paris", fileName: entry.file, bytes, now: NOW });
      expect(result.status).toBe("imported");
      if (result.status !== "imported") return;
      const [row] = await db().select().from(activities).where(eq(activities.id, result.activityId));
      const [streams] = await db().select().from(activityStreams).where(eq(activityStreams.activityId, result.activityId));
      expect(streams!.pointCount).toBe(ref.track_points);

      // 2D distance within 1% (ours uses the mean Earth radius, gpxpy the equatorial one: 0.11% less).
      if (ref.length_2d_m! > 0) {
        expect(Math.abs(row!.distanceM / ref.length_2d_m! - 1)).toBeLessThan(0.01);
      } else {
        expect(row!.distanceM).toBeLessThan(1);
      }
      // Moving time within 5% (or 5 s on very short files).
      expect(Math.abs(row!.movingS - ref.moving_time_s!)).toBeLessThanOrEqual(Math.max(5, 0.05 * ref.moving_time_s!));
      // Elevation gain within 15% where the file climbs enough, else within 3 m.
      if (ref.uphill_m! >= MIN_CLIMB_FOR_PERCENT_M) {
        expect(Math.abs(row!.elevGainM! / ref.uphill_m! - 1)).toBeLessThan(0.15);
      } else if (row!.elevGainM !== null) {
        expect(Math.abs(row!.elevGainM - ref.uphill_m!)).toBeLessThanOrEqual(3);
      }
      // gpxpy's start is the first timed point in file order; ours the earliest: equal unless the
      // file's tracks are out of time order, when ours is earlier.
      expect(row!.startTime.getTime()).toBeLessThanOrEqual(Date.parse(ref.start_time!));
      expect(row!.avgHr !== null).toBe(ref.has_heart_rate);
    });
  }
});
