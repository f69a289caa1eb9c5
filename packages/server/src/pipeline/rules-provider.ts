import type { Store } from '../store/types';
import { type CompiledRules, compileRules } from '../triage/match';
import { emptyRuleSet, type RuleSet } from '../triage/rules';

/** The rule lists in force, compiled for triage; refreshed when any instance changes them. */
export interface RulesProvider {
  current(): { rules: RuleSet; compiled: CompiledRules };
  /** Reloads now (after this instance changed a rule). */
  refresh(): Promise<void>;
  /** Polls the store's rules version so changes made by other instances apply too. */
  start(pollMs: number): void;
  stop(): void;
}

export function createRulesProvider(store: Store, onError: (err: unknown) => void): RulesProvider {
  let rules = emptyRuleSet();
  let compiled = compileRules(rules);
  let version = -1;
  let timer: NodeJS.Timeout | null = null;

  async function load(): Promise<void> {
    const v = await store.rulesVersion();
    if (v === version) return;
    rules = await store.loadRules();
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
