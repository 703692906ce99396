import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { CSV_BOM, csvCell, csvHeader, csvLine, csvRow } from "./csv";

const readBack = (text: string) => parse(text, { bom: true, relax_column_count: false }) as string[][];

describe("csvCell", () => {
  it("writes plain text, numbers, booleans, dates and empties as they are", () => {
    expect(csvCell("Easy run")).toBe("Easy run");
    expect(csvCell(12.5)).toBe("12.5");
    expect(csvCell(-3)).toBe("-3");
    expect(csvCell(0)).toBe("0");
    expect(csvCell(true)).toBe("true");
    expect(csvCell(false)).toBe("false");
    expect(csvCell(new Date("2026-05-06T04:02:34.000Z"))).toBe("2026-05-06T04:02:34.000Z");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell("")).toBe("");
  });

  it("leaves out numbers that are not numbers, and invalid dates", () => {
    expect(csvCell(Number.NaN)).toBe("");
    expect(csvCell(Number.POSITIVE_INFINITY)).toBe("");
    expect(csvCell(new Date(Number.NaN))).toBe("");
  });

  it("quotes fields with commas, quotes and line breaks, doubling the quotes", () => {
    expect(csvCell("Run, then swim")).toBe('"Run, then swim"');
    expect(csvCell('The "long" one')).toBe('"The ""long"" one"');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("cr\rlf")).toBe('"cr\rlf"');
  });

  it("defuses text a spreadsheet would run as a formula", () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell("+1 interval")).toBe("'+1 interval");
    expect(csvCell("-5 km tempo")).toBe("'-5 km tempo");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\t=1+1")).toBe("'\t=1+1");
    expect(csvCell("\r=1+1")).toBe(`"'\r=1+1"`);
    // Only at the start: the middle of a name is harmless.
    expect(csvCell("Tempo = fast")).toBe("Tempo = fast");
    expect(csvCell("a@b.example")).toBe("a@b.example");
  });
});

describe("csvRow and columns", () => {
  it("ends records with CRLF and reads back through a CSV parser field for field", () => {
    const nasty = ['=HYPERLINK("http://evil.example","click")', "comma, inside", 'quote " inside', "line\nbreak", "-2", "plain", "é 🏃"];
    const text = CSV_BOM + csvRow(["a", "b", "c", "d", "e", "f", "g"]) + csvRow(nasty) + csvRow([1.5, null, true, undefined, -7, 0, ""]);
    expect(text.endsWith("\r\n")).toBe(true);
    const rows = readBack(text);
    expect(rows).toHaveLength(3);
    expect(rows[1]).toEqual(['\'=HYPERLINK("http://evil.example","click")', "comma, inside", 'quote " inside', "line\nbreak", "'-2", "plain", "é 🏃"]);
    expect(rows[2]).toEqual(["1.5", "", "true", "", "-7", "0", ""]);
  });

  it("builds header and lines from column definitions", () => {
    const columns = [
      { header: "name", value: (r: { name: string; km: number }) => r.name },
      { header: "distance_km", value: (r: { name: string; km: number }) => r.km },
    ];
    expect(csvHeader(columns)).toBe("name,distance_km\r\n");
    expect(csvLine(columns, { name: "Long, slow", km: 21.1 })).toBe('"Long, slow",21.1\r\n');
  });
});
