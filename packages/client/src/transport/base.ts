/**
 * The report queue and its sending: bounded (the oldest report is dropped and counted),
 * batched, spread over several servers with a backoff per server, a timeout on every
 * send, no exception into the app and no timer or socket that keeps the process alive.
 * How one request is made is passed in (`makeRequest`), so the queue is tested alone.
 */
import { type Batch, type Entry, ReportQueue, release } from './queue';
import { backoffDelay, parseServer, pickServer, type ServerState } from './servers';
import type { DeferredReport, MakeRequest, QueuedReport, Transport, TransportOptions, TransportStats } from './types';

export type {
  DeferredReport,
  DroppedReport,
  MakeRequest,
  QueuedReport,
  SendSync,
  Transport,
  TransportOptions,
  TransportStats,
} from './types';

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
  const maxInFlight = Math.max(1, options.maxInFlight ?? 2);
  const maxBatch = options.maxBatch ?? 100;

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
      maxBatch,
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
  const inFlight = new Set<Entry[]>();
  let timer: NodeJS.Timeout | undefined;
  let lastServer = -1;
  let lastAttemptAt = 0;
  let flushing = 0;
  let closed = false;
  const warnedStatus = new Set<number>();
  const listeners = new Set<() => void>();

  const idle = () => queue.length === 0 && inFlight.size === 0;
  const notify = () => {
    for (const listener of listeners) listener();
  };

  function schedule(delayMs: number): void {
    if (timer !== undefined || closed) return;
    timer = setTimeout(() => {
      timer = undefined;
      drain();
    }, delayMs);
    timer.unref();
  }

  function flushSync(syncTimeoutMs: number): boolean {
    const batches = queue.takeAll([...inFlight]);
    inFlight.clear();
    stats.queued = 0;
    if (batches.length === 0) return true;
    // Ready servers first, then those whose backoff ends soonest.
    const urls = [...servers].sort((x, y) => Math.max(x.retryAt - Date.now(), 0) - Math.max(y.retryAt - Date.now(), 0));
    let delivered = 0;
    try {
      delivered =
        options.sendSync?.(
          urls.map((s) => s.url.href),
          batches.map((b) => b.body),
          syncTimeoutMs,
        ) ?? 0;
    } catch {
      // Counted as not delivered.
    }
    stats.sent += batches.slice(0, delivered).reduce((n, b) => n + b.entries.length, 0);
    return delivered === batches.length;
  }

  /** Starts requests while there is room in flight, a ready server and something queued. */
  function drain(): void {
    while (inFlight.size < maxInFlight && queue.length > 0 && servers.length > 0 && !closed) {
      const now = Date.now();
      let k = pickServer(servers, lastServer, now);
      if (k === undefined && flushing > 0 && now - lastAttemptAt >= FLUSH_RETRY_MS) k = soonestServer(servers);
      if (k === undefined) {
        const wait = Math.max(0, Math.min(...servers.map((s) => s.retryAt)) - now);
        schedule(flushing > 0 ? Math.min(wait, FLUSH_RETRY_MS) : wait);
        return;
      }
      lastServer = k;
      lastAttemptAt = now;
      const batch = queue.takeBatch();
      stats.queued = queue.length;
      if (batch.entries.length > 0) start(servers[k]!, batch);
    }
  }

  function start(server: ServerState, { entries, body }: Batch): void {
    inFlight.add(entries);
    stats.requests++;
    const startedAt = Date.now();
    let request: Promise<number>;
    try {
      request = makeRequest(server.url, body, timeoutMs);
    } catch (err) {
      request = Promise.reject(err);
    }
    request
      .then(
        (status) => settle(server, entries, startedAt, status, undefined),
        (err: unknown) => settle(server, entries, startedAt, undefined, err),
      )
      .catch(() => {})
      .finally(() => {
        inFlight.delete(entries);
        notify();
        // At once, not on a timer: in an app that keeps the event loop busy, a timer
        // waits for the next turn of the loop.
        if (queue.length > 0) drain();
      });
  }

  function settle(
    server: ServerState,
    batch: Entry[],
    startedAt: number,
    status: number | undefined,
    err: unknown,
  ): void {
    // Taken by flushSync meanwhile: that send decides.
    if (!inFlight.has(batch)) return;
    if (status !== undefined && status >= 200 && status < 300) {
      if (server.failures > 0) warn(`server ${server.url.host} is back`);
      server.failures = 0;
      server.retryAt = 0;
      stats.sent += batch.length;
      release(batch);
      return;
    }
    if (status === undefined || status === 408 || status === 429 || status >= 500) {
      if (server.failures === 0)
        warn(`server ${server.url.host} failed (${status ?? String(err)}); retrying with backoff`);
      // Requests sent together fail together: one outage, one step of backoff.
      if (server.retryAt <= startedAt) {
        server.failures++;
        server.retryAt = Date.now() + backoffDelay(server.failures, backoffBase, backoffMax, random);
      }
      stats.failedRequests++;
      // Back at the front, oldest first; if that overflows the queue the oldest go.
      queue.add(batch, true);
      stats.queued = queue.length;
      return;
    }
    stats.rejected += batch.length;
    release(batch);
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
        if (inFlight.size < maxInFlight) {
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
    send(item: QueuedReport | DeferredReport): void {
      if (closed) return;
      try {
        let entry: Entry;
        if ('build' in item) {
          entry = { json: undefined, build: item.build, size: item.size, signature: item.signature, count: item.count };
        } else {
          const json = JSON.stringify(item.report);
          entry = {
            json,
            build: undefined,
            size: json.length,
            signature: item.signature,
            count: item.report.error_count ?? 1,
          };
        }
        queue.add([entry]);
        stats.queued = queue.length;
        // A full batch goes at once; fewer wait a moment for company.
        if (queue.length >= maxBatch) drain();
        if (queue.length > 0) schedule(batchDelayMs);
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
