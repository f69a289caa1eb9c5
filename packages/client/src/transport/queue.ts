/** The reports waiting to be sent: bounded in count and bytes, cut into request-sized batches. */

/** A queued report, kept serialised only (the object would double its memory). */
export interface Entry {
  json: string;
  /** Its thinning signature, so a dropped report's count can be handed back. */
  signature: string | undefined;
  /** Its `error_count`. */
  count: number;
}

/** Limits of a {@link ReportQueue}. */
export interface QueueLimits {
  maxQueue: number;
  maxQueueBytes: number;
  maxBatch: number;
  maxBatchBytes: number;
}

/** A FIFO that drops its oldest entries past its limits, handing each to `onDrop`. */
export class ReportQueue {
  private entries: Entry[] = [];
  private bytes = 0;

  constructor(
    private readonly limits: QueueLimits,
    private readonly onDrop: (entry: Entry) => void,
  ) {}

  get length(): number {
    return this.entries.length;
  }

  /** Adds `entries` at the back (or, for a batch that failed, at the front), then trims. */
  add(entries: Entry[], atFront = false): void {
    this.entries = atFront ? entries.concat(this.entries) : this.entries.concat(entries);
    for (const e of entries) this.bytes += e.json.length;
    while (
      this.entries.length > this.limits.maxQueue ||
      (this.bytes > this.limits.maxQueueBytes && this.entries.length > 1)
    ) {
      const oldest = this.entries.shift()!;
      this.bytes -= oldest.json.length;
      this.onDrop(oldest);
    }
  }

  /** Takes the entries of the next request from the front. */
  takeBatch(): Entry[] {
    const batch = this.entries.slice(0, this.batchLength(this.entries));
    this.entries = this.entries.slice(batch.length);
    for (const e of batch) this.bytes -= e.json.length;
    return batch;
  }

  /** Takes everything, cut into request-sized batches, with `extra` (a batch in flight) first. */
  takeAll(extra: Entry[] = []): Entry[][] {
    let rest = extra.concat(this.entries);
    this.entries = [];
    this.bytes = 0;
    const batches: Entry[][] = [];
    while (rest.length > 0) {
      const n = this.batchLength(rest);
      batches.push(rest.slice(0, n));
      rest = rest.slice(n);
    }
    return batches;
  }

  /** How many entries from the front of `entries` make one request (at least one). */
  private batchLength(entries: Entry[]): number {
    let bytes = 2;
    let n = 0;
    while (n < entries.length && n < this.limits.maxBatch) {
      const size = entries[n]!.json.length + 1;
      if (n > 0 && bytes + size > this.limits.maxBatchBytes) break;
      bytes += size;
      n++;
    }
    return n;
  }
}

/** The JSON array of a batch, the body of one request. */
export function bodyOf(batch: Entry[]): string {
  return `[${batch.map((e) => e.json).join(',')}]`;
}
