import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, FIFTEEN_MIN_MS, nextUtcMidnight, nextWindow, readRateHeaders, resumeAt, utcDay, windowStart } from "./rate-limit";

const d = (iso: string) => new Date(iso);
const h = (init: Record<string, string>) => new Headers(init);

describe("constants", () => {
  it("a window is 15 minutes and Strava's read defaults are 100 / 1,000", () => {
    expect(FIFTEEN_MIN_MS).toBe(900_000);
    expect(DEFAULT_LIMITS).toEqual({ limit15: 100, limitDay: 1_000 });
  });
});

describe("readRateHeaders", () => {
  it("takes the lower of the read and overall limits and the higher of the usages", () => {
    const reading = readRateHeaders(
      h({
        "X-RateLimit-Limit": "200,2000",
        "X-RateLimit-Usage": "10,120",
        "X-ReadRateLimit-Limit": "100,1000",
        "X-ReadRateLimit-Usage": "12,90",
      }),
    );
    expect(reading).toEqual({ limit15: 100, limitDay: 1000, usage15: 12, usageDay: 120 });
  });

  it("picks the minimum and maximum per position, not per pair", () => {
    // The overall pair has the lower 15-minute limit, the read pair the lower daily limit.
    const reading = readRateHeaders(
      h({
        "x-ratelimit-limit": "80,3000",
        "x-ratelimit-usage": "50,7",
        "x-readratelimit-limit": "300,900",
        "x-readratelimit-usage": "3,400",
      }),
    );
    expect(reading).toEqual({ limit15: 80, limitDay: 900, usage15: 50, usageDay: 400 });
  });

  it("reads only the overall pair when the read pair is absent", () => {
    expect(readRateHeaders(h({ "x-ratelimit-limit": "600,30000", "x-ratelimit-usage": "7,315" }))).toEqual({
      limit15: 600,
      limitDay: 30000,
      usage15: 7,
      usageDay: 315,
    });
  });

  it("reads only the read pair when the overall pair is absent", () => {
    expect(readRateHeaders(h({ "x-readratelimit-limit": "100,1000", "x-readratelimit-usage": "0,0" }))).toEqual({
      limit15: 100,
      limitDay: 1000,
      usage15: 0,
      usageDay: 0,
    });
  });

  it("combines a limit of one pair with a usage of the other when that is all there is", () => {
    expect(readRateHeaders(h({ "x-ratelimit-limit": "100,1000", "x-readratelimit-usage": "4,44" }))).toEqual({
      limit15: 100,
      limitDay: 1000,
      usage15: 4,
      usageDay: 44,
    });
  });

  it("answers null without rate headers", () => {
    expect(readRateHeaders(h({}))).toBeNull();
    expect(readRateHeaders(h({ "content-type": "application/json" }))).toBeNull();
  });

  it("answers null when there are limits but no usage, or usage but no limits", () => {
    expect(readRateHeaders(h({ "x-ratelimit-limit": "100,1000", "x-readratelimit-limit": "100,1000" }))).toBeNull();
    expect(readRateHeaders(h({ "x-ratelimit-usage": "1,1", "x-readratelimit-usage": "2,2" }))).toBeNull();
  });

  it.each([
    ["", "empty"],
    ["100", "one number"],
    ["100,", "missing daily"],
    [",1000", "missing 15-minute"],
    ["100,1000,5", "three numbers"],
    ["-1,1000", "negative"],
    ["1.5,1000", "fraction"],
    ["abc,def", "letters"],
    ["100;1000", "wrong separator"],
    ["10 0,1000", "space inside a number"],
    ["1234567890,1", "ten digits"],
    ["0x10,1000", "hex"],
  ])("answers null for a malformed limit %j (%s)", (limit) => {
    expect(readRateHeaders(h({ "x-ratelimit-limit": limit, "x-ratelimit-usage": "1,1" }))).toBeNull();
  });

  it("answers null for a malformed usage", () => {
    expect(readRateHeaders(h({ "x-ratelimit-limit": "100,1000", "x-ratelimit-usage": "lots" }))).toBeNull();
  });

  it("ignores a malformed pair when the other pair is readable", () => {
    const reading = readRateHeaders(
      h({
        "x-ratelimit-limit": "garbage",
        "x-ratelimit-usage": "9,99",
        "x-readratelimit-limit": "100,1000",
        "x-readratelimit-usage": "nope",
      }),
    );
    expect(reading).toEqual({ limit15: 100, limitDay: 1000, usage15: 9, usageDay: 99 });
  });

  it("accepts whitespace around the numbers", () => {
    expect(readRateHeaders(h({ "x-ratelimit-limit": "  100 ,  1000 ", "x-ratelimit-usage": "5,\t50" }))).toEqual({
      limit15: 100,
      limitDay: 1000,
      usage15: 5,
      usageDay: 50,
    });
  });

  it("accepts nine digits and zero limits as given", () => {
    expect(readRateHeaders(h({ "x-ratelimit-limit": "0,999999999", "x-ratelimit-usage": "000,1" }))).toEqual({
      limit15: 0,
      limitDay: 999_999_999,
      usage15: 0,
      usageDay: 1,
    });
  });
});

describe("windowStart / nextWindow", () => {
  it.each([
    ["2026-03-15T10:14:59.999Z", "2026-03-15T10:00:00.000Z", "2026-03-15T10:15:00.000Z"],
    ["2026-03-15T10:15:00.000Z", "2026-03-15T10:15:00.000Z", "2026-03-15T10:30:00.000Z"],
    ["2026-03-15T10:15:00.001Z", "2026-03-15T10:15:00.000Z", "2026-03-15T10:30:00.000Z"],
    ["2026-03-15T10:00:00.000Z", "2026-03-15T10:00:00.000Z", "2026-03-15T10:15:00.000Z"],
    ["2026-03-15T09:59:59.999Z", "2026-03-15T09:45:00.000Z", "2026-03-15T10:00:00.000Z"],
    ["2026-03-15T10:29:59.999Z", "2026-03-15T10:15:00.000Z", "2026-03-15T10:30:00.000Z"],
    ["2026-03-15T10:44:00.000Z", "2026-03-15T10:30:00.000Z", "2026-03-15T10:45:00.000Z"],
    ["2026-03-15T10:45:00.000Z", "2026-03-15T10:45:00.000Z", "2026-03-15T11:00:00.000Z"],
    // Across midnight and a month end (2024 is a leap year).
    ["2024-02-29T23:50:00.000Z", "2024-02-29T23:45:00.000Z", "2024-03-01T00:00:00.000Z"],
    ["2025-12-31T23:59:59.999Z", "2025-12-31T23:45:00.000Z", "2026-01-01T00:00:00.000Z"],
    ["2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z", "2026-01-01T00:15:00.000Z"],
  ])("%s falls in the window starting %s; the next opens %s", (now, start, next) => {
    expect(windowStart(d(now)).toISOString()).toBe(start);
    expect(nextWindow(d(now)).toISOString()).toBe(next);
  });

  it("works on the UTC instant, whatever offset the time was written with", () => {
    // 12:14:30+02:00 is 10:14:30Z.
    expect(windowStart(d("2026-03-15T12:14:30+02:00")).toISOString()).toBe("2026-03-15T10:00:00.000Z");
    // 05:50 in India (+05:30) is 00:20Z.
    expect(windowStart(d("2026-03-15T05:50:00+05:30")).toISOString()).toBe("2026-03-15T00:15:00.000Z");
  });

  it("does not modify its argument", () => {
    const now = d("2026-03-15T10:14:59.999Z");
    windowStart(now);
    nextWindow(now);
    expect(now.toISOString()).toBe("2026-03-15T10:14:59.999Z");
  });
});

describe("utcDay", () => {
  it.each([
    ["2026-03-15T00:00:00.000Z", "2026-03-15"],
    ["2026-03-15T23:59:59.999Z", "2026-03-15"],
    ["2026-03-16T00:00:00.000Z", "2026-03-16"],
    ["2024-02-29T12:00:00.000Z", "2024-02-29"],
    // 23:30 at −02:00 is 01:30Z the next day; 00:30 at +02:00 is 22:30Z the day before.
    ["2026-03-15T23:30:00-02:00", "2026-03-16"],
    ["2026-03-16T00:30:00+02:00", "2026-03-15"],
  ])("%s is UTC day %s", (now, day) => {
    expect(utcDay(d(now))).toBe(day);
  });
});

describe("nextUtcMidnight", () => {
  it.each([
    ["2026-03-15T23:59:59.000Z", "2026-03-16T00:00:00.000Z"],
    ["2026-03-15T23:59:59.999Z", "2026-03-16T00:00:00.000Z"],
    // Exactly midnight: the day has just begun, so the next midnight is a day away.
    ["2026-03-16T00:00:00.000Z", "2026-03-17T00:00:00.000Z"],
    ["2026-03-16T00:00:00.001Z", "2026-03-17T00:00:00.000Z"],
    ["2026-03-16T12:00:00.000Z", "2026-03-17T00:00:00.000Z"],
    ["2024-02-28T12:00:00.000Z", "2024-02-29T00:00:00.000Z"],
    ["2025-02-28T12:00:00.000Z", "2025-03-01T00:00:00.000Z"],
    ["2025-12-31T23:00:00.000Z", "2026-01-01T00:00:00.000Z"],
    // 20:00 at −05:00 is 01:00Z the next day.
    ["2026-03-15T20:00:00-05:00", "2026-03-17T00:00:00.000Z"],
  ])("after %s comes %s", (now, midnight) => {
    expect(nextUtcMidnight(d(now)).toISOString()).toBe(midnight);
  });
});

describe("resumeAt", () => {
  it("is the next quarter hour when only the window ran out", () => {
    expect(resumeAt(d("2026-03-15T10:14:59.999Z"), false).toISOString()).toBe("2026-03-15T10:15:00.000Z");
    expect(resumeAt(d("2026-03-15T10:15:00.000Z"), false).toISOString()).toBe("2026-03-15T10:30:00.000Z");
    expect(resumeAt(d("2026-03-15T23:52:00.000Z"), false).toISOString()).toBe("2026-03-16T00:00:00.000Z");
  });

  it("is the next 00:00 UTC when the day ran out", () => {
    expect(resumeAt(d("2026-03-15T10:14:59.999Z"), true).toISOString()).toBe("2026-03-16T00:00:00.000Z");
    expect(resumeAt(d("2026-03-15T23:59:59.000Z"), true).toISOString()).toBe("2026-03-16T00:00:00.000Z");
    expect(resumeAt(d("2026-03-16T00:00:00.000Z"), true).toISOString()).toBe("2026-03-17T00:00:00.000Z");
  });
});
