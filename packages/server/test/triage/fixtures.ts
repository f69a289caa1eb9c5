/** Rule builders shared by the triage tests. */
import { type CodeIdentifierKind, type CodeRule, emptyRuleSet, type RuleSet } from '../../src/rules/types';

let nextId = 1;

/** A unique id for a rule built by a test. */
export function ruleId(): number {
  return nextId++;
}

/** A code rule with no alerting options; null or '' function/fragment are wildcards. */
export function codeRule(
  kind: CodeIdentifierKind,
  filename: string,
  function_name: string | null = null,
  code_fragment: string | null = null,
): CodeRule {
  return {
    id: ruleId(),
    kind,
    filename,
    function_name,
    code_fragment,
    min_alert_threshold: kind === 'known_error' ? 1 : null,
    max_alert_threshold: null,
    alert_every_n_occurrences: null,
    email_recipients: [],
    email_header: null,
  };
}

/** An empty rule set with the given lists filled in. */
export function ruleSet(partial: Partial<RuleSet>): RuleSet {
  return { ...emptyRuleSet(), ...partial };
}
