import { describe, expect, it } from "vitest";
import { isValidTimeZone, timeZoneList } from "./time-zones";

describe("isValidTimeZone", () => {
  it.each(["UTC", "Europe/Paris", "America/New_York", "Pacific/Auckland", "America/Argentina/Buenos_Aires", "Etc/GMT+5"])(
    "accepts %s",
    (tz) => {
      expect(isValidTimeZone(tz)).toBe(true);
    },
  );

  it.each([
    ["an unknown zone", "Mars/Olympus_Mons"],
    ["an empty name", ""],
    ["a name with SQL in it", "Europe/Paris'; DROP TABLE users;--"],
    ["a path", "../../etc/passwd"],
    ["a name over 64 characters", `Europe/${"A".repeat(60)}`],
    ["a space", "Europe/ Paris"],
  ])("refuses %s", (_label, tz) => {
    expect(isValidTimeZone(tz)).toBe(false);
  });
});

describe("timeZoneList", () => {
  it("offers UTC and real zones, each once and each valid", () => {
    const zones = timeZoneList();
    expect(zones).toContain("UTC");
    expect(zones).toContain("Europe/Paris");
    expect(zones).toContain("Pacific/Auckland");
    expect(new Set(zones).size).toBe(zones.length);
    expect(zones.every(isValidTimeZone)).toBe(true);
  });
});
