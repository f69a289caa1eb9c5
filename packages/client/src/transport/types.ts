/** The transport's interface and the shapes of what goes through it. */
import type { ErrorReport } from '@flawless/protocol';

/** A report waiting to be sent. */
export interface QueuedReport {
  report: ErrorReport;
  /** Its thinning signature, so a dropped report's count can be handed back. */
  signature?: string | undefined;
}

/**
 * A report queued unbuilt: built when it is sent, so a report dropped from a full queue
 * is never built nor serialised.
 */
export interface DeferredReport {
  /**
   * Builds the report. It must build the same report, with the same `report_id`, each
   * time: a batch that failed is built again for its retry.
   */
  build: () => ErrorReport;
  /** Its thinning signature, so a dropped report's count can be handed back. */
  signature?: string | undefined;
  /** Its `error_count`. */
  count: number;
  /** Its approximate size as JSON (counted towards `maxQueueBytes` until it is built). */
  size: number;
}

/** What is kept of a report dropped from a full queue: enough to hand its count back. */
export interface DroppedReport {
  signature: string | undefined;
  count: number;
}

/**
 * Sends one JSON body to `url` within `timeoutMs`; resolves with the HTTP status, rejects
 * on a network error or timeout.
 */
export type MakeRequest = (url: URL, body: string, timeoutMs: number) => Promise<number>;

/**
 * Sends JSON bodies while blocking the calling thread at most `timeoutMs`, each to the
 * first of `urls` that takes it; returns how many were delivered. For a process that is
 * going down and cannot run its event loop any more.
 */
export type SendSync = (urls: string[], bodies: string[], timeoutMs: number) => number;

/** Settings of `createTransport`. */
export interface TransportOptions {
  /** `host:port` or URLs; see `parseServer`. Bad entries are skipped with a warning. */
  servers: readonly string[];
  /** Time limit of one request. Default 10 000 ms. */
  timeoutMs?: number;
  /** Most reports queued; past it the oldest is dropped. Default 1000. */
  maxQueue?: number;
  /** Most bytes (of JSON) queued; past it the oldest is dropped. Default 8 MiB. */
  maxQueueBytes?: number;
  /** Most reports per request. Default 100. */
  maxBatch?: number;
  /** Most bytes per request (the server's default body limit is 1 MiB). Default 512 KiB. */
  maxBatchBytes?: number;
  /** Wait before a send, so that reports made together go together. Default 20 ms. */
  batchDelayMs?: number;
  /**
   * Requests in flight at once (across servers). Default 2: one waiting for its answer
   * while the next is on its way, so an app that keeps the event loop busy (and answers
   * only arrive once per turn of it) still has its reports sent at twice the rate.
   */
  maxInFlight?: number;
  /** First backoff of a failing server. Default 1 s. */
  backoffBaseMs?: number;
  /** Longest backoff. Default 5 min. */
  backoffMaxMs?: number;
  /** Told about failures (once per outage, once per rejection status). */
  warn?: (message: string) => void;
  /** Gets the signature and `error_count` of each report dropped from a full queue. */
  onDrop?: (dropped: DroppedReport) => void;
  /** How `flushSync` sends. Without it `flushSync` sends nothing. */
  sendSync?: SendSync;
  /** Called by `close` once the queue is done (closes sockets). */
  onClose?: () => void;
  random?: () => number;
}

/** What the transport has done so far. */
export interface TransportStats {
  /** Reports waiting. */
  queued: number;
  /** Reports a server accepted. */
  sent: number;
  /** Reports dropped from a full queue. */
  dropped: number;
  /** Reports a server refused (4xx other than 408/429) and that are not retried. */
  rejected: number;
  /** Requests made. */
  requests: number;
  /** Requests that failed and were retried. */
  failedRequests: number;
}

/** Queues reports and sends them in the background. */
export interface Transport {
  /** Queues a report. Never throws. */
  send(item: QueuedReport | DeferredReport): void;
  /** Sends everything queued; `false` if that did not finish within `timeoutMs`. */
  flush(timeoutMs?: number): Promise<boolean>;
  /**
   * Sends everything queued (and the batch in flight, which the server deduplicates by
   * `report_id`) while blocking this thread at most `timeoutMs`; `true` if all arrived.
   */
  flushSync(timeoutMs: number): boolean;
  /** Flushes, then sends nothing more. */
  close(timeoutMs?: number): Promise<boolean>;
  readonly stats: TransportStats;
}
