import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parseActivityFile } from "./parse-file";
import { isFit, isGzip, sniffFormat, xmlRootName } from "./sniff";
import { ImportError } from "./types";

const FIX = path.join(process.cwd(), "tests/fixtures");
const read = (dir: string, name: string) => new Uint8Array(fs.readFileSync(path.join(FIX, dir, name)));
const utf8 = (s: string) => new TextEncoder().encode(s);

describe("sniffFormat", () => {
  it("recognises each fixture format by content", () => {
    expect(sniffFormat(read("gpx", "garmin-connect-run-hr-2012.gpx"))).toBe("gpx");
    expect(sniffFormat(read("tcx", "garmin-edge-bike-watts-cadence.tcx"))).toBe("tcx");
    expect(sniffFormat(read("fit", "outdoor-run.fit"))).toBe("fit");
    expect(sniffFormat(gzipSync(read("gpx", "garmin-connect-run-hr-2012.gpx")))).toBe("gzip");
  });

  it("skips a BOM, the XML declaration, comments, processing instructions and a DOCTYPE", () => {
    const doc = '\uFEFF  <?xml version="1.0"?>\n<!-- exported -->\n<?xml-stylesheet href="a.xsl"?>\n<!DOCTYPE gpx [ <!ENTITY a "b"> ]>\n<gpx version="1.1">';
    expect(xmlRootName(utf8(doc))).toBe("gpx");
    expect(sniffFormat(utf8('<ns0:TrainingCenterDatabase xmlns:ns0="x">'))).toBe("tcx");
  });

  it("reads UTF-16 documents", () => {
    const s = '<?xml version="1.0" encoding="UTF-16"?><TrainingCenterDatabase>';
    const le = new Uint8Array(2 + s.length * 2);
    le[0] = 0xff;
    le[1] = 0xfe;
    for (let i = 0; i < s.length; i++) le[2 + 2 * i] = s.charCodeAt(i);
    expect(sniffFormat(le)).toBe("tcx");
  });

  it("returns null for anything else", () => {
    expect(sniffFormat(utf8("<kml><Document/></kml>"))).toBeNull();
    expect(sniffFormat(utf8("time,lat,lon\n"))).toBeNull();
    expect(sniffFormat(new Uint8Array(0))).toBeNull();
    expect(sniffFormat(utf8("<!-- never closed"))).toBeNull();
    expect(isGzip(Uint8Array.of(0x1f))).toBe(false);
    // ".FIT" at byte 8 but an impossible header size
    expect(isFit(Uint8Array.of(99, 0x10, 0, 0, 0, 0, 0, 0, 0x2e, 0x46, 0x49, 0x54))).toBe(false);
  });
});

describe("parseActivityFile reads by content, not by name", () => {
  const tcx = read("tcx", "garmin-connect-run-2-tracks-pause.tcx");
  const gpx = read("gpx", "garmin-connect-run-hr-2012.gpx");
  const fit = read("fit", "outdoor-run.fit");

  it("a TCX named .gpx imports as TCX", () => {
    const r = parseActivityFile("run.gpx", tcx);
    expect(r.format).toBe("tcx");
    expect(r.parsed.track.length).toBe(parseActivityFile("run.tcx", tcx).parsed.track.length);
  });

  it("a GPX named .tcx and a FIT named .gpx import", () => {
    expect(parseActivityFile("run.tcx", gpx).format).toBe("gpx");
    expect(parseActivityFile("run.gpx", fit).format).toBe("fit");
  });

  it("a gzip without .gz is gunzipped, and a .gz that is plain is read as is", () => {
    const r = parseActivityFile("run.gpx", gzipSync(tcx));
    expect(r.format).toBe("tcx");
    expect(r.bytes).toEqual(tcx);
    expect(parseActivityFile("run.gpx.gz", gpx).format).toBe("gpx");
  });

  it("unrecognised content falls back to the name, whose parser explains the refusal", () => {
    expect(() => parseActivityFile("run.gpx", utf8("<kml/>"))).toThrow(ImportError);
    try {
      parseActivityFile("run.gpx", utf8("<kml/>"));
    } catch (e) {
      expect((e as ImportError).code).toBe("not_gpx");
    }
    try {
      parseActivityFile("run.gpx.gz", utf8("hello"));
      expect.unreachable();
    } catch (e) {
      expect((e as ImportError).code).toBe("malformed");
    }
  });
});
