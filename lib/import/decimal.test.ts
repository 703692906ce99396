import { describe, expect, it } from "vitest";
import { plainDecimal } from "./decimal";
import { fastUtcBytes, parseIsoTime } from "./iso-time";

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** plainDecimal on the bytes of `s`, with other bytes around them (the span is all it may read). */
function read(s: string): number {
  const bytes = ascii(`9${s}9`);
  return plainDecimal(bytes, 1, 1 + s.length);
}

describe("plainDecimal", () => {
  it("reads plain decimals exactly as Number() does", () => {
    const cases = ["0", "-0", "+0", "7", "48.8566270", "-2.3522000", "0.1", "0.3", "1.005", "9007199254740.9", "123456789012345", "000012.50", "-.0"];
    for (const s of cases) {
      const v = read(s);
      if (!Number.isNaN(v)) expect(Object.is(v, Number(s)), s).toBe(true);
    }
    expect(Object.is(read("-0"), -0)).toBe(true);
    expect(read("48.8566270")).toBe(48.856627);
  });

  it("agrees with Number() on many random decimals of up to 15 digits", () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let n = 0; n < 50_000; n++) {
      const intDigits = 1 + Math.floor(rand() * 8);
      const fracDigits = Math.floor(rand() * (16 - intDigits));
      let s = rand() < 0.3 ? "-" : rand() < 0.05 ? "+" : "";
      for (let i = 0; i < intDigits; i++) s += Math.floor(rand() * 10);
      if (fracDigits > 0) {
        s += ".";
        for (let i = 0; i < fracDigits; i++) s += Math.floor(rand() * 10);
      }
      const v = read(s);
      expect(Number.isNaN(v), s).toBe(false);
      if (!Object.is(v, Number(s))) expect.fail(`${s}: ${v} but Number() gives ${Number(s)}`);
    }
  });

  it("leaves everything else to Number() (NaN)", () => {
    for (const s of ["", "-", "+", ".", ".5", "5.", " 5", "5 ", "1e3", "0x10", "Infinity", "1,5", "1234567890123456", "0.000000000000001", "12&#48;", "5\u00a0"]) {
      expect(read(s), JSON.stringify(s)).toBeNaN();
    }
  });
});

describe("fastUtcBytes", () => {
  it("gives parseIsoTime's value for the common shape, NaN otherwise", () => {
    const cases = [
      "2026-05-01T08:00:00Z",
      "2024-02-29T23:59:59Z",
      "2023-02-29T00:00:00Z",
      "2026-13-01T00:00:00Z",
      "2026-04-31T00:00:00Z",
      "2026-05-01T24:00:00Z",
      "2026-05-01T23:59:60Z",
      "1970-01-01T00:00:00Z",
      "0001-01-01T00:00:00Z",
      "2026-05-01T08:00:00z",
      "2026-05-01 08:00:00Z",
      "2026-05-01T08:00:00.5Z",
      "2026-05-0aT08:00:00Z",
    ];
    for (const s of cases) {
      const v = fastUtcBytes(ascii(`<${s}<`), 1, 1 + s.length);
      if (!Number.isNaN(v)) expect(v, s).toBe(parseIsoTime(s));
    }
    expect(fastUtcBytes(ascii("2026-05-01T08:00:00Z"), 0, 20)).toBe(Date.UTC(2026, 4, 1, 8));
    expect(fastUtcBytes(ascii("2026-05-01T08:00:00z"), 0, 20)).toBeNaN();
    expect(fastUtcBytes(ascii("2026-02-30T08:00:00Z"), 0, 20)).toBeNaN();
  });

  it("agrees with parseIsoTime on every day of several years, and on consecutive calls", () => {
    for (let ms = Date.UTC(1999, 0, 1); ms < Date.UTC(2031, 0, 1); ms += 86_400_000 + 3_599_000) {
      const s = new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
      expect(fastUtcBytes(ascii(s), 0, s.length)).toBe(parseIsoTime(s));
    }
  });
});
