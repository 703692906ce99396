import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as checkinsRoute from "@/app/api/v1/checkins/route";
import * as loadRoute from "@/app/api/v1/load/route";
import * as onboardingRoute from "@/app/api/v1/onboarding/route";
import * as sampleRoute from "@/app/api/v1/sample-data/route";
import { activities, activityStreams, checkins, uploadFiles, uploads, users } from "@/db/schema";
import { ingestFile } from "@/lib/activities/ingest";
import { localDateTimeOf } from "@/lib/checkins/time";
import { addDays, localDateOf } from "@/lib/load/weeks";
import { readSampleRuns } from "@/lib/sample/files";
import { hasSampleData } from "@/lib/sample/has-sample";
import { addSampleData } from "@/lib/sample/sample-data";
import { describeEachDatabase } from "../support/db";
import { createRunner } from "../support/factories";
import { call } from "../support/http";

type Runner = Awaited<ReturnType<typeof createRunner>>;

const REAL_GPX = fs.readFileSync(path.join(process.cwd(), "tests/fixtures/gpx/strava-run-hr.gpx"));
const SAMPLE_FILES = (await readSampleRuns()).length;
const WEEKDAY = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const weekdayOf = (localDate: string) => WEEKDAY[new Date(`${localDate}T12:00:00Z`).getUTCDay()]!;

const addSample = (runner: Runner) => call(sampleRoute.POST, { method: "POST", path: "/api/v1/sample-data", cookie: runner.cookie });
const removeSample = (runner: Runner) => call(sampleRoute.DELETE, { method: "DELETE", path: "/api/v1/sample-data", cookie: runner.cookie });

interface SpikeJson {
  activityId: string;
  name: string;
  localDate: string;
  distanceM: number;
  longestPrev30dM: number | null;
  spike: number | null;
  band: string;
}
interface WeekJson {
  weekStart: string;
  runDistanceM: number;
  changeBand: string | null;
}

describeEachDatabase("sample data", ({ db }) => {
  const rowsOf = async (runner: Runner) => ({
    activities: await db().select().from(activities).where(eq(activities.userId, runner.id)),
    checkins: await db().select().from(checkins).where(eq(checkins.userId, runner.id)),
    uploads: await db().select().from(uploads).where(eq(uploads.userId, runner.id)),
    originals: await db().select({ sha256: uploadFiles.sha256 }).from(uploadFiles).where(eq(uploadFiles.userId, runner.id)),
    streams: await db().select({ id: activityStreams.activityId }).from(activityStreams).where(eq(activityStreams.userId, runner.id)),
  });

  describe("added for a runner, as of now", () => {
    let runner: Runner;
    let added: { status: number; json: { added: number; activities: number; checkins: number } };

    beforeAll(async () => {
      runner = await createRunner(db(), { timeZone: "Europe/Paris" });
      added = await addSample(runner);
    });

    it("imports every run of the last weeks through the import pipeline, marked as sample", async () => {
      expect(added.status, JSON.stringify(added.json)).toBe(201);
      // Runs after yesterday are left out: at most the last week's four.
      expect(added.json.activities).toBeGreaterThanOrEqual(SAMPLE_FILES - 4);
      expect(added.json.activities).toBeLessThanOrEqual(SAMPLE_FILES);
      expect(added.json.added).toBe(added.json.activities + added.json.checkins);

      const rows = await rowsOf(runner);
      expect(rows.activities).toHaveLength(added.json.activities);
      expect(rows.activities.every((a) => a.sample && a.source === "gpx" && a.duplicateOf === null)).toBe(true);
      // Streams, an upload record and the original file for each, as an upload gets.
      expect(rows.streams).toHaveLength(rows.activities.length);
      expect(rows.uploads.map((u) => u.status)).toEqual(rows.activities.map(() => "imported"));
      expect(new Set(rows.originals.map((o) => o.sha256))).toEqual(new Set(rows.activities.map((a) => a.sourceRef)));
      expect(await hasSampleData(db(), runner.id)).toBe(true);

      // Mostly road, a few trail runs (from the files' type), heart rate throughout, 5–23 km.
      const trail = rows.activities.filter((a) => a.sport === "trail_run");
      expect(trail.length).toBeGreaterThanOrEqual(2);
      expect(trail.every((a) => a.surface === "trail")).toBe(true);
      expect(rows.activities.filter((a) => a.sport === "run").every((a) => a.surface === "road")).toBe(true);
      expect(rows.activities.every((a) => a.avgHr !== null && a.avgHr > 120 && a.avgHr < 175)).toBe(true);
      for (const a of rows.activities) {
        expect(a.distanceM).toBeGreaterThan(4900);
        expect(a.distanceM).toBeLessThan(23_100);
        const pace = a.movingS / (a.distanceM / 1000);
        expect(pace, a.name).toBeGreaterThan(4.5 * 60);
        expect(pace, a.name).toBeLessThan(8 * 60);
        expect(a.elapsedS).toBeGreaterThanOrEqual(a.movingS);
      }
    });

    it("ends yesterday (or on the last run before it) and is never in the future", async () => {
      const { activities: runs } = await rowsOf(runner);
      const yesterday = addDays(localDateOf(new Date(), "Europe/Paris"), -1);
      const last = runs.map((a) => a.localDate).sort().at(-1)!;
      expect(last <= yesterday).toBe(true);
      expect(last >= addDays(yesterday, -1)).toBe(true);
      expect(runs.every((a) => a.startTime.getTime() < Date.now())).toBe(true);
    });

    it("adds the check-ins through the check-in service, marked as sample, linked to their runs", async () => {
      const rows = await rowsOf(runner);
      expect(rows.checkins).toHaveLength(added.json.checkins);
      expect(rows.checkins.length).toBeGreaterThanOrEqual(8);
      expect(rows.checkins.every((c) => c.sample && c.redFlags.length === 0 && c.timeZone === "Europe/Paris")).toBe(true);
      expect(Math.max(...rows.checkins.map((c) => c.pain))).toBe(5);
      const ids = new Set(rows.activities.map((a) => a.id));
      const linked = rows.checkins.filter((c) => c.activityId !== null);
      expect(linked.length).toBeGreaterThanOrEqual(6);
      expect(linked.every((c) => ids.has(c.activityId!))).toBe(true);
    });

    it("has the designed spike, which the load API flags on the right run, and a week 40% up", async () => {
      const res = await call(loadRoute.GET, { path: "/api/v1/load", cookie: runner.cookie });
      expect(res.status).toBe(200);
      const { spikes, weeks } = res.json as { spikes: SpikeJson[]; weeks: WeekJson[] };
      const flagged = spikes.filter((s) => ["small", "moderate", "large"].includes(s.band));
      expect(flagged).toHaveLength(1);
      const spike = flagged[0]!;
      const longest = (await rowsOf(runner)).activities.reduce((a, b) => (b.distanceM > a.distanceM ? b : a));
      expect(spike).toMatchObject({ activityId: longest.id, band: "moderate", name: "Long run" });
      expect(spike.distanceM).toBeCloseTo(23_000, -2);
      expect(spike.longestPrev30dM).toBeCloseTo(12_000, -2);
      expect(spike.spike!).toBeGreaterThan(0.8);
      expect(weekdayOf(spike.localDate)).toBe("sun");
      // In the last three to four weeks.
      const daysAgo = (Date.parse(`${addDays(localDateOf(new Date(), "Europe/Paris"), -1)}T12:00:00Z`) - Date.parse(`${spike.localDate}T12:00:00Z`)) / 86_400_000;
      expect(daysAgo).toBeGreaterThanOrEqual(14);
      expect(daysAgo).toBeLessThanOrEqual(28);

      const jumps = weeks.filter((w) => w.changeBand === "over_30");
      expect(jumps).toHaveLength(1);
      const i = weeks.indexOf(jumps[0]!);
      expect(jumps[0]!.runDistanceM / weeks[i - 1]!.runDistanceM - 1).toBeCloseTo(0.4, 1);
    });

    it("adds nothing the second time", async () => {
      const before = await rowsOf(runner);
      const again = await addSample(runner);
      expect(again.status).toBe(200);
      expect(again.json).toEqual({ added: 0, activities: 0, checkins: 0 });
      const after = await rowsOf(runner);
      expect(after.activities).toHaveLength(before.activities.length);
      expect(after.checkins).toHaveLength(before.checkins.length);
      expect(after.uploads).toHaveLength(before.uploads.length);
    });

    it("is removed in one go, leaving the runner's own upload and check-ins", async () => {
      const own = await ingestFile(db(), { userId: runner.id, timeZone: "Europe/Paris", fileName: "own.gpx", bytes: REAL_GPX });
      expect(own.status).toBe("imported");
      const ownCheckin = await call(checkinsRoute.POST, { method: "POST", path: "/api/v1/checkins", cookie: runner.cookie, json: { pain: 2, timing: "at_rest", notes: "mine" } });
      expect(ownCheckin.status).toBe(201);
      // A check-in of the runner's own on a sample run: it stays, unlinked, without the run's effort rating.
      const sampleRun = (await rowsOf(runner)).activities.find((a) => a.sample)!;
      const onSample = await call(checkinsRoute.POST, {
        method: "POST",
        path: "/api/v1/checkins",
        cookie: runner.cookie,
        json: { pain: 1, timing: "after", activityId: sampleRun.id, rpe: 6 },
      });
      expect(onSample.status).toBe(201);
      const before = await rowsOf(runner);

      const res = await removeSample(runner);
      expect(res.status).toBe(200);
      const sampleRuns = before.activities.filter((a) => a.sample).length;
      const sampleCheckins = before.checkins.filter((c) => c.sample).length;
      expect(res.json).toEqual({ removed: sampleRuns + sampleCheckins, activities: sampleRuns, checkins: sampleCheckins, uploads: sampleRuns });

      const after = await rowsOf(runner);
      expect(after.activities.map((a) => a.id)).toEqual([own.status === "imported" ? own.activityId : ""]);
      expect(after.streams).toHaveLength(1);
      expect(after.uploads.map((u) => u.id)).toEqual([own.uploadId]);
      expect(after.originals).toHaveLength(1);
      expect(after.checkins.map((c) => c.id).sort()).toEqual([ownCheckin.json.checkin.id, onSample.json.checkin.id].sort());
      const kept = after.checkins.find((c) => c.id === onSample.json.checkin.id)!;
      expect(kept).toMatchObject({ activityId: null, rpe: null, sample: false });
      expect(await hasSampleData(db(), runner.id)).toBe(false);

      // Nothing left to remove; and it can be added again.
      expect((await removeSample(runner)).json).toEqual({ removed: 0, activities: 0, checkins: 0, uploads: 0 });
      expect((await addSample(runner)).json.activities).toBe(sampleRuns);
    });
  });

  describe("in the runner's own time zone", () => {
    // Monday 23 November 2026, 02:00 UTC: 15:00 on Monday in Auckland (yesterday was Sunday), 18:00
    // on Sunday in Los Angeles (yesterday was Saturday). The 14 weeks before cross both zones' DST changes.
    const now = new Date("2026-11-23T02:00:00Z");

    it.each([
      ["Pacific/Auckland", "2026-11-22", "sun"],
      ["America/Los_Angeles", "2026-11-21", "sat"],
    ])("%s: the history ends yesterday (%s), every run keeping its weekday and time of day", async (timeZone, yesterday, weekday) => {
      const runner = await createRunner(db(), { timeZone });
      const result = await addSampleData(db(), runner.id, now);
      expect(result.activities).toBeGreaterThan(40);
      const { activities: runs, checkins: notes } = await rowsOf(runner);
      const dates = runs.map((a) => a.localDate).sort();
      expect(dates.at(-1)).toBe(yesterday);
      expect(weekdayOf(yesterday)).toBe(weekday);
      expect(runs.every((a) => a.timeZone === timeZone && a.localDate === localDateOf(a.startTime, timeZone))).toBe(true);
      expect(new Set(runs.map((a) => weekdayOf(a.localDate)))).toEqual(new Set(["tue", "thu", "sat", "sun"]));
      // Long runs on Sunday mornings at 08:00, before and after the change of clocks.
      const long = runs.filter((a) => a.name === "Long run");
      expect(long.length).toBeGreaterThanOrEqual(9);
      for (const a of long) {
        expect(weekdayOf(a.localDate)).toBe("sun");
        expect(localDateTimeOf(a.startTime, timeZone).slice(11)).toBe("08:00");
      }
      expect(notes.every((c) => c.at.getTime() <= now.getTime() && c.localDate <= localDateOf(now, timeZone))).toBe(true);
    });

    it("a run the runner has not reached yet is left out, and so is its check-in", async () => {
      const auckland = await createRunner(db(), { timeZone: "Pacific/Auckland" });
      const la = await createRunner(db(), { timeZone: "America/Los_Angeles" });
      const a = await addSampleData(db(), auckland.id, now);
      const b = await addSampleData(db(), la.id, now);
      // In Los Angeles it is still Sunday: that Sunday's long run, and the check-in after it, are yet to come.
      expect(b.activities).toBe(a.activities - 1);
      expect(b.checkins).toBe(a.checkins - 1);
    });
  });

  describe("with an OpenStreetMap endpoint configured", () => {
    it("does not look the synthetic tracks up (a runner's own file still is)", async () => {
      let requests = 0;
      const server = http.createServer((req, res) => {
        requests++;
        req.resume();
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ elements: [] }));
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      process.env.OSM_OVERPASS_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/interpreter`;
      try {
        const runner = await createRunner(db(), { timeZone: "Europe/Paris" });
        expect((await addSampleData(db(), runner.id)).activities).toBeGreaterThan(40);
        expect(requests).toBe(0);
        // The positive control: the same import of a runner's own road run asks.
        await ingestFile(db(), { userId: runner.id, timeZone: "Europe/Paris", fileName: "own.gpx", bytes: REAL_GPX });
        expect(requests).toBe(1);
      } finally {
        delete process.env.OSM_OVERPASS_URL;
        await new Promise((resolve) => server.close(resolve));
      }
    });
  });

  describe("who may call it", () => {
    it("answers anonymous callers 401 and changes nothing", async () => {
      for (const res of [
        await call(sampleRoute.POST, { method: "POST", path: "/api/v1/sample-data" }),
        await call(sampleRoute.DELETE, { method: "DELETE", path: "/api/v1/sample-data" }),
        await call(onboardingRoute.POST, { method: "POST", path: "/api/v1/onboarding" }),
      ]) {
        expect(res.status).toBe(401);
        expect(res.json.error.code).toBe("unauthorized");
      }
    });

    it("removes only the caller's sample history", async () => {
      const a = await createRunner(db(), { timeZone: "Europe/Paris" });
      const b = await createRunner(db(), { timeZone: "Europe/Paris" });
      await addSampleData(db(), a.id);
      await addSampleData(db(), b.id);
      const aBefore = await rowsOf(a);
      expect((await removeSample(b)).json.activities).toBe(aBefore.activities.length);
      const aAfter = await rowsOf(a);
      expect(aAfter.activities).toHaveLength(aBefore.activities.length);
      expect(aAfter.checkins).toHaveLength(aBefore.checkins.length);
      expect(aAfter.uploads).toHaveLength(aBefore.uploads.length);
      expect(aAfter.originals).toHaveLength(aBefore.originals.length);
    });
  });

  describe("onboarding", () => {
    it("marks the runner onboarded the first time, and keeps that time", async () => {
      const runner = await createRunner(db());
      const onboardedAt = async () => (await db().select({ at: users.onboardedAt }).from(users).where(eq(users.id, runner.id)))[0]!.at;
      expect(await onboardedAt()).toBeNull();
      const first = await call(onboardingRoute.POST, { method: "POST", path: "/api/v1/onboarding", cookie: runner.cookie });
      expect(first.status).toBe(200);
      const stored = await onboardedAt();
      expect(stored).toBeInstanceOf(Date);
      expect(new Date(first.json.onboardedAt).getTime()).toBe(stored!.getTime());
      const second = await call(onboardingRoute.POST, { method: "POST", path: "/api/v1/onboarding", cookie: runner.cookie });
      expect(second.json.onboardedAt).toBe(first.json.onboardedAt);
      expect((await db().select().from(users).where(and(eq(users.id, runner.id)))).length).toBe(1);
    });
  });
});
