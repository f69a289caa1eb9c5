import { emptyRuleSet, type RuleSet } from '../rules/types';
import type { Store } from '../store/types';
import { type CompiledRules, compileRules } from '../triage/match';

/** The rule lists in force, compiled for triage; refreshed when any instance changes them. */
export interface RulesProvider {
  current(): { rules: RuleSet; compiled: CompiledRules };
  /** Reloads now (after this instance changed a rule). */
  refresh(): Promise<void>;
  /** Polls the store's rules version so changes made by other instances apply too. */
  start(pollMs: number): void;
  stop(): void;
}

/**
 * Rules from the original's rule files stay in their files (read-only here) and are
 * merged with the store's; they get negative ids so nobody mistakes them for editable.
 */
function merge(stored: RuleSet, fromFiles: RuleSet): RuleSet {
  let next = -1;
  const tag = <T extends { id: number }>(list: T[]) => list.map((r) => ({ ...r, id: next-- }));
  return {
    codeRules: [...stored.codeRules, ...tag(fromFiles.codeRules)],
    watchers: [...stored.watchers, ...tag(fromFiles.watchers)],
    disownerships: [...stored.disownerships, ...tag(fromFiles.disownerships)],
    remaps: [...stored.remaps, ...tag(fromFiles.remaps)],
    ignoredExceptions: [...stored.ignoredExceptions, ...tag(fromFiles.ignoredExceptions)],
  };
}

export function createRulesProvider(
  store: Store,
  onError: (err: unknown) => void,
  fromFiles: RuleSet = emptyRuleSet(),
): RulesProvider {
  let rules = merge(emptyRuleSet(), fromFiles);
  let compiled = compileRules(rules);
  let version = -1;
  let timer: NodeJS.Timeout | null = null;

  async function load(): Promise<void> {
    const v = await store.rulesVersion();
    if (v === version) return;
    rules = merge(await store.loadRules(), fromFiles);
    compiled = compileRules(rules);
    version = v;
  }

  return {
    current: () => ({ rules, compiled }),
    async refresh() {
      version = -1;
      await load();
    },
    start(pollMs) {
      timer = setInterval(() => {
        load().catch(onError);
      }, pollMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
