/**
 * A Map bounded to `capacity` entries, and optionally to a total weight (bytes), that
 * forgets the least recently used entries first.
 *
 * Recency is a linked list through the entries: a hit is one Map lookup and a few pointer
 * moves, not a delete and re-insert into the Map (which, for the thinner, stored every
 * occurrence's fresh copy of its signature in the Map and churned its table).
 */
interface Slot<K, V> {
  key: K;
  value: V;
  weight: number;
  /** Towards the least recently used. */
  prev: Slot<K, V> | undefined;
  /** Towards the most recently used. */
  next: Slot<K, V> | undefined;
}

export class Lru<K, V> {
  private map = new Map<K, Slot<K, V>>();
  /** Deletions since the Map was made; see {@link remove}. */
  private deletions = 0;
  /** Least recently used. */
  private head: Slot<K, V> | undefined;
  /** Most recently used. */
  private tail: Slot<K, V> | undefined;
  private total = 0;

  /**
   * @param onEvict called with each entry pushed out to make room.
   * @param weigh bounds the total of `weigh.of(key, value)` to `weigh.max` as well; an
   *   entry heavier than that on its own is kept alone.
   */
  constructor(
    private readonly capacity: number,
    private readonly onEvict?: (key: K, value: V) => void,
    private readonly weigh?: { max: number; of: (key: K, value: V) => number },
  ) {}

  get size(): number {
    return this.map.size;
  }

  /** The total weight of the entries (0 without a `weigh`). */
  get weight(): number {
    return this.total;
  }

  /** Whether `key` is stored (a stored `undefined` counts). Does not refresh it. */
  has(key: K): boolean {
    return this.map.has(key);
  }

  /** The value of `key`, marking it as the most recently used. */
  get(key: K): V | undefined {
    const slot = this.map.get(key);
    if (slot === undefined) return undefined;
    if (slot !== this.tail) {
      this.unlink(slot);
      this.append(slot);
    }
    return slot.value;
  }

  set(key: K, value: V): void {
    this.delete(key);
    const weight = this.weigh === undefined ? 0 : this.weigh.of(key, value);
    const slot: Slot<K, V> = { key, value, weight, prev: undefined, next: undefined };
    this.map.set(key, slot);
    this.append(slot);
    this.total += weight;
    // The new entry stays even when it alone is over the weight: evicting it would only make
    // its next use load it again.
    while (this.head !== slot && (this.map.size > this.capacity || this.total > (this.weigh?.max ?? Infinity))) {
      const oldest = this.head!;
      const { key: oldKey, value: oldValue } = oldest;
      this.remove(oldest);
      this.onEvict?.(oldKey, oldValue);
    }
  }

  delete(key: K): boolean {
    const slot = this.map.get(key);
    if (slot === undefined) return false;
    this.remove(slot);
    return true;
  }

  /** Entries from the least to the most recently used. */
  *entries(): IterableIterator<[K, V]> {
    for (let slot = this.head; slot !== undefined; ) {
      // Read first: a slot deleted meanwhile is unlinked.
      const next = slot.next;
      yield [slot.key, slot.value];
      slot = next;
    }
  }

  private remove(slot: Slot<K, V>): void {
    this.map.delete(slot.key);
    this.unlink(slot);
    this.total -= slot.weight;
    // See unlink: a lingering slot keeps nothing alive.
    (slot as { value: V | undefined }).value = undefined;
    // A Map keeps deleted entries as holes until it rehashes into a new table; the old
    // table, once in V8's old generation, holds every key it had until the next full GC,
    // and each rehash of an old table makes another old one. Under churn (a flood of new
    // signatures) that promoted every key. A new Map, made as often as V8 would rehash,
    // starts young and dies young.
    if (++this.deletions > this.map.size + 64) {
      this.map = new Map(this.map);
      this.deletions = 0;
    }
  }

  private append(slot: Slot<K, V>): void {
    slot.prev = this.tail;
    slot.next = undefined;
    if (this.tail === undefined) this.head = slot;
    else this.tail.next = slot;
    this.tail = slot;
  }

  private unlink(slot: Slot<K, V>): void {
    if (slot.prev === undefined) this.head = slot.next;
    else slot.prev.next = slot.next;
    if (slot.next === undefined) this.tail = slot.prev;
    else slot.next.prev = slot.prev;
    // A removed slot may linger in an old Map table until the next full GC: it must not
    // keep its neighbours alive meanwhile.
    slot.prev = undefined;
    slot.next = undefined;
  }
}
