import type { ErrorKey, ErrorReport } from '@flawless/protocol';
import type { CodeRule, DisownRule, IgnoredExceptionRule, RemapRule, RuleSet, WatchRule } from '../rules/types';
import type { TriagedFrame } from '../triage/types';
import type { BlameOutcome } from '../vcs/types';

/** One email, fully rendered, as it waits in the outbox. */
export interface EmailMessage {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

/** An email the pipeline decided to send, with the key that makes it happen once. */
export interface EmailDraft extends EmailMessage {
  /** Unique across instances and restarts: the same dedupe key is never sent twice. */
  dedupeKey: string;
  /** 'error' for a developer email, 'problem' for a note to default_contact. */
  kind: 'error' | 'problem';
}

export type BlameState = 'pending' | 'done' | 'failed';

/** One error (blamed line) in one week: what the original kept as ErrorInfo, and more. */
export interface ErrorRecord {
  /** The Sunday the week starts on, YYYY-MM-DD, in the server's time zone. */
  week: string;
  key: ErrorKey;
  count: number;
  /** Epoch ms. */
  first_seen: number;
  /** Epoch ms. */
  last_seen: number;
  hostname: string;
  exception_type: string;
  blame_state: BlameState;
  /** The author email git reported, before remapping. */
  author_email: string | null;
  /** Who is shown and mailed: author email after remap, domain fix and disownership. */
  developer_email: string | null;
  /** ISO 8601 author time of the line's last change. */
  line_date: string | null;
  commit: string | null;
  blamed_revision: string | null;
  /** Why this line and person, or why nobody was blamed. */
  blame_note: string | null;
  email_sent: boolean;
  emails_sent: number;
  /** The count when the last email was decided (known errors mail every N). */
  alerted_count: number;
  is_known_error: boolean;
  /** The report's own error_threshold, when it sent one. */
  error_threshold: number | null;
  frames: TriagedFrame[];
  blamable_paths: string[];
  /** The most recent report (stored at most about once a second per error). */
  last_report: ErrorReport;
}

/** A record without its bulky parts, for lists such as the leaderboard. */
export type ErrorSummary = Omit<ErrorRecord, 'last_report' | 'frames' | 'blamable_paths'>;

/** One triaged occurrence to count. */
export interface Occurrence {
  week: string;
  key: ErrorKey;
  /** errorKeyId(key) */
  keyId: string;
  count: number;
  /** Epoch ms. */
  at: number;
  report: ErrorReport;
  isKnownError: boolean;
  frames: TriagedFrame[];
  blamablePaths: string[];
}

/**
 * Called inside the storing transaction for each record an occurrence (or a finished
 * blame) touched, with the record as it now is. Returns the emails now due; the store
 * queues them in the same transaction, so a count and the email it triggers are
 * never split by a crash. Must be pure and fast.
 */
export type EmailPlanner = (input: {
  record: ErrorRecord;
  /** The count before this change. */
  previousCount: number;
  /** The report that caused this change (the last stored one after a blame). */
  report: ErrorReport;
}) => EmailDraft[];

export interface BlameJob {
  id: number;
  week: string;
  key: ErrorKey;
  revision: string | null;
  attempts: number;
}

export type OutboxStatus = 'pending' | 'sent' | 'failed';

export interface OutboxEntry extends EmailMessage {
  id: number;
  dedupeKey: string;
  kind: 'error' | 'problem';
  status: OutboxStatus;
  attempts: number;
  /** Epoch ms. */
  created_at: number;
  next_attempt_at: number;
  sent_at: number | null;
  last_error: string | null;
}

export interface WeeklyQuery {
  week: string;
  includeKnownErrors: boolean;
  /** Lines last modified before this date are left out unless null. */
  minimumDate: string | null;
}

export type RuleKind = 'code' | 'watch' | 'disown' | 'remap' | 'ignored_exception';
export type RuleInput =
  | { kind: 'code'; rule: Omit<CodeRule, 'id'> }
  | { kind: 'watch'; rule: Omit<WatchRule, 'id'> }
  | { kind: 'disown'; rule: Omit<DisownRule, 'id'> }
  | { kind: 'remap'; rule: Omit<RemapRule, 'id'> }
  | { kind: 'ignored_exception'; rule: Omit<IgnoredExceptionRule, 'id'> };

/** What one `recordOccurrences` did, so workers are woken only when there is work. */
export interface RecordResult {
  /** Reports skipped because their report_id was seen before. */
  duplicates: number;
  /** New errors queued for blame. */
  newBlameJobs: number;
  /** Emails queued. */
  newEmails: number;
}

/** Counters of what triage dropped, per week. */
export type DropKind = 'third_party' | 'ignored_exception' | 'unassigned' | 'duplicate';

/**
 * Where Flawless keeps its state. SQLite now, PostgreSQL later: every method is async
 * so both fit, and every multi-step change is one transaction.
 */
export interface Store {
  /**
   * Durably counts occurrences (one transaction). Occurrences whose report_id was
   * seen before are skipped. New records get a blame job; records already blamed are
   * handed to `plan` and the emails it returns are queued.
   */
  recordOccurrences(items: Occurrence[], plan: EmailPlanner): Promise<RecordResult>;
  /** Counts dropped reports, durably, for the stats (same transaction as `recordOccurrences` when batched). */
  recordDrops(week: string, kind: DropKind, count: number): Promise<void>;
  /** Dropped-report counters of a week. */
  dropCounts(week: string): Promise<Partial<Record<DropKind, number>>>;

  /** Takes up to `limit` blame jobs for `leaseMs`; a crashed taker's jobs come back after the lease. */
  claimBlameJobs(limit: number, leaseMs: number): Promise<BlameJob[]>;
  /**
   * Stores a blame's result on its record, resolves the developer email through
   * `resolveEmail`, plans emails, and removes the job, in one transaction.
   */
  completeBlame(
    job: BlameJob,
    outcome: BlameOutcome,
    resolveEmail: (authorEmail: string, path: string) => string,
    plan: EmailPlanner,
    problem: EmailDraft | null,
  ): Promise<void>;

  /** Queues emails not tied to a record (repository failures and the like). */
  enqueueEmails(drafts: EmailDraft[]): Promise<void>;
  /** Takes due outbox entries for `leaseMs`. */
  claimOutbox(now: number, limit: number, leaseMs: number): Promise<OutboxEntry[]>;
  markSent(id: number, at: number): Promise<void>;
  markFailed(id: number, error: string, nextAttemptAt: number, giveUp: boolean): Promise<void>;
  listOutbox(limit: number): Promise<OutboxEntry[]>;

  weeklyErrors(query: WeeklyQuery): Promise<ErrorSummary[]>;
  getError(week: string, key: ErrorKey): Promise<ErrorRecord | null>;
  /** The weeks that have any record, newest first. */
  weeks(): Promise<string[]>;

  loadRules(): Promise<RuleSet>;
  /** A number that changes whenever any rule changes (other instances poll it). */
  rulesVersion(): Promise<number>;
  addRule(input: RuleInput): Promise<number>;
  updateRule(id: number, input: RuleInput): Promise<boolean>;
  deleteRule(kind: RuleKind, id: number): Promise<boolean>;

  close(): Promise<void>;
}
