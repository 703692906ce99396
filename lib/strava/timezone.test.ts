import { describe, expect, it } from "vitest";
import { ianaFromStrava } from "./timezone";

describe("ianaFromStrava", () => {
  it.each([
    // The IANA name after Strava's "(GMT±hh:mm)" prefix, whatever the offset's sign or minutes.
    ["(GMT+01:00) Europe/Paris", "Europe/Paris"],
    ["(GMT-07:00) America/Denver", "America/Denver"],
    ["(GMT+00:00) UTC", "UTC"],
    ["(GMT+05:30) Asia/Kolkata", "Asia/Kolkata"],
    ["(GMT+05:45) Asia/Kathmandu", "Asia/Kathmandu"],
    // Three-part names keep every part.
    ["(GMT-03:00) America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"],
    // Looser spellings of the prefix: spaces, no offset, UTC instead of GMT.
    ["  (GMT+01:00)   Europe/Paris  ", "Europe/Paris"],
    ["(GMT) Europe/London", "Europe/London"],
    ["(UTC-08:00) America/Los_Angeles", "America/Los_Angeles"],
    // A bare IANA name, including an older alias the tz database still carries.
    ["Europe/Paris", "Europe/Paris"],
    ["Asia/Calcutta", "Asia/Calcutta"],
  ])("reads %j as %j", (input, zone) => {
    expect(ianaFromStrava(input)).toBe(zone);
  });

  it.each([
    [null],
    [undefined],
    [""],
    ["(GMT+01:00)"], // a prefix with no zone
    ["(GMT+01:00) Mars/Olympus_Mons"], // no such zone
    ["(GMT+01:00) Europe/Paris; DROP TABLE"], // not a zone name
    ["+01:00"], // an offset is not a zone (and PostgreSQL would invert its sign)
    ["-0700"],
    ["Paris"],
    ["(GMT+01:00) " + "A".repeat(100)], // longer than any zone name
  ])("gives null for %j", (input) => {
    expect(ianaFromStrava(input)).toBeNull();
  });
});
