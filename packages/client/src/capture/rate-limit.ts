/**
 * Bounds how often something costly may run: past `perSecond` in one second it is turned
 * off for a backoff that doubles while the storm lasts and starts over once it passed.
 */

/** How a {@link RateLimiter} turns the costly thing off and on, and how it tells time. */
export interface RateLimiterOptions {
  /** Most hits allowed in one second. */
  perSecond: number;
  /** Called when the limit is exceeded. */
  onSuspend: () => void;
  /** Called when the backoff has passed. */
  onResume: () => void;
  /** First backoff. Default 1 s. */
  baseBackoffMs?: number;
  /** Longest backoff. Default 5 min. */
  maxBackoffMs?: number;
  now?: () => number;
}

/** A storm that is back this soon after resuming is the same storm: the backoff grows. */
const SAME_STORM_MS = 2000;
const WINDOW_MS = 1000;

/** Counts hits per one-second window and suspends the costly thing when there are too many. */
export class RateLimiter {
  private windowStart = Number.NEGATIVE_INFINITY;
  private count = 0;
  private backoffMs = 0;
  private resumedAt = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  /** Times the limit was exceeded. */
  suspensions = 0;

  constructor(private readonly options: RateLimiterOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Whether the backoff is running (the costly thing is off). */
  get suspended(): boolean {
    return this.timer !== undefined;
  }

  /** Records one hit; `false` when it was one too many (the thing is now suspended). */
  hit(): boolean {
    if (this.timer !== undefined) return false;
    const now = this.now();
    if (now - this.windowStart >= WINDOW_MS) {
      this.windowStart = now;
      this.count = 0;
    }
    if (++this.count <= this.options.perSecond) return true;
    const base = this.options.baseBackoffMs ?? 1000;
    const max = this.options.maxBackoffMs ?? 5 * 60_000;
    this.backoffMs = now - this.resumedAt < SAME_STORM_MS ? Math.min(this.backoffMs * 2, max) : base;
    this.suspensions++;
    this.options.onSuspend();
    this.timer = setTimeout(() => this.resume(), this.backoffMs);
    this.timer.unref();
    return false;
  }

  /** Cancels a running backoff without resuming. */
  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private resume(): void {
    this.timer = undefined;
    this.resumedAt = this.now();
    this.windowStart = this.resumedAt;
    this.count = 0;
    this.options.onResume();
  }
}
