import { isAbsolute, join } from 'node:path';
import type { Config } from '../config/definitions';
import { maskUrlCredentials } from '../config/mask';
import { FlawlessError } from '../errors';
import { openPostgresStore } from './postgres';
import { openSqliteStore } from './sqlite';
import type { Store } from './types';

/** The SQLite file a `sqlite:` storage option names (relative to data_dir_path). */
export function sqlitePath(config: Readonly<Config>): string {
  const p = config.storage.slice('sqlite:'.length);
  return p === ':memory:' || isAbsolute(p) ? p : join(config.data_dir_path, p);
}

/**
 * The store the `storage` option names. SQLite opens at once (and throws
 * FLW_ERR_STORAGE here); PostgreSQL connects in the background and every method waits
 * for it, so a connection failure surfaces, as FLW_ERR_STORAGE, from the first call —
 * `listen()` makes one before it listens.
 */
export function openStore(config: Readonly<Config>, options: { now?: () => number } = {}): Store {
  const clock = options.now ? { now: options.now } : {};
  if (config.storage.startsWith('sqlite:')) return openSqliteStore({ path: sqlitePath(config), ...clock });
  if (/^postgres(ql)?:\/\//.test(config.storage)) return whenOpen(openPostgresStore({ url: config.storage, ...clock }));
  throw new FlawlessError('FLW_ERR_STORAGE', [
    maskUrlCredentials(config.storage),
    'expected sqlite:<path> or a postgres:// URL',
  ]);
}

/** A Store whose every call first waits for `opening`. */
export function whenOpen(opening: Promise<Store>): Store {
  // Failures are reported by the calls; this keeps an unawaited rejection from crashing the process.
  opening.catch(() => {});
  const call =
    <K extends keyof Store>(name: K) =>
    async (...args: Parameters<Store[K]>): Promise<Awaited<ReturnType<Store[K]>>> => {
      const store = await opening;
      return (store[name] as (...a: Parameters<Store[K]>) => Promise<Awaited<ReturnType<Store[K]>>>)(...args);
    };
  return {
    recordOccurrences: call('recordOccurrences'),
    recordDrops: call('recordDrops'),
    dropCounts: call('dropCounts'),
    claimBlameJobs: call('claimBlameJobs'),
    completeBlame: call('completeBlame'),
    enqueueEmails: call('enqueueEmails'),
    claimOutbox: call('claimOutbox'),
    markSent: call('markSent'),
    markFailed: call('markFailed'),
    listOutbox: call('listOutbox'),
    weeklyErrors: call('weeklyErrors'),
    getError: call('getError'),
    weeks: call('weeks'),
    loadRules: call('loadRules'),
    rulesVersion: call('rulesVersion'),
    addRule: call('addRule'),
    updateRule: call('updateRule'),
    deleteRule: call('deleteRule'),
    // A store that never opened has nothing to close.
    close: () =>
      opening.then(
        (store) => store.close(),
        () => undefined,
      ),
  };
}
