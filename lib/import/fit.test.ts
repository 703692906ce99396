import fs from "node:fs";
import path from "node:path";
import { CrcCalculator } from "@garmin/fitsdk";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cadenceToSpm } from "@/lib/activities/sport";
import { summarizeTrack } from "@/lib/metrics/summary";
import {
  corrupted,
  encodeActivity,
  FIT_FIXTURES_DIR,
  FIT_START,
  FIXTURE_FILES,
  LAT0,
  LON0,
  METRES_PER_SEMICIRCLE,
  RUN_SC_PER_S,
  SEMICIRCLE_DEG,
  type Sample,
} from "@/tests/support/fit-encode";
import { MAX_FIT_MESSAGES, parseFit, type ParsedFit } from "./fit";
import { EARLIEST_TIME_MS, FUTURE_SLACK_MS, MAX_POINTS } from "./gpx";
import { trackToPoints } from "./track";
import { ImportError, type ImportErrorCode } from "./types";

const NOW = new Date("2026-06-01T12:00:00Z");
const T0 = FIT_START.getTime();

function fixture(name: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(FIT_FIXTURES_DIR, name)));
}

const parse = (bytes: Uint8Array) => parseFit(bytes, NOW);

function refusal(bytes: Uint8Array): ImportError {
  try {
    parse(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return e as ImportError;
  }
  throw new Error("the file was accepted");
}

/** A FIT file around `data` (definition and data records as bytes), with a correct header and checksums. */
function rawFit(data: Uint8Array, headerDataSize = data.length): Uint8Array {
  const buf = new Uint8Array(14 + data.length + 2);
  const view = new DataView(buf.buffer);
  buf[0] = 14;
  buf[1] = 0x20;
  view.setUint16(2, 21217, true);
  view.setUint32(4, headerDataSize, true);
  buf.set([0x2e, 0x46, 0x49, 0x54], 8); // ".FIT"
  view.setUint16(12, CrcCalculator.calculateCRC(buf, 0, 12), true);
  buf.set(data, 14);
  view.setUint16(14 + data.length, CrcCalculator.calculateCRC(buf, 0, 14 + data.length), true);
  return buf;
}

/** A definition of local message 0 as global message 20 (record) with no fields: each 0x00 after it is an empty record. */
const EMPTY_RECORD_DEFINITION = [0x40, 0, 0, 20, 0, 0];

/** Recomputes the file checksum after the data bytes were changed (so the decoder, not the check, meets them). */
function withFileCrc(bytes: Uint8Array): Uint8Array {
  const copy = bytes.slice();
  const end = copy.length - 2;
  new DataView(copy.buffer).setUint16(end, CrcCalculator.calculateCRC(copy, 0, end), true);
  return copy;
}

const sc = (n: number) => n * SEMICIRCLE_DEG;

describe("the FIT fixtures", () => {
  it("are what tests/support/fit-encode.ts generates (npx tsx tests/support/fit-encode.ts rewrites them)", () => {
    const onDisk = fs.readdirSync(FIT_FIXTURES_DIR).filter((f) => f.endsWith(".fit")).sort();
    expect(onDisk).toEqual(Object.keys(FIXTURE_FILES).sort());
    for (const [name, make] of Object.entries(FIXTURE_FILES)) expect(Buffer.from(fixture(name)).equals(Buffer.from(make())), name).toBe(true);
    expect(fs.existsSync(path.join(FIT_FIXTURES_DIR, "README.md"))).toBe(true);
  });
});

describe("parseFit: an outdoor run (10 min at 1 Hz due north from 45°N 5.625°E)", () => {
  const run = parse(fixture("outdoor-run.fit"));
  const t = run.track;

  it("reads every record as a point, in one segment, with the file's times", () => {
    expect(run.format).toBe("fit");
    expect(run.name).toBeNull();
    expect(run.typeHint).toBe("running");
    expect(t.length).toBe(601);
    expect(t.segmentStarts).toEqual([0]);
    expect(t.timeMs[0]).toBe(T0);
    expect(t.timeMs[600]).toBe(T0 + 600_000);
  });

  it("turns semicircles into degrees (2^29 is 45°, 2^26 is 5.625°)", () => {
    expect(t.lat[0]).toBe(45);
    expect(t.lon[0]).toBe(5.625);
    expect(t.lat[600]).toBeCloseTo(45 + 600 * RUN_SC_PER_S * SEMICIRCLE_DEG, 12);
    expect(t.lon[600]).toBe(5.625);
  });

  it("keeps elevation, heart rate and cadence (85 + 64/128 strides a minute, as written)", () => {
    expect(t.eleM[0]).toBe(200);
    expect(t.eleM[600]).toBe(320);
    expect(t.hr[0]).toBe(120);
    expect(t.hr[600]).toBe(180);
    expect(Array.from(t.cadence).every((c) => c === 85.5)).toBe(true);
    expect(Array.from(t.powerW).every(Number.isNaN)).toBe(true);
  });

  it("gives the hand-computed metrics through summarizeTrack", () => {
    const s = summarizeTrack(t);
    // Along a meridian the distance is R·Δφ: 600 s × 322 semicircles × πR / 2^31 = 1800.675 m.
    const expectedM = 600 * RUN_SC_PER_S * METRES_PER_SEMICIRCLE;
    expect(expectedM).toBeCloseTo(1800.675, 3);
    expect(Math.abs(s.distanceM - expectedM) / expectedM).toBeLessThan(0.005);
    expect(s.distanceM).toBeCloseTo(expectedM, 6);
    expect(s.startTime).toEqual(FIT_START);
    expect(s.elapsedS).toBe(600);
    expect(s.movingS).toBe(600);
    expect(s.elevGainM).toBeCloseTo(120, 6); // 0.2 m a second
    // HR 120 + ⌊i/10⌋ for i = 0…600: (10 × (120 + … + 179) + 180) / 601.
    expect(s.avgHr).toBeCloseTo(89_880 / 601, 9);
    expect(s.maxHr).toBe(180);
    expect(s.avgCadenceRaw).toBe(85.5);
    expect(cadenceToSpm(s.avgCadenceRaw, "run")).toBe(171);
  });

  it("carries the device's distance per point and its session summary", () => {
    expect(run.deviceDistanceM!.length).toBe(601);
    expect(run.deviceDistanceM![0]).toBe(0);
    expect(run.deviceDistanceM![600]).toBeCloseTo(1800.67, 2);
    expect(run.session).toEqual({
      sport: "running",
      subSport: null,
      startTime: FIT_START,
      totalElapsedS: 600,
      totalTimerS: 600,
      totalDistanceM: 1800.67,
      avgHr: 150,
      maxHr: 180,
      totalAscentM: 120,
      totalDescentM: 0,
    });
    expect(run.sessions).toHaveLength(1);
  });
});

describe("parseFit: a treadmill run (no positions; the belt's distance)", () => {
  const run = parse(fixture("treadmill-run.fit"));
  const t = run.track;

  it("imports the points without positions", () => {
    expect(run.typeHint).toBe("running/treadmill");
    expect(t.length).toBe(601);
    expect(Array.from(t.lat).every(Number.isNaN)).toBe(true);
    expect(Array.from(t.lon).every(Number.isNaN)).toBe(true);
    expect(t.hr[0]).toBe(130);
    expect(t.hr[19]).toBe(149);
    expect(t.cadence[0]).toBe(88);
    expect(cadenceToSpm(summarizeTrack(t).avgCadenceRaw, "treadmill_run")).toBe(176);
  });

  it("has its distance in deviceDistanceM and the session, not in the position-based steps", () => {
    const s = summarizeTrack(t);
    expect(s.distanceM).toBe(0); // no positions: the distance must come from deviceDistanceM
    expect(s.movingS).toBe(0);
    const d = run.deviceDistanceM!;
    expect(d.length).toBe(601);
    expect(Array.from(d).every((v, i) => v === 2.5 * i)).toBe(true);
    expect(run.session).toMatchObject({ sport: "running", subSport: "treadmill", totalDistanceM: 1500, totalTimerS: 600 });
  });
});

describe("parseFit: a trail run and a ride with power", () => {
  it("reads the trail run's sub-sport and climb", () => {
    const run = parse(fixture("trail-run.fit"));
    expect(run.typeHint).toBe("running/trail");
    expect(run.track.length).toBe(301);
    const s = summarizeTrack(run.track);
    expect(s.distanceM).toBeCloseTo(300 * 215 * METRES_PER_SEMICIRCLE, 6);
    expect(s.elevGainM).toBeCloseTo(60, 6);
    expect(run.session).toMatchObject({ sport: "running", subSport: "trail", totalAscentM: 60 });
  });

  it("reads the ride's power, cadence (rpm, not doubled) and speed", () => {
    const ride = parse(fixture("road-ride-power.fit"));
    expect(ride.typeHint).toBe("cycling/road");
    const t = ride.track;
    expect(t.length).toBe(601);
    expect(t.powerW[0]).toBe(200);
    expect(t.powerW[9]).toBe(245);
    const s = summarizeTrack(t);
    // 200 + 5·(i mod 10) for i = 0…600: (60 × 2225 + 200) / 601.
    expect(s.avgPowerW).toBeCloseTo(133_700 / 601, 4);
    expect(cadenceToSpm(s.avgCadenceRaw, "ride")).toBe(90);
    expect(s.distanceM / s.movingS).toBeCloseTo(751 * METRES_PER_SEMICIRCLE, 6); // 7.0 m/s
  });
});

describe("parseFit: timer stops and starts", () => {
  it("starts a new segment after a pause, so the distance walked while stopped is not counted", () => {
    const run = parse(fixture("run-with-pause.fit"));
    const t = run.track;
    expect(t.length).toBe(602);
    expect(t.segmentStarts).toEqual([0, 301]);
    expect(t.timeMs[300]).toBe(T0 + 300_000);
    expect(t.timeMs[301]).toBe(T0 + 420_000);
    const s = summarizeTrack(t);
    expect(s.elapsedS).toBe(720);
    expect(s.movingS).toBe(600);
    expect(s.distanceM).toBeCloseTo(600 * RUN_SC_PER_S * METRES_PER_SEMICIRCLE, 6);
    expect(run.session).toMatchObject({ totalElapsedS: 720, totalTimerS: 600 });
    // The device's own distance goes on across the pause here (by the walk); the track's does not.
    expect(run.deviceDistanceM![301]! - run.deviceDistanceM![300]!).toBeCloseTo(20_000 * METRES_PER_SEMICIRCLE, 1);
  });

  it("keeps the record of the stopping instant in its segment when the stop event comes first", () => {
    const samples: Sample[] = [0, 1, 2, 3, 10, 11, 12].map((tS) => ({ tS, latSc: LAT0 + tS * 300, lonSc: LON0 }));
    const run = parse(encodeActivity({ sport: "running", samples, pauses: [{ stopS: 3, startS: 10 }], stopEventFirst: true }));
    expect(trackToPoints(run.track).map((seg) => seg.map((p) => (p.timeMs! - T0) / 1000))).toEqual([
      [0, 1, 2, 3],
      [10, 11, 12],
    ]);
    expect(run.deviceDistanceM).toBeNull(); // no record has a distance
  });

  it("puts records written while the timer is stopped into a segment of their own", () => {
    const samples: Sample[] = [0, 1, 2, 5, 6, 10, 11].map((tS) => ({ tS, latSc: LAT0 + tS * 300, lonSc: LON0 }));
    const run = parse(encodeActivity({ sport: "running", samples, pauses: [{ stopS: 2, startS: 10 }] }));
    expect(run.track.segmentStarts).toEqual([0, 3, 5]);
  });
});

describe("parseFit: what else a FIT file may hold", () => {
  const samples = (n: number, extra: (i: number) => Partial<Sample> = () => ({})): Sample[] =>
    Array.from({ length: n }, (_, i) => ({ tS: i, latSc: LAT0 + i * 300, lonSc: LON0, ...extra(i) }));

  it("names sports and sub-sports in snake case and leaves generic ones out", () => {
    const hint = (sport: string, subSport?: string) => parse(encodeActivity({ sport, subSport, samples: samples(3) })).typeHint;
    expect(hint("cycling", "indoorCycling")).toBe("cycling/indoor_cycling");
    expect(hint("fitnessEquipment", "treadmill")).toBe("fitness_equipment/treadmill");
    expect(hint("running", "virtualActivity")).toBe("running/virtual_activity");
    expect(hint("walking")).toBe("walking");
    expect(hint("generic")).toBeNull();
  });

  it("reads a recording without a session (never finished), and takes the sport from a lap when there is one", () => {
    const bare = parse(encodeActivity({ sport: "running", samples: samples(3), summary: false }));
    expect(bare.session).toBeNull();
    expect(bare.sessions).toEqual([]);
    expect(bare.typeHint).toBeNull();
    expect(bare.track.length).toBe(3);
    const lapOnly = parse(
      encodeActivity({ sport: "running", samples: samples(3), summary: false, extraMessages: [{ name: "LAP", fields: { sport: "running", subSport: "trail" } }] }),
    );
    expect(lapOnly.typeHint).toBe("running/trail");
  });

  it("leaves out positions the device marks as missing, and keeps the point", () => {
    const run = parse(encodeActivity({ sport: "running", samples: samples(4, (i) => (i === 2 ? { latSc: undefined, lonSc: undefined, hr: 150 } : {})) }));
    expect(run.track.length).toBe(4);
    expect(run.track.lat[2]).toBeNaN();
    expect(run.track.lon[2]).toBeNaN();
    expect(run.track.hr[2]).toBe(150);
    expect(run.track.lat[3]).toBe(sc(LAT0 + 900));
  });

  it("merges a strap's stored heart rate (HR messages) into the records", () => {
    const run = parse(
      encodeActivity({
        sport: "swimming",
        samples: Array.from({ length: 11 }, (_, i) => ({ tS: i, distanceM: 3 * i })),
        extraMessages: [
          { name: "HR", fields: { timestamp: FIT_START, fractionalTimestamp: 0, eventTimestamp: [0], filteredBpm: [100] } },
          { name: "HR", fields: { eventTimestamp: [1, 2, 3, 4, 5, 6, 7, 8], filteredBpm: [101, 102, 103, 104, 105, 106, 107, 108] } },
        ],
      }),
    );
    expect(run.track.hr[0]).toBe(100);
    expect(Math.max(...Array.from(run.track.hr).filter((v) => !Number.isNaN(v)))).toBeGreaterThan(100);
  });

  it("imports the activity without the strap's heart rate when those messages cannot be merged", () => {
    const run = parse(
      encodeActivity({
        sport: "swimming",
        samples: Array.from({ length: 11 }, (_, i) => ({ tS: i, distanceM: 3 * i })),
        extraMessages: [{ name: "HR", fields: { eventTimestamp: [1, 2], filteredBpm: [101, 102] } }], // no anchor
      }),
    );
    expect(run.track.length).toBe(11);
    expect(Array.from(run.track.hr).every(Number.isNaN)).toBe(true);
  });

  it("sums the sessions of a multisport file", () => {
    // Two sessions written by hand after one run's records.
    const bytes = encodeActivity({
      sport: "running",
      samples: samples(5),
      summary: false,
      extraMessages: [
        { name: "SESSION", fields: { startTime: FIT_START, sport: "cycling", subSport: "road", totalElapsedTime: 100, totalTimerTime: 100, totalDistance: 700, avgHeartRate: 130, maxHeartRate: 150 } },
        { name: "SESSION", fields: { startTime: new Date(T0 + 100_000), sport: "running", totalElapsedTime: 300, totalTimerTime: 300, totalDistance: 900, avgHeartRate: 150, maxHeartRate: 170 } },
      ],
    });
    const run = parse(bytes);
    expect(run.sessions).toHaveLength(2);
    expect(run.typeHint).toBe("multisport");
    expect(run.session).toMatchObject({ sport: "multisport", subSport: null, startTime: FIT_START, totalTimerS: 400, totalDistanceM: 1600, maxHr: 170 });
    expect(run.session!.avgHr).toBeCloseTo((130 * 100 + 150 * 300) / 400, 9);
  });
});

describe("parseFit refuses, with a code", () => {
  const code = (bytes: Uint8Array): ImportErrorCode => refusal(bytes).code;

  it("an empty file, and files that are not FIT", () => {
    expect(code(new Uint8Array())).toBe("empty_file");
    const gpx = refusal(new TextEncoder().encode('<?xml version="1.0"?>\n<gpx version="1.1"><trk/></gpx>'));
    expect(gpx.code).toBe("not_fit");
    expect(gpx.message).toMatch(/GPX or TCX/);
    expect(code(new TextEncoder().encode("hello, this is not a FIT file at all"))).toBe("not_fit");
    expect(code(new Uint8Array([14, 16, 0, 0]))).toBe("not_fit");
  });

  it("a damaged file (checksum) and a cut-short one, saying which", () => {
    const damaged = refusal(fixture("corrupt-crc-outdoor-run.fit"));
    expect(damaged.code).toBe("corrupt_fit");
    expect(damaged.message).toMatch(/checksum/);
    const cut = refusal(fixture("truncated-outdoor-run.fit"));
    expect(cut.code).toBe("corrupt_fit");
    expect(cut.message).toMatch(/incomplete: it ends 6,880 bytes early/);
    expect(code(corrupted(fixture("treadmill-run.fit")))).toBe("corrupt_fit");
  });

  it("a recording the device never finished (data size 0 in the header)", () => {
    const bytes = fixture("outdoor-run.fit").slice();
    const view = new DataView(bytes.buffer);
    view.setUint32(4, 0, true);
    view.setUint16(12, CrcCalculator.calculateCRC(bytes, 0, 12), true);
    const e = refusal(bytes);
    expect(e.code).toBe("corrupt_fit");
    expect(e.message).toMatch(/never finished/);
  });

  it("contents the decoder cannot read, behind a correct checksum", () => {
    // A definition with a field of base type 0x1f, which FIT does not have.
    const badType = refusal(rawFit(Uint8Array.from([0x40, 0, 0, 20, 0, 1, 253, 4, 0x1f])));
    expect(badType.code).toBe("corrupt_fit");
    expect(badType.message).toMatch(/damaged or malformed/);
    // A data message for a local message that was never defined.
    expect(code(rawFit(Uint8Array.from([0x03, 1, 2, 3])))).toBe("corrupt_fit");
    // Compressed-timestamp headers, which the SDK does not read.
    const compressed = refusal(rawFit(Uint8Array.from([...EMPTY_RECORD_DEFINITION, 0x80])));
    expect(compressed.code).toBe("corrupt_fit");
    expect(compressed.message).toMatch(/compressed timestamps/);
  });

  it("a course (a planned route) and files without records", () => {
    const course = encodeActivity({ sport: "running", fileType: "course", samples: [0, 1, 2].map((tS) => ({ tS, latSc: LAT0 + tS, lonSc: LON0 })) });
    expect(code(course)).toBe("route_only");
    expect(code(encodeActivity({ sport: "running", samples: [] }))).toBe("no_track");
  });

  it("records without times, or with fewer than two", () => {
    const untimed = encodeActivity({ sport: "running", samples: [0, 1, 2].map((tS) => ({ tS, noTimestamp: true, latSc: LAT0 + tS, lonSc: LON0 })) });
    expect(code(untimed)).toBe("no_times");
    expect(code(encodeActivity({ sport: "running", samples: [{ tS: 0, latSc: LAT0, lonSc: LON0 }] }))).toBe("no_times");
  });

  it("times from a clock that was not set, and times in the future", () => {
    const relative = refusal(encodeActivity({ sport: "running", samples: [0, 1].map((tS) => ({ tS, rawTimestamp: 1000 + tS })) }));
    expect(relative.code).toBe("bad_time");
    expect(relative.message).toMatch(/clock was not set/);
    const future = encodeActivity({ sport: "running", start: new Date(NOW.getTime() + 2 * FUTURE_SLACK_MS), samples: [{ tS: 0 }, { tS: 1 }] });
    expect(code(future)).toBe("bad_time");
  });

  it("more records than the GPX importer's point limit", () => {
    const n = MAX_POINTS + 1;
    const data = new Uint8Array(EMPTY_RECORD_DEFINITION.length + n); // each 0x00 is an empty record
    data.set(EMPTY_RECORD_DEFINITION);
    const e = refusal(rawFit(data));
    expect(e.code).toBe("too_large");
    expect(e.message).toMatch(/more than 250,000 points/);
    expect(MAX_FIT_MESSAGES).toBeGreaterThan(MAX_POINTS);
  });
});

// ---------------------------------------------------------------------------------------------
// Whatever the bytes, an activity that holds together or an ImportError — never another error.
// ---------------------------------------------------------------------------------------------

const FIT_CODES = new Set<ImportErrorCode>(["empty_file", "not_fit", "corrupt_fit", "route_only", "no_track", "no_times", "bad_time", "too_large"]);
const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed_2026);

function checkParsed(a: ParsedFit): void {
  const t = a.track;
  expect(a.format).toBe("fit");
  expect(t.length).toBeGreaterThanOrEqual(2);
  for (const column of [t.lat, t.lon, t.timeMs, t.eleM, t.hr, t.cadence, t.powerW, a.deviceDistanceM ?? t.lat]) expect(column.length).toBe(t.length);
  expect(t.segmentStarts[0]).toBe(0);
  for (let k = 1; k < t.segmentStarts.length; k++) expect(t.segmentStarts[k]!).toBeGreaterThan(t.segmentStarts[k - 1]!);
  for (let i = 0; i < t.length; i++) {
    const lat = t.lat[i]!;
    const lon = t.lon[i]!;
    if (Number.isNaN(lat) !== Number.isNaN(lon)) throw new Error(`point ${i}: half a position`);
    if (!Number.isNaN(lat) && !(Math.abs(lat) <= 90 && Math.abs(lon) <= 180)) throw new Error(`point ${i}: ${lat},${lon}`);
    const time = t.timeMs[i]!;
    if (!Number.isNaN(time) && !(time >= EARLIEST_TIME_MS && time <= NOW.getTime() + FUTURE_SLACK_MS)) throw new Error(`point ${i}: time ${time}`);
    const hr = t.hr[i]!;
    if (!(Number.isNaN(hr) || (hr > 0 && hr < 260))) throw new Error(`point ${i}: heart rate ${hr}`);
    const cad = t.cadence[i]!;
    if (!(Number.isNaN(cad) || (cad >= 0 && cad < 300))) throw new Error(`point ${i}: cadence ${cad}`);
    const power = t.powerW[i]!;
    if (!(Number.isNaN(power) || (power >= 0 && power < 3000))) throw new Error(`point ${i}: power ${power}`);
  }
  summarizeTrack(t); // the metrics take whatever the importer gives
}

function parsesOrRefuses(bytes: Uint8Array): void {
  try {
    checkParsed(parse(bytes));
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    expect(FIT_CODES.has(e.code), `code ${e.code}`).toBe(true);
    expect(e.message.length).toBeGreaterThan(0);
  }
}

describe("parseFit on hostile bytes (fast-check)", () => {
  const bases = ["outdoor-run.fit", "treadmill-run.fit", "run-with-pause.fit"].map(fixture);
  const base = fc.constantFrom(...bases);
  const mutations = fc.array(fc.tuple(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 });
  const mutate = (bytes: Uint8Array, changes: [number, number][], from = 0, to = bytes.length) => {
    const copy = bytes.slice();
    for (const [where, value] of changes) copy[from + Math.floor(where * (to - from))] = value;
    return copy;
  };

  it("random bytes, with and without a FIT header", () => {
    const header = fixture("outdoor-run.fit").subarray(0, 14);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.boolean(), (body, withHeader) => {
        parsesOrRefuses(withHeader ? Uint8Array.from([...header, ...body]) : body);
      }),
      { seed: SEED, numRuns: 40 },
    );
  });

  it("real files with bytes changed behind a recomputed checksum, so the decoder meets them", () => {
    fc.assert(
      fc.property(base, mutations, (bytes, changes) => {
        parsesOrRefuses(withFileCrc(mutate(bytes, changes, 14, bytes.length - 2)));
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it("real files with bytes changed anywhere, or cut at any length", () => {
    fc.assert(
      fc.property(base, mutations, fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean(), (bytes, changes, cut, mutateIt) => {
        parsesOrRefuses(mutateIt ? mutate(bytes, changes) : bytes.slice(0, Math.floor(cut * bytes.length)));
      }),
      { seed: SEED, numRuns: 60 },
    );
  });
});
