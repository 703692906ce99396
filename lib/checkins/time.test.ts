import { describe, expect, it } from "vitest";
import { localDateTimeOf, parseCheckinTime } from "./time";

describe("parseCheckinTime", () => {
  it("reads a time with Z or an offset as that instant", () => {
    expect(parseCheckinTime("2026-11-24T07:30:00Z", "Europe/Paris")?.toISOString()).toBe("2026-11-24T07:30:00.000Z");
    expect(parseCheckinTime("2026-11-24T07:30:00.250+01:00", "UTC")?.toISOString()).toBe("2026-11-24T06:30:00.250Z");
  });

  it("reads a time without offset in the runner's time zone, across DST", () => {
    // Paris is UTC+1 in November, UTC+2 in July.
    expect(parseCheckinTime("2026-11-24T07:30", "Europe/Paris")?.toISOString()).toBe("2026-11-24T06:30:00.000Z");
    expect(parseCheckinTime("2026-07-01T07:30:15", "Europe/Paris")?.toISOString()).toBe("2026-07-01T05:30:15.000Z");
    expect(parseCheckinTime("2026-11-24T07:30", "America/New_York")?.toISOString()).toBe("2026-11-24T12:30:00.000Z");
  });

  it("refuses dates that do not exist and other shapes", () => {
    for (const bad of ["2026-02-30T07:30", "2026-11-24T24:00", "2026-11-24", "yesterday", "2026-11-24T07:30+25", "2026-13-01T00:00Z", ""]) {
      expect(parseCheckinTime(bad, "UTC"), bad).toBeNull();
    }
  });
});

describe("localDateTimeOf", () => {
  it("shows the wall-clock time in the time zone", () => {
    expect(localDateTimeOf(new Date("2026-11-24T06:30:00Z"), "Europe/Paris")).toBe("2026-11-24T07:30");
    expect(localDateTimeOf(new Date("2026-11-24T23:30:00Z"), "Asia/Tokyo")).toBe("2026-11-25T08:30");
  });
});
