import { describe, expect, it } from "vitest";
import { makeGpx } from "@/scripts/bench/make-gpx";
import { createGpxParser, parseGpx } from "./gpx";
import { trackToPoints } from "./track";
import { ImportError, type ParsedActivity } from "./types";

const NOW = new Date("2026-06-01T00:00:00Z");
const utf8 = (s: string) => new TextEncoder().encode(s);

function inChunks(bytes: Uint8Array, size: number): ParsedActivity {
  const parser = createGpxParser(NOW);
  for (let i = 0; i < bytes.length; i += size) parser.write(bytes.slice(i, i + size));
  return parser.end();
}

function outcome(run: () => ParsedActivity): string {
  try {
    const parsed = run();
    return JSON.stringify([parsed.name, parsed.typeHint, trackToPoints(parsed.track)]);
  } catch (e) {
    if (e instanceof ImportError) return `refused: ${e.code}: ${e.message}`;
    throw e;
  }
}

const SIZES = [1, 3, 7, 64, 4095, 4097, 10_000, 65_536];

function gpx(inner: string, extra = ""): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1" xmlns:ns3="urn:tpx">' +
    extra +
    `<trk><name>Caf\u00e9 &amp; c\u00f4te \u{1F3C3}</name><trkseg>${inner}</trkseg></trk></gpx>`
  );
}
const point = (i: number, body = "") =>
  `<trkpt lat="${45 + i / 1000}" lon="-7.${i}"><ele>${i}.5</ele><time>2026-05-01T08:00:${String(i % 60).padStart(2, "0")}Z</time>${body}</trkpt>\n`;

describe("parseGpx streaming", () => {
  it("gives the same result whatever the chunk boundaries", () => {
    const bytes = utf8(makeGpx(1500));
    const whole = outcome(() => parseGpx(bytes, NOW));
    expect(whole.startsWith("refused")).toBe(false);
    for (const size of SIZES) expect(outcome(() => inChunks(bytes, size)), `chunks of ${size}`).toBe(whole);
  });

  it("reads values written in uncommon ways exactly as Number() and parseIsoTime do", () => {
    const odd =
      `<trkpt lon='7.5' lat = '45.25'><ele> 12.5 </ele><time>2026-05-01T10:00:00+02:00</time>` +
      `<extensions><ns3:TrackPointExtension><ns3:hr>&#49;40</ns3:hr><ns3:cad>8.6e1</ns3:cad></ns3:TrackPointExtension></extensions></trkpt>` +
      `<trkpt lat="+45.000000000000001" lon="-0"><ele></ele><time> 2026-05-01T08:00:01.5Z </time><extensions><power>0x10</power></extensions></trkpt>`;
    const bytes = utf8(gpx(odd));
    const [a, b] = trackToPoints(parseGpx(bytes, NOW).track)[0]!;
    expect(a).toEqual({ lat: 45.25, lon: 7.5, timeMs: Date.UTC(2026, 4, 1, 8), eleM: 12.5, hr: 140, cadence: 86, powerW: null });
    expect(b).toEqual({ lat: Number("+45.000000000000001"), lon: -0, timeMs: Date.UTC(2026, 4, 1, 8, 0, 1, 500), eleM: null, hr: null, cadence: null, powerW: 16 });
    expect(Object.is(b!.lon, -0)).toBe(true);
    for (const size of SIZES) expect(outcome(() => inChunks(bytes, size))).toBe(outcome(() => parseGpx(bytes, NOW)));
  });

  it.each([
    ["an undefined entity in text nobody reads", `<desc>&nbsp;</desc>`, "malformed"],
    ["a text value that is far too long", `<desc>${"x".repeat(70_000)}</desc>`, "malformed"],
    ["a long text value with an element inside", `<desc>${"x".repeat(70_000)}<b/></desc>`, null],
    ["an undefined entity in mixed content", `<desc>&nbsp;<!-- c --></desc>`, null],
  ])("treats %s the same in every chunking", (_label, extra, code) => {
    const bytes = utf8(gpx(point(1) + point(2), extra));
    const whole = outcome(() => parseGpx(bytes, NOW));
    expect(whole.startsWith(code === null ? "[" : `refused: ${code}`)).toBe(true);
    for (const size of SIZES) expect(outcome(() => inChunks(bytes, size)), `chunks of ${size}`).toBe(whole);
  });

  it("drops a UTF-8 byte-order mark split across chunks, and only at the start", () => {
    const body = utf8(gpx(point(1) + point(2)));
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...body]);
    const plain = outcome(() => parseGpx(body, NOW));
    for (const size of [1, 2, 4, 300]) expect(outcome(() => inChunks(withBom, size))).toBe(plain);
    const bomAtEnd = new Uint8Array([...body, 0xef, 0xbb, 0xbf]);
    for (const size of [1, 2, 4, 300, 1 << 20]) expect(outcome(() => inChunks(bomAtEnd, size))).toMatch(/^refused: malformed/);
  });

  it("chooses the encoding from the declaration even when the first chunks are tiny", () => {
    const text = gpx(point(1) + point(2)).replace("UTF-8", "ISO-8859-1").replace(" \u{1F3C3}", "");
    const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
    expect(parseGpx(bytes, NOW).name).toBe("Café & côte");
    for (const size of [1, 5, 64]) expect(inChunks(bytes, size).name).toBe("Café & côte");
  });

  it("reads UTF-16 files", () => {
    const text = gpx(point(1) + point(2)).replace("UTF-8", "UTF-16");
    const le = new Uint8Array(Buffer.from("\ufeff" + text, "utf16le"));
    expect(parseGpx(le, NOW).name).toBe("Café & côte \u{1F3C3}");
    for (const size of [1, 3, 101]) expect(inChunks(le, size).name).toBe("Café & côte \u{1F3C3}");
  });
});
