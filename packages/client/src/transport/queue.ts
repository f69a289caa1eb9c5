/** The reports waiting to be sent: bounded in count and bytes, cut into request-sized batches. */

/** A queued report, kept serialised only (the object would double its memory). */
export interface Entry {
  /** The report; serialized only when it is sent (a flood drops most reports unsent). */
  report: unknown;
  /** Its JSON, once made. */
  json?: string | undefined;
  /** Roughly what it holds in memory (the queue's byte bound); the exact JSON length is used for batches. */
  size: number;
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
    // In place: a full queue takes one report and drops one on every capture of a flood, and
    // copying a thousand-entry array each time was most of what a capture allocated.
    if (atFront) this.entries.unshift(...entries);
    else for (const e of entries) this.entries.push(e);
    for (const e of entries) this.bytes += e.size;
    while (
      this.entries.length > this.limits.maxQueue ||
      (this.bytes > this.limits.maxQueueBytes && this.entries.length > 1)
    ) {
      const oldest = this.entries.shift()!;
      this.bytes -= oldest.size;
      this.onDrop(oldest);
    }
  }

  /** Takes the entries of the next request from the front. */
  takeBatch(): Entry[] {
    const batch = this.entries.splice(0, this.batchLength(this.entries));
    for (const e of batch) this.bytes -= e.size;
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
      const size = jsonOf(entries[n]!).length + 1;
      if (n > 0 && bytes + size > this.limits.maxBatchBytes) break;
      bytes += size;
      n++;
    }
    return n;
  }
}

/** The JSON array of a batch, the body of one request. */
export function bodyOf(batch: Entry[]): string {
  return `[${batch.map(jsonOf).join(',')}]`;
}

/** An entry's JSON, made once; the report object is let go then. */
export function jsonOf(entry: Entry): string {
  if (entry.json === undefined) {
    entry.json = JSON.stringify(entry.report);
    entry.report = undefined;
  }
  return entry.json;
}

/** About how many bytes a report holds: its strings' lengths plus a little per value. */
export function approximateSize(value: unknown): number {
  if (typeof value === 'string') return value.length + 2;
  if (value === null || typeof value !== 'object') return 8;
  let n = 2;
  if (Array.isArray(value)) for (const v of value) n += approximateSize(v) + 1;
  else for (const k in value) n += k.length + 4 + approximateSize((value as Record<string, unknown>)[k]);
  return n;
}
