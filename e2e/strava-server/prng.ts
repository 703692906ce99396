/**
 * Deterministic randomness for the generated histories: the same seed must give the same
 * activities and streams on every run and every machine, so tests can assert exact values and
 * streams can be regenerated on request instead of being kept in memory. Never Math.random.
 */

/** Mixes integers into one 32-bit seed (murmur3's finaliser applied after each input). */
export function hashSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    // Fold values above 2^32 (activity ids) in as two words so no bits are lost.
    const words = [part >>> 0, Math.floor(part / 0x100000000) >>> 0];
    for (const w of words) {
      h = Math.imul(h ^ w, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h ^= h >>> 16;
    }
  }
  return h >>> 0;
}

/** Weight tables are constants; their entries are computed once (this runs per activity). */
const entriesCache = new WeakMap<object, [string, number][]>();

/** mulberry32: tiny, fast and good enough for test data. */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  range(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  int(min: number, maxInclusive: number): number {
    return min + Math.floor(this.next() * (maxInclusive - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }

  /** Picks a key with probability proportional to its weight. */
  weighted<K extends string>(weights: Partial<Record<K, number>>): K {
    let entries = entriesCache.get(weights) as [K, number][] | undefined;
    if (!entries) {
      entries = Object.entries(weights) as [K, number][];
      entriesCache.set(weights, entries);
    }
    let total = 0;
    for (const [, w] of entries) total += w;
    let r = this.next() * total;
    for (const [key, w] of entries) {
      r -= w;
      if (r < 0) return key;
    }
    const last = entries[entries.length - 1];
    if (!last) throw new Error("weighted pick from no weights");
    return last[0];
  }

  /** Roughly normal (sum of three uniforms), mean 0, standard deviation about 1. */
  gaussish(): number {
    return (this.next() + this.next() + this.next() - 1.5) * 2;
  }
}
