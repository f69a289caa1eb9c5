import { LruCache } from './lru';

export interface LoadingCacheOptions {
  maxEntries: number;
  /** Forget a value after this many milliseconds; default never (only LRU eviction). */
  ttlMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/**
 * An LRU cache that also shares loads in flight: concurrent `load`s of one key run the loader
 * once and all get its result. A loader that rejects caches nothing, so the next load retries.
 */
export class LoadingCache<V> {
  readonly #values: LruCache<string, { value: V; expires: number }>;
  readonly #inflight = new Map<string, Promise<V>>();
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(options: LoadingCacheOptions) {
    this.#values = new LruCache(options.maxEntries);
    this.#ttlMs = options.ttlMs ?? Number.POSITIVE_INFINITY;
    this.#now = options.now ?? Date.now;
  }

  /**
   * The cached value for `key`, else the running load's, else the result of a new `loader()`.
   * @param keep whether a loaded value may be cached (default: always)
   */
  load(key: string, loader: () => Promise<V>, keep: (value: V) => boolean = () => true): Promise<V> {
    const cached = this.#values.get(key);
    if (cached !== undefined) {
      if (cached.expires > this.#now()) return Promise.resolve(cached.value);
      this.#values.delete(key);
    }
    const running = this.#inflight.get(key);
    if (running) return running;

    // The loader starts a microtask later, so the promise is registered before it can settle
    // (even when it throws synchronously) and every caller in this tick shares it.
    const promise = Promise.resolve()
      .then(loader)
      .then((value) => {
        if (keep(value)) this.#values.set(key, { value, expires: this.#now() + this.#ttlMs });
        return value;
      })
      .finally(() => this.#inflight.delete(key));
    this.#inflight.set(key, promise);
    return promise;
  }

  /** Resolves when every load running now has settled. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.#inflight.values()]);
  }

  clear(): void {
    this.#values.clear();
  }
}
