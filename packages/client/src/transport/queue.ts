/**
 * The reports waiting to be sent: bounded in count and bytes, cut into request-sized
 * batches. A report may wait unbuilt (a function that builds it): under a flood most
 * queued reports are dropped unsent, and those are then never built nor serialised.
 */
import type { ErrorReport } from '@flawless/protocol';

/** A queued report. */
export interface Entry {
  /** The report as JSON when it was queued built; otherwise `build` makes it at each send. */
  json: string | undefined;
  /** Builds the report (the same one, same `report_id`, every time it is called). */
  build: (() => ErrorReport) | undefined;
  /** Its size as JSON: exact once serialised, an estimate before. */
  size: number;
  /** Its thinning signature, so a dropped report's count can be handed back. */
  signature: string | undefined;
  /** Its `error_count`. */
  count: number;
}

/** The entries of one request and its body (a JSON array). */
export interface Batch {
  entries: Entry[];
  body: string;
}

/** Limits of a {@link ReportQueue}. */
export interface QueueLimits {
  maxQueue: number;
  maxQueueBytes: number;
  maxBatch: number;
  maxBatchBytes: number;
}

/**
 * A FIFO that drops its oldest entries past its limits, handing each to `onDrop`
 * (entries that fail to build go there too).
 */
export class ReportQueue {
  /** Entries from `head` on; the slots before it are spent. */
  private items: Array<Entry | undefined> = [];
  private head = 0;
  private bytes = 0;

  constructor(
    private readonly limits: QueueLimits,
    private readonly onDrop: (entry: Entry) => void,
  ) {}

  get length(): number {
    return this.items.length - this.head;
  }

  /** Adds `entries` at the back (or, for a batch that failed, at the front), then trims. */
  add(entries: Entry[], atFront = false): void {
    if (atFront) {
      this.replace(entries.concat(this.items.slice(this.head) as Entry[]));
    } else {
      for (const e of entries) this.items.push(e);
    }
    for (const e of entries) this.bytes += e.size;
    while (this.length > this.limits.maxQueue || (this.bytes > this.limits.maxQueueBytes && this.length > 1)) {
      this.drop(this.shift());
    }
  }

  /** Takes the entries of the next request from the front, serialised into its body. */
  takeBatch(): Batch {
    const entries: Entry[] = [];
    const parts: string[] = [];
    let bytes = 2;
    while (this.length > 0 && entries.length < this.limits.maxBatch) {
      const next = this.items[this.head]!;
      const json = serialize(next);
      if (json === undefined) {
        this.drop(this.shift());
        continue;
      }
      this.bytes += json.length - next.size;
      next.size = json.length;
      if (entries.length > 0 && bytes + json.length + 1 > this.limits.maxBatchBytes) break;
      bytes += json.length + 1;
      entries.push(this.shift());
      parts.push(json);
    }
    return { entries, body: `[${parts.join(',')}]` };
  }

  /** Takes everything, cut into request-sized batches, after `first` (batches in flight, sent again). */
  takeAll(first: Entry[][] = []): Batch[] {
    this.replace(first.flat().concat(this.items.slice(this.head) as Entry[]));
    this.bytes = this.items.reduce((n, e) => n + (e?.size ?? 0), 0);
    const batches: Batch[] = [];
    while (this.length > 0) {
      const batch = this.takeBatch();
      if (batch.entries.length > 0) batches.push(batch);
    }
    return batches;
  }

  private shift(): Entry {
    const entry = this.items[this.head]!;
    this.items[this.head++] = undefined;
    this.bytes -= entry.size;
    // Spent slots are cut off once they are half the array (amortised O(1) per entry).
    if (this.head >= 1024 && this.head * 2 >= this.items.length) this.replace(this.items.slice(this.head) as Entry[]);
    return entry;
  }

  private drop(entry: Entry): void {
    this.onDrop(entry);
    release([entry]);
  }

  /**
   * Swaps the array of entries, emptying the old one: an array that lived long enough to
   * be in V8's old generation would otherwise keep the entries it still points at (and
   * the reports they build) alive until the next full GC, though nothing uses it.
   */
  private replace(items: Entry[]): void {
    this.items.fill(undefined);
    this.items = items;
    this.head = 0;
  }
}

/**
 * Lets go of what `entries` (sent or dropped) would build, for the same reason as
 * `replace`: the entry objects themselves may linger.
 */
export function release(entries: Entry[]): void {
  for (const entry of entries) {
    entry.json = undefined;
    entry.build = undefined;
  }
}

/** The JSON of an entry, built now if it waited unbuilt; `undefined` if building failed. */
function serialize(entry: Entry): string | undefined {
  if (entry.json !== undefined) return entry.json;
  try {
    return JSON.stringify(entry.build!());
  } catch {
    return undefined;
  }
}
