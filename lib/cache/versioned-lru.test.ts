import { describe, expect, it } from "vitest";
import { VersionedLru } from "./versioned-lru";

describe("VersionedLru", () => {
  it("answers only for the version an entry was stored at", () => {
    const cache = new VersionedLru<number>(10);
    cache.set("a", "1", 42);
    expect(cache.get("a", "1")).toBe(42);
    expect(cache.get("a", "2")).toBeUndefined();
    expect(cache.get("b", "1")).toBeUndefined();
  });

  it("drops the least recently used entry when full", () => {
    const cache = new VersionedLru<string>(2);
    cache.set("a", "v", "A");
    cache.set("b", "v", "B");
    expect(cache.get("a", "v")).toBe("A"); // a is now the most recently used
    cache.set("c", "v", "C");
    expect(cache.get("b", "v")).toBeUndefined();
    expect(cache.get("a", "v")).toBe("A");
    expect(cache.get("c", "v")).toBe("C");
    expect(cache.size).toBe(2);
  });
});

describe("VersionedLru.getOrCompute", () => {
  it("computes once per key and version, and never caches a null key", async () => {
    const cache = new VersionedLru<number>(10);
    let calls = 0;
    const compute = async () => ++calls;
    expect(await cache.getOrCompute("a", "1", compute)).toBe(1);
    expect(await cache.getOrCompute("a", "1", compute)).toBe(1);
    expect(await cache.getOrCompute("a", "2", compute)).toBe(2);
    expect(await cache.getOrCompute(null, "2", compute)).toBe(3);
    expect(await cache.getOrCompute(null, "2", compute)).toBe(4);
    expect(cache.size).toBe(1);
  });
});
