/**
 * The client: turns a thrown value into a report (frames, locals, thinning) and hands it
 * to the transport. One current client per process, set by `init`.
 */
import { randomUUID } from 'node:crypto';
import { Inbox } from './capture/inbox';
import { type CapturedFrame, LocalsCapture, type LocalsStats } from './capture/locals';
import { estimateSize, ReportBuilder, type Template } from './capture/report';
import { truncate } from './capture/serialize';
import { SourceMapResolver } from './capture/source-map';
import { SourceText } from './capture/source-text';
import { framesText } from './capture/stack-parser';
import { describeThrown, stackOf, syntheticStack } from './capture/thrown';
import { type Pending, Thinner } from './dedupe/thinning';
import { type FlawlessOptions, type ResolvedOptions, resolveOptions } from './options';
import { createTransport, type MakeRequest, type Transport, type TransportStats } from './transport/base';
import { createHttpRequester } from './transport/http';
import { sendSync } from './transport/sync-send';

/** Per-capture options of `captureException` and the integrations. */
export interface CaptureOptions {
  /**
   * Free text sent with the report, typically the request that failed. A function is
   * called only when the occurrence is sent (not thinned).
   */
  additionalInfo?: string | (() => string) | undefined;
  /** Occurrences before the server emails; overrides the server's `report_error_threshold`. */
  errorThreshold?: number | undefined;
}

/** What the client has done so far (see `getStats`). */
export interface ClientStats {
  /** Occurrences captured (each counted once, thinned ones included). */
  captured: number;
  /** Reports made (one per sent occurrence or pending count). */
  reports: number;
  /** Occurrences whose count could not be kept (their report was dropped and their signature forgotten). */
  lostOccurrences: number;
  transport: TransportStats;
  locals: LocalsStats | undefined;
}

/** Longest `additional_info` sent (the server accepts 256 KiB). */
const MAX_ADDITIONAL_INFO = 64 * 1024;
/** How often signatures with unsent occurrences are checked against the 10-minute rule. */
const SWEEP_MS = 60_000;
const THINNING_INTERVAL_MS = 10 * 60_000;
const NO_OPTIONS: CaptureOptions = Object.freeze({});

/** A configured client. Use `init` rather than building one. */
export class Client {
  readonly options: ResolvedOptions;
  private readonly seen = new WeakSet<object>();
  private readonly thinner: Thinner<Template>;
  private readonly transport: Transport;
  private readonly locals: LocalsCapture | undefined;
  private readonly builder: ReportBuilder;
  private readonly inbox: Inbox<CaptureOptions>;
  private readonly sweep: NodeJS.Timeout;
  private readonly onBeforeExit: () => void;
  private readonly warned = new Set<string>();
  private exitFlushed = false;
  private closed = false;
  private captured = 0;
  private reports = 0;

  /** @param makeRequest how a request is made; exported for tests, HTTP by default. */
  constructor(options: FlawlessOptions = {}, makeRequest?: MakeRequest) {
    this.options = resolveOptions(options);
    const { warn } = this.options;
    const http = makeRequest === undefined ? createHttpRequester(this.options.ingestToken) : undefined;
    this.transport = createTransport(
      {
        servers: this.options.servers,
        timeoutMs: this.options.timeoutMs,
        maxQueue: this.options.maxQueue,
        warn,
        onDrop: ({ signature, count }) => {
          if (signature !== undefined) this.thinner.restore(signature, count);
        },
        onClose: () => http?.close(),
        sendSync: (urls, bodies, ms) => sendSync(urls, bodies, this.options.ingestToken, ms),
      },
      makeRequest ?? http!.request,
    );
    this.thinner = new Thinner<Template>({
      maxIntervalMs: THINNING_INTERVAL_MS,
      onEvict: (pending) => this.sendPending(pending),
    });
    this.builder = new ReportBuilder(
      { root: this.options.root, sourceMaps: new SourceMapResolver(), sourceText: new SourceText() },
      { hostname: this.options.hostname, revision: this.options.revision },
    );
    this.inbox = new Inbox(
      (thrown, options, deferred) => this.process(thrown, options, deferred),
      (err) => this.warnOnce(`a capture failed: ${String(err)}`),
    );
    if (this.options.servers.length === 0)
      warn('no servers configured (servers option or FLAWLESS_SERVERS): nothing is reported');
    this.locals =
      this.options.captureLocals && this.options.servers.length > 0
        ? LocalsCapture.start({
            rateLimit: this.options.localsRateLimit,
            scrubPattern: this.options.scrubPattern,
            warn,
          })
        : undefined;
    this.sweep = setInterval(() => this.sendAllPending(THINNING_INTERVAL_MS), SWEEP_MS);
    this.sweep.unref();
    this.onBeforeExit = () => {
      if (this.exitFlushed || this.options.exitFlushTimeoutMs <= 0) return;
      this.exitFlushed = true;
      void this.flush(this.options.exitFlushTimeoutMs);
    };
    process.on('beforeExit', this.onBeforeExit);
  }

  /**
   * Reports `thrown` unless it was reported already; thinned per stack signature. Never
   * throws. The work is done at the end of the current task (see `Inbox`).
   */
  capture(thrown: unknown, options: CaptureOptions = NO_OPTIONS): void {
    if (this.closed || this.options.servers.length === 0) return;
    try {
      if ((typeof thrown === 'object' && thrown !== null) || typeof thrown === 'function') {
        if (this.seen.has(thrown)) return;
        this.seen.add(thrown);
      }
      this.captured++;
      this.inbox.add(thrown, options);
    } catch (err) {
      this.warnOnce(`a capture failed: ${String(err)}`);
    }
  }

  /**
   * Counts one occurrence; when thinning lets it through, queues its report (built when it
   * is sent). A thinned occurrence costs its signature and a counter.
   */
  private process(thrown: unknown, options: CaptureOptions, deferred: boolean): void {
    const { type, message } = describeThrown(thrown, this.options.scrubPattern);
    const stack = stackOf(thrown);
    let frames = stack === undefined ? '' : framesText(stack);
    // Without frames of its own, the stack of the capture call (gone once deferred).
    if (frames === '' && !deferred) frames = framesText(syntheticStack());
    const signature = `${type}\n${frames}`;
    const decision = this.thinner.record(signature);
    if (!decision.send) return;
    const info = typeof options.additionalInfo === 'function' ? options.additionalInfo() : options.additionalInfo;
    const template: Template = {
      type,
      message,
      // A slice of the signature the thinner keeps anyway, not of the whole stack text.
      frames: signature.slice(type.length + 1),
      info: info ? truncate(info, MAX_ADDITIONAL_INFO) : undefined,
      threshold: options.errorThreshold ?? this.options.errorThreshold,
    };
    this.thinner.setTemplate(signature, template);
    this.enqueue(template, signature, decision.count, this.locals?.get(thrown));
  }

  /** Sends the unsent thinned counts, then everything queued; `false` on timeout. */
  async flush(timeoutMs = this.options.timeoutMs): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    try {
      this.inbox.drain();
      // A full queue hands dropped counts back to the thinner: they go in the next round.
      do {
        this.sendAllPending(0);
        if (!(await this.transport.flush(Math.max(0, deadline - Date.now())))) return false;
      } while (this.thinner.hasPending() && Date.now() < deadline);
      return !this.thinner.hasPending();
    } catch {
      return false;
    }
  }

  /**
   * Sends the pending counts and everything queued while blocking this thread at most
   * `timeoutMs`: for a process that is going down (an uncaught exception) and cannot wait
   * for its event loop. `true` if everything arrived.
   */
  flushSync(timeoutMs: number): boolean {
    try {
      this.inbox.drain();
      this.sendAllPending(0);
      return this.transport.flushSync(timeoutMs);
    } catch {
      return false;
    }
  }

  /** Stops capturing locals at once, then flushes and stops sending. */
  close(timeoutMs = this.options.timeoutMs): Promise<boolean> {
    if (this.closed) return Promise.resolve(true);
    const flushed = this.flush(timeoutMs);
    this.closed = true;
    this.locals?.stop();
    clearInterval(this.sweep);
    process.removeListener('beforeExit', this.onBeforeExit);
    return flushed.then((ok) => this.transport.close(0).then(() => ok));
  }

  /** Counters of what the client did. */
  stats(): ClientStats {
    return {
      captured: this.captured,
      reports: this.reports,
      lostOccurrences: this.thinner.lost,
      transport: { ...this.transport.stats },
      locals: this.locals?.stats,
    };
  }

  private enqueue(template: Template, signature: string, count: number, locals?: CapturedFrame[]): void {
    this.reports++;
    let id: string | undefined;
    this.transport.send({
      // Built (and given its id) only if it is sent; the same report again on a retry.
      build: () => {
        id ??= randomUUID();
        return this.builder.build(template, count, id, locals);
      },
      signature,
      count,
      size: estimateSize(template, locals),
    });
  }

  private sendAllPending(olderThanMs: number): void {
    for (const pending of this.thinner.takePending(olderThanMs)) this.sendPending(pending);
  }

  private sendPending({ signature, count, template }: Pending<Template>): void {
    this.enqueue(template, signature, count);
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.options.warn(message);
  }
}

let current: Client | undefined;

/** The client `init` made, or `undefined` before `init` (then every capture is a no-op). */
export function currentClient(): Client | undefined {
  return current;
}

/** Makes `client` the current one. */
export function setCurrentClient(client: Client | undefined): void {
  current = client;
}
