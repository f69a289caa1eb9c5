import type { BlameJob, ErrorRecord, ErrorSummary, OutboxEntry } from './types';

/**
 * PostgreSQL text cannot hold U+0000, which a report may carry anywhere (a hostname, a
 * line of code). Such text is stored with U+0000 written as U+E000 '0' and U+E000 as
 * U+E000 U+E000, so every string comes back exactly as it went in; text without either
 * character (all real text) passes through untouched.
 */
const ESCAPE = '\uE000';

/** A string as stored in a PostgreSQL text column. */
export function toDb(s: string): string;
export function toDb(s: string | null): string | null;
export function toDb(s: string | null): string | null {
  if (s === null || (!s.includes('\u0000') && !s.includes(ESCAPE))) return s;
  return s.replaceAll(ESCAPE, ESCAPE + ESCAPE).replaceAll('\u0000', `${ESCAPE}0`);
}

/** The string {@link toDb} stored. */
export function fromDb(s: unknown): string | null {
  if (typeof s !== 'string') return null;
  if (!s.includes(ESCAPE)) return s;
  return s.replace(/\uE000([0\uE000])/g, (_, c: string) => (c === '0' ? '\u0000' : ESCAPE));
}

export type Row = Record<string, unknown>;

/** The columns of an ErrorSummary, selected or returned. */
export const SUMMARY_COLUMNS = `week, filename, line_number, function_name, text, count, first_seen, last_seen,
  hostname, exception_type, blame_state, author_email, developer_email, line_date, commit_sha, blamed_revision,
  blame_note, email_sent, emails_sent, alerted_count, is_known_error, error_threshold`;

/** A row of SUMMARY_COLUMNS as a summary (int8 columns arrive as numbers, see the pool's type parser). */
export function toSummary(r: Row): ErrorSummary {
  return {
    week: r['week'] as string,
    key: {
      filename: fromDb(r['filename']) as string,
      line_number: r['line_number'] as number,
      function_name: fromDb(r['function_name']) as string,
      text: fromDb(r['text']) as string,
    },
    count: r['count'] as number,
    first_seen: r['first_seen'] as number,
    last_seen: r['last_seen'] as number,
    hostname: fromDb(r['hostname']) as string,
    exception_type: fromDb(r['exception_type']) as string,
    blame_state: r['blame_state'] as ErrorSummary['blame_state'],
    author_email: fromDb(r['author_email']),
    developer_email: fromDb(r['developer_email']),
    line_date: (r['line_date'] as string | null) ?? null,
    commit: fromDb(r['commit_sha']),
    blamed_revision: fromDb(r['blamed_revision']),
    blame_note: fromDb(r['blame_note']),
    email_sent: r['email_sent'] === true,
    emails_sent: r['emails_sent'] as number,
    alerted_count: r['alerted_count'] as number,
    is_known_error: r['is_known_error'] === true,
    error_threshold: (r['error_threshold'] as number | null) ?? null,
  };
}

/** A summary row joined with its error_reports row. */
export function toRecord(r: Row): ErrorRecord {
  return {
    ...toSummary(r),
    frames: JSON.parse((r['frames'] as string | null) ?? '[]'),
    blamable_paths: JSON.parse((r['blamable_paths'] as string | null) ?? '[]'),
    last_report: JSON.parse((r['last_report'] as string | null) ?? '{"traceback":[]}'),
  };
}

export function toOutbox(r: Row): OutboxEntry {
  return {
    id: r['id'] as number,
    dedupeKey: fromDb(r['dedupe_key']) as string,
    kind: r['kind'] as OutboxEntry['kind'],
    to: JSON.parse(r['recipients'] as string),
    subject: fromDb(r['subject']) as string,
    text: fromDb(r['body_text']) as string,
    html: fromDb(r['body_html']) as string,
    status: r['status'] as OutboxEntry['status'],
    attempts: r['attempts'] as number,
    created_at: r['created_at'] as number,
    next_attempt_at: r['next_attempt_at'] as number,
    sent_at: (r['sent_at'] as number | null) ?? null,
    last_error: fromDb(r['last_error']),
  };
}

export function toBlameJob(r: Row): BlameJob {
  // key_id is errorKeyId(key): JSON, so the key comes back exactly.
  const [filename, line_number, function_name, text] = JSON.parse(r['key_id'] as string);
  return {
    id: r['id'] as number,
    week: r['week'] as string,
    key: { filename, line_number, function_name, text },
    revision: fromDb(r['revision']),
    attempts: r['attempts'] as number,
  };
}
