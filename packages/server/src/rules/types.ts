/**
 * The rule lists a team maintains (through the admin pages, or the original's JSON
 * rule files). Plain data: the store persists them, triage and notify read them.
 */

/** What a code identifier does when a frame matches it. */
export type CodeIdentifierKind = 'known_error' | 'building_block' | 'third_party';

/**
 * A code location: (filename, function name?, code fragment?). An empty function name
 * or fragment is a wildcard; fragments match after collapsing whitespace, either
 * containing the other.
 */
export interface CodeIdentifier {
  filename: string;
  function_name: string | null;
  code_fragment: string | null;
}

/** A whitelist entry: known error, library code (building block) or third-party code. */
export interface CodeRule extends CodeIdentifier {
  id: number;
  kind: CodeIdentifierKind;
  /** Known errors only: first email at this count. */
  min_alert_threshold: number | null;
  /** Known errors only: no email once the count is above this. */
  max_alert_threshold: number | null;
  /** Known errors only: an email at every multiple of this. */
  alert_every_n_occurrences: number | null;
  /** Known errors only: extra recipients. */
  email_recipients: string[];
  /** Known errors only: text shown above the email body. */
  email_header: string | null;
}

/** Someone who wants to hear about errors in a file or folder. */
export interface WatchRule {
  id: number;
  email: string;
  /** Repo-relative file, or folder prefix. */
  filepath: string;
  /** true: every error with a blamable frame there; false: only errors blamed there. */
  watch_all_errors: boolean;
}

/** Lines of `email` under `filepath` go to `designated_email` instead. */
export interface DisownRule {
  id: number;
  filepath: string;
  email: string;
  designated_email: string;
}

/** Mail for `from` (a full address, or a local part) goes to `to`. */
export interface RemapRule {
  id: number;
  from: string;
  to: string;
}

/** Reports whose exception_type is this are dropped. */
export interface IgnoredExceptionRule {
  id: number;
  exception_type: string;
}

/** Every rule list, as loaded from the store. */
export interface RuleSet {
  codeRules: CodeRule[];
  watchers: WatchRule[];
  disownerships: DisownRule[];
  remaps: RemapRule[];
  ignoredExceptions: IgnoredExceptionRule[];
}

export function emptyRuleSet(): RuleSet {
  return { codeRules: [], watchers: [], disownerships: [], remaps: [], ignoredExceptions: [] };
}
