/**
 * A bounded cache whose entries are valid only for the version they were computed at: a runner's
 * data version (bumped by database triggers, read with the settings on every request) makes a
 * stale entry a miss, so every app instance sees a change at once. Least recently used go first.
 */
export class VersionedLru<V> {
  private readonly entries = new Map<string, { version: string; value: V }>();

  constructor(private readonly capacity: number) {}

  get(key: string, version: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.version !== version) return undefined;
    this.entries.delete(key); // most recently used goes last
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, version: string, value: V): void {
    this.entries.delete(key);
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { version, value });
  }

  /** The entry for `key` at `version`, else `compute()`'s value, stored; a null key is never cached. */
  async getOrCompute(key: string | null, version: string, compute: () => Promise<V>): Promise<V> {
    const cached = key === null ? undefined : this.get(key, version);
    if (cached !== undefined) return cached;
    const value = await compute();
    if (key !== null) this.set(key, version, value);
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}
