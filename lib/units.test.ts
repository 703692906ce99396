import { describe, expect, it } from "vitest";
import { formatDistance, formatDuration, formatPace, METRES_PER_MILE, metresToUnit } from "./units";

describe("metresToUnit / formatDistance", () => {
  it("converts metres to km and miles", () => {
    expect(METRES_PER_MILE).toBe(1609.344); // international mile: 5280 ft × 0.3048 m
    expect(metresToUnit(5000, "km")).toBe(5);
    expect(metresToUnit(1609.344, "mi")).toBe(1);
    expect(metresToUnit(42_195, "mi")).toBeCloseTo(26.2188, 4); // 42195 / 1609.344 = 26.21876
  });

  it("formats with the unit and a fixed number of digits", () => {
    expect(formatDistance(5000, "km")).toBe("5.00 km");
    expect(formatDistance(10_000, "mi")).toBe("6.21 mi"); // 10000 / 1609.344 = 6.2137
    expect(formatDistance(1234.5, "km", 1)).toBe("1.2 km"); // 1.2345 → 1.2
    expect(formatDistance(0, "mi")).toBe("0.00 mi");
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0:00"],
    [59, "0:59"],
    [61, "1:01"],
    [3599, "59:59"],
    [3600, "1:00:00"],
    [3661, "1:01:01"], // 1 h + 1 min + 1 s
    [36_005, "10:00:05"],
    [59.6, "1:00"], // rounds to 60 s before splitting, never "0:60"
    [-5, "0:00"],
  ])("%s s → %s", (s, text) => {
    expect(formatDuration(s)).toBe(text);
  });
});

describe("formatPace", () => {
  it("gives minutes:seconds per km", () => {
    expect(formatPace(1500, 5000, "km")).toBe("5:00 /km"); // 1500 s / 5 km = 300 s
    expect(formatPace(2535, 10_000, "km")).toBe("4:14 /km"); // 253.5 s → 254 s (rounded half up)
  });

  it("gives minutes:seconds per mile", () => {
    // 10 km in 3000 s: 3000 / (10000 / 1609.344) = 482.80 s → 483 s = 8:03
    expect(formatPace(3000, 10_000, "mi")).toBe("8:03 /mi");
  });

  it("rounds before splitting, never printing :60", () => {
    expect(formatPace(299.7, 1000, "km")).toBe("5:00 /km"); // 299.7 → 300
  });

  it("shows a dash for zero distance or zero time", () => {
    expect(formatPace(1000, 0, "km")).toBe("–");
    expect(formatPace(0, 1000, "mi")).toBe("–");
  });
});
