import { describe, expect, it } from "vitest";
import { localDateTimeOf } from "@/lib/checkins/time";
import { addDays, daysBetween, localDateOf } from "@/lib/load/weeks";
import { readSampleCheckins, readSampleRuns } from "./files";
import { firstPointTimeMs, shiftGpxTimes } from "./gpx-times";
import { planSampleCheckin, planSampleRuns, sampleEndDate } from "./plan";

const files = await readSampleRuns();
const checkins = await readSampleCheckins();
const WEEKDAY = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const weekdayOf = (localDate: string) => WEEKDAY[new Date(`${localDate}T12:00:00Z`).getUTCDay()]!;
/** The weekday a file's name gives (sample-week-11-sun-long-run.gpx starts on a Sunday). */
const weekdayInName = (fileName: string) => fileName.split("-")[3];
/** The time of day a file's first point says. */
const wallClockOf = (ms: number) => new Date(ms).toISOString().slice(11, 16);

describe("the shipped sample files", () => {
  it("are 12 to 14 weeks of 3 or 4 runs, under about 3 MB", () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
    const weeks = new Set(files.map((f) => f.fileName.split("-").slice(0, 3).join("-")));
    expect(weeks.size).toBeGreaterThanOrEqual(12);
    expect(weeks.size).toBeLessThanOrEqual(14);
    expect(files.reduce((s, f) => s + Buffer.byteLength(f.xml), 0)).toBeLessThan(3.3 * 1024 * 1024);
  });

  it("name the weekday each run starts on", () => {
    for (const f of files) expect(weekdayOf(new Date(f.wallClockStartMs).toISOString().slice(0, 10)), f.fileName).toBe(weekdayInName(f.fileName));
  });

  it("give every check-in a run that exists", () => {
    expect(checkins.length).toBeGreaterThanOrEqual(8);
    for (const c of checkins) expect(files.map((f) => f.fileName)).toContain(c.run);
    expect(checkins.every((c) => c.checkin.redFlags.length === 0)).toBe(true);
    expect(Math.max(...checkins.map((c) => c.checkin.pain))).toBeGreaterThanOrEqual(4);
  });
});

describe("planSampleRuns", () => {
  // Seven consecutive days, at an hour when the day differs between the two zones.
  const days = Array.from({ length: 7 }, (_, i) => new Date(Date.UTC(2026, 10, 23 + i, 20, 30)));

  for (const timeZone of ["Pacific/Auckland", "America/Los_Angeles", "Europe/Paris"]) {
    it.each(days.map((now) => [now.toISOString(), now] as const))(`${timeZone}, now %s: ends yesterday (or on the last run before it), weekdays and times of day kept`, (_label, now) => {
      const runs = planSampleRuns(files, now, timeZone);
      const yesterday = sampleEndDate(now, timeZone);
      expect(yesterday).toBe(addDays(localDateOf(now, timeZone), -1));
      const last = runs.at(-1)!;
      expect(last.localDate <= yesterday).toBe(true);
      // The runner runs on Tuesdays, Thursdays, Saturdays and Sundays: never two rest days in a row.
      expect(daysBetween(last.localDate, yesterday)).toBeLessThanOrEqual(1);
      if (["tue", "thu", "sat", "sun"].includes(weekdayOf(yesterday))) expect(last.localDate).toBe(yesterday);
      // Only the last week can be cut short.
      expect(runs.length).toBeGreaterThanOrEqual(files.length - 4);
      for (const run of runs) {
        const file = files.find((f) => f.fileName === run.fileName)!;
        expect(weekdayOf(run.localDate), run.fileName).toBe(weekdayInName(run.fileName));
        expect(localDateOf(run.start, timeZone)).toBe(run.localDate);
        expect(localDateTimeOf(run.start, timeZone).slice(11)).toBe(wallClockOf(file.wallClockStartMs));
        expect(run.start.getTime() - file.wallClockStartMs).toBe(run.shiftMs);
      }
    });
  }

  it("answers the same for every hour of the same local day", () => {
    const a = planSampleRuns(files, new Date("2026-11-24T11:00:00Z"), "Europe/Paris"); // 12:00 in Paris
    const b = planSampleRuns(files, new Date("2026-11-24T22:30:00Z"), "Europe/Paris"); // 23:30 in Paris
    expect(b).toEqual(a);
  });
});

describe("planSampleCheckin", () => {
  it("places a check-in on its run's date (plus days) at its local time, and leaves out one in the future", () => {
    const now = new Date("2026-11-23T07:00:00Z"); // Monday 08:00 in Paris: yesterday was Sunday
    const runs = planSampleRuns(files, now, "Europe/Paris");
    const sunday = runs.at(-1)!;
    expect(weekdayOf(sunday.localDate)).toBe("sun");
    expect(planSampleCheckin({ run: sunday.fileName, days: 0, time: "10:15" }, runs, now, "Europe/Paris")).toBe(`${sunday.localDate}T10:15`);
    // The next morning at 07:30 has passed (it is 08:00); at 09:00 it has not.
    expect(planSampleCheckin({ run: sunday.fileName, days: 1, time: "07:30" }, runs, now, "Europe/Paris")).toBe(`${addDays(sunday.localDate, 1)}T07:30`);
    expect(planSampleCheckin({ run: sunday.fileName, days: 1, time: "09:00" }, runs, now, "Europe/Paris")).toBeNull();
    expect(planSampleCheckin({ run: "no-such-run.gpx", days: 0, time: "09:00" }, runs, now, "Europe/Paris")).toBeNull();
  });
});

describe("shiftGpxTimes", () => {
  it("moves every time by the same amount and keeps the rest of the file", () => {
    const xml = files[0]!.xml;
    const shifted = shiftGpxTimes(xml, 7 * 86_400_000);
    expect(firstPointTimeMs(shifted) - firstPointTimeMs(xml)).toBe(7 * 86_400_000);
    expect(shifted.replace(/<time>[^<]*<\/time>/g, "")).toBe(xml.replace(/<time>[^<]*<\/time>/g, ""));
    expect(shifted.match(/<time>/g)!.length).toBe(xml.match(/<time>/g)!.length);
  });
});
