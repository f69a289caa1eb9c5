import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ErrorKey } from '@flawless/protocol';
import Database from 'better-sqlite3';
import { FlawlessError } from '../errors';
import type { BlameOutcome } from '../vcs/types';
import { mergeBatch } from './merge';
import { type RuleRow, ruleData, ruleSetFromRows } from './rule-rows';
import { SQLITE_MIGRATIONS } from './schema';
import type {
  BlameJob,
  DropKind,
  EmailDraft,
  EmailPlanner,
  ErrorRecord,
  ErrorSummary,
  Occurrence,
  OutboxEntry,
  RecordResult,
  RuleInput,
  Store,
  WeeklyQuery,
} from './types';

/** How often, at most, one error's stored `last_report` is rewritten under load. */
const LAST_REPORT_INTERVAL_MS = 1000;

type Row = Record<string, unknown>;

const SUMMARY_COLUMNS = `week, filename, line_number, function_name, text, count, first_seen, last_seen, hostname,
  exception_type, blame_state, author_email, developer_email, line_date, commit_sha, blamed_revision, blame_note,
  email_sent, emails_sent, alerted_count, is_known_error, error_threshold`;

function toSummary(r: Row): ErrorSummary {
  return {
    week: r['week'] as string,
    key: {
      filename: r['filename'] as string,
      line_number: r['line_number'] as number,
      function_name: r['function_name'] as string,
      text: r['text'] as string,
    },
    count: r['count'] as number,
    first_seen: r['first_seen'] as number,
    last_seen: r['last_seen'] as number,
    hostname: r['hostname'] as string,
    exception_type: r['exception_type'] as string,
    blame_state: r['blame_state'] as ErrorSummary['blame_state'],
    author_email: (r['author_email'] as string | null) ?? null,
    developer_email: (r['developer_email'] as string | null) ?? null,
    line_date: (r['line_date'] as string | null) ?? null,
    commit: (r['commit_sha'] as string | null) ?? null,
    blamed_revision: (r['blamed_revision'] as string | null) ?? null,
    blame_note: (r['blame_note'] as string | null) ?? null,
    email_sent: r['email_sent'] === 1,
    emails_sent: r['emails_sent'] as number,
    alerted_count: r['alerted_count'] as number,
    is_known_error: r['is_known_error'] === 1,
    error_threshold: (r['error_threshold'] as number | null) ?? null,
  };
}

/** toSummary for a raw row, its values in SUMMARY_COLUMNS order. */
function summaryFromArray(r: unknown[]): ErrorSummary {
  return {
    week: r[0] as string,
    key: {
      filename: r[1] as string,
      line_number: r[2] as number,
      function_name: r[3] as string,
      text: r[4] as string,
    },
    count: r[5] as number,
    first_seen: r[6] as number,
    last_seen: r[7] as number,
    hostname: r[8] as string,
    exception_type: r[9] as string,
    blame_state: r[10] as ErrorSummary['blame_state'],
    author_email: (r[11] as string | null) ?? null,
    developer_email: (r[12] as string | null) ?? null,
    line_date: (r[13] as string | null) ?? null,
    commit: (r[14] as string | null) ?? null,
    blamed_revision: (r[15] as string | null) ?? null,
    blame_note: (r[16] as string | null) ?? null,
    email_sent: r[17] === 1,
    emails_sent: r[18] as number,
    alerted_count: r[19] as number,
    is_known_error: r[20] === 1,
    error_threshold: (r[21] as number | null) ?? null,
  };
}

function toRecord(r: Row): ErrorRecord {
  return {
    ...toSummary(r),
    frames: JSON.parse((r['frames'] as string | null) ?? '[]'),
    blamable_paths: JSON.parse((r['blamable_paths'] as string | null) ?? '[]'),
    last_report: JSON.parse((r['last_report'] as string | null) ?? '{"traceback":[]}'),
  };
}

function toOutbox(r: Row): OutboxEntry {
  return {
    id: r['id'] as number,
    dedupeKey: r['dedupe_key'] as string,
    kind: r['kind'] as OutboxEntry['kind'],
    to: JSON.parse(r['recipients'] as string),
    subject: r['subject'] as string,
    text: r['body_text'] as string,
    html: r['body_html'] as string,
    status: r['status'] as OutboxEntry['status'],
    attempts: r['attempts'] as number,
    created_at: r['created_at'] as number,
    next_attempt_at: r['next_attempt_at'] as number,
    sent_at: (r['sent_at'] as number | null) ?? null,
    last_error: (r['last_error'] as string | null) ?? null,
  };
}

function keyId(key: ErrorKey): string {
  return JSON.stringify([key.filename, key.line_number, key.function_name, key.text]);
}

/** Options of the SQLite store. */
export interface SqliteStoreOptions {
  /** Database file; ':memory:' for throwaway stores. */
  path: string;
  /** Clock, epoch ms (tests move it). */
  now?: () => number;
}

/**
 * The SQLite store: WAL with `synchronous=FULL`, so a commit is on disk (fsynced)
 * before `recordOccurrences` resolves — the 202 promise of the ingest API.
 */
export function openSqliteStore(options: SqliteStoreOptions): Store {
  const now = options.now ?? Date.now;
  let db: Database.Database;
  try {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    db = new Database(options.path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 10000');
    db.pragma('foreign_keys = ON');
    const version = db.pragma('user_version', { simple: true }) as number;
    for (let v = version; v < SQLITE_MIGRATIONS.length; v++) {
      db.transaction(() => {
        db.exec(SQLITE_MIGRATIONS[v] as string);
        db.pragma(`user_version = ${v + 1}`);
      }).immediate();
    }
  } catch (err) {
    throw new FlawlessError('FLW_ERR_STORAGE', [options.path, (err as Error).message], { cause: err });
  }

  const stmt = {
    seenReport: db.prepare('INSERT OR IGNORE INTO report_ids (report_id, seen_at) VALUES (?, ?)'),
    upsert: db.prepare(`
      INSERT INTO errors (week, key_id, filename, line_number, function_name, text, count, first_seen, last_seen,
        hostname, exception_type, is_known_error, error_threshold)
      VALUES (@week, @key_id, @filename, @line_number, @function_name, @text, @count, @first, @last,
        @hostname, @exception_type, @known, @threshold)
      ON CONFLICT (week, key_id) DO UPDATE SET
        count = count + excluded.count,
        last_seen = max(last_seen, excluded.last_seen),
        hostname = excluded.hostname,
        exception_type = excluded.exception_type,
        is_known_error = excluded.is_known_error,
        error_threshold = coalesce(excluded.error_threshold, error_threshold)
      RETURNING id, ${SUMMARY_COLUMNS}`),
    saveReport: db.prepare(`INSERT INTO error_reports (error_id, frames, blamable_paths, last_report)
      VALUES (?, ?, ?, ?) ON CONFLICT (error_id) DO UPDATE SET frames = excluded.frames,
      blamable_paths = excluded.blamable_paths, last_report = excluded.last_report`),
    addJob: db.prepare('INSERT OR IGNORE INTO blame_jobs (week, key_id, revision) VALUES (?, ?, ?)'),
    addOutbox: db.prepare(`INSERT OR IGNORE INTO outbox (dedupe_key, kind, recipients, subject, body_text, body_html,
      created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    markEmailed: db.prepare(
      'UPDATE errors SET email_sent = 1, emails_sent = emails_sent + 1, alerted_count = count WHERE id = ?',
    ),
    addDrops: db.prepare(
      'INSERT INTO drops (week, kind, count) VALUES (?, ?, ?) ON CONFLICT (week, kind) DO UPDATE SET count = count + excluded.count',
    ),
    dropCounts: db.prepare('SELECT kind, count FROM drops WHERE week = ?'),
    claimJobs: db.prepare(`UPDATE blame_jobs SET leased_until = @until, attempts = attempts + 1
      WHERE id IN (SELECT id FROM blame_jobs WHERE leased_until < @now ORDER BY id LIMIT @limit)
      RETURNING id, week, key_id, revision, attempts`),
    recordByKey: db.prepare(
      'SELECT * FROM errors LEFT JOIN error_reports ON error_id = id WHERE week = ? AND key_id = ?',
    ),
    deleteJob: db.prepare('DELETE FROM blame_jobs WHERE id = ?'),
    blameDone: db.prepare(`UPDATE errors SET blame_state = 'done', author_email = @author_email,
      developer_email = @developer_email, line_date = @line_date, commit_sha = @commit, blamed_revision = @revision,
      blame_note = @note WHERE id = @id`),
    blameFailed: db.prepare(`UPDATE errors SET blame_state = 'failed', blame_note = @note WHERE id = @id`),
    claimOutbox: db.prepare(`UPDATE outbox SET leased_until = @until
      WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= @now AND leased_until < @now
        ORDER BY id LIMIT @limit)
      RETURNING *`),
    markSent: db.prepare(`UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL
      WHERE id = ?`),
    markFailed: db.prepare(`UPDATE outbox SET status = @status, attempts = attempts + 1, last_error = @error,
      next_attempt_at = @next, leased_until = 0 WHERE id = @id`),
    listOutbox: db.prepare('SELECT * FROM outbox ORDER BY id DESC LIMIT ?'),
    weeks: db.prepare('SELECT DISTINCT week FROM errors ORDER BY week DESC'),
    rules: db.prepare('SELECT id, kind, data FROM rules ORDER BY id'),
    rulesVersion: db.prepare("SELECT value FROM meta WHERE key = 'rules_version'"),
    bumpRules: db.prepare("UPDATE meta SET value = value + 1 WHERE key = 'rules_version'"),
    addRule: db.prepare('INSERT INTO rules (kind, data) VALUES (?, ?)'),
    updateRule: db.prepare('UPDATE rules SET kind = ?, data = ? WHERE id = ? AND kind = ?'),
    deleteRule: db.prepare('DELETE FROM rules WHERE id = ? AND kind = ?'),
  };

  // The leaderboard reads a whole week (ten thousand rows and more): rows come back as
  // arrays, which better-sqlite3 builds far faster than 22-key objects.
  const weeklyStatements = new Map<string, Database.Statement>();
  function weeklyStatement(query: WeeklyQuery): Database.Statement {
    const id = `${query.includeKnownErrors}|${query.minimumDate !== null}`;
    let st = weeklyStatements.get(id);
    if (!st) {
      let sql = `SELECT ${SUMMARY_COLUMNS} FROM errors WHERE week = ?`;
      if (!query.includeKnownErrors) sql += ' AND is_known_error = 0';
      if (query.minimumDate !== null) sql += ' AND (line_date IS NULL OR line_date >= ?)';
      st = db.prepare(`${sql} ORDER BY count DESC`).raw(true);
      weeklyStatements.set(id, st);
    }
    return st;
  }

  // Which errors had their last_report written recently (this process only): a first
  // sighting always writes it, so a new row is never without one.
  const lastReportWrite = new Map<string, number>();

  /** Queues drafts (a known dedupe key is skipped); says how many were new and whether one was an error email. */
  function queueDrafts(drafts: EmailDraft[], at: number): { queued: number; errorQueued: boolean } {
    let queued = 0;
    let errorQueued = false;
    for (const d of drafts) {
      const r = stmt.addOutbox.run(d.dedupeKey, d.kind, JSON.stringify(d.to), d.subject, d.text, d.html, at, at);
      if (r.changes > 0) {
        queued++;
        if (d.kind === 'error') errorQueued = true;
      }
    }
    return { queued, errorQueued };
  }

  const recordTx = db.transaction((items: Occurrence[], plan: EmailPlanner): RecordResult => {
    const at = now();
    const result: RecordResult = { duplicates: 0, newBlameJobs: 0, newEmails: 0 };
    const { merged, duplicates } = mergeBatch(items, (rid) => stmt.seenReport.run(rid, at).changes === 0);
    result.duplicates = duplicates;
    for (const [id, m] of merged) {
      const { item } = m;
      const lastWrite = lastReportWrite.get(id);
      const writeReport = lastWrite === undefined || at - lastWrite >= LAST_REPORT_INTERVAL_MS;
      if (writeReport) {
        if (lastReportWrite.size > 100_000) lastReportWrite.clear();
        lastReportWrite.set(id, at);
      }
      const row = stmt.upsert.get({
        week: item.week,
        key_id: item.keyId,
        filename: item.key.filename,
        line_number: item.key.line_number,
        function_name: item.key.function_name,
        text: item.key.text,
        count: m.count,
        first: m.first,
        last: m.last,
        hostname: item.report.hostname,
        exception_type: item.report.exception_type,
        known: item.isKnownError ? 1 : 0,
        threshold: item.report.error_threshold ?? null,
      }) as Row;
      const count = row['count'] as number;
      const isNew = count === m.count;
      // While the blame is pending, every report is kept: the email the blame makes due is
      // built from the stored report, and it should show the latest occurrence.
      if (writeReport || isNew || row['blame_state'] === 'pending') {
        stmt.saveReport.run(
          row['id'],
          JSON.stringify(item.frames),
          JSON.stringify(item.blamablePaths),
          JSON.stringify(item.report),
        );
      }
      if (isNew) {
        result.newBlameJobs += stmt.addJob.run(item.week, item.keyId, item.report.revision ?? null).changes;
        continue;
      }
      if (row['blame_state'] !== 'done') continue;
      const record: ErrorRecord = {
        ...toSummary(row),
        frames: item.frames,
        blamable_paths: item.blamablePaths,
        last_report: item.report,
      };
      const drafts = plan({ record, previousCount: count - m.count, report: item.report });
      if (drafts.length === 0) continue;
      const q = queueDrafts(drafts, at);
      result.newEmails += q.queued;
      if (q.errorQueued) stmt.markEmailed.run(row['id']);
    }
    return result;
  });

  const completeTx = db.transaction(
    (
      job: BlameJob,
      outcome: BlameOutcome,
      resolveEmail: (authorEmail: string, path: string) => string,
      plan: EmailPlanner,
      problem: EmailDraft | null,
    ) => {
      const at = now();
      const row = stmt.recordByKey.get(job.week, keyId(job.key)) as Row | undefined;
      stmt.deleteJob.run(job.id);
      if (!row) return;
      if (!outcome.ok) {
        stmt.blameFailed.run({ id: row['id'], note: outcome.reason });
      } else {
        const r = outcome.result;
        stmt.blameDone.run({
          id: row['id'],
          author_email: r.authorEmail,
          developer_email: resolveEmail(r.authorEmail, job.key.filename),
          line_date: new Date(r.authorTime * 1000).toISOString(),
          commit: r.commit,
          revision: r.revision,
          note: r.note || null,
        });
        const record = toRecord(stmt.recordByKey.get(job.week, keyId(job.key)) as Row);
        const drafts = plan({ record, previousCount: record.alerted_count, report: record.last_report });
        if (drafts.length > 0 && queueDrafts(drafts, at).errorQueued) stmt.markEmailed.run(row['id']);
      }
      if (problem) queueDrafts([problem], at);
    },
  );

  return {
    async recordOccurrences(items, plan) {
      return recordTx.immediate(items, plan);
    },
    async recordDrops(week: string, kind: DropKind, count: number) {
      stmt.addDrops.run(week, kind, count);
    },
    async dropCounts(week) {
      const out: Partial<Record<DropKind, number>> = {};
      for (const r of stmt.dropCounts.all(week) as Row[]) out[r['kind'] as DropKind] = r['count'] as number;
      return out;
    },
    async claimBlameJobs(limit, leaseMs) {
      const t = now();
      const rows = stmt.claimJobs.all({ until: t + leaseMs, now: t, limit }) as Row[];
      return rows.map((r) => {
        const [filename, line_number, function_name, text] = JSON.parse(r['key_id'] as string);
        return {
          id: r['id'] as number,
          week: r['week'] as string,
          key: { filename, line_number, function_name, text },
          revision: (r['revision'] as string | null) ?? null,
          attempts: r['attempts'] as number,
        };
      });
    },
    async completeBlame(job, outcome, resolveEmail, plan, problem) {
      completeTx.immediate(job, outcome, resolveEmail, plan, problem);
    },
    async enqueueEmails(drafts) {
      db.transaction(() => queueDrafts(drafts, now())).immediate();
    },
    async claimOutbox(t, limit, leaseMs) {
      return (stmt.claimOutbox.all({ until: t + leaseMs, now: t, limit }) as Row[]).map(toOutbox);
    },
    async markSent(id, at) {
      stmt.markSent.run(at, id);
    },
    async markFailed(id, error, nextAttemptAt, giveUp) {
      stmt.markFailed.run({ id, error, next: nextAttemptAt, status: giveUp ? 'failed' : 'pending' });
    },
    async listOutbox(limit) {
      return (stmt.listOutbox.all(limit) as Row[]).map(toOutbox);
    },
    async weeklyErrors(query: WeeklyQuery) {
      const args: unknown[] = [query.week];
      if (query.minimumDate !== null) args.push(query.minimumDate);
      return (weeklyStatement(query).all(...args) as unknown[][]).map(summaryFromArray);
    },
    async getError(week, key) {
      const row = stmt.recordByKey.get(week, keyId(key)) as Row | undefined;
      return row ? toRecord(row) : null;
    },
    async weeks() {
      return (stmt.weeks.all() as Row[]).map((r) => r['week'] as string);
    },
    async loadRules() {
      return ruleSetFromRows(stmt.rules.all() as RuleRow[]);
    },
    async rulesVersion() {
      return (stmt.rulesVersion.get() as Row)['value'] as number;
    },
    async addRule(input: RuleInput) {
      return db
        .transaction(() => {
          const r = stmt.addRule.run(input.kind, ruleData(input.rule));
          stmt.bumpRules.run();
          return Number(r.lastInsertRowid);
        })
        .immediate();
    },
    async updateRule(id, input) {
      return db
        .transaction(() => {
          const changed = stmt.updateRule.run(input.kind, ruleData(input.rule), id, input.kind).changes > 0;
          if (changed) stmt.bumpRules.run();
          return changed;
        })
        .immediate();
    },
    async deleteRule(kind, id) {
      return db
        .transaction(() => {
          const changed = stmt.deleteRule.run(id, kind).changes > 0;
          if (changed) stmt.bumpRules.run();
          return changed;
        })
        .immediate();
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
