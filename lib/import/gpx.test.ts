import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { summarizeTrack } from "@/lib/metrics/summary";
import { parseGpx } from "./gpx";
import { trackToPoints } from "./track";
import { ImportError, type ImportErrorCode } from "./types";

const FIXTURES = path.resolve(__dirname, "../../tests/fixtures/gpx");
const NOW = new Date("2026-06-01T12:00:00Z");

interface ManifestFile {
  file: string;
  expect: "track" | "no-track" | "reject";
  reference: {
    segments?: number;
    empty_segments?: number;
    track_points?: number;
    start_time?: string | null;
    length_2d_m?: number;
    moving_time_s?: number;
    has_heart_rate?: boolean;
    has_cadence?: boolean;
  };
}
const manifest = JSON.parse(fs.readFileSync(path.join(FIXTURES, "manifest.json"), "utf8")) as { files: ManifestFile[] };

function fixture(name: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));
}

function codeOf(run: () => unknown): ImportErrorCode | "no error" {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return (e as ImportError).code;
  }
  return "no error";
}

/** Files Patella refuses although gpxpy reads a track from them, with the reason. */
const REFUSED_TRACKS: Record<string, ImportErrorCode> = {
  "gpsbabel-gpx10-bad-clock-1901.gpx": "bad_time", // every point is at 1901-12-13, before 1990
  "outdooractive-tour-no-times.gpx": "no_times", // a drawn route: 9 points, none timed
};

describe("parseGpx on the fixture corpus (reference values from gpxpy 1.5.0)", () => {
  const tracks = manifest.files.filter((f) => f.expect === "track" && !(f.file in REFUSED_TRACKS));

  it("has the expected fixtures", () => {
    expect(tracks.map((f) => f.file).sort()).toEqual([
      "apple-watch-run-cadence-power-3-segments.gpx",
      "garmin-connect-run-hr-2012.gpx",
      "garmin-connect-run-hr-cad-ns3-prefix.gpx",
      "open-gpx-tracker-ios-empty-segments.gpx",
      "strava-run-hr.gpx",
    ]);
  });

  it.each(tracks.map((f) => [f.file, f.reference] as const))("reads %s like gpxpy", (file, ref) => {
    const parsed = parseGpx(fixture(file), NOW);
    // Segments: gpxpy counts empty ones too; Patella keeps only the non-empty ones.
    expect(trackToPoints(parsed.track)).toHaveLength(ref.segments! - ref.empty_segments!);
    expect(trackToPoints(parsed.track).flat()).toHaveLength(ref.track_points!);

    const firstTimed = trackToPoints(parsed.track).flat().find((p) => p.timeMs !== null);
    expect(firstTimed?.timeMs).toBe(Date.parse(ref.start_time!));
    const summary = summarizeTrack(parsed.track);
    expect(summary.startTime.getTime()).toBe(Date.parse(ref.start_time!));

    // gpxpy uses the WGS84 equatorial radius (6378137 m), Patella the mean one (6371008.8 m):
    // 6371008.8 / 6378137 = 0.99888, so about 0.11 % shorter. Tolerance: 0.5 %.
    expect(Math.abs(summary.distanceM - ref.length_2d_m!) / ref.length_2d_m!).toBeLessThan(0.005);
    // …and the radius should be the only difference: the ratio is 0.99888 to within 0.05 %.
    expect(summary.distanceM / ref.length_2d_m!).toBeCloseTo(6_371_008.8 / 6_378_137, 3);
    // Both count a step as moving from 1 km/h; Patella rounds to whole seconds.
    expect(Math.abs(summary.movingS - ref.moving_time_s!)).toBeLessThanOrEqual(1);

    expect(trackToPoints(parsed.track).flat().some((p) => p.hr !== null)).toBe(ref.has_heart_rate);
    expect(trackToPoints(parsed.track).flat().some((p) => p.cadence !== null)).toBe(ref.has_cadence);
  });

  it("reads the track's name and type as written in the files", () => {
    // <trk><name>Friday Evening Run</name><type>running</type> in the Apple Watch file;
    // <name>casual stroll</name> <type>running</type> in the Garmin ns3 one; the Strava one has no <type>.
    const apple = parseGpx(fixture("apple-watch-run-cadence-power-3-segments.gpx"), NOW);
    expect([apple.name, apple.typeHint]).toEqual(["Friday Evening Run", "running"]);
    const garmin = parseGpx(fixture("garmin-connect-run-hr-cad-ns3-prefix.gpx"), NOW);
    expect([garmin.name, garmin.typeHint]).toEqual(["casual stroll", "running"]);
    const strava = parseGpx(fixture("strava-run-hr.gpx"), NOW);
    expect([strava.name, strava.typeHint]).toEqual(["Greeting SF with a dumb, dumb route", null]);
  });

  it.each(Object.entries(REFUSED_TRACKS))("refuses %s with %s", (file, code) => {
    expect(manifest.files.find((f) => f.file === file)?.expect).toBe("track");
    expect(codeOf(() => parseGpx(fixture(file), NOW))).toBe(code);
  });

  const rejects: [string, ImportErrorCode][] = [
    ["alltrails-route-only.gpx", "route_only"],
    ["xcode-waypoints-only-no-namespace.gpx", "waypoints_only"],
    ["not-gpx-garmin-connect-tcx.gpx", "not_gpx"],
    ["hostile-billion-laughs.gpx", "unsafe_xml"],
    ["hostile-xxe.gpx", "unsafe_xml"],
    ["hostile-truncated-garmin-connect-run.gpx", "malformed"],
    ["broken-osmand-undefined-coordinates.gpx", "bad_coordinates"],
  ];
  it.each(rejects)("refuses %s with %s", (file, code) => {
    expect(manifest.files.find((f) => f.file === file)?.expect).not.toBe("track");
    expect(codeOf(() => parseGpx(fixture(file), NOW))).toBe(code);
  });

  it("covers every .gpx file in the folder and the manifest", () => {
    const tested = [...tracks.map((f) => f.file), ...Object.keys(REFUSED_TRACKS), ...rejects.map(([file]) => file)].sort();
    expect(manifest.files.map((f) => f.file).sort()).toEqual(tested);
    expect(fs.readdirSync(FIXTURES).filter((n) => n.endsWith(".gpx")).sort()).toEqual(tested);
  });

  it("never lets the XXE payload reach a message", () => {
    try {
      parseGpx(fixture("hostile-xxe.gpx"), NOW);
    } catch (e) {
      expect(String((e as Error).message)).not.toMatch(/root:|xxe/);
    }
    expect.assertions(1);
  });
});

// ---- Synthetic files -------------------------------------------------------------------------

function gpxText(opts: { decl?: string; name?: string; points?: string[]; type?: string } = {}): string {
  const points = opts.points ?? [pointXml(45, 7, "2026-05-01T08:00:00Z"), pointXml(45.001, 7, "2026-05-01T08:01:00Z")];
  return [
    opts.decl ?? '<?xml version="1.0" encoding="UTF-8"?>',
    '<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1" xmlns:ns3="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">',
    "  <trk>",
    opts.name === undefined ? "" : `    <name>${opts.name}</name>`,
    opts.type === undefined ? "" : `    <type>${opts.type}</type>`,
    "    <trkseg>",
    ...points,
    "    </trkseg>",
    "  </trk>",
    "</gpx>",
    "",
  ].join("\n");
}

function pointXml(lat: number, lon: number, time: string | null, inner = ""): string {
  return `      <trkpt lat="${lat}" lon="${lon}">${time === null ? "" : `<time>${time}</time>`}${inner}</trkpt>`;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("parseGpx on synthetic input", () => {
  it("reads a minimal file: name, type, points", () => {
    const parsed = parseGpx(utf8(gpxText({ name: "Morning run", type: "running" })), NOW);
    expect(parsed.format).toBe("gpx");
    expect(parsed.name).toBe("Morning run");
    expect(parsed.typeHint).toBe("running");
    expect(trackToPoints(parsed.track)).toHaveLength(1);
    expect(trackToPoints(parsed.track)[0]).toEqual([
      { lat: 45, lon: 7, timeMs: Date.UTC(2026, 4, 1, 8, 0, 0), eleM: null, hr: null, cadence: null, powerW: null },
      { lat: 45.001, lon: 7, timeMs: Date.UTC(2026, 4, 1, 8, 1, 0), eleM: null, hr: null, cadence: null, powerW: null },
    ]);
  });

  it("refuses empty bytes", () => {
    expect(codeOf(() => parseGpx(new Uint8Array(0), NOW))).toBe("empty_file");
  });

  it("strips a UTF-8 byte-order mark", () => {
    const body = utf8(gpxText({ name: "BOM run" }));
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...body]);
    const parsed = parseGpx(withBom, NOW);
    expect(parsed.name).toBe("BOM run");
    expect(trackToPoints(parsed.track).flat()).toHaveLength(2);
  });

  it("reads CRLF line endings", () => {
    const parsed = parseGpx(utf8(gpxText({ name: "Windows run" }).replace(/\n/g, "\r\n")), NOW);
    expect(parsed.name).toBe("Windows run");
    expect(trackToPoints(parsed.track).flat().map((p) => p.timeMs)).toEqual([Date.UTC(2026, 4, 1, 8, 0, 0), Date.UTC(2026, 4, 1, 8, 1, 0)]);
  });

  it("decodes a declared ISO-8859-1 file (é is the single byte 0xE9)", () => {
    const text = gpxText({ decl: '<?xml version="1.0" encoding="ISO-8859-1"?>', name: "Caf\u00e9 loop" });
    const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0)); // one byte per character
    expect(bytes.includes(0xe9)).toBe(true);
    expect(parseGpx(bytes, NOW).name).toBe("Café loop");
  });

  it("reads a CDATA name as written", () => {
    expect(parseGpx(utf8(gpxText({ name: "<![CDATA[Hills <x> & repeats]]>" })), NOW).name).toBe("Hills <x> & repeats");
  });

  it("decodes entities in a name", () => {
    expect(parseGpx(utf8(gpxText({ name: "Hills &amp; repeats &lt;3 &#233;" })), NOW).name).toBe("Hills & repeats <3 é");
  });

  it("reads times with an offset and with fractional seconds", () => {
    const parsed = parseGpx(
      utf8(gpxText({ points: [pointXml(45, 7, "2026-05-01T10:00:00+02:00"), pointXml(45.001, 7, "2026-05-01T08:00:30.250Z")] })),
      NOW,
    );
    const [a, b] = trackToPoints(parsed.track)[0]!;
    expect(a!.timeMs).toBe(Date.UTC(2026, 4, 1, 8, 0, 0)); // 10:00 at +02:00 = 08:00 UTC
    expect(b!.timeMs).toBe(Date.UTC(2026, 4, 1, 8, 0, 30, 250));
  });

  it("reads a time without a zone as UTC (GPX times are UTC), whatever the server's zone", () => {
    const previous = process.env.TZ;
    process.env.TZ = "America/New_York";
    try {
      const parsed = parseGpx(utf8(gpxText({ points: [pointXml(45, 7, "2026-05-01T08:00:00"), pointXml(45.001, 7, "2026-05-01T08:01:00.5")] })), NOW);
      expect(trackToPoints(parsed.track)[0]!.map((p) => p.timeMs)).toEqual([Date.UTC(2026, 4, 1, 8, 0, 0), Date.UTC(2026, 4, 1, 8, 1, 0, 500)]);
    } finally {
      if (previous === undefined) delete process.env.TZ;
      else process.env.TZ = previous;
    }
  });

  it("refuses times more than a day in the future, but allows clock skew under a day", () => {
    // NOW = 2026-06-01 12:00 UTC; 24 h later is 2026-06-02 12:00 UTC.
    const late = gpxText({ points: [pointXml(45, 7, "2026-06-02T12:00:00Z"), pointXml(45.001, 7, "2026-06-02T12:00:01Z")] });
    expect(codeOf(() => parseGpx(utf8(late), NOW))).toBe("bad_time");
    const skewed = gpxText({ points: [pointXml(45, 7, "2026-06-02T11:00:00Z"), pointXml(45.001, 7, "2026-06-02T11:01:00Z")] });
    expect(trackToPoints(parseGpx(utf8(skewed), NOW).track).flat()).toHaveLength(2);
  });

  it("refuses times before 1990 and unreadable times", () => {
    const old = gpxText({ points: [pointXml(45, 7, "1989-12-31T23:59:59Z"), pointXml(45.001, 7, "1990-01-01T00:01:00Z")] });
    expect(codeOf(() => parseGpx(utf8(old), NOW))).toBe("bad_time");
    const garbage = gpxText({ points: [pointXml(45, 7, "yesterday"), pointXml(45.001, 7, "2026-05-01T08:01:00Z")] });
    expect(codeOf(() => parseGpx(utf8(garbage), NOW))).toBe("bad_time");
  });

  it("refuses impossible coordinates", () => {
    const lat91 = gpxText({ points: [pointXml(91, 7, "2026-05-01T08:00:00Z"), pointXml(45, 7, "2026-05-01T08:01:00Z")] });
    expect(codeOf(() => parseGpx(utf8(lat91), NOW))).toBe("bad_coordinates");
    const lon181 = gpxText({ points: [pointXml(45, 181, "2026-05-01T08:00:00Z"), pointXml(45, 7, "2026-05-01T08:01:00Z")] });
    expect(codeOf(() => parseGpx(utf8(lon181), NOW))).toBe("bad_coordinates");
  });

  it("refuses a track with fewer than two timed points", () => {
    const oneTime = gpxText({ points: [pointXml(45, 7, "2026-05-01T08:00:00Z"), pointXml(45.001, 7, null)] });
    expect(codeOf(() => parseGpx(utf8(oneTime), NOW))).toBe("no_times");
  });

  it("reads heart rate, cadence and elevation under any namespace prefix", () => {
    const ext = (hr: number, cad: number) =>
      `<ele>12.5</ele><extensions><ns3:TrackPointExtension><ns3:hr>${hr}</ns3:hr><ns3:cad>${cad}</ns3:cad></ns3:TrackPointExtension></extensions>`;
    const parsed = parseGpx(
      utf8(gpxText({ points: [pointXml(45, 7, "2026-05-01T08:00:00Z", ext(140, 84)), pointXml(45.001, 7, "2026-05-01T08:01:00Z", ext(150, 86))] })),
      NOW,
    );
    expect(trackToPoints(parsed.track)[0]!.map((p) => [p.eleM, p.hr, p.cadence])).toEqual([
      [12.5, 140, 84],
      [12.5, 150, 86],
    ]);
  });
});
