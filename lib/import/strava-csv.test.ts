import { describe, expect, it } from "vitest";
import { STRAVA_HEADER, csvLine, csvRowFor } from "@/tests/support/make-archive";
import { STRAVA_CSV_MAX_BYTES, parseStravaCsv, parseStravaDate, parseStravaNumber } from "./strava-csv";
import { ImportError } from "./types";

const utf8 = (s: string) => new TextEncoder().encode(s);

function refusal(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (e) {
    if (e instanceof ImportError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error("expected an ImportError");
}

/** A row for STRAVA_HEADER with the given cells by column name, the nth occurrence when repeated. */
function row(cells: Record<string, string>, second: Record<string, string> = {}): string {
  const seen = new Map<string, number>();
  return csvLine(
    STRAVA_HEADER.map((column) => {
      const nth = (seen.get(column) ?? 0) + 1;
      seen.set(column, nth);
      return (nth === 1 ? cells[column] : second[column]) ?? null;
    }),
  );
}

// Values as in a real export: the display columns in km and whole seconds, the later ones in metres and seconds.
const LARKYA = row(
  {
    "Activity ID": "11343979900",
    "Activity Date": "May 6, 2024, 4:02:34 AM",
    "Activity Name": "Larkya Pass to Bimtang",
    "Activity Type": "Hike",
    "Activity Description": "Snow at the top.\nThen, a long descent.",
    "Elapsed Time": "18485",
    Distance: "12.36",
    "Max Heart Rate": "128",
    Commute: "false",
    "Activity Gear": "Old boots",
    Filename: "activities/12116271787.fit.gz",
    "Moving Time": "15099",
  },
  { "Elapsed Time": "18485.0", Distance: "12360.4", "Max Heart Rate": "128.0" },
);

describe("parseStravaCsv", () => {
  it("reads a real-world header with repeated columns, taking seconds and metres from the later ones", () => {
    const csv = parseStravaCsv(utf8(csvLine(STRAVA_HEADER) + LARKYA));
    expect(STRAVA_HEADER.filter((h) => h === "Distance")).toHaveLength(2);
    expect(csv).toEqual({
      rows: [
        {
          activityId: "11343979900",
          date: "2024-05-06T04:02:34.000Z",
          dateRaw: "May 6, 2024, 4:02:34 AM",
          name: "Larkya Pass to Bimtang",
          type: "Hike",
          description: "Snow at the top.\nThen, a long descent.",
          gear: "Old boots",
          filename: "activities/12116271787.fit.gz",
          elapsedS: 18485,
          distanceM: 12360.4,
          row: 2,
        },
      ],
      skipped: 0,
      problems: [],
      language: "en",
    });
  });

  it("takes the second Elapsed Time and Distance, not the first, when they differ", () => {
    const text =
      csvLine(STRAVA_HEADER) +
      row({ "Activity ID": "1", "Elapsed Time": "9999", Distance: "99.9" }, { "Elapsed Time": "300", Distance: "5000" });
    const [r] = parseStravaCsv(text).rows;
    expect([r!.elapsedS, r!.distanceM]).toEqual([300, 5000]);
  });

  it("handles a BOM, CRLF line ends and a quoted line break in the description", () => {
    const text =
      "\ufeffActivity ID,Activity Name,Activity Description,Filename\r\n" +
      '1,Tempo,"Line one\r\nLine two, ""quoted""",activities/1.gpx\r\n' +
      "2,Easy,,activities/2.tcx.gz\r\n";
    const csv = parseStravaCsv(utf8(text));
    expect(csv.rows.map((r) => [r.activityId, r.name, r.description, r.filename, r.row])).toEqual([
      ["1", "Tempo", 'Line one\nLine two, "quoted"', "activities/1.gpx", 2],
      ["2", "Easy", null, "activities/2.tcx.gz", 3],
    ]);
  });

  it("ignores unexpected columns and accepts missing optional ones", () => {
    const text = "Shoe Size,Activity Name,Activity ID,Mood\n44,Long run,42,happy\n45,,43\n";
    const csv = parseStravaCsv(text);
    expect(csv.rows).toEqual([
      {
        activityId: "42",
        date: null,
        dateRaw: null,
        name: "Long run",
        type: null,
        description: null,
        gear: null,
        filename: null,
        elapsedS: null,
        distanceM: null,
        row: 2,
      },
      expect.objectContaining({ activityId: "43", name: null }),
    ]);
  });

  it("leaves distanceM null when there is only one Distance column (km or miles, unknown)", () => {
    const csv = parseStravaCsv("Activity ID,Filename,Elapsed Time,Distance\n5,activities/5.gpx,1800,5.01\n");
    expect(csv.rows[0]).toMatchObject({ elapsedS: 1800, distanceM: null });
  });

  it("refuses a CSV without an Activity ID column", () => {
    expect(refusal(() => parseStravaCsv("Activity Name,Filename\nRun,activities/1.gpx\n"))).toEqual({
      code: "bad_archive",
      message: "activities.csv has no Activity ID column",
    });
    expect(refusal(() => parseStravaCsv(""))).toMatchObject({ code: "bad_archive", message: "activities.csv has no Activity ID column" });
    expect(refusal(() => parseStravaCsv("Activity ID,Distance\n1,5\n"))).toEqual({
      code: "bad_archive",
      message: "activities.csv has neither a Filename nor an Activity Name column",
    });
  });

  it("refuses text that is not CSV, and a file over 50 MB", () => {
    expect(refusal(() => parseStravaCsv('Activity ID,Activity Name\n1,"never closed\n'))).toMatchObject({ code: "bad_archive" });
    expect(refusal(() => parseStravaCsv(new Uint8Array(STRAVA_CSV_MAX_BYTES + 1)))).toMatchObject({ code: "too_large" });
  });

  it("skips and counts rows with a bad or repeated id", () => {
    const text = "Activity ID,Activity Name\n1,ok\nabc,x\n,y\n12a,z\n-5,w\n1,again\n 2 ,ok too\n,,\n";
    const csv = parseStravaCsv(text);
    expect(csv.rows.map((r) => [r.activityId, r.name])).toEqual([
      ["1", "ok"],
      ["2", "ok too"],
    ]);
    expect(csv.skipped).toBe(5);
    expect(csv.problems).toEqual([
      { row: 3, reason: "bad_id" },
      { row: 4, reason: "bad_id" },
      { row: 5, reason: "bad_id" },
      { row: 6, reason: "bad_id" },
      { row: 7, reason: "duplicate_id" },
    ]);
  });

  it("strips control characters and bidi overrides, and keeps one-line fields on one line", () => {
    const text = 'Activity ID,Activity Name,Activity Type,Activity Description,Activity Gear\n7,"Morning\u0007 Run\u0000\u202e",Run\u0001,"a\u0000b\r\nc\u0008",  Pegasus\t40  \n';
    const [r] = parseStravaCsv(text).rows;
    expect([r!.name, r!.type, r!.description, r!.gear]).toEqual(["Morning Run", "Run", "ab\nc", "Pegasus 40"]);
  });

  it("normalises filenames like archive names, and drops unsafe ones", () => {
    const text = "Activity ID,Filename\n1,.\\activities\\1.fit.gz\n2,../x.gpx\n3,/etc/passwd\n4,\n";
    expect(parseStravaCsv(text).rows.map((r) => r.filename)).toEqual(["activities/1.fit.gz", null, null, null]);
  });

  it("reads a German export", () => {
    const header = "Aktivitäts-ID,Aktivitätsdatum,Name der Aktivität,Aktivitätsart,Verstrichene Zeit,Distanz,Dateiname,Verstrichene Zeit,Distanz\n";
    const csv = parseStravaCsv(header + '12345,"20.09.2026, 14:12:12",Lauf,Run,9999,"10,20",activities/12345.gpx,300,"5000,5"\n');
    expect(csv.language).toBe("de");
    expect(csv.rows[0]).toMatchObject({ activityId: "12345", date: "2026-09-20T14:12:12.000Z", name: "Lauf", elapsedS: 300, distanceM: 5000.5 });
  });

  it("reads what the test archive helper writes", () => {
    const a = { id: 9, format: "fit" as const, gz: true, bytes: "", name: "Intervals", elapsedS: 2712.5, distanceM: 8043.2 };
    const [r] = parseStravaCsv(csvLine(STRAVA_HEADER) + csvLine(csvRowFor(a))).rows;
    expect(r).toMatchObject({ activityId: "9", name: "Intervals", filename: "activities/9.fit.gz", elapsedS: 2712.5, distanceM: 8043.2 });
  });
});

describe("parseStravaNumber", () => {
  it.each([
    ["12360.4", 12360.4],
    ["18485", 18485],
    ["1,234.5", 1234.5],
    ["1,234,567", 1234567],
    ["10,20", 10.2],
    ["1.234,5", 1234.5],
    [" 5 000 ", 5000],
    ["1:02:03", 3723],
    ["45:30", 2730],
    [".5", 0.5],
    ["", null],
    ["abc", null],
    ["-3", null],
    ["1e5", null],
    ["1,23,4", null],
  ])("%j → %j", (raw, expected) => {
    expect(parseStravaNumber(raw)).toBe(expected);
  });

  it("reads a comma before three digits by language", () => {
    expect(parseStravaNumber("1,234", "en")).toBe(1234);
    expect(parseStravaNumber("1,234", "de")).toBe(1.234);
  });
});

describe("parseStravaDate", () => {
  it.each([
    ["May 6, 2024, 4:02:34 AM", "2024-05-06T04:02:34.000Z"],
    ["Dec 31, 2023, 12:00:00 AM", "2023-12-31T00:00:00.000Z"],
    ["Jun 30, 2023, 12:20:56 PM", "2023-06-30T12:20:56.000Z"],
    ["Sep 20, 2026, 11:59:59 PM", "2026-09-20T23:59:59.000Z"],
    ["06.05.2024, 04:02:34", "2024-05-06T04:02:34.000Z"],
    ["2024-05-06 04:02:34", "2024-05-06T04:02:34.000Z"],
    ["2024-05-06T04:02:34Z", "2024-05-06T04:02:34.000Z"],
    ["Feb 30, 2023, 1:00:00 AM", null],
    ["Foo 1, 2023, 1:00:00 AM", null],
    ["May 6, 2024, 13:02:34 PM", null],
    ["yesterday", null],
  ])("%j → %j", (raw, expected) => {
    expect(parseStravaDate(raw)).toBe(expected);
  });
});
