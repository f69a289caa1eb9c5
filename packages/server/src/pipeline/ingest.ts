import { type ErrorReport, errorKeyId, normalizeReport } from '@flawless/protocol';
import type { Logger } from 'pino';
import type { DropKind, EmailPlanner, Occurrence, RecordResult, Store } from '../store/types';
import { describeFrames, triage } from '../triage/attribute';
import type { TriageSettings } from '../triage/types';
import { weekOf } from '../week';
import { createGroupCommitter } from './group-commit';
import type { RulesProvider } from './rules-provider';

/** Takes validated reports, triages them and stores their counts durably. */
/** What the ingest edge knows of where reports came from. */
export interface ReportSource {
  /**
   * True when the sender proved who it is (ingest_token checked, a listed Thrift peer).
   * Only then may a report lower the email threshold below report_error_threshold: an
   * anonymous sender must not be able to turn every report into an email (review F3).
   */
  authenticated: boolean;
}

export interface IngestPipeline {
  /** Resolves once every report's count is on disk (or it was dropped by triage). */
  submit(reports: ErrorReport[], source: ReportSource): Promise<void>;
  /** Waits for commits in flight. */
  drain(): Promise<void>;
}

export interface IngestPipelineOptions {
  store: Store;
  rules: RulesProvider;
  settings: TriageSettings;
  timezone: string;
  planner: EmailPlanner;
  /** report_error_threshold: the lowest threshold an unauthenticated report may ask for. */
  errorThreshold: number;
  log: Logger;
  /** Called after each commit that queued blames or emails (the workers wake up). */
  onCommitted?: (result: RecordResult) => void;
  now?: () => number;
}

interface Batch {
  occurrences: Occurrence[];
  drops: Partial<Record<DropKind, number>>;
  week: string;
}

export function createIngestPipeline(options: IngestPipelineOptions): IngestPipeline {
  const { store, log } = options;
  const now = options.now ?? Date.now;

  const committer = createGroupCommitter<Batch>(async (batches) => {
    const occurrences: Occurrence[] = [];
    for (const b of batches) for (const o of b.occurrences) occurrences.push(o);
    const result =
      occurrences.length > 0
        ? await store.recordOccurrences(occurrences, options.planner)
        : { duplicates: 0, newBlameJobs: 0, newEmails: 0 };
    for (const b of batches) {
      for (const [kind, n] of Object.entries(b.drops)) {
        if (n) await store.recordDrops(b.week, kind as DropKind, n);
      }
    }
    if (result.newBlameJobs > 0 || result.newEmails > 0) options.onCommitted?.(result);
  });

  return {
    submit(reports, source) {
      const at = now();
      const week = weekOf(at, options.timezone);
      const { compiled } = options.rules.current();
      const batch: Batch = { occurrences: [], drops: {}, week };
      for (const raw of reports) {
        const report = normalizeReport(raw);
        if (
          !source.authenticated &&
          report.error_threshold !== undefined &&
          report.error_threshold < options.errorThreshold
        ) {
          delete report.error_threshold;
        }
        const count = report.error_count ?? 1;
        const result = triage(report, compiled, options.settings);
        switch (result.outcome) {
          case 'blamed':
            batch.occurrences.push({
              week,
              key: result.key,
              keyId: errorKeyId(result.key),
              count,
              at,
              report,
              isKnownError: result.knownError !== null,
              frames: result.frames,
              blamablePaths: result.blamablePaths,
            });
            break;
          case 'dropped':
            batch.drops[result.reason] = (batch.drops[result.reason] ?? 0) + count;
            break;
          case 'unassigned':
            batch.drops.unassigned = (batch.drops.unassigned ?? 0) + count;
            log.warn(
              { exception_type: report.exception_type, frames: describeFrames(result.frames) },
              'report not assigned: no blamable frame',
            );
            break;
        }
      }
      return committer.add([batch]);
    },
    drain: () => committer.drain(),
  };
}
