import { SUMMARY_COLUMNS } from './postgres-rows';

/**
 * The statements of the PostgreSQL store. Keys are unique by their SHA-256 (see the
 * schema); every batch statement takes arrays and `unnest`s them, so a batch of any
 * size is one round trip, and rows are written in key order so two transactions lock
 * shared rows in the same order and cannot deadlock on them.
 */

/** SHA-256 of a text key, as the unique indexes hold it. */
const hash = (expr: string) => `sha256(convert_to(${expr}, 'UTF8'))`;

/** $1 report ids, $2 now → the ids not seen before. */
export const SEEN_REPORTS = `
  INSERT INTO report_ids (report_id, seen_at)
  SELECT r, $2 FROM unnest($1::text[]) AS t(r) ORDER BY r
  ON CONFLICT DO NOTHING
  RETURNING report_id`;

/**
 * One row per (week, key) of a batch, already merged: adds the counts, saves the report
 * where one is given (null: written less than a second ago), queues a blame job for a
 * new record. Returns each record as it now is, with `ord` (1-based input position).
 */
export const UPSERT_ERRORS = `
  WITH input AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::bigint[],
      $8::bigint[], $9::bigint[], $10::text[], $11::text[], $12::boolean[], $13::int[], $14::text[], $15::text[],
      $16::text[], $17::text[])
      WITH ORDINALITY AS t(week, key_id, filename, line_number, function_name, text, count, first_seen, last_seen,
        hostname, exception_type, known, threshold, revision, frames, blamable_paths, last_report, ord)
  ), up AS (
    INSERT INTO errors AS e (week, key_id, key_hash, filename, line_number, function_name, text, count, first_seen,
      last_seen, hostname, exception_type, is_known_error, error_threshold)
    SELECT week, key_id, ${hash('key_id')}, filename, line_number, function_name, text, count, first_seen,
      last_seen, hostname, exception_type, known, threshold
    FROM input ORDER BY week, 3
    ON CONFLICT (week, key_hash) DO UPDATE SET
      count = e.count + excluded.count,
      last_seen = greatest(e.last_seen, excluded.last_seen),
      hostname = excluded.hostname,
      exception_type = excluded.exception_type,
      is_known_error = excluded.is_known_error,
      error_threshold = coalesce(excluded.error_threshold, e.error_threshold)
    RETURNING id, key_id, xmax = 0 AS inserted, ${SUMMARY_COLUMNS}
  ), saved AS (
    INSERT INTO error_reports (error_id, frames, blamable_paths, last_report)
    SELECT up.id, i.frames, i.blamable_paths, i.last_report
    FROM up JOIN input i ON i.week = up.week AND i.key_id = up.key_id
    WHERE i.last_report IS NOT NULL
    ORDER BY up.id
    ON CONFLICT (error_id) DO UPDATE SET frames = excluded.frames, blamable_paths = excluded.blamable_paths,
      last_report = excluded.last_report
  ), jobs AS (
    INSERT INTO blame_jobs (week, key_id, key_hash, revision)
    SELECT up.week, up.key_id, ${hash('up.key_id')}, i.revision
    FROM up JOIN input i ON i.week = up.week AND i.key_id = up.key_id
    WHERE up.inserted
    ON CONFLICT (week, key_hash) DO NOTHING
    RETURNING 1
  )
  SELECT i.ord, up.id, up.inserted, (SELECT count(*) FROM jobs) AS new_jobs, ${prefixed('up', SUMMARY_COLUMNS)}
  FROM up JOIN input i ON i.week = up.week AND i.key_id = up.key_id`;

/** Saves the reports of records (ids $1) whose blame is pending, throttle or not. */
export const SAVE_REPORTS = `
  INSERT INTO error_reports (error_id, frames, blamable_paths, last_report)
  SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[])
  ON CONFLICT (error_id) DO UPDATE SET frames = excluded.frames, blamable_paths = excluded.blamable_paths,
    last_report = excluded.last_report`;

/**
 * Queues drafts ($1..$6 their fields, $7 the record each is about or null, $8 now); a
 * known dedupe key is skipped. An 'error' draft actually queued marks its record
 * emailed. Returns how many were queued.
 */
export const QUEUE_DRAFTS = `
  WITH d AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[])
      WITH ORDINALITY AS t(dedupe_key, kind, recipients, subject, body_text, body_html, error_id, ord)
  ), ins AS (
    INSERT INTO outbox (dedupe_key, dedupe_hash, kind, recipients, subject, body_text, body_html, created_at,
      next_attempt_at)
    SELECT dedupe_key, ${hash('dedupe_key')}, kind, recipients, subject, body_text, body_html, $8, $8
    FROM d ORDER BY ord
    ON CONFLICT (dedupe_hash) DO NOTHING
    RETURNING dedupe_key, kind
  ), emailed AS (
    UPDATE errors SET email_sent = true, emails_sent = emails_sent + 1, alerted_count = count
    WHERE id IN (SELECT d.error_id FROM d JOIN ins ON ins.dedupe_key = d.dedupe_key WHERE ins.kind = 'error')
  )
  SELECT count(*) AS queued FROM ins`;

/** $1 week, $2 key id → the record with its report, locked; with $3 a blame job id to delete. */
export const LOCK_RECORD_DELETING_JOB = `
  WITH gone AS (DELETE FROM blame_jobs WHERE id = $3)
  SELECT e.id, ${prefixed('e', SUMMARY_COLUMNS)}, r.frames, r.blamable_paths, r.last_report
  FROM errors e LEFT JOIN error_reports r ON r.error_id = e.id
  WHERE e.week = $1 AND e.key_hash = ${hash('$2')}
  FOR UPDATE OF e`;

export const RECORD_BY_KEY = `
  SELECT ${prefixed('e', SUMMARY_COLUMNS)}, r.frames, r.blamable_paths, r.last_report
  FROM errors e LEFT JOIN error_reports r ON r.error_id = e.id
  WHERE e.week = $1 AND e.key_hash = ${hash('$2')}`;

export const BLAME_DONE = `
  UPDATE errors SET blame_state = 'done', author_email = $2, developer_email = $3, line_date = $4, commit_sha = $5,
    blamed_revision = $6, blame_note = $7
  WHERE id = $1
  RETURNING ${SUMMARY_COLUMNS}`;

export const BLAME_FAILED = `UPDATE errors SET blame_state = 'failed', blame_note = $2 WHERE id = $1`;

/** $1 lease end, $2 now, $3 limit. */
export const CLAIM_BLAME_JOBS = `
  WITH picked AS (
    SELECT id FROM blame_jobs WHERE leased_until < $2 ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED
  )
  UPDATE blame_jobs j SET leased_until = $1, attempts = j.attempts + 1
  FROM picked WHERE j.id = picked.id
  RETURNING j.id, j.week, j.key_id, j.revision, j.attempts`;

/** $1 lease end, $2 now, $3 limit. */
export const CLAIM_OUTBOX = `
  WITH picked AS (
    SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $2 AND leased_until < $2
    ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED
  )
  UPDATE outbox o SET leased_until = $1
  FROM picked WHERE o.id = picked.id
  RETURNING o.*`;

export const ADD_DROPS = `INSERT INTO drops (week, kind, count) VALUES ($1, $2, $3)
  ON CONFLICT (week, kind) DO UPDATE SET count = drops.count + excluded.count`;

const BUMP_RULES = `UPDATE meta SET value = value + 1 WHERE key = 'rules_version'`;

/** $1 kind, $2 data → the new id; the rules version moves in the same statement. */
export const ADD_RULE = `
  WITH ins AS (INSERT INTO rules (kind, data) VALUES ($1, $2) RETURNING id), bump AS (${BUMP_RULES})
  SELECT id FROM ins`;

/** $1 kind, $2 data, $3 id → how many rules changed (0 for a wrong id or kind). */
export const UPDATE_RULE = `
  WITH up AS (UPDATE rules SET data = $2 WHERE id = $3 AND kind = $1 RETURNING id),
    bump AS (${BUMP_RULES} AND EXISTS (SELECT 1 FROM up))
  SELECT count(*) AS changed FROM up`;

/** $1 kind, $2 id → how many rules went (0 for a wrong id or kind). */
export const DELETE_RULE = `
  WITH del AS (DELETE FROM rules WHERE id = $2 AND kind = $1 RETURNING id),
    bump AS (${BUMP_RULES} AND EXISTS (SELECT 1 FROM del))
  SELECT count(*) AS changed FROM del`;

function prefixed(table: string, columns: string): string {
  return columns
    .split(',')
    .map((c) => `${table}.${c.trim()}`)
    .join(', ');
}
