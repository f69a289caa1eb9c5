import { describe } from 'node:test';
import { blameContract } from './contract-blame';
import { countsContract } from './contract-counts';
import type { OpenStore } from './contract-fixtures';
import { outboxContract } from './contract-outbox';
import { readsContract } from './contract-reads';

export type { OpenStore, StoreUnderTest } from './contract-fixtures';

/**
 * The behaviour every Store must have (the SQLite store's semantics): counting with
 * report_id dedupe and per-batch merging, blame jobs and outbox entries under leases,
 * emails queued exactly once even from two instances on one database, the planner's
 * view of counts, and the rule lists. `open` gives each test a fresh, empty store.
 */
export function runStoreContract(name: string, open: OpenStore, options: { skip?: string | false } = {}): void {
  describe(`Store contract: ${name}`, { skip: options.skip ?? false }, () => {
    countsContract(open);
    blameContract(open);
    outboxContract(open);
    readsContract(open);
  });
}
