/**
 * The rule lists, indexed once so that triaging a frame costs a few map lookups
 * however many rules a team keeps.
 */
import { collapseWhitespace } from '@flawless/protocol';
import type { CodeIdentifier, CodeIdentifierKind, CodeRule, RuleSet } from '../rules/types';

/** A code rule with what matching needs precomputed. */
export interface IndexedCodeRule {
  rule: CodeRule;
  /** The rule's fragment with whitespace collapsed, computed once. */
  fragment: string;
}

/** A RuleSet ready for triage and notification; build it with {@link compileRules}. */
export interface CompiledRules {
  /** kind → filename → rules, in the order of the rule list. */
  readonly codeRules: ReadonlyMap<CodeIdentifierKind, ReadonlyMap<string, readonly IndexedCodeRule[]>>;
  readonly ignoredExceptionTypes: ReadonlySet<string>;
  /** Watched path (normalised, `''` = everything) → emails, for watchers of every error there. */
  readonly allErrorWatchers: ReadonlyMap<string, readonly string[]>;
  /** Same, for watchers of errors blamed there only. */
  readonly blamedOnlyWatchers: ReadonlyMap<string, readonly string[]>;
}

/** Indexes a rule set: code rules by kind and filename, watchers by path, ignored types in a set. */
export function compileRules(rules: RuleSet): CompiledRules {
  const codeRules = new Map<CodeIdentifierKind, Map<string, IndexedCodeRule[]>>();
  for (const rule of rules.codeRules) {
    let byFile = codeRules.get(rule.kind);
    if (!byFile) {
      byFile = new Map();
      codeRules.set(rule.kind, byFile);
    }
    const indexed = { rule, fragment: collapseWhitespace(rule.code_fragment ?? '') };
    const list = byFile.get(rule.filename);
    if (list) list.push(indexed);
    else byFile.set(rule.filename, [indexed]);
  }

  const allErrorWatchers = new Map<string, string[]>();
  const blamedOnlyWatchers = new Map<string, string[]>();
  for (const watcher of rules.watchers) {
    const map = watcher.watch_all_errors ? allErrorWatchers : blamedOnlyWatchers;
    const path = normalizeWatchedPath(watcher.filepath);
    const list = map.get(path);
    if (list) list.push(watcher.email);
    else map.set(path, [watcher.email]);
  }

  return {
    codeRules,
    ignoredExceptionTypes: new Set(rules.ignoredExceptions.map((r) => r.exception_type)),
    allErrorWatchers,
    blamedOnlyWatchers,
  };
}

/**
 * The original's code-identifier equality: same filename; function names equal unless
 * either is empty (a wildcard); fragments, whitespace collapsed, one containing the
 * other unless either is empty (a wildcard).
 */
export function codeIdentifiersMatch(a: CodeIdentifier, b: CodeIdentifier): boolean {
  if (a.filename !== b.filename) return false;
  return functionNamesMatch(a.function_name, b.function_name) && fragmentsMatch(fragmentOf(a), fragmentOf(b));
}

/** The first rule of `kind` (in list order) that matches `identifier`, or null. */
export function findCodeRule(
  compiled: CompiledRules,
  kind: CodeIdentifierKind,
  identifier: CodeIdentifier,
): CodeRule | null {
  const candidates = compiled.codeRules.get(kind)?.get(identifier.filename);
  if (!candidates) return null;
  const fragment = fragmentOf(identifier);
  for (const { rule, fragment: ruleFragment } of candidates) {
    if (functionNamesMatch(rule.function_name, identifier.function_name) && fragmentsMatch(ruleFragment, fragment)) {
      return rule;
    }
  }
  return null;
}

/** Whether reports of this exception type are dropped. */
export function isIgnoredException(compiled: CompiledRules, exceptionType: string): boolean {
  return compiled.ignoredExceptionTypes.has(exceptionType);
}

/**
 * Emails of the watchers of `path`: those watching the file itself or a folder holding
 * it (on whole path segments: `src/a` watches `src/a/b.ts`, not `src/ab.ts`; `''` or
 * `/` watches everything). `allErrors` picks the list: true → watchers of every error
 * with a blamable frame there, false → watchers of errors blamed there only (the caller
 * of a blamed path wants both). Outermost folder first, each email once.
 */
export function watchersFor(compiled: CompiledRules, path: string, allErrors: boolean): string[] {
  const map = allErrors ? compiled.allErrorWatchers : compiled.blamedOnlyWatchers;
  if (map.size === 0) return [];
  const found = new Set<string>();
  const add = (key: string) => {
    for (const email of map.get(key) ?? []) found.add(email);
  };
  add('');
  const segments = normalizeWatchedPath(path).split('/');
  let prefix = '';
  for (const segment of segments) {
    if (segment === '') continue;
    prefix = prefix === '' ? segment : `${prefix}/${segment}`;
    add(prefix);
  }
  return [...found];
}

/** `./src/a/`, `/src/a`, `src\a` → `src/a`; `/` and `''` → `''` (the whole repository). */
function normalizeWatchedPath(path: string): string {
  return path
    .trim()
    .replace(/\\/g, '/')
    .replace(/^(\.?\/)+/, '')
    .replace(/\/+$/, '');
}

function fragmentOf(identifier: CodeIdentifier): string {
  return collapseWhitespace(identifier.code_fragment ?? '');
}

function functionNamesMatch(a: string | null, b: string | null): boolean {
  return !a || !b || a === b;
}

function fragmentsMatch(a: string, b: string): boolean {
  return a === '' || b === '' || a.includes(b) || b.includes(a);
}
