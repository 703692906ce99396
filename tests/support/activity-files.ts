import { makeGpx } from "../../scripts/bench/make-gpx";
import { encodeActivity, type Sample } from "./fit-encode";

/**
 * Activity files of every format for archive tests and the archive benchmark: activity `i` starts
 * `i` days before `end` at 06:00 UTC, so every one is a different run; `points` at 1 Hz, about
 * 3 m a second.
 */

export type Format = "gpx" | "tcx" | "fit";

const DAY_MS = 86_400_000;

export function startOf(i: number, end = Date.UTC(2026, 5, 30, 6, 0, 0)): number {
  return end - i * DAY_MS;
}

function makeTcx(points: number, start: number): string {
  const iso = (t: number) => new Date(t).toISOString();
  const parts = [
    `<?xml version="1.0" encoding="UTF-8"?>\n<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">\n` +
      ` <Activities>\n  <Activity Sport="Running">\n   <Id>${iso(start)}</Id>\n   <Lap StartTime="${iso(start)}">\n    <TotalTimeSeconds>${points}</TotalTimeSeconds>\n    <Track>\n`,
  ];
  for (let k = 0; k < points; k++) {
    parts.push(
      `     <Trackpoint><Time>${iso(start + k * 1000)}</Time><Position><LatitudeDegrees>${(45 + k * 0.000027).toFixed(7)}</LatitudeDegrees>` +
        `<LongitudeDegrees>7.1234567</LongitudeDegrees></Position><AltitudeMeters>${(200 + (k % 50) / 10).toFixed(1)}</AltitudeMeters>` +
        `<DistanceMeters>${(3 * k).toFixed(1)}</DistanceMeters><HeartRateBpm><Value>${140 + (k % 20)}</Value></HeartRateBpm>` +
        `<Extensions><ns3:TPX><ns3:RunCadence>${85 + (k % 5)}</ns3:RunCadence></ns3:TPX></Extensions></Trackpoint>\n`,
    );
  }
  parts.push("    </Track>\n   </Lap>\n  </Activity>\n </Activities>\n</TrainingCenterDatabase>\n");
  return parts.join("");
}

function makeFit(points: number, start: number): Uint8Array {
  const samples: Sample[] = [];
  for (let k = 0; k < points; k++) samples.push({ tS: k, latSc: 2 ** 29 + k * 322, lonSc: 2 ** 26, altM: 200, hr: 140 + (k % 20), cadence: 86, distanceM: k * 3 });
  return encodeActivity({ start: new Date(start), sport: "running", samples });
}

export function makeActivityFile(format: Format, i: number, points: number, end?: number): Uint8Array {
  const start = startOf(i, end);
  if (format === "fit") return makeFit(points, start);
  return new TextEncoder().encode(format === "gpx" ? makeGpx(points, start) : makeTcx(points, start));
}
