import { test } from 'node:test';
import { type ErrorKey, type ErrorReport, errorKeyId } from '@flawless/protocol';
import type { EmailDraft, EmailPlanner, ErrorRecord, Occurrence, Store } from '../../src/store/types';
import type { BlameOutcome } from '../../src/vcs/types';

/** A Store under test, opened by one implementation. */
export interface StoreUnderTest {
  store: Store;
  /** Opens another Store object on the same database, as a second server instance would. */
  another(): Promise<Store>;
  /** Closes every store opened and removes the data. */
  cleanup(): Promise<void>;
}

/** Opens an empty store whose clock is `now`. */
export type OpenStore = (now: () => number) => Promise<StoreUnderTest>;

/** A clock the test moves. */
export class Clock {
  t = Date.UTC(2024, 2, 5, 12, 0, 0);
  readonly now = (): number => this.t;
  advance(ms: number): number {
    this.t += ms;
    return this.t;
  }
}

export const WEEK = '2024-03-03';
export const LAST_WEEK = '2024-02-25';

export function key(line = 7, text = 'const total = cart.items.reduce(sum, 0);'): ErrorKey {
  return { filename: 'src/a.ts', line_number: line, function_name: 'placeOrder', text };
}

export interface OccurrenceOptions {
  key?: ErrorKey;
  week?: string;
  count?: number;
  at?: number;
  reportId?: string;
  hostname?: string;
  exceptionType?: string;
  known?: boolean;
  threshold?: number;
  revision?: string;
  message?: string;
}

/** One triaged occurrence, as the ingest pipeline would hand it to the store. */
export function occurrence(o: OccurrenceOptions = {}): Occurrence {
  const k = o.key ?? key();
  const report: ErrorReport = {
    traceback: [{ filename: k.filename, line_number: k.line_number, function_name: k.function_name, text: k.text }],
    exception_type: o.exceptionType ?? 'TypeError',
    exception_message: o.message ?? 'boom',
    hostname: o.hostname ?? 'web-1',
    ...(o.threshold !== undefined ? { error_threshold: o.threshold } : {}),
    ...(o.revision !== undefined ? { revision: o.revision } : {}),
    ...(o.reportId !== undefined ? { report_id: o.reportId } : {}),
    ...(o.count !== undefined && o.count > 1 ? { error_count: o.count } : {}),
  };
  return {
    week: o.week ?? WEEK,
    key: k,
    keyId: errorKeyId(k),
    count: o.count ?? 1,
    at: o.at ?? Date.UTC(2024, 2, 5, 12, 0, 0),
    report,
    isKnownError: o.known ?? false,
    frames: [{ index: 0, repoPath: k.filename, type: o.known ? 'KNOWN_ERROR' : 'DEFAULT' }],
    blamablePaths: [k.filename],
  };
}

export const noPlan: EmailPlanner = () => [];

export function draft(dedupeKey: string, kind: EmailDraft['kind'] = 'error', to = ['bob@example.org']): EmailDraft {
  return {
    dedupeKey,
    kind,
    to,
    subject: `subject ${dedupeKey}`,
    text: `text ${dedupeKey}`,
    html: `<p>${dedupeKey}</p>`,
  };
}

export interface PlanCall {
  record: ErrorRecord;
  previousCount: number;
  report: ErrorReport;
}

/**
 * The real planner's shape: the first email once the count reaches `threshold` (its
 * dedupe key names the week, the key and which email of the week it is), and records
 * every call.
 */
export function thresholdPlanner(threshold = 3): { plan: EmailPlanner; calls: PlanCall[] } {
  const calls: PlanCall[] = [];
  const plan: EmailPlanner = (input) => {
    calls.push(structuredClone(input));
    const { record } = input;
    if (record.email_sent || record.count < threshold) return [];
    return [draft(`error:${record.week}:${errorKeyId(record.key)}:${record.emails_sent + 1}`)];
  };
  return { plan, calls };
}

/** A successful blame naming `authorEmail`, the line last changed at `lineDate`. */
export function blamed(authorEmail = 'bob@example.org', note = '', lineDate = '2024-01-15T09:30:00Z'): BlameOutcome {
  return {
    ok: true,
    result: {
      authorEmail,
      authorName: 'Bob',
      authorTime: Date.parse(lineDate) / 1000,
      commit: 'c0ffee0000000000000000000000000000000000',
      revision: 'abc1230000000000000000000000000000000000',
      lineNumber: 7,
      note,
    },
  };
}

export const asIs = (email: string): string => email;

/** Claims every blame job and completes each with `outcome`. */
export async function blameAll(store: Store, outcome = blamed(), plan: EmailPlanner = noPlan): Promise<number> {
  const jobs = await store.claimBlameJobs(100, 60_000);
  for (const job of jobs) await store.completeBlame(job, outcome, asIs, plan, null);
  return jobs.length;
}

export interface StoreTestContext {
  clock: Clock;
  another(): Promise<Store>;
}

/** A test on a fresh store, cleaned up whatever happens. */
export function storeTest(
  open: OpenStore,
  name: string,
  fn: (store: Store, ctx: StoreTestContext) => Promise<void>,
): void {
  test(name, async () => {
    const clock = new Clock();
    const sut = await open(clock.now);
    try {
      await fn(sut.store, { clock, another: () => sut.another() });
    } finally {
      await sut.cleanup();
    }
  });
}
