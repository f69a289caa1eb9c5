/** A Map bounded to `capacity` entries that forgets the least recently used one first. */
export class Lru<K, V> {
  private readonly map = new Map<K, V>();

  /** @param onEvict called with each entry pushed out to make room. */
  constructor(
    private readonly capacity: number,
    private readonly onEvict?: (key: K, value: V) => void,
  ) {}

  get size(): number {
    return this.map.size;
  }

  /** Whether `key` is stored (a stored `undefined` counts). Does not refresh it. */
  has(key: K): boolean {
    return this.map.has(key);
  }

  /** The value of `key`, marking it as the most recently used. */
  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined || this.map.has(key)) {
      // Re-inserting moves the key to the end of the Map's iteration order.
      this.map.delete(key);
      this.map.set(key, value as V);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.capacity) {
      const oldest = this.map.keys().next();
      if (oldest.done) break;
      const evicted = this.map.get(oldest.value) as V;
      this.map.delete(oldest.value);
      this.onEvict?.(oldest.value, evicted);
    }
  }

  delete(key: K): boolean {
    return this.map.delete(key);
  }

  /** Entries from the least to the most recently used. */
  entries(): IterableIterator<[K, V]> {
    return this.map.entries();
  }
}
