/**
 * A byte budget shared by every Thrift connection: the bytes received and not yet
 * answered (partial frames, calls in flight). While it is spent, connections stop
 * reading, so TCP pushes back on their peers instead of the server's memory growing
 * with the number of connections.
 */
export class ByteBudget {
  private used = 0;
  private readonly waiting = new Set<() => void>();

  constructor(readonly limit: number) {}

  get exhausted(): boolean {
    return this.used > this.limit;
  }

  take(bytes: number): void {
    this.used += bytes;
  }

  release(bytes: number): void {
    this.used -= bytes;
    if (this.waiting.size === 0 || this.exhausted) return;
    const wake = [...this.waiting];
    this.waiting.clear();
    for (const fn of wake) fn();
  }

  /** Calls `fn` once the budget has room again. */
  onRoom(fn: () => void): void {
    this.waiting.add(fn);
  }

  cancel(fn: () => void): void {
    this.waiting.delete(fn);
  }
}
