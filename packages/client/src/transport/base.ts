/**
 * The report queue and its sending: bounded (the oldest report is dropped and counted),
 * batched, spread over several servers with a backoff per server, a timeout on every
 * send, no exception into the app and no timer or socket that keeps the process alive.
 * How one request is made is passed in (`makeRequest`), so the queue is tested alone.
 */
import type { ErrorReport } from '@flawless/protocol';
import { approximateSize, bodyOf, type Entry, ReportQueue } from './queue';
import { backoffDelay, parseServer, pickServer, type ServerState } from './servers';

/** A report waiting to be sent. */
export interface QueuedReport {
  report: ErrorReport;
  /** Its thinning signature, so a dropped report's count can be handed back. */
  signature?: string | undefined;
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

/** Settings of {@link createTransport}. */
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
  send(item: QueuedReport): void;
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

/** While flushing, a backing-off server is still tried, but at most this often. */
const FLUSH_RETRY_MS = 250;
/** While flushing, progress is checked at least this often. */
const FLUSH_POLL_MS = 100;

/** Builds a transport that sends batches with `makeRequest`. */
export function createTransport(options: TransportOptions, makeRequest: MakeRequest): Transport {
  const warn = options.warn ?? (() => {});
  const timeoutMs = options.timeoutMs ?? 10_000;
  const batchDelayMs = options.batchDelayMs ?? 20;
  const backoffBase = options.backoffBaseMs ?? 1000;
  const backoffMax = options.backoffMaxMs ?? 5 * 60_000;
  const random = options.random ?? Math.random;

  const servers: ServerState[] = [];
  for (const spec of options.servers) {
    try {
      servers.push({ url: parseServer(spec), failures: 0, retryAt: 0 });
    } catch {
      warn(`ignoring server ${JSON.stringify(spec)}: not host:port or an http(s) URL`);
    }
  }
  const stats: TransportStats = { queued: 0, sent: 0, dropped: 0, rejected: 0, requests: 0, failedRequests: 0 };
  const queue = new ReportQueue(
    {
      maxQueue: options.maxQueue ?? 1000,
      maxQueueBytes: options.maxQueueBytes ?? 8 * 1024 * 1024,
      maxBatch: options.maxBatch ?? 100,
      maxBatchBytes: options.maxBatchBytes ?? 512 * 1024,
    },
    (oldest) => {
      stats.dropped++;
      try {
        options.onDrop?.({ signature: oldest.signature, count: oldest.count });
      } catch {
        // The drop is counted either way.
      }
    },
  );
  let inFlight: Entry[] | undefined;
  let timer: NodeJS.Timeout | undefined;
  let lastServer = -1;
  let lastAttemptAt = 0;
  let flushing = 0;
  let closed = false;
  const warnedStatus = new Set<number>();
  const listeners = new Set<() => void>();

  const idle = () => queue.length === 0 && inFlight === undefined;
  const notify = () => {
    for (const listener of listeners) listener();
  };

  function schedule(delayMs: number): void {
    if (timer !== undefined || inFlight !== undefined || closed) return;
    timer = setTimeout(() => {
      timer = undefined;
      drain();
    }, delayMs);
    timer.unref();
  }

  function flushSync(syncTimeoutMs: number): boolean {
    const batches = queue.takeAll(inFlight);
    stats.queued = 0;
    if (batches.length === 0) return true;
    // Ready servers first, then those whose backoff ends soonest.
    const urls = [...servers].sort((x, y) => Math.max(x.retryAt - Date.now(), 0) - Math.max(y.retryAt - Date.now(), 0));
    let delivered = 0;
    try {
      delivered =
        options.sendSync?.(
          urls.map((s) => s.url.href),
          batches.map(bodyOf),
          syncTimeoutMs,
        ) ?? 0;
    } catch {
      // Counted as not delivered.
    }
    stats.sent += batches.slice(0, delivered).reduce((n, b) => n + b.length, 0);
    return delivered === batches.length;
  }

  function drain(): void {
    if (inFlight !== undefined || queue.length === 0 || servers.length === 0) return;
    const now = Date.now();
    let k = pickServer(servers, lastServer, now);
    if (k === undefined && flushing > 0 && now - lastAttemptAt >= FLUSH_RETRY_MS) k = soonestServer(servers);
    if (k === undefined) {
      const wait = Math.max(0, Math.min(...servers.map((s) => s.retryAt)) - now);
      schedule(flushing > 0 ? Math.min(wait, FLUSH_RETRY_MS) : wait);
      return;
    }
    const server = servers[k]!;
    lastServer = k;
    lastAttemptAt = now;
    const batch = queue.takeBatch();
    stats.queued = queue.length;
    inFlight = batch;
    stats.requests++;
    const body = bodyOf(batch);
    let request: Promise<number>;
    try {
      request = makeRequest(server.url, body, timeoutMs);
    } catch (err) {
      request = Promise.reject(err);
    }
    request
      .then(
        (status) => settle(server, batch, status, undefined),
        (err: unknown) => settle(server, batch, undefined, err),
      )
      .catch(() => {})
      .finally(() => {
        if (inFlight === batch) inFlight = undefined;
        notify();
        if (queue.length > 0) schedule(0);
      });
  }

  function settle(server: ServerState, batch: Entry[], status: number | undefined, err: unknown): void {
    if (status !== undefined && status >= 200 && status < 300) {
      if (server.failures > 0) warn(`server ${server.url.host} is back`);
      server.failures = 0;
      server.retryAt = 0;
      stats.sent += batch.length;
      return;
    }
    if (status === undefined || status === 408 || status === 429 || status >= 500) {
      if (server.failures === 0)
        warn(`server ${server.url.host} failed (${status ?? String(err)}); retrying with backoff`);
      server.failures++;
      server.retryAt = Date.now() + backoffDelay(server.failures, backoffBase, backoffMax, random);
      stats.failedRequests++;
      // Back at the front, oldest first; if that overflows the queue the oldest go.
      queue.add(batch, true);
      stats.queued = queue.length;
      return;
    }
    stats.rejected += batch.length;
    if (!warnedStatus.has(status)) {
      warnedStatus.add(status);
      warn(`server ${server.url.host} refused ${batch.length} report(s) with status ${status}; they are dropped`);
    }
  }

  async function flush(flushTimeoutMs = timeoutMs): Promise<boolean> {
    if (idle() || servers.length === 0) return idle();
    flushing++;
    const deadline = Date.now() + flushTimeoutMs;
    // Ref'd on purpose: an awaited flush keeps the process up until it is done or times out.
    const keepAlive = setTimeout(() => {}, flushTimeoutMs);
    try {
      while (!idle()) {
        const left = deadline - Date.now();
        if (left <= 0) return false;
        if (inFlight === undefined) {
          clearTimeout(timer);
          timer = undefined;
          drain();
        }
        await new Promise<void>((resolve) => {
          const done = () => {
            listeners.delete(done);
            clearTimeout(poll);
            resolve();
          };
          const poll = setTimeout(done, Math.min(left, FLUSH_POLL_MS));
          listeners.add(done);
        });
      }
      return true;
    } finally {
      flushing--;
      clearTimeout(keepAlive);
    }
  }

  return {
    stats,
    send(item: QueuedReport): void {
      if (closed) return;
      try {
        queue.add([
          {
            report: item.report,
            size: approximateSize(item.report),
            signature: item.signature,
            count: item.report.error_count ?? 1,
          },
        ]);
        stats.queued = queue.length;
        schedule(batchDelayMs);
      } catch (err) {
        warn(`a report could not be queued: ${String(err)}`);
      }
    },
    flush,
    flushSync,
    async close(closeTimeoutMs = timeoutMs): Promise<boolean> {
      const flushed = await flush(closeTimeoutMs);
      closed = true;
      clearTimeout(timer);
      timer = undefined;
      options.onClose?.();
      return flushed;
    },
  };
}

function soonestServer(servers: ServerState[]): number {
  let best = 0;
  for (let i = 1; i < servers.length; i++) if (servers[i]!.retryAt < servers[best]!.retryAt) best = i;
  return best;
}
