import { stretch } from "../support/time-factor";
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createGpxParser, EARLIEST_TIME_MS, FUTURE_SLACK_MS, parseGpx } from "@/lib/import/gpx";
import { ImportError, type ImportErrorCode, type ParsedActivity } from "@/lib/import/types";
import { makeGpx } from "@/scripts/bench/make-gpx";

/**
 * Property-based tests of the GPX parser (the reliability issue's promise): whatever the bytes,
 * parseGpx either returns a track whose columns are consistent, or throws an ImportError with one
 * of the known codes — never another error — and it answers in time proportional to the input.
 *
 * The runs are reproducible: fast-check starts from SEED (override with FUZZ_SEED=…, and scale the
 * number of runs with FUZZ_RUNS_SCALE=…). A failure reports its seed and the path of the shrunk
 * counterexample; rerun with that seed to get the same inputs.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed_2026);
const SCALE = Number(process.env.FUZZ_RUNS_SCALE ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));

const NOW = new Date("2026-06-01T12:00:00Z");
const FIXTURES = path.resolve(__dirname, "../fixtures/gpx");

const KNOWN_CODES = new Set<ImportErrorCode>([
  "empty_file",
  "not_gpx",
  "unsafe_xml",
  "malformed",
  "route_only",
  "waypoints_only",
  "no_track",
  "no_times",
  "bad_coordinates",
  "bad_time",
  "too_large",
]);

/**
 * A liveness bound on one parse, not a speed target (bench:gpx measures speed): a generous fixed
 * allowance (GC pauses, a busy 2-core CI machine running the other test files beside this one) plus
 * 8 ms per KiB, stretched by TEST_TIME_FACTOR. Warm, the parser reads real files at
 * 3–6 KiB/ms here and its worst known shapes (many distinct tag names) at about 1.5 KiB/ms; the
 * super-linear cases this guards against took seconds for 60 KiB.
 */
const budgetMs = (bytes: number) => stretch(1000 + bytes / 128);

// ---------------------------------------------------------------------------------------------
// The property.
// ---------------------------------------------------------------------------------------------

type Outcome = { ok: true; activity: ParsedActivity } | { ok: false; code: ImportErrorCode };

/** Checks what a parse may produce; returns it for further comparison. */
function checkParsed(activity: ParsedActivity): void {
  const t = activity.track;
  expect(activity.format).toBe("gpx");
  expect(t.length).toBeGreaterThanOrEqual(2); // fewer than two timed points is no_times
  for (const column of [t.lat, t.lon, t.timeMs, t.eleM, t.hr, t.cadence, t.powerW]) expect(column.length).toBe(t.length);
  let timed = 0;
  for (let i = 0; i < t.length; i++) {
    const lat = t.lat[i]!;
    const lon = t.lon[i]!;
    if (!(Number.isFinite(lat) && lat >= -90 && lat <= 90)) throw new Error(`point ${i}: lat ${lat}`);
    if (!(Number.isFinite(lon) && lon >= -180 && lon <= 180)) throw new Error(`point ${i}: lon ${lon}`);
    const time = t.timeMs[i]!;
    if (!Number.isNaN(time)) {
      timed++;
      if (!(Number.isFinite(time) && time >= EARLIEST_TIME_MS && time <= NOW.getTime() + FUTURE_SLACK_MS)) throw new Error(`point ${i}: time ${time}`);
    }
    const ele = t.eleM[i]!;
    if (!(Number.isNaN(ele) || Number.isFinite(ele))) throw new Error(`point ${i}: elevation ${ele}`);
    const hr = t.hr[i]!;
    // (0 only from a written value so small that float32 rounds it to 0, such as 5e-324.)
    if (!(Number.isNaN(hr) || (hr >= 0 && hr <= 260))) throw new Error(`point ${i}: heart rate ${hr}`);
    const cad = t.cadence[i]!;
    if (!(Number.isNaN(cad) || (cad >= 0 && cad <= 300))) throw new Error(`point ${i}: cadence ${cad}`);
    const power = t.powerW[i]!;
    if (!(Number.isNaN(power) || (power >= 0 && power <= 3000))) throw new Error(`point ${i}: power ${power}`);
  }
  expect(timed).toBeGreaterThanOrEqual(2);
  // Segments: start at 0, strictly increasing, each holding at least one point.
  const starts = t.segmentStarts;
  expect(starts.length).toBeGreaterThanOrEqual(1);
  expect(starts[0]).toBe(0);
  for (let k = 1; k < starts.length; k++) {
    if (!(Number.isInteger(starts[k]) && starts[k]! > starts[k - 1]! && starts[k]! < t.length)) {
      throw new Error(`segmentStarts not increasing within bounds: ${starts.slice(0, 20).join(",")}`);
    }
  }
  // Names are single-line text, trimmed, without control characters (PostgreSQL refuses NUL).
  for (const text of [activity.name, activity.typeHint]) {
    if (text === null) continue;
    expect(text.length).toBeGreaterThan(0);
    expect(text).toBe(text.trim());
    expect(text).not.toMatch(/[\u0000-\u001f\u007f]/);
  }
}

function checkError(err: unknown): ImportErrorCode {
  if (!(err instanceof ImportError)) {
    throw new Error(`parseGpx threw something other than an ImportError: ${err instanceof Error ? `${err.name}: ${err.message}\n${err.stack}` : String(err)}`);
  }
  if (!KNOWN_CODES.has(err.code)) throw new Error(`unknown ImportError code ${String(err.code)}`);
  expect(typeof err.message).toBe("string");
  expect(err.message.length).toBeGreaterThan(0);
  return err.code;
}

/** Parses, checks the outcome and the time it took, and returns the outcome. */
function parseChecked(bytes: Uint8Array): Outcome {
  const started = performance.now();
  let outcome: Outcome;
  try {
    outcome = { ok: true, activity: parseGpx(bytes, NOW) };
  } catch (err) {
    outcome = { ok: false, code: checkError(err) };
  }
  const ms = performance.now() - started;
  if (ms > budgetMs(bytes.byteLength)) {
    throw new Error(`parseGpx took ${ms.toFixed(0)} ms for ${bytes.byteLength} bytes (budget ${budgetMs(bytes.byteLength).toFixed(0)} ms)`);
  }
  if (outcome.ok) checkParsed(outcome.activity);
  return outcome;
}

/** The same bytes through the streaming parser, cut at the given offsets. */
function parseInChunks(bytes: Uint8Array, cuts: number[]): Outcome {
  const at = [...new Set(cuts.map((c) => (bytes.byteLength === 0 ? 0 : c % bytes.byteLength)))].sort((a, b) => a - b);
  const parser = createGpxParser(NOW);
  try {
    let from = 0;
    for (const cut of [...at, bytes.byteLength]) {
      // A fresh copy each time: the parser must not keep a view of a chunk it was given.
      parser.write(Uint8Array.from(bytes.subarray(from, cut)));
      from = cut;
    }
    return { ok: true, activity: parser.end() };
  } catch (err) {
    return { ok: false, code: checkError(err) };
  }
}

function summary(outcome: Outcome) {
  if (!outcome.ok) return { error: outcome.code };
  const t = outcome.activity.track;
  return {
    name: outcome.activity.name,
    typeHint: outcome.activity.typeHint,
    segmentStarts: t.segmentStarts,
    columns: [t.lat, t.lon, t.timeMs, t.eleM, t.hr, t.cadence, t.powerW].map((c) => Array.from(c)),
  };
}

function assertProperty<T>(arb: fc.Arbitrary<T>, check: (value: T) => void, numRuns: number) {
  fc.assert(
    fc.property(arb, (value) => {
      check(value);
    }),
    { seed: SEED, numRuns },
  );
}

// ---------------------------------------------------------------------------------------------
// Inputs.
// ---------------------------------------------------------------------------------------------

const enc = new TextEncoder();
const bytesOf = (s: string) => enc.encode(s);
const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));

/** Valid files to mutate: small real ones (several writers' quirks) and a synthetic Garmin-like one. */
const SEEDS: Record<string, Uint8Array> = {
  apple: fixture("apple-watch-run-cadence-power-3-segments.gpx"),
  ios: fixture("open-gpx-tracker-ios-empty-segments.gpx"),
  garmin: fixture("garmin-connect-run-hr-2012.gpx"),
  osmand: fixture("broken-osmand-undefined-coordinates.gpx"),
  waypoints: fixture("xcode-waypoints-only-no-namespace.gpx"),
  route: fixture("alltrails-route-only.gpx"),
  synthetic: bytesOf(makeGpx(40, Date.UTC(2026, 4, 1, 6))),
};
const SEED_NAMES = Object.keys(SEEDS);

const huge = (n: number, c = "b") => c.repeat(n);
const nest = (n: number) => "<a>".repeat(n) + "</a>".repeat(n);

/** Fragments that have broken XML readers before, as text… */
const TEXT_FRAGMENTS = [
  '<!DOCTYPE gpx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
  '<!DOCTYPE gpx SYSTEM "file:///etc/passwd">',
  '<!ENTITY xxe SYSTEM "file:///etc/passwd">',
  '<!ENTITY % p SYSTEM "http://127.0.0.1/evil.dtd">%p;',
  "<!DOCTYPE",
  "<!ELEMENT gpx ANY>",
  "<!",
  "&xxe;",
  "&b;",
  "&amp;",
  "&lt;trkpt&gt;",
  "&#0;",
  "&#x0;",
  "&#xD800;",
  "&#x110000;",
  "&#65;",
  "&#x1F600;",
  "&#;",
  "&;",
  "&",
  '<![CDATA[<trkpt lat="1" lon="1">]]>',
  "<![CDATA[",
  "]]>",
  "<!-- comment -->",
  "<!--",
  "-->",
  "<!---->",
  '<?xml version="1.0" encoding="ISO-8859-1"?>',
  '<?xml version="1.0" encoding="UTF-16"?>',
  "<?pi data?>",
  "<?",
  "?>",
  "<",
  ">",
  "/>",
  "</",
  '"',
  "'",
  "=",
  ":",
  " xmlns:gpxtpx=\"http://www.garmin.com/xmlschemas/TrackPointExtension/v1\"",
  ' xmlns:=""',
  "<gpxtpx:hr>150</gpxtpx:hr>",
  "<undeclared:hr>1</undeclared:hr>",
  ' lat="NaN" lon="Infinity"',
  ' lat="1e309" lon="-0"',
  ' lat=" 12 " lon="&#49;"',
  ' lat="91" lon="181"',
  "<gpx>",
  "</gpx>",
  "<trk>",
  "</trk>",
  "<trkseg>",
  "</trkseg>",
  '<trkpt lat="48.1" lon="2.1"><time>2026-01-01T10:00:00Z</time></trkpt>',
  '<trkpt lat="48.1" lon="2.1">',
  "</trkpt>",
  "<time>2026-01-01T10:00:00Z</time>",
  "<time>1901-12-13T20:45:52Z</time>",
  "<time>2999-01-01T00:00:00Z</time>",
  "<time>2026-02-30T10:00:00+25:00</time>",
  "<time>NaN</time>",
  "<ele>1e39</ele>",
  "<ele>-Infinity</ele>",
  "<ele>0x10</ele>",
  "<hr>999</hr>",
  "<cad>-1</cad>",
  "<power>1e400</power>",
  "<name>\u202Eexe.gpx\u0000</name>",
  "<name><![CDATA[a&b<c]]></name>",
  "<type>running</type>",
  "<rtept lat=\"1\" lon=\"1\"/>",
  "<wpt lat=\"1\" lon=\"1\"/>",
  "\u0000",
  "\u202E",
  "\u200D",
  "\uFEFF",
  "\uFFFE",
  "\uD800", // a lone surrogate (written as U+FFFD by the encoder)
  "\r\n",
  "\t",
  nest(63),
  nest(65),
  "<a>".repeat(500),
  ` x:y="${huge(20_000)}"`,
  ` creator="${huge(70_000)}"`,
  ` a:${huge(2_000)}`,
  `<name>${huge(70_000, "x")}</name>`,
  `<name>${"&amp;".repeat(2_000)}</name>`,
  `<time>2026-01-01T00:00:00${" ".repeat(2_000)}x</time>`,
];

/** …and as raw bytes: byte-order marks, overlong and invalid UTF-8, CESU surrogates. */
const BYTE_FRAGMENTS: Uint8Array[] = [
  [0xef, 0xbb, 0xbf], // UTF-8 BOM
  [0xff, 0xfe], // UTF-16LE BOM
  [0xfe, 0xff], // UTF-16BE BOM
  [0x00],
  [0xc0, 0xaf], // overlong "/"
  [0xc0, 0xbc], // overlong "<"
  [0xe0, 0x80, 0xbc], // overlong "<", three bytes
  [0xf0, 0x80, 0x80, 0xbe], // overlong ">", four bytes
  [0xc0, 0x80], // overlong NUL
  [0xed, 0xa0, 0x80], // a surrogate in CESU-8
  [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
  [0x80], // a stray continuation byte
  [0xe2, 0x80], // a cut-off character
  [0xff],
].map((b) => Uint8Array.from(b));

/**
 * A fragment to insert: one of the catalogues' (by index, so that a failure prints compactly) or
 * random text.
 */
type Fragment = { text: number } | { bytes: number } | { random: string };
const fragment: fc.Arbitrary<Fragment> = fc.oneof(
  fc.integer({ min: 0, max: TEXT_FRAGMENTS.length - 1 }).map((text) => ({ text })),
  fc.integer({ min: 0, max: BYTE_FRAGMENTS.length - 1 }).map((bytes) => ({ bytes })),
  fc.string({ unit: "binary", maxLength: 16 }).map((random) => ({ random })),
);
const fragmentBytes = (f: Fragment) => ("text" in f ? bytesOf(TEXT_FRAGMENTS[f.text]!) : "bytes" in f ? BYTE_FRAGMENTS[f.bytes]! : bytesOf(f.random));

/** Where a mutation applies: anywhere, or next to a byte that matters to XML or UTF-8. */
const ANCHORS = ["any", "<", ">", '"', "&", "utf8", "digit", "space"] as const;
type Anchor = (typeof ANCHORS)[number];

function positions(buf: Uint8Array, anchor: Anchor): number[] | null {
  if (anchor === "any") return null;
  const out: number[] = [];
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i]!;
    const hit =
      anchor === "utf8" ? c >= 0x80 : anchor === "digit" ? c >= 0x30 && c <= 0x39 : anchor === "space" ? c === 0x20 || c === 0x0a : c === anchor.charCodeAt(0);
    if (hit) out.push(i);
  }
  return out;
}

/** A position in buf near an anchor byte (picked by `pick`), shifted by `shift`. */
function at(buf: Uint8Array, anchor: Anchor, pick: number, shift: number): number {
  const list = positions(buf, anchor);
  const base = list === null || list.length === 0 ? pick % (buf.length + 1) : list[pick % list.length]!;
  return Math.min(buf.length, base + shift);
}

type Mutation =
  | { kind: "truncate"; anchor: Anchor; pick: number; shift: number }
  | { kind: "flip"; anchor: Anchor; pick: number; mask: number }
  | { kind: "insert"; anchor: Anchor; pick: number; shift: number; fragment: Fragment; times: number }
  | { kind: "duplicate"; pick: number; length: number; to: number }
  | { kind: "remove"; anchor: Anchor; pick: number; length: number }
  | { kind: "number"; pick: number; value: string };

const anchor = fc.constantFrom(...ANCHORS);
const pick = fc.nat();
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), anchor, pick, shift: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant("flip" as const), anchor, pick, mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant("insert" as const), anchor, pick, shift: fc.integer({ min: 0, max: 2 }), fragment, times: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant("duplicate" as const), pick, length: fc.integer({ min: 1, max: 400 }), to: pick }),
  fc.record({ kind: fc.constant("remove" as const), anchor, pick, length: fc.integer({ min: 1, max: 200 }) }),
  fc.record({
    kind: fc.constant("number" as const),
    pick,
    value: fc.constantFrom("NaN", "Infinity", "-Infinity", "1e309", "-1e309", "-0", "0x1F", " 12 ", "+.5", "1e-400", "1e39", "-3.5e38", "١٢", "9".repeat(400), "", "1_000"),
  }),
);

function applyMutation(buf: Uint8Array, m: Mutation): Uint8Array {
  switch (m.kind) {
    case "truncate":
      return buf.subarray(0, at(buf, m.anchor, m.pick, m.shift));
    case "flip": {
      if (buf.length === 0) return buf;
      const out = Uint8Array.from(buf);
      const i = Math.min(out.length - 1, at(buf, m.anchor, m.pick, 0));
      out[i] = out[i]! ^ m.mask;
      return out;
    }
    case "insert": {
      const i = at(buf, m.anchor, m.pick, m.shift);
      return concat(buf.subarray(0, i), ...Array.from({ length: m.times }, () => fragmentBytes(m.fragment)), buf.subarray(i));
    }
    case "duplicate": {
      // A copy of a run of tags, starting at a "<", put before another "<".
      const from = at(buf, "<", m.pick, 0);
      const slice = buf.subarray(from, Math.min(buf.length, from + m.length));
      const to = at(buf, "<", m.to, 0);
      return concat(buf.subarray(0, to), slice, buf.subarray(to));
    }
    case "remove": {
      const from = at(buf, m.anchor, m.pick, 0);
      return concat(buf.subarray(0, from), buf.subarray(Math.min(buf.length, from + m.length)));
    }
    case "number": {
      // Replace a run of digits (a coordinate, a time, a heart rate…) with an odd number.
      const digits = positions(buf, "digit")!;
      if (digits.length === 0) return buf;
      let start = digits[m.pick % digits.length]!;
      let end = start;
      while (start > 0 && /[0-9.+-]/.test(String.fromCharCode(buf[start - 1]!))) start--;
      while (end < buf.length && /[0-9.]/.test(String.fromCharCode(buf[end]!))) end++;
      return concat(buf.subarray(0, start), bytesOf(m.value), buf.subarray(end));
    }
  }
}

/** A seed file and the mutations to apply to it, in order (the bytes are made in the property). */
const mutated = fc.record({ seed: fc.constantFrom(...SEED_NAMES), mutations: fc.array(mutation, { minLength: 1, maxLength: 5 }) });

/** XML-ish token soup: GPX's own vocabulary, hostile fragments and random text, in any order. */
const soup = fc
  .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...TEXT_FRAGMENTS.filter((f) => f.length < 200)) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }), {
    maxLength: 60,
  })
  .map((parts) => `<gpx xmlns="http://www.topografix.com/GPX/1/1">${parts.join("")}`)
  .chain((prefix) => fc.constantFrom(prefix, `${prefix}</gpx>`, prefix.replace(/^<gpx[^>]*>/, "")));

// ---------------------------------------------------------------------------------------------
// Tests.
// ---------------------------------------------------------------------------------------------

describe(`GPX parser under fuzzing (seed ${SEED})`, () => {
  beforeAll(() => {
    // Warm the parser up, so that the time bound measures the parser and not the compiler.
    for (let i = 0; i < 5; i++) for (const bytes of Object.values(SEEDS)) parseChecked(bytes);
  });

  it("reads every unmutated seed file as the corpus tests expect", () => {
    expect(Object.fromEntries(SEED_NAMES.map((n) => [n, summary(parseChecked(SEEDS[n]!)).error ?? "track"]))).toEqual({
      apple: "track",
      ios: "track",
      garmin: "track",
      osmand: "bad_coordinates",
      waypoints: "waypoints_only",
      route: "route_only",
      synthetic: "track",
    });
  });

  it("arbitrary bytes: a typed refusal, in time", () => {
    assertProperty(fc.uint8Array({ maxLength: 4096 }), (bytes) => void parseChecked(bytes), runs(300));
    // The same after a plausible start, so the scanner gets past the root element.
    assertProperty(
      fc.uint8Array({ maxLength: 4096 }).map((b) => concat(bytesOf('<?xml version="1.0"?><gpx><trk><trkseg>'), b)),
      (bytes) => void parseChecked(bytes),
      runs(300),
    );
  });

  it("arbitrary strings, as UTF-8, UTF-16 with a byte-order mark and declared Latin-1", () => {
    const text = fc.string({ unit: fc.oneof(fc.string({ unit: "binary", maxLength: 1 }), fc.constantFrom("\uD800", "\uDFFF", "<", ">", "&", '"')), maxLength: 400 });
    assertProperty(
      text,
      (s) => {
        parseChecked(bytesOf(s));
        parseChecked(concat(Uint8Array.from([0xff, 0xfe]), new Uint8Array(Buffer.from(`<gpx>${s}</gpx>`, "utf16le"))));
        parseChecked(new Uint8Array(Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?><gpx>${s}</gpx>`, "latin1")));
      },
      runs(300),
    );
  });

  it("XML token soup: a typed refusal or a consistent track, in time", () => {
    assertProperty(soup, (s) => void parseChecked(bytesOf(s)), runs(600));
  });

  it("mutated real files: a typed refusal or a consistent track, in time, whatever the chunk boundaries", () => {
    assertProperty(
      fc.tuple(mutated, fc.array(fc.nat(), { maxLength: 6 })),
      ([{ seed, mutations }, cuts]) => {
        const bytes = mutations.reduce(applyMutation, SEEDS[seed]!);
        const whole = summary(parseChecked(bytes));
        // Any chunking gives the same answer: the same track, or a refusal. (Not always for the same
        // reason: in a file with several faults, which one is met first can depend on where a chunk
        // ends — e.g. a 70 KB leaf text refused as too long, or its element as the wrong root.)
        const chunked = summary(parseInChunks(bytes, cuts));
        if ("error" in whole && "error" in chunked) return;
        expect(chunked).toEqual(whole);
      },
      runs(500),
    );
  });

  it("odd numbers in any numeric field of a valid file: refused, or read as finite values in range", () => {
    const text = new TextDecoder().decode(SEEDS.synthetic);
    const FIELDS = {
      lat: / lat="[^"]*"/g,
      lon: / lon="[^"]*"/g,
      ele: /<ele>[^<]*<\/ele>/g,
      hr: /<gpxtpx:hr>[^<]*<\/gpxtpx:hr>/g,
      cad: /<gpxtpx:cad>[^<]*<\/gpxtpx:cad>/g,
      time: /<time>[^<]*<\/time>/g,
    };
    const written = (field: keyof typeof FIELDS, v: string) =>
      field === "lat" || field === "lon" ? ` ${field}="${v}"` : field === "hr" || field === "cad" ? `<gpxtpx:${field}>${v}</gpxtpx:${field}>` : `<${field}>${v}</${field}>`;
    const value = fc.oneof(
      fc.constantFrom("NaN", "Infinity", "-Infinity", "1e309", "1e39", "-3.5e38", "-0", "0x1F", " 12 ", "+.5", "1e-400", "", "&#49;", "2026-01-01T00:00:00.5+14:00"),
      fc.double().map(String),
      fc.float().map(String),
      fc.integer().map(String),
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.string({ maxLength: 12 }).map((v) => v.replace(/[<&"]/g, "")),
    );
    assertProperty(
      fc.tuple(fc.constantFrom(...(Object.keys(FIELDS) as (keyof typeof FIELDS)[])), value, fc.nat()),
      ([field, v, which]) => {
        // The odd value in one point, or in all of them.
        let n = 0;
        const all = which % 2 === 0;
        parseChecked(bytesOf(text.replace(FIELDS[field], (m) => (all || n++ === which % 40 ? written(field, v) : m))));
      },
      runs(600),
    );
  });

  it.each(["ios", "apple"])("refuses the %s file cut off at every byte, never importing a shorter track", (name) => {
    const bytes = SEEDS[name]!;
    const close = Buffer.from(bytes).lastIndexOf("</gpx>");
    expect(close).toBeGreaterThan(0);
    const codes = new Set<string>();
    for (let n = 0; n < close + "</gpx>".length; n++) {
      const outcome = parseChecked(bytes.subarray(0, n));
      if (outcome.ok) throw new Error(`a file cut after ${n} of ${bytes.length} bytes was imported`);
      codes.add(outcome.code);
    }
    // Cut-offs are "malformed" (or "empty_file", and "not_gpx" before the root element starts).
    expect(codes).toContain("malformed");
    for (const code of codes) expect(["empty_file", "malformed", "not_gpx"]).toContain(code);
    expect(parseChecked(bytes).ok).toBe(true);
  });
});

/**
 * Shapes that make naive scanners and regular expressions go quadratic, at a few hundred KiB each:
 * every one must be answered within the same budget as any other input of its size.
 */
describe("GPX parser on pathological shapes: time proportional to size", () => {
  beforeAll(() => {
    for (let i = 0; i < 5; i++) for (const bytes of Object.values(SEEDS)) parseChecked(bytes);
  });
  const pt = (inner: string) => `<gpx><trk><trkseg><trkpt lat="1" lon="1">${inner}</trkpt></trkseg></trk></gpx>`;
  const SIZE = 256 * 1024;
  const repeatTo = (unit: string, head = "<gpx>", tail = "</gpx>") => head + unit.repeat(Math.floor((SIZE - head.length - tail.length) / unit.length)) + tail;

  /** Distinct tag names that all fall in the scanner's same hash bucket (hash = h * 31 + byte, mod 1024). */
  function collidingNames(count: number): string[] {
    const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const names: string[] = [];
    for (const a of alphabet)
      for (const b of alphabet)
        for (const c of alphabet)
          for (const d of alphabet) {
            const s = a + b + c + d;
            let h = 0;
            for (let i = 0; i < 4; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
            if ((h & 1023) === 7) names.push(s);
            if (names.length === count) return names;
          }
    return names;
  }
  const colliding = collidingNames(6000);
  let state = 12345;
  const next = () => (state = (state * 48271) % 2147483647);

  const SHAPES: [string, () => string, ImportErrorCode | "track"][] = [
    ["an attribute name with a prefix and no value (60 KiB)", () => `<gpx a:${"b".repeat(60_000)}></gpx>`, "no_track"],
    ["an unquoted attribute value after a prefixed name (60 KiB)", () => `<gpx xmlns:x="u" x:a=${"b".repeat(60_000)}></gpx>`, "no_track"],
    ["many such tags", () => repeatTo(`<e a:${"b".repeat(2_000)}/>`), "no_track"],
    ["a time padded with 60 KiB of spaces", () => pt(`<time>2026-01-01T00:00:00${" ".repeat(60_000)}x</time>`), "bad_time"],
    ["a time padded with spaces, read from collected text", () => pt(`<time>2026-01-01T00:00:00${" ".repeat(60_000)}x<!----></time>`), "bad_time"],
    ["a time with 60 KiB of fraction digits", () => pt(`<time>2026-01-01T00:00:00.${"1".repeat(60_000)}x</time>`), "bad_time"],
    ["a coordinate of 60 KiB of digits", () => `<gpx><trk><trkseg><trkpt lat="${"1".repeat(60_000)}" lon="1"/></trkseg></trk></gpx>`, "bad_coordinates"],
    [
      "thousands of tag names in one hash bucket",
      () => `<gpx>${colliding.slice(0, 4096).map((n) => `<${n}/>`).join("")}${Array.from({ length: SIZE / 8 - 4096 }, () => `<${colliding[4096 + (next() % 1900)]}/>`).join("")}</gpx>`,
      "no_track",
    ],
    ["tens of thousands of distinct tag names", () => `<gpx>${Array.from({ length: SIZE / 10 }, (_, i) => `<n${i.toString(36)}/>`).join("")}</gpx>`, "no_track"],
    ["nesting to the limit, again and again", () => repeatTo(nest(63)), "no_track"],
    ["nesting past the limit", () => `<gpx>${"<a>".repeat(SIZE / 3)}`, "malformed"],
    ["a namespace declared and undeclared again and again", () => repeatTo('<e xmlns:p="u"><p:x/></e>'), "no_track"],
    ["a tag with thousands of namespace declarations", () => `<gpx${Array.from({ length: 4_000 }, (_, i) => ` xmlns:p${i}="u"`).join("")}></gpx>`, "no_track"],
    ["a track point with thousands of lat-like attributes", () => `<gpx><trk><trkseg><trkpt${" lat".repeat(15_000)} lat="1" lon="1"/></trkseg></trk></gpx>`, "no_times"],
    ["a comment that never ends", () => `<gpx><!--${"-".repeat(SIZE)}`, "malformed"],
    ["a CDATA section that never ends", () => `<gpx><name><![CDATA[${"]".repeat(SIZE)}`, "malformed"],
    ["a processing instruction that never ends", () => `<gpx><?pi ${"?".repeat(SIZE)}`, "malformed"],
    ["a tag that never ends", () => `<gpx><trkpt lat="1${"1".repeat(SIZE)}`, "malformed"],
    ["a tag name that never ends", () => `<gpx><${"a".repeat(SIZE)}`, "malformed"],
    ["an end tag that never ends", () => `<gpx></${"a".repeat(SIZE)}`, "malformed"],
    ["a name of 60 KiB of entity references", () => `<gpx><metadata><name>${"&amp;".repeat(12_000)}</name></metadata></gpx>`, "no_track"],
    // A bare "&" is not well-formed XML, but the scanner lets it through as text: harmless.
    ["a name of ampersands that are not references", () => `<gpx><metadata><name>${"&a".repeat(30_000)}</name></metadata></gpx>`, "no_track"],
    ["a name of control characters and spaces", () => `<gpx><metadata><name>${"\u0001 \t".repeat(20_000)}</name></metadata></gpx>`, "no_track"],
    ["text outside the root element", () => `${" ".repeat(SIZE)}x`, "malformed"],
    ["many track points", () => repeatTo('<trkpt lat="1" lon="1"><time>2026-01-01T00:00:00Z</time></trkpt>', "<gpx><trk><trkseg>", "</trkseg></trk></gpx>"), "track"],
    ["a Latin-1 file of high bytes", () => `<?xml version="1.0" encoding="ISO-8859-1"?><gpx><name>${"\u00e9".repeat(SIZE)}</name></gpx>`, "malformed"],
  ];

  it.each(SHAPES)("%s", (_label, build, expected) => {
    const text = build();
    const bytes = _label.startsWith("a Latin-1") ? new Uint8Array(Buffer.from(text, "latin1")) : bytesOf(text);
    const outcome = parseChecked(bytes);
    expect(outcome.ok ? "track" : outcome.code).toBe(expected);
  });
});
