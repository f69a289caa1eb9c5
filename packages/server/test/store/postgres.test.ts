import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client } from 'pg';
import { FlawlessError } from '../../src/errors';
import { openPostgresStore } from '../../src/store/postgres';
import type { Store } from '../../src/store/types';
import { postgresSkipReason, TestPostgres } from '../helpers/postgres';
import { runStoreContract } from './contract';
import { noPlan, occurrence, WEEK } from './contract-fixtures';

const skip = postgresSkipReason();
let pg: TestPostgres;

before(async () => {
  if (!skip) pg = await TestPostgres.start();
});
after(async () => {
  await pg?.stop();
});

runStoreContract(
  'PostgreSQL',
  async (now) => {
    const url = await pg.createSchema();
    const stores: Store[] = [await openPostgresStore({ url, now })];
    return {
      store: stores[0] as Store,
      async another() {
        const s = await openPostgresStore({ url, now });
        stores.push(s);
        return s;
      },
      async cleanup() {
        for (const s of stores) await s.close();
      },
    };
  },
  { skip },
);

async function storageError(url: string): Promise<FlawlessError> {
  const err = await openPostgresStore({ url }).then(
    () => assert.fail('opened'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof FlawlessError);
  assert.equal(err.code, 'FLW_ERR_STORAGE');
  return err;
}

describe('PostgreSQL store: opening', { skip }, () => {
  test('a wrong password or an unreachable server: FLW_ERR_STORAGE naming host and database, never the password', async () => {
    const secret = 'not-the-password-4711';
    const wrong = await storageError(`postgres://${pg.user}:${secret}@127.0.0.1:${pg.port}/postgres`);
    assert.match(wrong.message, /127\.0\.0\.1/);
    assert.match(wrong.message, /\/postgres/);
    assert.match(wrong.message, /password authentication failed/);
    assert.doesNotMatch(wrong.message, new RegExp(secret));

    const closedPort = pg.port === 1 ? 2 : 1;
    const down = await storageError(`postgres://${pg.user}@127.0.0.1:${closedPort}/flawless?password=${secret}`);
    assert.match(down.message, /ECONNREFUSED/);
    assert.match(down.message, /\/flawless/);
    assert.doesNotMatch(down.message, new RegExp(secret));
  });

  test('servers starting at once on an empty database migrate it once', async () => {
    const url = await pg.createDatabase();
    const stores = await Promise.all([1, 2, 3].map(() => openPostgresStore({ url })));
    await Promise.all(stores.map((s) => s.recordOccurrences([occurrence()], noPlan)));
    assert.equal(
      (await stores[0]?.weeklyErrors({ week: WEEK, includeKnownErrors: true, minimumDate: null }))?.[0]?.count,
      3,
    );
    for (const s of stores) await s.close();
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const r = await client.query('SELECT version FROM schema_version');
      assert.deepEqual(r.rows, [{ version: 1 }]);
      // A database a newer server migrated is refused, not damaged.
      await client.query('UPDATE schema_version SET version = 99');
    } finally {
      await client.end();
    }
    const newer = await storageError(url);
    assert.match(newer.message, /schema is version 99, newer than this server's 1/);
  });
});
