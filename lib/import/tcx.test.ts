import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EARTH_RADIUS_M, totalDistanceM } from "@/lib/metrics/distance";
import { movingTimeS } from "@/lib/metrics/moving-time";
import { summarizeTrack } from "@/lib/metrics/summary";
import { EARLIEST_TIME_MS, FUTURE_SLACK_MS, MAX_POINTS } from "./gpx";
import { parseIsoTime } from "./iso-time";
import { createTcxParser, deviceStepsM, parseTcx, type ParsedTcx } from "./tcx";
import { trackToPoints, type TrackPoint } from "./track";
import { ImportError, type ImportErrorCode } from "./types";

const FIXTURES = path.resolve(__dirname, "../../tests/fixtures/tcx");
const NOW = new Date("2026-06-01T12:00:00Z");
const enc = new TextEncoder();
const utf8 = (s: string) => enc.encode(s);
const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));
const parse = (s: string | Uint8Array) => parseTcx(typeof s === "string" ? utf8(s) : s, NOW);
const points = (p: ParsedTcx): TrackPoint[] => trackToPoints(p.track).flat();
const ms = (iso: string) => Date.parse(iso);
const f32 = (v: number) => Math.fround(v);
/** One degree of latitude (or of longitude on the equator) along a great circle, in metres, as Patella measures it. */
const M_PER_DEG = (EARTH_RADIUS_M * Math.PI) / 180;

function codeOf(run: () => unknown): ImportErrorCode | "no error" {
  try {
    run();
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    return e.code;
  }
  return "no error";
}

function errorOf(run: () => unknown): ImportError {
  try {
    run();
  } catch (e) {
    if (e instanceof ImportError) return e;
    throw e;
  }
  throw new Error("no error");
}

const NS =
  'xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2"';
/** A TCX document around the given Activities content. */
const tcx = (activities: string, extra = "") => `<?xml version="1.0" encoding="UTF-8"?>\n<TrainingCenterDatabase ${NS}>${extra}<Activities>${activities}</Activities></TrainingCenterDatabase>`;
const activity = (laps: string, sport = "Running", more = "") => `<Activity Sport="${sport}"><Id>2026-05-01T08:00:00Z</Id>${laps}${more}</Activity>`;
const lapOf = (...tracks: string[]) => `<Lap StartTime="2026-05-01T08:00:00Z">${tracks.map((t) => `<Track>${t}</Track>`).join("")}</Lap>`;
/** A track point at 2026-05-01T08:00:ss, moving north 0.0001° a point from 45°N 7°E. */
const pt = (s: number, body = "", pos = true) =>
  `<Trackpoint><Time>2026-05-01T08:${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}Z</Time>` +
  (pos ? `<Position><LatitudeDegrees>${(45 + s / 10_000).toFixed(4)}</LatitudeDegrees><LongitudeDegrees>7</LongitudeDegrees></Position>` : "") +
  `${body}</Trackpoint>`;
const simple = (body: string) => tcx(activity(lapOf(body)));

// ---------------------------------------------------------------------------------------------
// The fixtures (tests/fixtures/tcx/README.md says how each was made and what it holds).
// ---------------------------------------------------------------------------------------------

describe("parseTcx on the fixtures", () => {
  it("Garmin Connect run, two laps, ns3:TPX RunCadence: points, times, values, laps", () => {
    const p = parse(fixture("garmin-connect-run-ns3-runcadence-2-laps.tcx"));
    expect(p.format).toBe("tcx");
    expect(p.typeHint).toBe("Running");
    expect(p.name).toBeNull(); // Creator/Name ("Forerunner 245") and Author/Name are not the activity's name
    expect(p.activityCount).toBe(1);
    expect(p.idTimeMs).toBe(ms("2024-04-14T07:30:00Z"));
    const pts = points(p);
    expect(pts).toHaveLength(12);
    // A lap is a split, not a stop: the second lap's Track goes on in the same segment.
    expect(p.track.segmentStarts).toEqual([0]);
    expect(pts.map((q) => q.timeMs)).toEqual(Array.from({ length: 12 }, (_, i) => ms("2024-04-14T07:30:00Z") + 4000 * i));
    expect(pts[0]).toEqual({ lat: 52, lon: 4.36, timeMs: ms("2024-04-14T07:30:00Z"), eleM: f32(-1.4), hr: 120, cadence: 80, powerW: null });
    expect(pts[11]).toEqual({ lat: 52.0011, lon: 4.36, timeMs: ms("2024-04-14T07:30:44Z"), eleM: f32(0.8), hr: 142, cadence: 82, powerW: null });
    expect(pts.map((q) => q.hr)).toEqual([120, 122, 124, 126, 128, 130, 132, 134, 136, 138, 140, 142]);
    expect(pts.map((q) => q.cadence)).toEqual([80, 81, 82, 80, 81, 82, 80, 81, 82, 80, 81, 82]); // one leg: strides/min
    expect(p.laps).toEqual([
      { startTimeMs: ms("2024-04-14T07:30:00Z"), totalTimeS: 20, distanceM: 55.63 },
      { startTimeMs: ms("2024-04-14T07:30:24Z"), totalTimeS: 20, distanceM: 66.76 },
    ]);
    expect(p.deviceDistanceM?.[0]).toBe(0);
    expect(p.deviceDistanceM?.[11]).toBe(122.39);

    // A straight line due north: 11 steps of 0.0001° of latitude. By hand, on Patella's sphere:
    // 11 × 0.0001° × 111,195.08 m/° = 122.3146 m. The device (WGS84 meridian arc at 52°N,
    // 111,258 m/°) wrote 122.39 m: the sphere is 0.06 % shorter there, well within 0.5 %.
    const summary = summarizeTrack(p.track);
    expect(summary.distanceM).toBeCloseTo(11 * 0.0001 * M_PER_DEG, 6);
    expect(summary.distanceM).toBeCloseTo(122.3146, 3);
    expect(Math.abs(summary.distanceM - 122.39) / 122.39).toBeLessThan(0.005);
    expect(Math.abs(summary.distanceM - (55.63 + 66.76)) / 122.39).toBeLessThan(0.005);
    expect(summary.elapsedS).toBe(44);
    expect(summary.movingS).toBe(44);
    expect(summary.avgHr).toBe(131);
  });

  it("Strava export: times without milliseconds, TPX in a default namespace, an Activity Name", () => {
    const p = parse(fixture("strava-export-run-default-ns-tpx.tcx"));
    expect(p.typeHint).toBe("Running");
    expect(p.name).toBe("Evening Run & Strides");
    const pts = points(p);
    expect(pts).toHaveLength(5);
    expect(p.track.segmentStarts).toEqual([0]);
    expect(pts[0]!.timeMs).toBe(ms("2024-05-02T17:05:10Z"));
    expect(pts[4]!.timeMs).toBe(ms("2024-05-02T17:05:30Z"));
    expect(pts.map((q) => [q.lat, q.lon])).toEqual([0, 1, 2, 3, 4].map((i) => [48.8566, Number((2.35 + 0.0002 * i).toFixed(4))]));
    expect(pts.map((q) => q.cadence)).toEqual([86, 87, 88, 89, 90]);
    expect(pts.map((q) => q.hr)).toEqual([149, 150, 151, 152, 153]);
    expect(pts.map((q) => q.eleM)).toEqual([35, 35.5, 36, 36.5, 37]);
    // Due east along 48.8566°N: 4 × 0.0002° × cos(48.8566°) × 111,195.08 m/° = 4 × 14.6393 m.
    const summary = summarizeTrack(p.track);
    expect(summary.distanceM).toBeCloseTo(4 * 0.0002 * Math.cos((48.8566 * Math.PI) / 180) * M_PER_DEG, 4);
    expect(Math.abs(summary.distanceM - 58.6) / 58.6).toBeLessThan(0.005);
  });

  it("treadmill run: no positions (NaN), the device's distance kept, the Sport kept as written", () => {
    const p = parse(fixture("garmin-treadmill-run-no-position.tcx"));
    // The Notes say "Treadmill … (indoor)" and the Creator is a watch: nothing in TCX says treadmill,
    // and the reader does not guess from free text.
    expect(p.typeHint).toBe("Running");
    expect(p.name).toBe("Treadmill intervals (indoor)");
    const t = p.track;
    expect(t.length).toBe(10);
    expect(Array.from(t.lat).every(Number.isNaN)).toBe(true);
    expect(Array.from(t.lon).every(Number.isNaN)).toBe(true);
    expect(Array.from(t.eleM).every(Number.isNaN)).toBe(true);
    expect(Array.from(t.hr)).toEqual([110, 113, 116, 119, 122, 125, 128, 131, 134, 137]);
    expect(Array.from(t.cadence)).toEqual([84, 85, 84, 85, 84, 85, 84, 85, 84, 85]);
    expect(Array.from(p.deviceDistanceM!)).toEqual([0, 14, 28, 42, 56, 70, 84, 98, 112, 126]);
    expect(p.laps).toEqual([{ startTimeMs: ms("2024-01-09T06:00:00Z"), totalTimeS: 45, distanceM: 126 }]);

    // From positions alone there is no distance and so no moving time…
    const summary = summarizeTrack(t);
    expect(summary.distanceM).toBe(0);
    expect(summary.movingS).toBe(0);
    expect(summary.elapsedS).toBe(45);
    // …the device's own count gives them: 9 steps of 14 m in 45 s.
    const steps = deviceStepsM(t, p.deviceDistanceM)!;
    expect(Array.from(steps)).toEqual([0, 14, 14, 14, 14, 14, 14, 14, 14, 14]);
    expect(totalDistanceM(steps)).toBe(126);
    expect(movingTimeS(t, steps)).toBe(45);
  });

  it("Edge bike: Cadence (rpm) and ns3:Watts, zeros kept, a missing heart rate NaN, the lap's Cadence not a point's", () => {
    const p = parse(fixture("garmin-edge-bike-watts-cadence.tcx"));
    expect(p.typeHint).toBe("Biking");
    const pts = points(p);
    expect(pts).toHaveLength(6);
    expect(pts.map((q) => q.cadence)).toEqual([92, 94, 0, 88, 90, 91]);
    expect(pts.map((q) => q.powerW)).toEqual([210, 235, 0, 198, 205, 220]);
    expect(pts.map((q) => q.hr)).toEqual([131, 133, 134, null, 135, 136]);
    expect(pts[0]).toMatchObject({ lat: 46.5, lon: 6.63, timeMs: ms("2023-09-17T08:15:00Z"), eleM: 410 });
    expect(pts[5]).toMatchObject({ lat: 46.5003, lon: 6.63, timeMs: ms("2023-09-17T08:15:05Z"), eleM: 412 });
    // 5 × 0.00006° of latitude × 111,195.08 m/° = 33.3585 m; the device wrote 33.35.
    const summary = summarizeTrack(p.track);
    expect(summary.distanceM).toBeCloseTo(5 * 0.00006 * M_PER_DEG, 6);
    expect(Math.abs(summary.distanceM - 33.35) / 33.35).toBeLessThan(0.005);
    expect(summary.avgPowerW).toBeCloseTo((210 + 235 + 0 + 198 + 205 + 220) / 6, 6);
  });

  it("two Tracks in a lap (a stop at the lights): two segments, Notes as the name", () => {
    const p = parse(fixture("garmin-connect-run-2-tracks-pause.tcx"));
    expect(p.name).toBe("Lunch run, stop at the lights");
    expect(p.track.segmentStarts).toEqual([0, 4]);
    const pts = points(p);
    expect(pts).toHaveLength(7);
    expect(pts[3]!.timeMs).toBe(ms("2024-06-03T12:10:09Z"));
    expect(pts[4]!.timeMs).toBe(ms("2024-06-03T12:15:09Z"));
    expect(pts[6]!.timeMs).toBe(ms("2024-06-03T12:15:15Z"));
    const summary = summarizeTrack(p.track);
    expect(summary.elapsedS).toBe(315);
    expect(summary.movingS).toBe(9 + 6); // nothing counted across the pause
    expect(summary.distanceM).toBeCloseTo(5 * 0.0001 * M_PER_DEG, 6);
    // The device counts nothing while paused either: its steps sum to its last value.
    expect(totalDistanceM(deviceStepsM(p.track, p.deviceDistanceM)!)).toBeCloseTo(55.6, 9);
  });

  it("a real Garmin Connect export (Edge 520 ride, togeojson's test data, BSD-2-Clause)", () => {
    // Expected values counted independently with Python's xml.etree (see the README).
    const p = parse(fixture("togeojson-garmin-connect-bike-2020.tcx"));
    expect(p.typeHint).toBe("Biking");
    expect(p.name).toBeNull();
    expect(p.idTimeMs).toBe(ms("2020-03-06T00:23:46Z"));
    const t = p.track;
    expect(t.length).toBe(317);
    // One Track, although the ride stops for 66 minutes (00:26:57 → 01:33:31) in the middle of it.
    expect(t.segmentStarts).toEqual([0]);
    expect(t.timeMs[0]).toBe(ms("2020-03-06T00:23:46Z"));
    expect(t.timeMs[316]).toBe(ms("2020-03-06T01:36:18Z"));
    expect([t.lat[0], t.lon[0]]).toEqual([49.26990852691233, -123.1075104419142]);
    expect([t.lat[316], t.lon[316]]).toEqual([49.269781708717346, -123.1080265995115]);
    // Point 309 (01:36:11) has no Position.
    const noPosition = Array.from(t.lat).flatMap((v, i) => (Number.isNaN(v) ? [i] : []));
    expect(noPosition).toEqual([309]);
    expect(Number.isNaN(t.lon[309]!)).toBe(true);
    expect(t.timeMs[309]).toBe(ms("2020-03-06T01:36:11Z"));
    const count = (a: Float32Array) => a.filter((v) => !Number.isNaN(v)).length;
    expect(count(t.hr)).toBe(0);
    expect(count(t.cadence)).toBe(316);
    expect(count(t.powerW)).toBe(313);
    expect(Math.max(...Array.from(t.powerW).filter((v) => !Number.isNaN(v)))).toBe(552);
    expect(count(t.eleM)).toBe(317);
    expect(p.deviceDistanceM![0]).toBe(7.980000019073486);
    expect(p.deviceDistanceM![316]).toBe(1691.6800537109375);
    expect(p.laps).toEqual([{ startTimeMs: ms("2020-03-06T00:23:46Z"), totalTimeS: 4352, distanceM: 1691.68 }]);
    // Haversine (R = 6371008.8 m) over consecutive points with a position, bridging point 309 (which
    // has none) from its neighbours: 1791.0971 m (Python; without the bridge, 1780.6597 m). The
    // device's own count is 1691.68 m.
    const summary = summarizeTrack(t);
    expect(summary.distanceM).toBeCloseTo(1791.0971, 3);
    expect(totalDistanceM(deviceStepsM(t, p.deviceDistanceM)!)).toBeCloseTo(1691.6800537109375, 9);
  });

  it("gives the same result whatever the chunk boundaries", () => {
    const cases: [string, number[]][] = [
      ["garmin-connect-run-ns3-runcadence-2-laps.tcx", [1, 7, 255, 4097]],
      ["garmin-treadmill-run-no-position.tcx", [1, 3, 64, 4095]],
      ["togeojson-garmin-connect-bike-2020.tcx", [13, 4096, 65_536]],
    ];
    for (const [name, sizes] of cases) {
      const bytes = fixture(name);
      const whole = parse(bytes);
      for (const size of sizes) {
        const parser = createTcxParser(NOW);
        for (let i = 0; i < bytes.length; i += size) parser.write(bytes.slice(i, i + size));
        const chunked = parser.end();
        expect(trackToPoints(chunked.track), `${name} in chunks of ${size}`).toEqual(trackToPoints(whole.track));
        expect({ ...chunked, track: null }).toEqual({ ...whole, track: null });
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Structure: segments, names, activities, namespaces, values.
// ---------------------------------------------------------------------------------------------

describe("parseTcx on synthetic input", () => {
  it("starts a segment at every Track after the first in a lap, not at a new lap", () => {
    const p = parse(tcx(activity(lapOf(pt(0) + pt(1), pt(60) + pt(61)) + lapOf(pt(62) + pt(63)) + lapOf(pt(64), "", pt(200) + pt(201)))));
    expect(p.track.length).toBe(9);
    // [0,1] | pause | [60,61] + lap [62,63] + lap [64] | empty Track | pause | [200,201]
    expect(p.track.segmentStarts).toEqual([0, 2, 7]);
  });

  it("takes the Activity's Name, else its Notes, never the Creator's, Author's or a Lap's", () => {
    const creator = `<Creator xsi:type="Device_t" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><Name>Forerunner 965</Name></Creator>`;
    const lapNotes = `<Lap StartTime="2026-05-01T08:00:00Z"><Notes>lap note</Notes><Track>${pt(0)}${pt(1)}</Track></Lap>`;
    const author = `<Author><Name>Connect Api</Name></Author>`;
    expect(parse(tcx(activity(lapNotes, "Running", `<Notes>  Hill\n\trepeats\u0001 </Notes>${creator}`), author)).name).toBe("Hill repeats");
    expect(parse(tcx(activity(lapNotes, "Running", `<Notes>a note</Notes>${creator}<Name>Morning Run</Name>`))).name).toBe("Morning Run");
    expect(parse(tcx(activity(lapNotes, "Running", creator))).name).toBeNull();
    expect(parse(tcx(activity(lapNotes, "Running", "<Notes>   </Notes>"))).name).toBeNull();
    expect(parse(tcx(activity(lapNotes, "Running", "<Notes><![CDATA[Intervals <5x1k> & more]]></Notes>"))).name).toBe("Intervals <5x1k> & more");
  });

  it("keeps the Sport as written: Biking, Other, an unknown value, none", () => {
    const run = lapOf(pt(0) + pt(1));
    expect(parse(tcx(activity(run, "Biking"))).typeHint).toBe("Biking");
    expect(parse(tcx(activity(run, "Other"))).typeHint).toBe("Other");
    expect(parse(tcx(activity(run, " Walking "))).typeHint).toBe("Walking");
    expect(parse(tcx(activity(run, ""))).typeHint).toBeNull();
    expect(parse(tcx(`<Activity><Id>2026-05-01T08:00:00Z</Id>${run}</Activity>`)).typeHint).toBeNull();
    // "treadmill" in the Notes does not make it a treadmill run: the reader does not guess.
    expect(parse(tcx(activity(run, "Running", "<Notes>Treadmill</Notes>"))).typeHint).toBe("Running");
  });

  it("reads the first Activity that has track points and counts the others", () => {
    const empty = `<Activity Sport="Other"><Id>2026-04-30T08:00:00Z</Id><Notes>empty</Notes><Lap StartTime="2026-04-30T08:00:00Z"><TotalTimeSeconds>5</TotalTimeSeconds></Lap></Activity>`;
    const second = `<Activity Sport="Biking"><Id>2026-05-02T08:00:00Z</Id><Notes>second</Notes><Lap><Track>${pt(10)}${pt(11)}${pt(12)}</Track></Lap></Activity>`;
    const p = parse(tcx(empty + activity(lapOf(pt(0) + pt(1)), "Running", "<Notes>first</Notes>") + second));
    expect(p.activityCount).toBe(3);
    expect(p.name).toBe("first");
    expect(p.typeHint).toBe("Running");
    expect(p.idTimeMs).toBe(ms("2026-05-01T08:00:00Z"));
    expect(p.track.length).toBe(2);
    expect(p.laps).toHaveLength(1);
  });

  it("reads a multisport session's first leg", () => {
    const leg = (sport: string, from: number) => `<Activity Sport="${sport}"><Id>2026-05-01T08:00:00Z</Id><Lap><Track>${pt(from)}${pt(from + 1)}</Track></Lap></Activity>`;
    const p = parse(tcx(`<MultiSportSession><Id>2026-05-01T08:00:00Z</Id><FirstSport>${leg("Biking", 0)}</FirstSport><NextSport><Transition><TotalTimeSeconds>60</TotalTimeSeconds></Transition>${leg("Running", 100)}</NextSport></MultiSportSession>`));
    expect(p.typeHint).toBe("Biking");
    expect(p.track.length).toBe(2);
    expect(p.activityCount).toBe(2);
  });

  it("matches names by local name, whatever the prefix", () => {
    const x = 'xmlns:ax="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" xmlns:tpx="http://www.garmin.com/xmlschemas/ActivityExtension/v2"';
    const point = (s: number, lat: string) =>
      `<ax:Trackpoint><ax:Time>2026-05-01T08:00:0${s}Z</ax:Time><ax:Position><ax:LatitudeDegrees>${lat}</ax:LatitudeDegrees><ax:LongitudeDegrees>7.5</ax:LongitudeDegrees></ax:Position>` +
      `<ax:AltitudeMeters>100</ax:AltitudeMeters><ax:DistanceMeters>${s * 3}</ax:DistanceMeters><ax:HeartRateBpm><ax:Value>150</ax:Value></ax:HeartRateBpm>` +
      `<ax:Extensions><tpx:TPX><tpx:Speed>3</tpx:Speed><tpx:RunCadence>88</tpx:RunCadence><tpx:Watts>250</tpx:Watts></tpx:TPX></ax:Extensions></ax:Trackpoint>`;
    const doc =
      `<ax:TrainingCenterDatabase ${x}><ax:Activities><ax:Activity Sport="Running"><ax:Id>2026-05-01T08:00:00Z</ax:Id>` +
      `<ax:Lap StartTime="2026-05-01T08:00:00Z"><ax:Track>${point(0, "45.1")}${point(1, "45.2")}</ax:Track></ax:Lap><ax:Notes>prefixed</ax:Notes></ax:Activity></ax:Activities></ax:TrainingCenterDatabase>`;
    const p = parse(doc);
    expect(p.name).toBe("prefixed");
    expect(points(p)).toEqual([
      { lat: 45.1, lon: 7.5, timeMs: ms("2026-05-01T08:00:00Z"), eleM: 100, hr: 150, cadence: 88, powerW: 250 },
      { lat: 45.2, lon: 7.5, timeMs: ms("2026-05-01T08:00:01Z"), eleM: 100, hr: 150, cadence: 88, powerW: 250 },
    ]);
    expect(Array.from(p.deviceDistanceM!)).toEqual([0, 3]);
  });

  it("reads values only where they belong in a track point", () => {
    const body =
      // HeartRateBpm/Value is the heart rate; a Value elsewhere, or Extensions/…/Speed, is not.
      `<HeartRateBpm><Value>151</Value></HeartRateBpm><Extensions><ns3:TPX><ns3:Speed>3.1</ns3:Speed><ns3:Value>99</ns3:Value></ns3:TPX></Extensions>` +
      // SensorState and other unknown children are skipped, with what they hold.
      `<SensorState>Present</SensorState><Other><Cadence>7</Cadence><LatitudeDegrees>1</LatitudeDegrees></Other>`;
    const p = parse(simple(pt(0, body) + pt(1, "<Cadence>90</Cadence><Extensions><ns3:TPX><ns3:RunCadence>80</ns3:RunCadence></ns3:TPX></Extensions>")));
    const [a, b] = points(p);
    expect(a).toEqual({ lat: 45, lon: 7, timeMs: ms("2026-05-01T08:00:00Z"), eleM: null, hr: 151, cadence: null, powerW: null });
    expect(b!.cadence).toBe(90); // the first cadence written wins, as in GPX
    expect(p.deviceDistanceM).toBeNull();
  });

  it("reads times as parseIsoTime does: fractions, offsets, no zone (UTC)", () => {
    const times = ["2026-05-01T08:00:00.5Z", "2026-05-01T08:00:01.123Z", "2026-05-01T08:00:02.1234567Z", "2026-05-01T10:00:03+02:00", "2026-05-01T08:00:04", "2026-05-01T08:00:05.000Z"];
    const body = times.map((t, i) => `<Trackpoint><Time>${t}</Time><DistanceMeters>${i}</DistanceMeters></Trackpoint>`).join("");
    const p = parse(simple(body));
    expect(Array.from(p.track.timeMs)).toEqual(times.map(parseIsoTime));
    expect(Array.from(p.track.timeMs)).toEqual([
      ms("2026-05-01T08:00:00.500Z"),
      ms("2026-05-01T08:00:01.123Z"),
      ms("2026-05-01T08:00:02.123Z"),
      ms("2026-05-01T08:00:03Z"),
      ms("2026-05-01T08:00:04Z"),
      ms("2026-05-01T08:00:05Z"),
    ]);
  });

  it("keeps odd but finite numbers, drops out-of-range sensor values and negative distances", () => {
    const body =
      pt(0, "<AltitudeMeters> 12.5 </AltitudeMeters><DistanceMeters>-1</DistanceMeters><HeartRateBpm><Value>0</Value></HeartRateBpm><Cadence>300</Cadence><Extensions><ns3:TPX><ns3:Watts>3000</ns3:Watts></ns3:TPX></Extensions>") +
      pt(1, "<AltitudeMeters>1e39</AltitudeMeters><DistanceMeters>&#49;0</DistanceMeters><HeartRateBpm><Value>259</Value></HeartRateBpm><Cadence>299</Cadence><Extensions><ns3:TPX><ns3:Watts>2999</ns3:Watts></ns3:TPX></Extensions>") +
      pt(2, "<AltitudeMeters></AltitudeMeters><DistanceMeters>Infinity</DistanceMeters><HeartRateBpm><Value>x</Value></HeartRateBpm>");
    const p = parse(simple(body));
    const [a, b, c] = points(p);
    expect(a).toMatchObject({ eleM: 12.5, hr: null, cadence: null, powerW: null });
    expect(b).toMatchObject({ eleM: null, hr: 259, cadence: 299, powerW: 2999 });
    expect(c).toMatchObject({ eleM: null, hr: null });
    expect(Array.from(p.deviceDistanceM!)).toEqual([NaN, 10, NaN]);
  });

  it("decodes a UTF-8 byte-order mark, UTF-16 and declared Latin-1", () => {
    const doc = simple(pt(0) + pt(1)).replace("<Lap", "<Notes>Caf\u00e9 r\u00f4ti</Notes><Lap");
    expect(parse(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(doc)])).name).toBe("Caf\u00e9 r\u00f4ti");
    expect(parse(new Uint8Array([0xff, 0xfe, ...Buffer.from(doc.replace('encoding="UTF-8"', 'encoding="UTF-16"'), "utf16le")])).name).toBe("Caf\u00e9 r\u00f4ti");
    expect(parse(new Uint8Array(Buffer.from(doc.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'), "latin1"))).name).toBe("Caf\u00e9 r\u00f4ti");
  });

  it("makes device steps from a count that restarts each lap, or has gaps", () => {
    const p = parse(simple(pt(0, "<DistanceMeters>5</DistanceMeters>") + pt(1) + pt(2, "<DistanceMeters>9</DistanceMeters>") + pt(3, "<DistanceMeters>2</DistanceMeters>") + pt(4, "<DistanceMeters>6</DistanceMeters>")));
    expect(Array.from(deviceStepsM(p.track, p.deviceDistanceM)!)).toEqual([5, NaN, 4, 0, 4]);
    expect(deviceStepsM(p.track, null)).toBeNull();
  });

  it("parses a 50,000-point Garmin-style file (a super-linear parser would hit the test timeout)", () => {
    const n = 50_000;
    const bytes = utf8(makeTcx(n));
    const p = parse(bytes);
    expect(p.track.length).toBe(n);
    expect(p.track.segmentStarts).toEqual([0]); // 50 auto-laps, no pause
    expect(p.laps).toHaveLength(50);
    expect(p.track.timeMs[0]).toBe(ms("2026-05-01T06:00:00Z"));
    expect(p.track.timeMs[n - 1]).toBe(ms("2026-05-01T06:00:00Z") + (n - 1) * 1000);
    expect(p.deviceDistanceM![n - 1]).toBeCloseTo(3 * (n - 1), 6);
    expect(summarizeTrack(p.track).distanceM).toBeCloseTo((n - 1) * 0.000027 * M_PER_DEG, 0);
    // About 33 MB of pretty-printed XML (Garmin's layout): about 0.5 s here. Speed is measured by bench:gpx, not here.
    expect(bytes.byteLength).toBeGreaterThan(25e6);
  });
});

/** A Garmin Connect-style run of `n` points at 1 Hz heading north 3 m a second, auto-lap every 1000 points. */
function makeTcx(n: number): string {
  const start = Date.UTC(2026, 4, 1, 6);
  const iso = (t: number) => new Date(t).toISOString(); // "….000Z", as Garmin writes
  const parts = [`<?xml version="1.0" encoding="UTF-8"?>\n<TrainingCenterDatabase ${NS}>\n  <Activities>\n    <Activity Sport="Running">\n      <Id>${iso(start)}</Id>\n`];
  for (let i = 0; i < n; i++) {
    if (i % 1000 === 0) {
      if (i > 0) parts.push("        </Track>\n      </Lap>\n");
      parts.push(`      <Lap StartTime="${iso(start + i * 1000)}">\n        <TotalTimeSeconds>1000.0</TotalTimeSeconds>\n        <DistanceMeters>3000.0</DistanceMeters>\n        <Track>\n`);
    }
    parts.push(
      `          <Trackpoint>\n            <Time>${iso(start + i * 1000)}</Time>\n            <Position>\n              <LatitudeDegrees>${(45 + i * 0.000027).toFixed(7)}</LatitudeDegrees>\n` +
        `              <LongitudeDegrees>7.1234567</LongitudeDegrees>\n            </Position>\n            <AltitudeMeters>${(200 + (i % 50) / 10).toFixed(1)}</AltitudeMeters>\n` +
        `            <DistanceMeters>${(3 * i).toFixed(2)}</DistanceMeters>\n            <HeartRateBpm>\n              <Value>${140 + (i % 20)}</Value>\n            </HeartRateBpm>\n` +
        `            <Extensions>\n              <ns3:TPX>\n                <ns3:Speed>3.0</ns3:Speed>\n                <ns3:RunCadence>${85 + (i % 5)}</ns3:RunCadence>\n              </ns3:TPX>\n            </Extensions>\n          </Trackpoint>\n`,
    );
  }
  parts.push("        </Track>\n      </Lap>\n    </Activity>\n  </Activities>\n</TrainingCenterDatabase>\n");
  return parts.join("");
}

// ---------------------------------------------------------------------------------------------
// Refusals.
// ---------------------------------------------------------------------------------------------

describe("parseTcx refusals", () => {
  const lol = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join("");
  const REFUSALS: [string, string | Uint8Array, ImportErrorCode][] = [
    ["an empty file", new Uint8Array(0), "empty_file"],
    ["white space only", "  \n ", "not_tcx"],
    ["a GPX file", fixture("../gpx/garmin-connect-run-hr-2012.gpx"), "not_tcx"],
    ["a KML file", '<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document/></kml>', "not_tcx"],
    ["a billion laughs", `<?xml version="1.0"?><!DOCTYPE TrainingCenterDatabase [<!ENTITY lol0 "lol">${lol}]><TrainingCenterDatabase><Activities><Activity Sport="Running"><Notes>&lol9;</Notes></Activity></Activities></TrainingCenterDatabase>`, "unsafe_xml"],
    ["an external entity (XXE)", `<?xml version="1.0"?><!DOCTYPE t [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><TrainingCenterDatabase><Activities><Activity><Notes>&xxe;</Notes></Activity></Activities></TrainingCenterDatabase>`, "unsafe_xml"],
    ["a DOCTYPE inside the root", simple(pt(0) + pt(1)).replace("<Activities>", '<!DOCTYPE x SYSTEM "http://127.0.0.1/x.dtd"><Activities>'), "unsafe_xml"],
    ["an undefined entity", simple(pt(0) + pt(1)).replace("<Lap", "<Notes>&nbsp;</Notes><Lap"), "malformed"],
    ["a file cut off in the middle", fixture("garmin-connect-run-ns3-runcadence-2-laps.tcx").subarray(0, 5000), "malformed"],
    ["mismatched tags", simple(pt(0) + pt(1)).replace("</Lap>", "</Track>"), "malformed"],
    ["nesting deeper than 64", simple(pt(0, "<Extensions>" + "<a>".repeat(70) + "</a>".repeat(70) + "</Extensions>") + pt(1)), "malformed"],
    ["a tag longer than 64 KiB", simple(pt(0) + pt(1)).replace("<Lap", `<Lap x="${"y".repeat(70_000)}"`), "malformed"],
    ["a text longer than 64 KiB", simple(pt(0) + pt(1)).replace("<Lap", `<Notes>${"n".repeat(70_000)}</Notes><Lap`), "malformed"],
    ["an undeclared prefix", simple(pt(0, "<Extensions><ax:TPX/></Extensions>") + pt(1)), "malformed"],
    ["two root elements", `${simple(pt(0) + pt(1))}<TrainingCenterDatabase/>`, "malformed"],
    ["no activities", `<TrainingCenterDatabase ${NS}><Workouts/></TrainingCenterDatabase>`, "no_track"],
    ["an activity without track points", tcx(activity(`<Lap StartTime="2026-05-01T08:00:00Z"><TotalTimeSeconds>60</TotalTimeSeconds><DistanceMeters>100</DistanceMeters><Track/></Lap>`)), "no_track"],
    ["track points outside an Activity", `<TrainingCenterDatabase ${NS}><Activities><Lap><Track>${pt(0)}${pt(1)}</Track></Lap></Activities></TrainingCenterDatabase>`, "no_track"],
    ["a course (planned route)", `<TrainingCenterDatabase ${NS}><Courses><Course><Name>Loop</Name><Lap/><Track>${pt(0)}${pt(1)}</Track></Course></Courses></TrainingCenterDatabase>`, "route_only"],
    ["track points without times", simple(pt(0).replace(/<Time>[^<]*<\/Time>/, "") + pt(1).replace(/<Time>[^<]*<\/Time>/, "")), "no_times"],
    ["a single timed point", simple(pt(0) + pt(1).replace(/<Time>[^<]*<\/Time>/, "")), "no_times"],
    ["a latitude of 91", simple(pt(0) + pt(1).replace("45.0001", "91")), "bad_coordinates"],
    ["a longitude of -180.5", simple(pt(0) + pt(1).replace("<LongitudeDegrees>7<", "<LongitudeDegrees>-180.5<")), "bad_coordinates"],
    ["a Position without a longitude", simple(pt(0) + pt(1).replace(/<LongitudeDegrees>[^<]*<\/LongitudeDegrees>/, "")), "bad_coordinates"],
    ["an empty Position", simple(pt(0) + pt(1, "", false).replace("</Time>", "</Time><Position/>")), "bad_coordinates"],
    ["an unreadable latitude", simple(pt(0) + pt(1).replace("45.0001", "N45")), "bad_coordinates"],
    ["a NaN longitude", simple(pt(0) + pt(1).replace("<LongitudeDegrees>7<", "<LongitudeDegrees>NaN<")), "bad_coordinates"],
    ["an unreadable time", simple(pt(0) + pt(1).replace("2026-05-01T08:00:01Z", "yesterday")), "bad_time"],
    ["a time before 1990", simple(pt(0).replace("2026", "1985") + pt(1)), "bad_time"],
    ["a time more than a day in the future", simple(pt(0) + pt(1).replace("2026-05-01", "2026-06-03")), "bad_time"],
    ["31 February", simple(pt(0) + pt(1).replace("2026-05-01", "2026-02-31")), "bad_time"],
  ];

  it.each(REFUSALS)("refuses %s", (_label, input, code) => {
    expect(codeOf(() => parse(input))).toBe(code);
  });

  it("words its refusals for TCX and never quotes an entity's target", () => {
    const xxe = errorOf(() => parse(REFUSALS.find(([l]) => l.includes("XXE"))![1]));
    expect(xxe.message).toContain("TCX");
    expect(xxe.message).not.toContain("GPX");
    expect(xxe.message).not.toContain("passwd");
    expect(errorOf(() => parse(fixture("../gpx/garmin-connect-run-hr-2012.gpx"))).message).toContain("GPX");
    expect(errorOf(() => parse(" ")).message).toContain("TCX");
  });

  it("accepts a clock up to a day fast", () => {
    expect(parse(simple(pt(0) + pt(1).replace("2026-05-01T08:00:01Z", "2026-06-02T11:00:00Z"))).track.length).toBe(2);
  });

  it(`refuses more than ${MAX_POINTS.toLocaleString("en")} points (streamed, never all in memory)`, () => {
    const parser = createTcxParser(NOW);
    parser.write(utf8(`<TrainingCenterDatabase ${NS}><Activities><Activity Sport="Running"><Lap><Track>`));
    const chunk = utf8("<Trackpoint><Time>2026-05-01T08:00:00Z</Time></Trackpoint>".repeat(20_000));
    const code = codeOf(() => {
      for (let written = 0; written <= MAX_POINTS; written += 20_000) parser.write(chunk);
      parser.write(utf8("</Track></Lap></Activity></Activities></TrainingCenterDatabase>"));
      parser.end();
    });
    expect(code).toBe("too_large");
  });
});

// ---------------------------------------------------------------------------------------------
// Property: whatever the bytes, a consistent ParsedTcx or an ImportError with a known code.
// ---------------------------------------------------------------------------------------------

const KNOWN_CODES = new Set<ImportErrorCode>(["empty_file", "not_tcx", "unsafe_xml", "malformed", "route_only", "no_track", "no_times", "bad_coordinates", "bad_time", "too_large"]);

function checkParsed(p: ParsedTcx): void {
  const t = p.track;
  expect(p.format).toBe("tcx");
  for (const column of [t.lat, t.lon, t.timeMs, t.eleM, t.hr, t.cadence, t.powerW]) expect(column.length).toBe(t.length);
  if (p.deviceDistanceM !== null) expect(p.deviceDistanceM.length).toBe(t.length);
  let timed = 0;
  for (let i = 0; i < t.length; i++) {
    const lat = t.lat[i]!;
    const lon = t.lon[i]!;
    // Both or neither: a point has a position in range, or none.
    if (Number.isNaN(lat) !== Number.isNaN(lon)) throw new Error(`point ${i}: lat ${lat}, lon ${lon}`);
    if (!Number.isNaN(lat) && !(Math.abs(lat) <= 90 && Math.abs(lon) <= 180)) throw new Error(`point ${i}: lat ${lat}, lon ${lon}`);
    const time = t.timeMs[i]!;
    if (!Number.isNaN(time)) {
      timed++;
      if (!(time >= EARLIEST_TIME_MS && time <= NOW.getTime() + FUTURE_SLACK_MS)) throw new Error(`point ${i}: time ${time}`);
    }
    const checks: [string, number, number, number][] = [
      ["hr", t.hr[i]!, 0, 260],
      ["cadence", t.cadence[i]!, 0, 300],
      ["power", t.powerW[i]!, 0, 3000],
      ["distance", p.deviceDistanceM?.[i] ?? NaN, 0, Infinity],
    ];
    for (const [what, v, lo, hi] of checks) if (!(Number.isNaN(v) || (v >= lo && v <= hi))) throw new Error(`point ${i}: ${what} ${v}`);
    if (!(Number.isNaN(t.eleM[i]!) || Number.isFinite(t.eleM[i]!))) throw new Error(`point ${i}: elevation ${t.eleM[i]}`);
  }
  expect(timed).toBeGreaterThanOrEqual(2);
  expect(t.segmentStarts[0]).toBe(0);
  for (let k = 1; k < t.segmentStarts.length; k++) expect(t.segmentStarts[k]!).toBeGreaterThan(t.segmentStarts[k - 1]!);
  expect(t.segmentStarts[t.segmentStarts.length - 1]!).toBeLessThan(t.length);
  for (const text of [p.name, p.typeHint]) if (text !== null) expect(text).toMatch(/^\S(.*\S)?$/);
}

type Outcome = { ok: true; value: unknown } | { ok: false; code: ImportErrorCode };

function outcome(run: () => ParsedTcx): Outcome {
  try {
    const p = run();
    checkParsed(p);
    return { ok: true, value: [p.name, p.typeHint, trackToPoints(p.track), p.deviceDistanceM && Array.from(p.deviceDistanceM)] };
  } catch (err) {
    if (!(err instanceof ImportError)) throw new Error(`parseTcx threw something other than an ImportError: ${String(err)}`);
    if (!KNOWN_CODES.has(err.code)) throw new Error(`unexpected code ${err.code}`);
    expect(err.message.length).toBeGreaterThan(0);
    return { ok: false, code: err.code };
  }
}

describe("parseTcx under fuzzing", () => {
  const SEEDS = [
    fixture("garmin-connect-run-2-tracks-pause.tcx"),
    fixture("garmin-treadmill-run-no-position.tcx"),
    fixture("strava-export-run-default-ns-tpx.tcx"),
    fixture("garmin-edge-bike-watts-cadence.tcx"),
  ];
  const FRAGMENTS = [
    "<!DOCTYPE x>",
    '<!ENTITY a "b">',
    "&a;",
    "&amp;",
    "&#0;",
    "<![CDATA[<Trackpoint>]]>",
    "<!--",
    "<",
    ">",
    "</",
    "/>",
    '"',
    "\u0000",
    "\uFEFF",
    "<Trackpoint>",
    "</Trackpoint>",
    "<Track>",
    "</Track>",
    "<Position>",
    "<Position/>",
    "<Time>2026-05-01T08:00:00Z</Time>",
    "<Time>1901-01-01T00:00:00Z</Time>",
    "<LatitudeDegrees>95</LatitudeDegrees>",
    "<LongitudeDegrees>NaN</LongitudeDegrees>",
    "<Value>1e400</Value>",
    "<ns3:Watts>-5</ns3:Watts>",
    "<undeclared:x/>",
    "<Activity Sport=\"Running\">",
    "<Courses>",
    "NaN",
    "-1e309",
    "<a>".repeat(70),
  ];
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
    fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
    fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: "binary", maxLength: 12 })) }),
    fc.record({ kind: fc.constant("remove" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 120 }) }),
  );
  type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;
  const apply = (buf: Uint8Array, m: Mutation): Uint8Array => {
    const i = buf.length === 0 ? 0 : m.at % (buf.length + 1);
    switch (m.kind) {
      case "truncate":
        return buf.subarray(0, i);
      case "flip": {
        if (buf.length === 0) return buf;
        const out = Uint8Array.from(buf);
        const j = Math.min(i, out.length - 1);
        out[j] = out[j]! ^ m.mask;
        return out;
      }
      case "insert":
        return new Uint8Array(Buffer.concat([buf.subarray(0, i), utf8(m.text), buf.subarray(i)]));
      case "remove":
        return new Uint8Array(Buffer.concat([buf.subarray(0, i), buf.subarray(Math.min(buf.length, i + m.length))]));
    }
  };

  it("mutated files: a consistent track or a typed refusal, the same in chunks (150 runs)", () => {
    fc.assert(
      fc.property(fc.nat({ max: SEEDS.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 5000 }), (seed, mutations, size) => {
        const bytes = mutations.reduce(apply, SEEDS[seed]!);
        const whole = outcome(() => parseTcx(bytes, NOW));
        const chunked = outcome(() => {
          const parser = createTcxParser(NOW);
          for (let i = 0; i < bytes.length; i += size) parser.write(bytes.slice(i, i + size));
          return parser.end();
        });
        if (!whole.ok && !chunked.ok) return;
        expect(chunked).toEqual(whole);
      }),
      { seed: 0x7c5_2026, numRuns: 150 },
    );
  });

  it("random bytes, bare and after a TCX start: a typed refusal (50 runs)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.boolean(), (random, prefixed) => {
        const bytes = prefixed ? new Uint8Array(Buffer.concat([utf8(`<TrainingCenterDatabase ${NS}><Activities><Activity><Lap><Track>`), random])) : random;
        outcome(() => parseTcx(bytes, NOW));
      }),
      { seed: 0x7c5_2027, numRuns: 50 },
    );
  });
});
