import { errorKeyId } from '@flawless/protocol';
import type { Pool, PoolClient } from 'pg';
import { FlawlessError } from '../errors';
import { type MergedOccurrence, mergeBatch } from './merge';
import { createPool, describePostgresUrl, inTransaction } from './postgres-pool';
import { type Row, SUMMARY_COLUMNS, toBlameJob, toDb, toOutbox, toRecord, toSummary } from './postgres-rows';
import { migrate } from './postgres-schema';
import * as sql from './postgres-sql';
import { type RuleRow, ruleData, ruleSetFromRows } from './rule-rows';
import type {
  DropKind,
  EmailDraft,
  EmailPlanner,
  ErrorRecord,
  Occurrence,
  RecordResult,
  Store,
  WeeklyQuery,
} from './types';

/** How often, at most, one error's stored `last_report` is rewritten under load. */
const LAST_REPORT_INTERVAL_MS = 1000;

/** Options of the PostgreSQL store. */
export interface PostgresStoreOptions {
  /** postgres://user:password@host:port/database (any libpq-style URL `pg` accepts). */
  url: string;
  /** Clock, epoch ms (tests move it). */
  now?: () => number;
  /** Most connections this server opens; default 10. */
  maxConnections?: number;
}

/**
 * Connects, migrates, and returns the PostgreSQL store. Every change is one
 * transaction committed with `synchronous_commit` at least `on`, so a resolved
 * `recordOccurrences` is in the flushed WAL — the 202 promise of the ingest API.
 * Several servers may share one database: counts add up, claims skip each other's
 * rows (`FOR UPDATE SKIP LOCKED`) and the outbox keeps one email per dedupe key.
 * Throws FLW_ERR_STORAGE (naming host and database, never the password) when the
 * database cannot be reached or migrated.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const now = options.now ?? Date.now;
  const pool = createPool(options.url, options.maxConnections ?? 10);
  try {
    await migrate(pool);
  } catch (err) {
    await pool.end().catch(() => {});
    throw new FlawlessError('FLW_ERR_STORAGE', [describePostgresUrl(options.url), (err as Error).message], {
      cause: err,
    });
  }
  return postgresStore(pool, now);
}

/** Rows of drafts as QUEUE_DRAFTS takes them: one array per column. */
function draftColumns(drafts: { draft: EmailDraft; errorId: number | null }[], at: number): unknown[] {
  return [
    drafts.map((d) => toDb(d.draft.dedupeKey)),
    drafts.map((d) => d.draft.kind),
    drafts.map((d) => JSON.stringify(d.draft.to)),
    drafts.map((d) => toDb(d.draft.subject)),
    drafts.map((d) => toDb(d.draft.text)),
    drafts.map((d) => toDb(d.draft.html)),
    drafts.map((d) => d.errorId),
    at,
  ];
}

async function queueDrafts(
  client: PoolClient,
  drafts: { draft: EmailDraft; errorId: number | null }[],
  at: number,
): Promise<number> {
  if (drafts.length === 0) return 0;
  const r = await client.query<{ queued: number }>(sql.QUEUE_DRAFTS, draftColumns(drafts, at));
  return r.rows[0]?.queued ?? 0;
}

interface Merged extends MergedOccurrence {
  /** week NUL keyId */
  id: string;
  /** Whether last_report is written (not written by this process within the last second). */
  writeReport: boolean;
}

function postgresStore(pool: Pool, now: () => number): Store {
  // Which errors had their last_report written recently (this process only), set after
  // the commit: a first sighting always writes it, so a new row is never without one.
  const lastReportWrite = new Map<string, number>();

  async function record(client: PoolClient, items: Occurrence[], plan: EmailPlanner, at: number) {
    const result: RecordResult = { duplicates: 0, newBlameJobs: 0, newEmails: 0 };
    const ids = [
      ...new Set(items.flatMap((i) => (i.report.report_id === undefined ? [] : [toDb(i.report.report_id)]))),
    ];
    const fresh = new Set<string>();
    if (ids.length > 0) {
      const r = await client.query<{ report_id: string }>(sql.SEEN_REPORTS, [ids, at]);
      for (const row of r.rows) fresh.add(row.report_id);
    }
    // The first of a batch's reports with one id counts; the others are duplicates.
    const { merged, duplicates } = mergeBatch(items, (rid) => !fresh.delete(toDb(rid)));
    result.duplicates = duplicates;
    const entries: Merged[] = [...merged].map(([id, m]) => {
      const lastWrite = lastReportWrite.get(id);
      return { ...m, id, writeReport: lastWrite === undefined || at - lastWrite >= LAST_REPORT_INTERVAL_MS };
    });
    if (entries.length === 0) return { result, written: [] as string[] };
    const col = <T>(f: (m: Merged) => T) => entries.map(f);
    const up = await client.query<Row>(sql.UPSERT_ERRORS, [
      col((m) => m.item.week),
      col((m) => m.item.keyId),
      col((m) => toDb(m.item.key.filename)),
      col((m) => m.item.key.line_number),
      col((m) => toDb(m.item.key.function_name)),
      col((m) => toDb(m.item.key.text)),
      col((m) => m.count),
      col((m) => m.first),
      col((m) => m.last),
      col((m) => toDb(m.item.report.hostname)),
      col((m) => toDb(m.item.report.exception_type)),
      col((m) => m.item.isKnownError),
      col((m) => m.item.report.error_threshold ?? null),
      col((m) => toDb(m.item.report.revision ?? null)),
      col((m) => (m.writeReport ? JSON.stringify(m.item.frames) : null)),
      col((m) => (m.writeReport ? JSON.stringify(m.item.blamablePaths) : null)),
      col((m) => (m.writeReport ? JSON.stringify(m.item.report) : null)),
    ]);
    const drafts: { draft: EmailDraft; errorId: number }[] = [];
    // In batch order, as the SQLite store plans them.
    const rows = up.rows.sort((a, b) => (a['ord'] as number) - (b['ord'] as number));
    // While the blame is pending, every report is kept: the email the blame makes due is
    // built from the stored report, and it should show the latest occurrence.
    const pending = rows.filter((row) => {
      const m = entries[(row['ord'] as number) - 1] as Merged;
      return !m.writeReport && row['blame_state'] === 'pending';
    });
    if (pending.length > 0) {
      const ms = pending.map((row) => entries[(row['ord'] as number) - 1] as Merged);
      await client.query(sql.SAVE_REPORTS, [
        pending.map((row) => row['id']),
        ms.map((m) => JSON.stringify(m.item.frames)),
        ms.map((m) => JSON.stringify(m.item.blamablePaths)),
        ms.map((m) => JSON.stringify(m.item.report)),
      ]);
    }
    for (const row of rows) {
      result.newBlameJobs = row['new_jobs'] as number;
      const m = entries[(row['ord'] as number) - 1] as Merged;
      if (row['inserted'] === true || row['blame_state'] !== 'done') continue;
      const summary = toSummary(row);
      const rec: ErrorRecord = {
        ...summary,
        frames: m.item.frames,
        blamable_paths: m.item.blamablePaths,
        last_report: m.item.report,
      };
      for (const draft of plan({ record: rec, previousCount: summary.count - m.count, report: m.item.report })) {
        drafts.push({ draft, errorId: row['id'] as number });
      }
    }
    result.newEmails = await queueDrafts(client, drafts, at);
    const written = entries.filter((m) => m.writeReport).map((m) => m.id);
    return { result, written };
  }

  return {
    async recordOccurrences(items, plan) {
      const at = now();
      const { result, written } = await inTransaction(pool, (client) => record(client, items, plan, at));
      if (lastReportWrite.size > 100_000) lastReportWrite.clear();
      for (const id of written) lastReportWrite.set(id, at);
      return result;
    },
    async recordDrops(week, kind, count) {
      await pool.query(sql.ADD_DROPS, [week, kind, count]);
    },
    async dropCounts(week) {
      const out: Partial<Record<DropKind, number>> = {};
      const r = await pool.query<{ kind: DropKind; count: number }>('SELECT kind, count FROM drops WHERE week = $1', [
        week,
      ]);
      for (const row of r.rows) out[row.kind] = row.count;
      return out;
    },
    async claimBlameJobs(limit, leaseMs) {
      const t = now();
      const r = await pool.query<Row>(sql.CLAIM_BLAME_JOBS, [t + leaseMs, t, limit]);
      return r.rows.map(toBlameJob).sort((a, b) => a.id - b.id);
    },
    async completeBlame(job, outcome, resolveEmail, plan, problem) {
      const at = now();
      await inTransaction(pool, async (client) => {
        const found = await client.query<Row>(sql.LOCK_RECORD_DELETING_JOB, [job.week, errorKeyId(job.key), job.id]);
        const row = found.rows[0];
        if (!row) return;
        const id = row['id'] as number;
        const drafts: { draft: EmailDraft; errorId: number | null }[] = [];
        if (!outcome.ok) {
          await client.query(sql.BLAME_FAILED, [id, toDb(outcome.reason)]);
        } else {
          const r = outcome.result;
          const updated = await client.query<Row>(sql.BLAME_DONE, [
            id,
            toDb(r.authorEmail),
            toDb(resolveEmail(r.authorEmail, job.key.filename)),
            new Date(r.authorTime * 1000).toISOString(),
            toDb(r.commit),
            toDb(r.revision),
            toDb(r.note || null),
          ]);
          const rec = toRecord({ ...row, ...updated.rows[0] });
          for (const draft of plan({ record: rec, previousCount: rec.alerted_count, report: rec.last_report })) {
            drafts.push({ draft, errorId: id });
          }
        }
        if (problem) drafts.push({ draft: problem, errorId: null });
        await queueDrafts(client, drafts, at);
      });
    },
    async enqueueEmails(drafts) {
      if (drafts.length === 0) return;
      const at = now();
      await pool.query(
        sql.QUEUE_DRAFTS,
        draftColumns(
          drafts.map((draft) => ({ draft, errorId: null })),
          at,
        ),
      );
    },
    async claimOutbox(t, limit, leaseMs) {
      const r = await pool.query<Row>(sql.CLAIM_OUTBOX, [t + leaseMs, t, limit]);
      return r.rows.map(toOutbox).sort((a, b) => a.id - b.id);
    },
    async markSent(id, at) {
      await pool.query(
        `UPDATE outbox SET status = 'sent', sent_at = $1, attempts = attempts + 1, last_error = NULL WHERE id = $2`,
        [at, id],
      );
    },
    async markFailed(id, error, nextAttemptAt, giveUp) {
      await pool.query(
        `UPDATE outbox SET status = $2, attempts = attempts + 1, last_error = $3, next_attempt_at = $4, leased_until = 0
         WHERE id = $1`,
        [id, giveUp ? 'failed' : 'pending', toDb(error), nextAttemptAt],
      );
    },
    async listOutbox(limit) {
      const r = await pool.query<Row>('SELECT * FROM outbox ORDER BY id DESC LIMIT $1', [limit]);
      return r.rows.map(toOutbox);
    },
    async weeklyErrors(query: WeeklyQuery) {
      const args: unknown[] = [query.week];
      let where = 'week = $1';
      if (!query.includeKnownErrors) where += ' AND NOT is_known_error';
      if (query.minimumDate !== null) {
        args.push(query.minimumDate);
        where += ' AND (line_date IS NULL OR line_date >= $2)';
      }
      const r = await pool.query<Row>(
        `SELECT ${SUMMARY_COLUMNS} FROM errors WHERE ${where} ORDER BY count DESC, id`,
        args,
      );
      return r.rows.map(toSummary);
    },
    async getError(week, key) {
      const r = await pool.query<Row>(sql.RECORD_BY_KEY, [week, errorKeyId(key)]);
      const row = r.rows[0];
      return row ? toRecord(row) : null;
    },
    async weeks() {
      const r = await pool.query<{ week: string }>('SELECT DISTINCT week FROM errors ORDER BY week DESC');
      return r.rows.map((row) => row.week);
    },
    async loadRules() {
      const r = await pool.query<RuleRow>('SELECT id, kind, data FROM rules ORDER BY id');
      return ruleSetFromRows(r.rows);
    },
    async rulesVersion() {
      const r = await pool.query<{ value: number }>("SELECT value FROM meta WHERE key = 'rules_version'");
      return r.rows[0]?.value ?? 0;
    },
    async addRule(input) {
      const r = await pool.query<{ id: number }>(sql.ADD_RULE, [input.kind, ruleData(input.rule)]);
      return r.rows[0]?.id as number;
    },
    async updateRule(id, input) {
      const r = await pool.query<{ changed: number }>(sql.UPDATE_RULE, [input.kind, ruleData(input.rule), id]);
      return (r.rows[0]?.changed ?? 0) > 0;
    },
    async deleteRule(kind, id) {
      const r = await pool.query<{ changed: number }>(sql.DELETE_RULE, [kind, id]);
      return (r.rows[0]?.changed ?? 0) > 0;
    },
    async close() {
      if (!pool.ended) await pool.end();
    },
  };
}
