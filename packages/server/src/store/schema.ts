/**
 * The SQLite schema, as ordered migrations. `user_version` records how many ran, so a
 * newer server upgrades an older data directory in place.
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE errors (
    id INTEGER PRIMARY KEY,
    week TEXT NOT NULL,
    key_id TEXT NOT NULL,
    filename TEXT NOT NULL,
    line_number INTEGER NOT NULL,
    function_name TEXT NOT NULL,
    text TEXT NOT NULL,
    count INTEGER NOT NULL,
    first_seen INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    hostname TEXT NOT NULL,
    exception_type TEXT NOT NULL,
    blame_state TEXT NOT NULL DEFAULT 'pending',
    author_email TEXT,
    developer_email TEXT,
    line_date TEXT,
    commit_sha TEXT,
    blamed_revision TEXT,
    blame_note TEXT,
    email_sent INTEGER NOT NULL DEFAULT 0,
    emails_sent INTEGER NOT NULL DEFAULT 0,
    alerted_count INTEGER NOT NULL DEFAULT 0,
    is_known_error INTEGER NOT NULL DEFAULT 0,
    error_threshold INTEGER,
    UNIQUE (week, key_id)
  );
  -- The bulky part of a record lives apart: SQLite rewrites a whole row (overflow pages
  -- included) on every update, and the count changes thousands of times a second.
  CREATE TABLE error_reports (
    error_id INTEGER PRIMARY KEY REFERENCES errors (id) ON DELETE CASCADE,
    frames TEXT NOT NULL,
    blamable_paths TEXT NOT NULL,
    last_report TEXT NOT NULL
  );
  CREATE TABLE report_ids (report_id TEXT PRIMARY KEY, seen_at INTEGER NOT NULL) WITHOUT ROWID;
  CREATE TABLE drops (week TEXT NOT NULL, kind TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (week, kind)) WITHOUT ROWID;
  CREATE TABLE blame_jobs (
    id INTEGER PRIMARY KEY,
    week TEXT NOT NULL,
    key_id TEXT NOT NULL,
    revision TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    leased_until INTEGER NOT NULL DEFAULT 0,
    UNIQUE (week, key_id)
  );
  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    dedupe_key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    recipients TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    leased_until INTEGER NOT NULL DEFAULT 0,
    sent_at INTEGER,
    last_error TEXT
  );
  CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
  CREATE TABLE rules (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, data TEXT NOT NULL);
  CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
  INSERT INTO meta (key, value) VALUES ('rules_version', 0);
  `,
];
