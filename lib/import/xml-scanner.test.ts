import { describe, expect, it } from "vitest";
import { parseGpx } from "./gpx";
import { parseIsoTime } from "./iso-time";
import { trackToPoints } from "./track";
import { ImportError } from "./types";
import { attribute, decodeEntities, MAX_DEPTH, XmlScanner, type XmlHandler } from "./xml-scanner";

const NOW = new Date("2026-06-01T00:00:00Z");

/** Records every event; asks for the text of elements named in `textOf`. */
function record(xml: string | string[], textOf: string[] = []) {
  const events: string[] = [];
  const handler: XmlHandler = {
    wantText: false,
    open(name, _local, attrs) {
      events.push(`<${name}${attrs}>`);
      this.wantText = textOf.includes(name);
    },
    close(name) {
      events.push(`</${name}>`);
    },
    text(value) {
      events.push(`"${value}"`);
    },
  };
  const scanner = new XmlScanner(handler);
  for (const chunk of Array.isArray(xml) ? xml : [xml]) scanner.write(chunk);
  scanner.end();
  return events;
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof ImportError) return err.code;
    throw err;
  }
  throw new Error("expected a refusal");
}

describe("XmlScanner", () => {
  it("reports tags and requested text, with entities, character references and CDATA decoded", () => {
    const xml = `<?xml version="1.0"?><!-- c --><a x="1"><b>Tom &amp; Jerry &#233;&#x41;</b><c><![CDATA[<raw> & ]]>more</c><d/></a>`;
    expect(record(xml, ["b", "c"])).toEqual([
      '<a x="1">',
      "<b>",
      '"Tom & Jerry éA"',
      "</b>",
      "<c>",
      '"<raw> & more"',
      "</c>",
      "<d>",
      "</d>",
      "</a>",
    ]);
  });

  it("gives the same events whatever the chunk boundaries (streaming)", () => {
    const xml = `<a><b k='v>w'>x &lt; y</b><!-- a comment --><c><![CDATA[z]]></c></a>`;
    const whole = record(xml, ["b", "c"]);
    expect(record(xml.split(""), ["b", "c"])).toEqual(whole); // one character at a time
    expect(record([xml.slice(0, 7), xml.slice(7, 20), xml.slice(20)], ["b", "c"])).toEqual(whole);
    expect(whole).toContain("<b k='v>w'>"); // ">" inside a quoted value does not end the tag
  });

  it.each([
    ["a DOCTYPE", '<!DOCTYPE gpx [<!ENTITY x "y">]><gpx/>', "unsafe_xml"],
    ["an ENTITY declaration", '<gpx><!ENTITY x "y"></gpx>', "unsafe_xml"],
    ["an undefined entity", "<gpx><name>&xxe;</name></gpx>", "malformed"],
    ["a reference to NUL", "<gpx><name>&#0;</name></gpx>", "malformed"],
    ["mismatched tags", "<gpx><trk></gpx></trk>", "malformed"],
    ["a cut-off file", "<gpx><trk><trkseg>", "malformed"],
    ["two root elements", "<gpx></gpx><gpx></gpx>", "malformed"],
    ["text after the root", "<gpx></gpx>trailing", "malformed"],
    ["an undeclared prefix", "<gpx><ns9:hr>1</ns9:hr></gpx>", "malformed"],
    ["an undeclared attribute prefix", '<gpx><trk bad:x="1"/></gpx>', "malformed"],
    ["deep nesting", "<a>".repeat(MAX_DEPTH + 1) + "</a>".repeat(MAX_DEPTH + 1), "malformed"],
    ["a tag that never ends", "<gpx " + "x".repeat(70_000), "malformed"],
    ["nothing at all", "   ", "not_gpx"],
  ])("refuses %s", (_label, xml, code) => {
    expect(refusal(() => record(xml, ["name", "ns9:hr"]))).toBe(code);
  });

  it("accepts prefixes declared on the element itself or an ancestor", () => {
    expect(record('<a xmlns:p="urn:p"><p:b p:attr="1"/><c xmlns:q="urn:q"><q:d/></c></a>')).toHaveLength(8);
  });

  it("refuses 100,000 unclosed <trk> tags at once instead of scanning them again and again", () => {
    // The first regex parser took seconds on this (quadratic); a single pass ends at the missing close.
    const hostile = new TextEncoder().encode(`<gpx xmlns="http://www.topografix.com/GPX/1/1">${"<trk>".repeat(100_000)}`);
    expect(refusal(() => parseGpx(hostile, NOW))).toBe("malformed");
  });
});

describe("attribute", () => {
  it("finds whole attribute names only, in either quote style, decoding entities", () => {
    expect(attribute(` xlat="1" lat='45.5' lon="7"`, "lat")).toBe("45.5");
    expect(attribute(` lat = "1&amp;2"`, "lat")).toBe("1&2");
    expect(attribute(` lon="7"`, "lat")).toBeNull();
  });

  it("decodes only predefined entities and character references", () => {
    expect(decodeEntities("a &lt;b&gt; &quot;c&quot; &apos;d&apos; &#x1F3C3;")).toBe(`a <b> "c" 'd' 🏃`);
    expect(() => decodeEntities("&nbsp;")).toThrow(ImportError);
  });
});

describe("parseIsoTime", () => {
  it.each([
    ["2026-05-01T08:00:00Z", Date.UTC(2026, 4, 1, 8, 0, 0)],
    ["2026-05-01T08:00:00.250Z", Date.UTC(2026, 4, 1, 8, 0, 0, 250)],
    ["2026-05-01T10:00:00+02:00", Date.UTC(2026, 4, 1, 8, 0, 0)],
    ["2026-05-01T03:30:00-0430", Date.UTC(2026, 4, 1, 8, 0, 0)],
    ["2026-05-01T08:00:00", Date.UTC(2026, 4, 1, 8, 0, 0)], // no zone: UTC, as GPX says
    ["2026-05-01 08:00:00", Date.UTC(2026, 4, 1, 8, 0, 0)],
    [" 2026-05-01T08:00Z ", Date.UTC(2026, 4, 1, 8, 0, 0)],
  ])("reads %s", (text, expected) => {
    expect(parseIsoTime(text)).toBe(expected);
  });

  it.each(["yesterday", "2026-13-01T00:00:00Z", "2026-02-31T00:00:00Z", "2026-05-01T08:61:00Z", "2026-05-01T08:00:00+25:00", ""])(
    "gives NaN for %j",
    (text) => {
      expect(parseIsoTime(text)).toBeNaN();
    },
  );
});

describe("parseGpx extensions", () => {
  const head = '<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxtpx="urn:tpx" xmlns:gpxdata="urn:data"><trk><trkseg>';
  const tail = "</trkseg></trk></gpx>";
  const pt = (t: string, ext: string) => `<trkpt lat="45" lon="7"><time>${t}</time><extensions>${ext}</extensions></trkpt>`;

  it("reads power, gpxdata cadence and an unprefixed heartrate, taking the first value of each", () => {
    const xml =
      head +
      pt("2026-05-01T08:00:00Z", "<power>250</power><gpxdata:cadence>88</gpxdata:cadence><heartrate>141</heartrate><gpxtpx:TrackPointExtension><gpxtpx:hr>999</gpxtpx:hr></gpxtpx:TrackPointExtension>") +
      pt("2026-05-01T08:00:01Z", "<gpxtpx:TrackPointExtension><gpxtpx:hr>142</gpxtpx:hr><gpxtpx:cad>90</gpxtpx:cad></gpxtpx:TrackPointExtension>") +
      tail;
    const [points] = trackToPoints(parseGpx(new TextEncoder().encode(xml), NOW).track);
    expect(points!.map((p) => [p.hr, p.cadence, p.powerW])).toEqual([
      [141, 88, 250],
      [142, 90, null],
    ]);
  });

  it("turns control characters in a name into spaces (PostgreSQL refuses NUL)", () => {
    const xml = head.replace("<trk>", "<trk><name>Evening\u0001run&#9;x</name>") + pt("2026-05-01T08:00:00Z", "") + pt("2026-05-01T08:00:05Z", "") + tail;
    expect(parseGpx(new TextEncoder().encode(xml), NOW).name).toBe("Evening run x");
  });
});

describe("parseGpx decoding", () => {
  it("reads a multi-byte character split across two chunks, after pure-ASCII chunks", async () => {
    const { createGpxParser } = await import("./gpx");
    const xml = new TextEncoder().encode(
      '<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>Café Côte</name><trkseg>' +
        '<trkpt lat="45" lon="7"><time>2026-05-01T08:00:00Z</time></trkpt><trkpt lat="45.001" lon="7"><time>2026-05-01T08:01:00Z</time></trkpt>' +
        "</trkseg></trk></gpx>",
    );
    const cut = xml.indexOf(0xc3) + 1; // in the middle of "é" (0xC3 0xA9)
    const parser = createGpxParser(NOW);
    parser.write(xml.subarray(0, 20)); // ASCII only
    parser.write(xml.subarray(20, cut));
    parser.write(xml.subarray(cut));
    expect(parser.end().name).toBe("Café Côte");
  });
});
