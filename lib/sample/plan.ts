import { TZDate } from "@date-fns/tz";
import { addDays, daysBetween, localDateOf, mondayOf } from "@/lib/load/weeks";

/**
 * Where the sample history lands in a runner's calendar. The shipped files carry fixed dates, their
 * times written as wall-clock times (with a Z that means nothing). Every run moves by the same whole
 * number of weeks, so that the files' last week becomes the week of the runner's yesterday, and
 * keeps its weekday and time of day in the runner's own time zone. Runs that would fall after
 * yesterday are left out: the history ends yesterday, or on the last run before it when yesterday
 * is a rest day. Pure: the caller reads the files and the clock.
 */

const DAY_MS = 86_400_000;

export interface SampleRunFile {
  fileName: string;
  /** The first track point's time as written in the file (a wall-clock time read as UTC). */
  wallClockStartMs: number;
}

export interface PlannedRun {
  fileName: string;
  /** The run's date in the runner's time zone. */
  localDate: string;
  /** When the run starts, for this runner. */
  start: Date;
  /** Added to every time in the file. */
  shiftMs: number;
}

const pad = (n: number) => String(n).padStart(2, "0");
const wallDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The instant a wall-clock time (date + milliseconds after midnight) happens in a time zone. */
function instantOf(localDate: string, msOfDay: number, timeZone: string): Date {
  const [y, m, d] = localDate.split("-").map(Number) as [number, number, number];
  const h = Math.floor(msOfDay / 3_600_000);
  const mi = Math.floor((msOfDay % 3_600_000) / 60_000);
  const s = Math.floor((msOfDay % 60_000) / 1000);
  return new Date(new TZDate(y, m - 1, d, h, mi, s, msOfDay % 1000, timeZone).getTime());
}

/** The runner's yesterday: the last day the sample history may reach. */
export function sampleEndDate(now: Date, timeZone: string): string {
  return addDays(localDateOf(now, timeZone), -1);
}

/** The sample runs this runner gets, oldest first. */
export function planSampleRuns(files: readonly SampleRunFile[], now: Date, timeZone: string): PlannedRun[] {
  if (files.length === 0) return [];
  const lastWallDate = files.map((f) => wallDate(f.wallClockStartMs)).sort().at(-1)!;
  const end = sampleEndDate(now, timeZone);
  const shiftDays = daysBetween(mondayOf(lastWallDate), mondayOf(end));
  const runs: PlannedRun[] = [];
  for (const f of files) {
    const localDate = addDays(wallDate(f.wallClockStartMs), shiftDays);
    if (localDate > end) continue;
    const msOfDay = ((f.wallClockStartMs % DAY_MS) + DAY_MS) % DAY_MS;
    const start = instantOf(localDate, msOfDay, timeZone);
    runs.push({ fileName: f.fileName, localDate, start, shiftMs: start.getTime() - f.wallClockStartMs });
  }
  return runs.sort((a, b) => a.start.getTime() - b.start.getTime() || (a.fileName < b.fileName ? -1 : 1));
}

export interface SampleCheckinPlace {
  /** The run file the check-in belongs to. */
  run: string;
  /** Days after that run. */
  days: number;
  /** Local time of day, HH:MM. */
  time: string;
}

/**
 * A check-in's local date-time ("2026-11-24T07:30", read in the runner's zone by the check-in
 * service), or null when its run is not part of this runner's history or it would be in the future.
 */
export function planSampleCheckin(place: SampleCheckinPlace, runs: readonly PlannedRun[], now: Date, timeZone: string): string | null {
  const run = runs.find((r) => r.fileName === place.run);
  if (!run) return null;
  const [h, mi] = place.time.split(":").map(Number) as [number, number];
  const date = addDays(run.localDate, place.days);
  const at = instantOf(date, (h * 60 + mi) * 60_000, timeZone);
  if (at.getTime() > now.getTime()) return null;
  return `${date}T${pad(h)}:${pad(mi)}`;
}
