import { type ErrorReport, errorKeyId } from '@flawless/protocol';
import type { Occurrence, Store } from '../../src/store/types';
import type { TriagedFrame } from '../../src/triage/types';
import type { BlameOutcome } from '../../src/vcs/types';

/** One error to put straight into the store, blamed as told. */
export interface SeedError {
  week: string;
  filename: string;
  line: number;
  fn?: string;
  text?: string;
  count: number;
  /** Who git blamed; null: blame failed (nobody to blame). */
  developer: string | null;
  /** ISO date of the line's last change. */
  lineDate?: string;
  known?: boolean;
  /** Epoch ms of the occurrence; default: the Monday of the week, noon UTC. */
  at?: number;
  report?: Partial<ErrorReport>;
  /** Triage of the report's frames; default: one blamable frame, the error's line. */
  frames?: TriagedFrame[];
  /** The blame explanation. */
  note?: string;
}

function keyOf(e: SeedError) {
  return {
    filename: e.filename,
    line_number: e.line,
    function_name: e.fn ?? 'handler',
    text: e.text ?? `line${e.line}()`,
  };
}

/**
 * Stores errors through the Store API as ingest and blame would (count, then blame),
 * without a repository or a clock: tests and the benchmark control every field.
 */
export async function seedErrors(store: Store, errors: SeedError[]): Promise<void> {
  const byKey = new Map<string, SeedError>();
  const occurrences: Occurrence[] = errors.map((e) => {
    const key = keyOf(e);
    const keyId = errorKeyId(key);
    byKey.set(`${e.week}|${keyId}`, e);
    return {
      week: e.week,
      key,
      keyId,
      count: e.count,
      at: e.at ?? Date.parse(`${e.week}T12:00:00Z`) + 86_400_000,
      isKnownError: e.known ?? false,
      frames: e.frames ?? [{ index: 0, repoPath: e.filename, type: e.known ? 'KNOWN_ERROR' : 'DEFAULT' }],
      blamablePaths: [e.filename],
      report: {
        traceback: [{ filename: e.filename, line_number: e.line, function_name: key.function_name, text: key.text }],
        exception_type: 'TypeError',
        exception_message: 'something was undefined',
        hostname: 'web-1',
        ...e.report,
      },
    };
  });
  for (let i = 0; i < occurrences.length; i += 5000) {
    await store.recordOccurrences(occurrences.slice(i, i + 5000), () => []);
  }
  for (;;) {
    const jobs = await store.claimBlameJobs(5000, 60_000);
    if (jobs.length === 0) break;
    for (const job of jobs) {
      const e = byKey.get(`${job.week}|${errorKeyId(job.key)}`);
      const outcome: BlameOutcome =
        !e || e.developer === null
          ? { ok: false, kind: 'text_not_found', reason: 'the line is nowhere in the file' }
          : {
              ok: true,
              result: {
                authorEmail: e.developer,
                authorName: e.developer.split('@')[0] ?? '',
                authorTime: Math.floor(Date.parse(e.lineDate ?? '2024-01-01') / 1000),
                commit: 'c0ffee'.padEnd(40, '0'),
                revision: 'beef'.padEnd(40, '0'),
                lineNumber: job.key.line_number,
                note: e.note ?? '',
              },
            };
      await store.completeBlame(
        job,
        outcome,
        (email) => email,
        () => [],
        null,
      );
    }
  }
}
