import type { LoadActivity } from "./types";
import { localDateOf } from "./weeks";

/**
 * A LoadActivity for tests: a one-hour run of no distance with nothing optional, starting at
 * `startTime`, its local date taken in `timeZone`; `fields` override anything.
 */
export function testActivity(startTime: Date, fields: Partial<LoadActivity> = {}, timeZone = "UTC"): LoadActivity {
  return {
    id: "a1",
    name: "a1",
    sport: "run",
    startTime,
    localDate: localDateOf(startTime, timeZone),
    distanceM: 0,
    movingS: 3600,
    elevGainM: null,
    avgHr: null,
    rpe: null,
    avgCadenceSpm: null,
    surface: null,
    gearId: null,
    ...fields,
  };
}
