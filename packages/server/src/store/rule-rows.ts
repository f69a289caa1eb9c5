import { emptyRuleSet, type RuleSet } from '../rules/types';
import type { RuleKind } from './types';

/** A stored rule: its kind and its fields (all but the id) as JSON. */
export interface RuleRow {
  id: number;
  kind: RuleKind;
  data: string;
}

/** A rule's fields as stored: everything but its id, which the store assigns. */
export function ruleData(rule: object): string {
  const { id: _ignored, ...data } = rule as { id?: number };
  return JSON.stringify(data);
}

/** The rule lists of stored rows, in row order. */
export function ruleSetFromRows(rows: readonly RuleRow[]): RuleSet {
  const set = emptyRuleSet();
  for (const r of rows) {
    const data = { ...JSON.parse(r.data), id: r.id };
    switch (r.kind) {
      case 'code':
        set.codeRules.push(data);
        break;
      case 'watch':
        set.watchers.push(data);
        break;
      case 'disown':
        set.disownerships.push(data);
        break;
      case 'remap':
        set.remaps.push(data);
        break;
      case 'ignored_exception':
        set.ignoredExceptions.push(data);
        break;
    }
  }
  return set;
}
