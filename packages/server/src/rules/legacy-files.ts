/**
 * Reads the original's rule files from config_dir_path, so a team moving over keeps
 * its whitelists, watchers and remappings. Each file is a JSON list; its top-level
 * strings are comments (the original's convention). A bad file or entry becomes a
 * problem string and is left out: one typo must not stop the server.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { closestName } from '../suggest';
import { type CodeIdentifierKind, type CodeRule, emptyRuleSet, type RuleSet } from './types';

/** The rule files, in the order they are read. */
export const LEGACY_RULE_FILES = [
  'known_errors',
  'building_blocks',
  'third_party_whitelist',
  'email_remapping',
  'watched_files',
  'ignored_exceptions',
  'disownership',
] as const;

export interface LegacyRules {
  /** Every rule read; ids are 0 (the store assigns them). */
  rules: RuleSet;
  /** One line per file or entry left out, naming the file and the entry's index. */
  problems: string[];
}

type Entry = Record<string, unknown>;

/** A bad file or entry; the reader turns it into a problem string and moves on. */
class RuleProblem extends Error {}

const CODE_FIELDS = ['filename', 'function_name', 'code_fragment'];
const KNOWN_ERROR_FIELDS = [
  ...CODE_FIELDS,
  'min_alert_threshold',
  'max_alert_threshold',
  'alert_every_n_occurences',
  'alert_every_n_occurrences',
  'email_recipients',
  'email_header',
];

function checkFields(entry: Entry, allowed: readonly string[]): void {
  for (const field of Object.keys(entry)) {
    if (allowed.includes(field)) continue;
    const guess = closestName(field, allowed);
    // An unread field could widen a rule (a misspelt function_name whitelists the whole file).
    throw new RuleProblem(`unknown field ${JSON.stringify(field)}${guess ? ` (did you mean ${guess}?)` : ''}`);
  }
}

function text(entry: Entry, field: string, required: boolean): string | null {
  const v = entry[field];
  if (v === undefined || v === null || v === '') {
    if (required) throw new RuleProblem(`${field} is required`);
    return null;
  }
  if (typeof v !== 'string') throw new RuleProblem(`${field} must be a string, not ${JSON.stringify(v)}`);
  return v;
}

function count(entry: Entry, field: string): number | null {
  const v = entry[field];
  if (v === undefined || v === null) return null;
  const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw new RuleProblem(`${field} must be a whole number of 0 or more, not ${JSON.stringify(v)}`);
  }
  return n;
}

function recipients(entry: Entry): string[] {
  const v = entry['email_recipients'];
  if (v === undefined || v === null) return [];
  // The original documented a list; a single comma-separated string is read too.
  const list = typeof v === 'string' ? v.split(',') : v;
  if (!Array.isArray(list) || !list.every((e) => typeof e === 'string')) {
    throw new RuleProblem(`email_recipients must be a list of addresses, not ${JSON.stringify(v)}`);
  }
  return list.map((e: string) => e.trim()).filter((e) => e !== '');
}

function codeRule(entry: Entry, kind: CodeIdentifierKind): CodeRule {
  checkFields(entry, kind === 'known_error' ? KNOWN_ERROR_FIELDS : CODE_FIELDS);
  const every = count(entry, 'alert_every_n_occurrences') ?? count(entry, 'alert_every_n_occurences');
  if (every === 0) throw new RuleProblem('alert_every_n_occurences must be 1 or more');
  // A known error with no threshold, which the original refused, is kept as a plain whitelist entry.
  return {
    id: 0,
    kind,
    filename: text(entry, 'filename', true)!,
    function_name: text(entry, 'function_name', false),
    code_fragment: text(entry, 'code_fragment', false),
    min_alert_threshold: count(entry, 'min_alert_threshold'),
    max_alert_threshold: count(entry, 'max_alert_threshold'),
    alert_every_n_occurrences: every,
    email_recipients: recipients(entry),
    email_header: text(entry, 'email_header', false),
  };
}

function watchAll(entry: Entry): boolean {
  const v = entry['watch_all_errors'] ?? false;
  if (typeof v !== 'boolean') throw new RuleProblem(`watch_all_errors must be true or false, not ${JSON.stringify(v)}`);
  return v;
}

/** How each file's entries become rules. */
const READERS: Record<(typeof LEGACY_RULE_FILES)[number], (entry: Entry, rules: RuleSet) => void> = {
  known_errors: (e, r) => void r.codeRules.push(codeRule(e, 'known_error')),
  building_blocks: (e, r) => void r.codeRules.push(codeRule(e, 'building_block')),
  third_party_whitelist: (e, r) => void r.codeRules.push(codeRule(e, 'third_party')),
  email_remapping: (e, r) => {
    checkFields(e, ['remap', 'to']);
    r.remaps.push({ id: 0, from: text(e, 'remap', true)!, to: text(e, 'to', true)! });
  },
  watched_files: (e, r) => {
    checkFields(e, ['email', 'filepath', 'watch_all_errors']);
    r.watchers.push({
      id: 0,
      email: text(e, 'email', true)!,
      filepath: text(e, 'filepath', true)!,
      watch_all_errors: watchAll(e),
    });
  },
  ignored_exceptions: (e, r) => {
    // One type per entry, or the later original's stored form {"exceptions": [...]}.
    checkFields(e, ['exception_type', 'exceptions']);
    const list = e['exceptions'] ?? [text(e, 'exception_type', true)];
    if (!Array.isArray(list) || !list.every((x) => typeof x === 'string' && x !== '')) {
      throw new RuleProblem(`exceptions must be a list of exception type names, not ${JSON.stringify(list)}`);
    }
    for (const exception_type of list as string[]) r.ignoredExceptions.push({ id: 0, exception_type });
  },
  disownership: (e, r) => {
    checkFields(e, ['filepath', 'email', 'designated_email']);
    r.disownerships.push({
      id: 0,
      filepath: text(e, 'filepath', true)!,
      email: text(e, 'email', true)!,
      designated_email: text(e, 'designated_email', true)!,
    });
  },
};

function readList(path: string): unknown[] | null {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new RuleProblem(`cannot read: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new RuleProblem(`not valid JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new RuleProblem('must be a JSON list of entries (strings are comments)');
  return parsed;
}

/**
 * Reads every rule file present in `dir` (a missing file is simply no rules).
 * Never throws: unreadable files and malformed entries are returned as problems.
 */
export function readLegacyRules(dir: string): LegacyRules {
  const rules = emptyRuleSet();
  const problems: string[] = [];
  for (const name of LEGACY_RULE_FILES) {
    const path = join(dir, name);
    let list: unknown[] | null;
    try {
      list = readList(path);
    } catch (err) {
      problems.push(`${path}: ${(err as Error).message}; the file is ignored`);
      continue;
    }
    (list ?? []).forEach((entry, index) => {
      if (typeof entry === 'string') return;
      try {
        if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
          throw new RuleProblem(`must be an object, not ${JSON.stringify(entry)}`);
        }
        READERS[name](entry as Entry, rules);
      } catch (err) {
        if (!(err instanceof RuleProblem)) throw err;
        problems.push(`${path}: entry at index ${index}: ${err.message}; the entry is ignored`);
      }
    });
  }
  return { rules, problems };
}
