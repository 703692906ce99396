import { describe, expect, it } from "vitest";
import { activityFromStrava } from "@/lib/strava/mapping";
import { fileOffsetMinutes, offsetMinutesAt, resolveActivityZone, zoneForOffset } from "./zone";
import { startedLabel, zoneLabel } from "./zone-label";

const PARIS = { lat: 48.8566, lon: 2.3522 };
const LA = { lat: 34.0522, lon: -118.2437 };
// Sunday 15 Nov 2026, 08:00 in Paris (CET, UTC+1).
const SUNDAY_PARIS = new Date("2026-11-15T07:00:00Z");
const utf8 = (s: string) => new TextEncoder().encode(s);

describe("zone resolution", () => {
  it("takes Strava's timezone, whatever the runner's zone", () => {
    const { values } = activityFromStrava(
      {
        id: 1,
        name: "Long run",
        sport_type: "Run",
        type: "Run",
        start_date: "2026-11-15T07:00:00Z",
        start_date_local: "2026-11-15T08:00:00Z",
        timezone: "(GMT+01:00) Europe/Paris",
        distance: 20_000,
        moving_time: 6000,
        elapsed_time: 6100,
      } as never,
      { userId: "u", fallbackTimeZone: "America/Los_Angeles" },
    );
    expect(values.timeZone).toBe("Europe/Paris");
    expect(values.localDate).toBe("2026-11-15");
  });

  it("reads the offset written on the file's first time, and names the place when the position agrees", () => {
    const gpx = `<?xml version="1.0"?><gpx><trk><trkseg><trkpt lat="48.85" lon="2.35"><time>2026-11-15T08:00:00+01:00</time></trkpt></trkseg></trk></gpx>`;
    expect(fileOffsetMinutes(utf8(gpx))).toBe(60);
    expect(fileOffsetMinutes(utf8("<TrainingCenterDatabase><Time>2026-06-01T05:30:00-07:00</Time>"))).toBe(-420);
    expect(fileOffsetMinutes(utf8("<gpx><time>2026-11-15T07:00:00Z</time>"))).toBeNull();
    expect(fileOffsetMinutes(utf8("<gpx><time>2026-11-15T07:00:00</time>"))).toBeNull();
    expect(resolveActivityZone({ startTime: SUNDAY_PARIS, fileOffsetMin: 60, start: PARIS, fallback: "UTC" })).toEqual({ timeZone: "Europe/Paris", source: "file_offset" });
  });

  it("keeps a fixed offset when the file has no position or the position disagrees", () => {
    expect(resolveActivityZone({ startTime: SUNDAY_PARIS, fileOffsetMin: 60, start: null, fallback: "UTC" })).toEqual({ timeZone: "Etc/GMT-1", source: "file_offset" });
    // Written at +03:00 but the first point is in Paris (+01:00 in November): the file's offset wins.
    expect(resolveActivityZone({ startTime: SUNDAY_PARIS, fileOffsetMin: 180, start: PARIS, fallback: "UTC" })).toEqual({ timeZone: "Etc/GMT-3", source: "file_offset" });
    expect(zoneForOffset(-480)).toBe("Etc/GMT+8");
    expect(zoneForOffset(0)).toBe("UTC");
    expect(zoneForOffset(330)).toBeNull(); // +05:30 has no Etc zone
    // A half-hour offset without a position falls back to the runner's zone.
    expect(resolveActivityZone({ startTime: SUNDAY_PARIS, fileOffsetMin: 330, start: null, fallback: "Europe/London" })).toEqual({ timeZone: "Europe/London", source: "runner" });
  });

  it("looks the zone up offline from the start position when the file says nothing", () => {
    expect(resolveActivityZone({ startTime: SUNDAY_PARIS, fileOffsetMin: null, start: PARIS, fallback: "America/Los_Angeles" })).toEqual({ timeZone: "Europe/Paris", source: "position" });
    expect(resolveActivityZone({ startTime: SUNDAY_PARIS, fileOffsetMin: null, start: LA, fallback: "UTC" })).toEqual({ timeZone: "America/Los_Angeles", source: "position" });
  });

  it("falls back to the runner's zone without an offset or a usable position", () => {
    expect(resolveActivityZone({ startTime: SUNDAY_PARIS, fileOffsetMin: null, start: null, fallback: "Asia/Tokyo" })).toEqual({ timeZone: "Asia/Tokyo", source: "runner" });
    expect(resolveActivityZone({ startTime: SUNDAY_PARIS, fileOffsetMin: null, start: { lat: Number.NaN, lon: 2 }, fallback: "Asia/Tokyo" })).toEqual({ timeZone: "Asia/Tokyo", source: "runner" });
    expect(resolveActivityZone({ startTime: SUNDAY_PARIS, fileOffsetMin: null, start: { lat: 95, lon: 2 }, fallback: "Asia/Tokyo" })).toEqual({ timeZone: "Asia/Tokyo", source: "runner" });
  });
});

describe("showing the start as it was run", () => {
  it("writes the weekday, date, time and place in the recorded zone", () => {
    expect(startedLabel(SUNDAY_PARIS, "Europe/Paris")).toBe("Sun 15 Nov, 08:00 (Paris)");
    // The same instant is Saturday 23:00 in Los Angeles (PST, UTC−8).
    expect(startedLabel(SUNDAY_PARIS, "America/Los_Angeles")).toBe("Sat 14 Nov, 23:00 (Los Angeles)");
    expect(startedLabel(SUNDAY_PARIS, "Etc/GMT-1")).toBe("Sun 15 Nov, 08:00 (UTC+01:00)");
    expect(startedLabel(SUNDAY_PARIS, "Europe/Paris", new Date("2026-12-31T12:00:00Z"))).toBe("Sun 15 Nov, 08:00 (Paris)");
    expect(startedLabel(new Date("2012-10-24T23:29:40Z"), "America/New_York", new Date("2026-12-31T12:00:00Z"))).toBe("Wed 24 Oct 2012, 19:29 (New York)");
    expect(zoneLabel("UTC")).toBe("UTC");
    expect(zoneLabel("Etc/GMT+8")).toBe("UTC−08:00");
    expect(offsetMinutesAt("Europe/Paris", SUNDAY_PARIS)).toBe(60);
    expect(offsetMinutesAt("Europe/Paris", new Date("2026-07-01T12:00:00Z"))).toBe(120);
  });
});
