import type {
  CodeIdentifierKind,
  CodeRule,
  DisownRule,
  IgnoredExceptionRule,
  RemapRule,
  RuleSet,
  WatchRule,
} from '../rules/types';
import type { RuleKind } from '../store/types';

/** Every rule kind, in the order the admin page lists them. */
export const RULE_KINDS: readonly RuleKind[] = ['code', 'watch', 'remap', 'disown', 'ignored_exception'];

export type AnyRule = CodeRule | WatchRule | DisownRule | RemapRule | IgnoredExceptionRule;

/** Whether a URL segment names a rule kind. */
export function isRuleKind(value: unknown): value is RuleKind {
  return typeof value === 'string' && (RULE_KINDS as readonly string[]).includes(value);
}

/** The rules of one kind in a rule set (store rules first, then read-only rule-file ones). */
export function rulesOf(set: RuleSet, kind: RuleKind): AnyRule[] {
  switch (kind) {
    case 'code':
      return set.codeRules;
    case 'watch':
      return set.watchers;
    case 'disown':
      return set.disownerships;
    case 'remap':
      return set.remaps;
    case 'ignored_exception':
      return set.ignoredExceptions;
  }
}

/** Rules read from the original's rule files carry negative ids and stay in their files. */
export function isReadOnly(rule: { id: number }): boolean {
  return rule.id < 0;
}

/** A rule list as the original's `/view_config?key=` named it. */
export interface RuleListKey {
  kind: RuleKind;
  codeKind?: CodeIdentifierKind;
  title: string;
}

export const RULE_LIST_KEYS: Readonly<Record<string, RuleListKey>> = {
  known_errors: { kind: 'code', codeKind: 'known_error', title: 'Known errors' },
  building_blocks: { kind: 'code', codeKind: 'building_block', title: 'Library code (building blocks)' },
  third_party_whitelist: { kind: 'code', codeKind: 'third_party', title: 'Third-party code' },
  watch_list: { kind: 'watch', title: 'File watchers' },
  email_remapping: { kind: 'remap', title: 'Email remapping' },
  disownership_list: { kind: 'disown', title: 'File disownership' },
  ignored_exceptions: { kind: 'ignored_exception', title: 'Ignored exception types' },
};

/** Human names of the code rule kinds, as the known-error form offers them. */
export const CODE_KIND_LABELS: Readonly<Record<CodeIdentifierKind, string>> = {
  known_error: 'Known error',
  building_block: 'Library code',
  third_party: 'Third-party code',
};
