import { createHash } from 'node:crypto';
import type { OutboxEntry, Store } from '../store/types';
import type { MailTransport } from './types';

/** The logger calls the sender makes (a pino logger fits). */
export interface SenderLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface OutboxSenderOptions {
  store: Pick<Store, 'claimOutbox' | 'markSent' | 'markFailed'>;
  transport: MailTransport;
  /** The From address. */
  from: string;
  log?: SenderLog;
  /** How often the outbox is looked at without a kick. Default 5 s. */
  pollMs?: number;
  /** How long a claimed entry is ours before another instance may take it. Default 10 min. */
  leaseMs?: number;
  /** Entries claimed per pass. Default 10. */
  batchSize?: number;
  /** Clock, epoch ms (tests move it). Default Date.now. */
  now?: () => number;
  /** Random in [0, 1) for the jitter (tests pin it). Default Math.random. */
  random?: () => number;
}

export interface OutboxSender {
  /** Starts polling. */
  start(): void;
  /** Runs a pass soon: new emails were queued. */
  kick(): void;
  /** Sends until nothing is due; false when `timeoutMs` ran out first. Works without start(). */
  drain(timeoutMs: number): Promise<boolean>;
  /** Stops polling and waits for the pass in flight. Does not close the transport. */
  stop(): Promise<void>;
}

/** First retry after 5 s, doubling up to 15 min; after 3 days the entry is given up (status failed). */
export const RETRY_BASE_MS = 5_000;
export const RETRY_MAX_MS = 15 * 60_000;
export const GIVE_UP_AFTER_MS = 3 * 24 * 3_600_000;

/** The delay before retry number `failures` (1 = after the first failure), with ±20 % jitter. */
export function retryDelayMs(failures: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const delay = Math.min(RETRY_BASE_MS * 2 ** exponent, RETRY_MAX_MS);
  return Math.round(delay * (0.8 + 0.4 * random()));
}

/**
 * The Message-ID of an outbox entry: a hash of its dedupe key, so every attempt (and
 * every instance) sends the same ID and a receiving server can drop a repeat.
 */
export function messageIdFor(dedupeKey: string): string {
  return `<${createHash('sha256').update(dedupeKey).digest('hex').slice(0, 32)}@flawless>`;
}

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Delivers the durable outbox: claims due entries, sends each, marks it sent, or on
 * failure schedules a retry with exponential backoff and jitter. Nothing escapes the
 * loop: a failing transport or store is logged and tried again on the next pass.
 */
export function createOutboxSender(options: OutboxSenderOptions): OutboxSender {
  const { store, transport, from, log } = options;
  const pollMs = options.pollMs ?? 5_000;
  const leaseMs = options.leaseMs ?? 10 * 60_000;
  const batchSize = options.batchSize ?? 10;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;

  let started = false;
  let timer: NodeJS.Timeout | null = null;
  let timerDue = 0;
  // Passes run one at a time, chained; `queued` is a pass not yet begun that new callers share.
  let chain: Promise<unknown> = Promise.resolve();
  let queued: Promise<number> | null = null;

  async function deliver(entry: OutboxEntry): Promise<void> {
    try {
      await transport.send({ ...entry, from, messageId: messageIdFor(entry.dedupeKey) });
    } catch (err) {
      const at = now();
      const giveUp = at - entry.created_at >= GIVE_UP_AFTER_MS;
      const next = at + retryDelayMs(entry.attempts + 1, random);
      log?.[giveUp ? 'error' : 'warn'](
        { err, id: entry.id, to: entry.to, attempts: entry.attempts + 1, nextAttemptAt: giveUp ? null : next },
        giveUp ? 'email undeliverable for 3 days; giving up' : 'email delivery failed; will retry',
      );
      await store.markFailed(entry.id, describe(err), next, giveUp);
      return;
    }
    log?.info({ id: entry.id, to: entry.to, subject: entry.subject }, 'email sent');
    // A failure here leaves the entry claimed: it is sent again after the lease, the one
    // repeat the contract allows.
    await store.markSent(entry.id, now());
  }

  /** One pass; returns how many entries it claimed. Never rejects. */
  async function pass(): Promise<number> {
    let entries: OutboxEntry[];
    const claimedAt = now();
    try {
      entries = await store.claimOutbox(claimedAt, batchSize, leaseMs);
    } catch (err) {
      log?.error({ err }, 'cannot read the email outbox');
      return 0;
    }
    for (const entry of entries) {
      // Past most of the lease another instance may take the rest; leave them to it.
      if (now() - claimedAt > leaseMs * 0.8) break;
      try {
        await deliver(entry);
      } catch (err) {
        log?.error({ err, id: entry.id }, 'cannot record an email delivery attempt');
      }
    }
    return entries.length;
  }

  function runPass(): Promise<number> {
    if (queued) return queued;
    const next = chain.then(() => {
      queued = null;
      return pass();
    });
    queued = next;
    chain = next;
    return next;
  }

  function arm(delayMs: number): void {
    if (!started) return;
    const due = Date.now() + delayMs;
    if (timer && timerDue <= due) return;
    if (timer) clearTimeout(timer);
    timerDue = due;
    timer = setTimeout(tick, delayMs);
    timer.unref();
  }

  function tick(): void {
    timer = null;
    void runPass().then((claimed) => arm(claimed >= batchSize ? 0 : pollMs));
  }

  return {
    start() {
      if (started) return;
      started = true;
      arm(0);
    },
    kick() {
      arm(0);
    },
    async drain(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      let expired = false;
      let deadlineTimer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        deadlineTimer = setTimeout(() => {
          expired = true;
          resolve();
        }, timeoutMs);
      });
      try {
        while (Date.now() < deadline) {
          let claimed = 0;
          await Promise.race([runPass().then((n) => (claimed = n)), timeout]);
          if (expired) return false;
          if (claimed === 0) return true;
        }
        return false;
      } finally {
        clearTimeout(deadlineTimer);
      }
    },
    async stop() {
      started = false;
      if (timer) clearTimeout(timer);
      timer = null;
      await chain;
    },
  };
}
