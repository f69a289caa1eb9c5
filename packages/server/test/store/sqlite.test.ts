import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite';
import type { Store } from '../../src/store/types';
import { runStoreContract } from './contract';

runStoreContract('SQLite', async (now) => {
  const dir = mkdtempSync(join(tmpdir(), 'flawless-store-'));
  const path = join(dir, 'flawless.sqlite');
  const stores: Store[] = [openSqliteStore({ path, now })];
  return {
    store: stores[0] as Store,
    async another() {
      const s = openSqliteStore({ path, now });
      stores.push(s);
      return s;
    },
    async cleanup() {
      for (const s of stores) await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
