import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, BACKOFF_JITTER, backoffMs, unitHash } from "./backoff";

describe("backoffMs", () => {
  it("doubles from 30 s and stops at 1 h, without a seed", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 20].map((n) => backoffMs(n))).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000, 3_600_000,
    ]);
  });

  it("reads nonsense attempts as the first", () => {
    for (const n of [0, -3, Number.NaN, Number.NEGATIVE_INFINITY]) expect(backoffMs(n)).toBe(BACKOFF_BASE_MS);
    expect(backoffMs(2.9)).toBe(backoffMs(2));
    expect(backoffMs(Number.POSITIVE_INFINITY)).toBe(BACKOFF_BASE_MS);
    expect(backoffMs(1e9)).toBe(BACKOFF_CAP_MS);
  });

  it("with a seed, is the same every time and within [75 %, 100 %] of the unjittered delay", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 53 - 1 }), fc.integer({ min: 1, max: 60 }), (seed, attempt) => {
        const plain = backoffMs(attempt);
        const jittered = backoffMs(attempt, seed);
        expect(jittered).toBe(backoffMs(attempt, seed));
        expect(Number.isInteger(jittered)).toBe(true);
        expect(jittered).toBeLessThanOrEqual(plain);
        expect(jittered).toBeGreaterThanOrEqual(plain * (1 - BACKOFF_JITTER));
        expect(jittered).toBeLessThanOrEqual(BACKOFF_CAP_MS);
      }),
    );
  });

  it("spreads jobs that failed together", () => {
    const delays = Array.from({ length: 200 }, (_, id) => backoffMs(3, id + 1));
    expect(new Set(delays).size).toBeGreaterThan(150);
    const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
    expect(mean).toBeGreaterThan(120_000 * 0.83);
    expect(mean).toBeLessThan(120_000 * 0.92);
    // And grows with the attempt, for every job.
    for (let id = 1; id <= 200; id++) expect(backoffMs(4, id)).toBeGreaterThan(backoffMs(3, id));
  });
});

describe("unitHash", () => {
  it("is in [0, 1) and depends on the high bits of large seeds", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e15, max: 1e15, noNaN: true }), fc.integer(), (seed, salt) => {
        const u = unitHash(seed, salt);
        expect(u).toBeGreaterThanOrEqual(0);
        expect(u).toBeLessThan(1);
      }),
    );
    expect(unitHash(2 ** 32 + 5, 1)).not.toBe(unitHash(5, 1));
  });
});
