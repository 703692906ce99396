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
