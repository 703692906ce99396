import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Encoder, Profile, type Mesg } from "@garmin/fitsdk";

/**
 * FIT activity files built with Garmin's FIT SDK Encoder, shaped like a watch's recording:
 * file_id, device_info, a timer start event, records at 1 Hz, timer stop/start around pauses, a
 * lap, the session with its sport and sub-sport, and the activity message. The scenarios below
 * are the fixtures in tests/fixtures/fit (`npx tsx tests/support/fit-encode.ts` rewrites them);
 * their values are chosen so the expected metrics can be worked out by hand.
 */

/** Writes one message: fields by their SDK (camel case) names, enum values by name. */
function write(e: Encoder, name: string, fields: Record<string, unknown>): void {
  e.onMesg(Profile.MesgNum[name]!, fields as Mesg);
}

export const FIT_START = new Date("2026-03-01T07:00:00Z");
/** One semicircle in degrees: positions in FIT are sint32 fractions of 180°. */
export const SEMICIRCLE_DEG = 180 / 2 ** 31;
/** 45°N and 5.625°E exactly, in semicircles (2^29 and 2^26). */
export const LAT0 = 2 ** 29;
export const LON0 = 2 ** 26;
/** Mean Earth radius the metrics use (lib/metrics/distance.ts). */
export const EARTH_RADIUS_M = 6_371_008.8;
/** Metres along a meridian per semicircle of latitude: πR / 2^31. */
export const METRES_PER_SEMICIRCLE = (Math.PI * EARTH_RADIUS_M) / 2 ** 31;

export interface Sample {
  /** Seconds after FIT_START (or the spec's start). */
  tS: number;
  /** Raw FIT timestamp (seconds since 1989-12-31) instead of tS, to write odd clocks. */
  rawTimestamp?: number;
  noTimestamp?: boolean;
  latSc?: number;
  lonSc?: number;
  altM?: number;
  hr?: number;
  cadence?: number;
  fractionalCadence?: number;
  power?: number;
  distanceM?: number;
  speedMps?: number;
}

export interface ActivitySpec {
  start?: Date;
  sport: string;
  subSport?: string;
  samples: Sample[];
  /** Timer stops and restarts, seconds after the start. */
  pauses?: { stopS: number; startS: number }[];
  fileType?: "activity" | "course";
  /** false: no lap, session or activity message (a recording the device never finished). */
  summary?: boolean;
  /** Write each stop event before the record of the stopping instant (some devices do) instead of after it. */
  stopEventFirst?: boolean;
  /** More messages, written after the records (SDK message name → fields), e.g. a strap's HR messages. */
  extraMessages?: { name: string; fields: Record<string, unknown> }[];
}

const at = (start: Date, s: number) => new Date(start.getTime() + s * 1000);

/** Encodes an activity; messages in the order a Garmin watch writes them. */
export function encodeActivity(spec: ActivitySpec): Uint8Array {
  const start = spec.start ?? FIT_START;
  const samples = spec.samples;
  const endS = samples.length > 0 ? samples[samples.length - 1]!.tS : 0;
  const e = new Encoder();
  write(e, "FILE_ID", { type: spec.fileType ?? "activity", manufacturer: "development", product: 1, serialNumber: 12345, timeCreated: start });
  write(e, "DEVICE_INFO", { timestamp: start, deviceIndex: "creator", manufacturer: "development", product: 1, softwareVersion: 1.0 });
  write(e, "EVENT", { timestamp: start, event: "timer", eventType: "start" });

  const pauses = [...(spec.pauses ?? [])];
  for (const s of samples) {
    // The resume event comes before the first record after a pause.
    while (pauses.length > 0 && pauses[0]!.startS <= s.tS) {
      write(e, "EVENT", { timestamp: at(start, pauses[0]!.startS), event: "timer", eventType: "start" });
      pauses.shift();
    }
    const stop = pauses[0]?.stopS === s.tS;
    const writeStop = () => write(e, "EVENT", { timestamp: at(start, s.tS), event: "timer", eventType: "stopAll" });
    if (stop && spec.stopEventFirst) writeStop();
    const record: Record<string, unknown> = {};
    if (!s.noTimestamp) record.timestamp = s.rawTimestamp ?? at(start, s.tS);
    if (s.latSc !== undefined) record.positionLat = s.latSc;
    if (s.lonSc !== undefined) record.positionLong = s.lonSc;
    if (s.altM !== undefined) record.enhancedAltitude = s.altM;
    if (s.hr !== undefined) record.heartRate = s.hr;
    if (s.cadence !== undefined) record.cadence = s.cadence;
    if (s.fractionalCadence !== undefined) record.fractionalCadence = s.fractionalCadence;
    if (s.power !== undefined) record.power = s.power;
    if (s.distanceM !== undefined) record.distance = s.distanceM;
    if (s.speedMps !== undefined) record.enhancedSpeed = s.speedMps;
    write(e, "RECORD", record);
    // A watch usually writes the stop event after the record of the stopping instant.
    if (stop && !spec.stopEventFirst) writeStop();
  }
  write(e, "EVENT", { timestamp: at(start, endS), event: "timer", eventType: "stopAll" });
  for (const m of spec.extraMessages ?? []) write(e, m.name, m.fields);

  if (spec.summary !== false) {
    const pausedS = (spec.pauses ?? []).reduce((a, p) => a + (p.startS - p.stopS), 0);
    const totals = sessionTotals(samples);
    const common = {
      timestamp: at(start, endS),
      startTime: start,
      totalElapsedTime: endS,
      totalTimerTime: endS - pausedS,
      totalDistance: totals.distanceM,
      avgHeartRate: totals.avgHr,
      maxHeartRate: totals.maxHr,
      totalAscent: totals.ascentM,
      totalDescent: totals.descentM,
      sport: spec.sport,
      subSport: spec.subSport ?? "generic",
    };
    write(e, "LAP", { ...common, messageIndex: 0, event: "lap", eventType: "stop", lapTrigger: "sessionEnd" });
    write(e, "SESSION", { ...common, messageIndex: 0, event: "session", eventType: "stop", firstLapIndex: 0, numLaps: 1, trigger: "activityEnd" });
    write(e, "ACTIVITY", {
      timestamp: at(start, endS),
      totalTimerTime: endS - pausedS,
      numSessions: 1,
      type: "manual",
      event: "activity",
      eventType: "stop",
      localTimestamp: Math.round((start.getTime() + endS * 1000 - Date.UTC(1989, 11, 31)) / 1000) + 3600,
    });
  }
  return e.close();
}

function sessionTotals(samples: Sample[]) {
  const hrs = samples.map((s) => s.hr).filter((v): v is number => v !== undefined);
  const distances = samples.map((s) => s.distanceM).filter((v): v is number => v !== undefined);
  let ascentM = 0;
  let descentM = 0;
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1]!.altM;
    const b = samples[i]!.altM;
    if (a === undefined || b === undefined) continue;
    if (b > a) ascentM += b - a;
    else descentM += a - b;
  }
  return {
    distanceM: distances.length > 0 ? distances[distances.length - 1] : undefined,
    avgHr: hrs.length > 0 ? Math.round(hrs.reduce((a, b) => a + b, 0) / hrs.length) : undefined,
    maxHr: hrs.length > 0 ? Math.max(...hrs) : undefined,
    ascentM: Math.round(ascentM),
    descentM: Math.round(descentM),
  };
}

// ---------------------------------------------------------------------------------------------
// The fixture scenarios.
// ---------------------------------------------------------------------------------------------

/** Northward along the meridian 5.625°E from 45°N, `scPerS` semicircles a second. */
function meridianSamples(seconds: number, scPerS: number, extra: (i: number) => Partial<Sample>, fromS = 0, fromSc = 0): Sample[] {
  const samples: Sample[] = [];
  for (let i = 0; i <= seconds; i++) {
    const sc = fromSc + i * scPerS;
    samples.push({ tS: fromS + i, latSc: LAT0 + sc, lonSc: LON0, distanceM: round2(sc * METRES_PER_SEMICIRCLE), ...extra(i) });
  }
  return samples;
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/** 322 semicircles a second northward (3.00 m/s): 10 minutes, 601 records. */
export const RUN_SC_PER_S = 322;

export const SCENARIOS = {
  /** 10 min at 1 Hz due north; HR 120 → 180 (+1 every 10 s), cadence 85.5 strides/min, altitude +0.2 m/s. */
  "outdoor-run": () =>
    encodeActivity({
      sport: "running",
      samples: meridianSamples(600, RUN_SC_PER_S, (i) => ({
        altM: 200 + 0.2 * i,
        hr: 120 + Math.floor(i / 10),
        cadence: 85,
        fractionalCadence: 0.5,
        speedMps: round2(RUN_SC_PER_S * METRES_PER_SEMICIRCLE),
      })),
    }),
  /** 10 min on a treadmill at 2.5 m/s: no positions, the belt's distance; HR 130–149, cadence 88. */
  "treadmill-run": () =>
    encodeActivity({
      sport: "running",
      subSport: "treadmill",
      samples: Array.from({ length: 601 }, (_, i) => ({ tS: i, distanceM: 2.5 * i, speedMps: 2.5, hr: 130 + (i % 20), cadence: 88 })),
    }),
  /** 5 min uphill at 2 m/s (215 sc/s), climbing 0.2 m a second: 60 m. */
  "trail-run": () =>
    encodeActivity({
      sport: "running",
      subSport: "trail",
      samples: meridianSamples(300, 215, (i) => ({ altM: 800 + 0.2 * i, hr: 150, cadence: 80 })),
    }),
  /** 10 min at 7 m/s (751 sc/s) with power 200–245 W (mean 222.5), 90 rpm, HR 140. */
  "road-ride-power": () =>
    encodeActivity({
      sport: "cycling",
      subSport: "road",
      samples: meridianSamples(600, 751, (i) => ({ altM: 300, hr: 140, cadence: 90, power: 200 + 5 * (i % 10) })),
    }),
  /**
   * 5 min running, the timer stopped at 300 s and restarted at 420 s, 5 more minutes: the runner
   * walked 20,000 semicircles (about 186 m) north while it was stopped.
   */
  "run-with-pause": () =>
    encodeActivity({
      sport: "running",
      pauses: [{ stopS: 300, startS: 420 }],
      samples: [
        ...meridianSamples(300, RUN_SC_PER_S, () => ({ hr: 140 })),
        ...meridianSamples(300, RUN_SC_PER_S, () => ({ hr: 150 }), 420, 300 * RUN_SC_PER_S + 20_000),
      ],
    }),
} satisfies Record<string, () => Uint8Array>;

/** A copy with 4 bytes in the middle of the data inverted: the file checksum no longer matches. */
export function corrupted(bytes: Uint8Array): Uint8Array {
  const copy = bytes.slice();
  const mid = Math.floor(copy.length / 2);
  for (let i = mid; i < mid + 4; i++) copy[i]! ^= 0xff;
  return copy;
}

/** The first 60% of the file, as an interrupted copy leaves it. */
export function truncated(bytes: Uint8Array): Uint8Array {
  return bytes.slice(0, Math.floor(bytes.length * 0.6));
}

export const FIXTURE_FILES: Record<string, () => Uint8Array> = {
  ...Object.fromEntries(Object.entries(SCENARIOS).map(([name, make]) => [`${name}.fit`, make])),
  "corrupt-crc-outdoor-run.fit": () => corrupted(SCENARIOS["outdoor-run"]()),
  "truncated-outdoor-run.fit": () => truncated(SCENARIOS["outdoor-run"]()),
};

export const FIT_FIXTURES_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../fixtures/fit");

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  fs.mkdirSync(FIT_FIXTURES_DIR, { recursive: true });
  for (const [name, make] of Object.entries(FIXTURE_FILES)) {
    const bytes = make();
    fs.writeFileSync(path.join(FIT_FIXTURES_DIR, name), bytes);
    console.log(`${name}: ${bytes.length} bytes`);
  }
}
