import type { Pool } from 'pg';

/**
 * The PostgreSQL schema, as ordered migrations; `schema_version` records how many ran.
 *
 * It mirrors the SQLite schema with three differences:
 * - error keys and dedupe keys are unique by their SHA-256, not by their text: a key
 *   holds a whole source line (up to 64 KiB) and a btree entry must stay under 2.7 KB;
 * - text compared by order (week, line_date) uses the "C" collation, so ISO dates
 *   compare as strings whatever the database's locale is;
 * - `errors` leaves room on its pages so the count, updated thousands of times a
 *   second, is rewritten in place (HOT) without touching the indexes.
 */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE errors (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    week TEXT COLLATE "C" NOT NULL,
    key_id TEXT NOT NULL,
    key_hash BYTEA NOT NULL,
    filename TEXT NOT NULL,
    line_number INTEGER NOT NULL,
    function_name TEXT NOT NULL,
    text TEXT NOT NULL,
    count BIGINT NOT NULL,
    first_seen BIGINT NOT NULL,
    last_seen BIGINT NOT NULL,
    hostname TEXT NOT NULL,
    exception_type TEXT NOT NULL,
    blame_state TEXT NOT NULL DEFAULT 'pending',
    author_email TEXT,
    developer_email TEXT,
    line_date TEXT COLLATE "C",
    commit_sha TEXT,
    blamed_revision TEXT,
    blame_note TEXT,
    email_sent BOOLEAN NOT NULL DEFAULT false,
    emails_sent INTEGER NOT NULL DEFAULT 0,
    alerted_count BIGINT NOT NULL DEFAULT 0,
    is_known_error BOOLEAN NOT NULL DEFAULT false,
    error_threshold INTEGER,
    UNIQUE (week, key_hash)
  ) WITH (fillfactor = 70);
  CREATE TABLE error_reports (
    error_id BIGINT PRIMARY KEY REFERENCES errors (id) ON DELETE CASCADE,
    frames TEXT NOT NULL,
    blamable_paths TEXT NOT NULL,
    last_report TEXT NOT NULL
  );
  CREATE TABLE report_ids (report_id TEXT COLLATE "C" PRIMARY KEY, seen_at BIGINT NOT NULL);
  CREATE TABLE drops (week TEXT COLLATE "C" NOT NULL, kind TEXT NOT NULL, count BIGINT NOT NULL, PRIMARY KEY (week, kind));
  CREATE TABLE blame_jobs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    week TEXT COLLATE "C" NOT NULL,
    key_id TEXT NOT NULL,
    key_hash BYTEA NOT NULL,
    revision TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    leased_until BIGINT NOT NULL DEFAULT 0,
    UNIQUE (week, key_hash)
  );
  CREATE TABLE outbox (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dedupe_key TEXT NOT NULL,
    dedupe_hash BYTEA NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    recipients TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    leased_until BIGINT NOT NULL DEFAULT 0,
    sent_at BIGINT,
    last_error TEXT
  );
  CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
  CREATE TABLE rules (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, kind TEXT NOT NULL, data TEXT NOT NULL);
  CREATE TABLE meta (key TEXT PRIMARY KEY, value BIGINT NOT NULL);
  INSERT INTO meta (key, value) VALUES ('rules_version', 0);
  `,
];

/** Any constant: held while migrating, so two servers starting at once migrate once. */
const MIGRATION_LOCK = 7_461_802_311;

/** Brings the database's schema up to date (one transaction; refuses a newer schema). */
export async function migrate(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const r = await client.query<{ version: number }>('SELECT version FROM schema_version');
    let version = r.rows[0]?.version ?? 0;
    if (r.rows.length === 0) await client.query('INSERT INTO schema_version (version) VALUES (0)');
    if (version > POSTGRES_MIGRATIONS.length) {
      throw new Error(
        `the database schema is version ${version}, newer than this server's ${POSTGRES_MIGRATIONS.length}: upgrade Flawless`,
      );
    }
    for (; version < POSTGRES_MIGRATIONS.length; version++) {
      await client.query(POSTGRES_MIGRATIONS[version] as string);
    }
    await client.query('UPDATE schema_version SET version = $1', [version]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
