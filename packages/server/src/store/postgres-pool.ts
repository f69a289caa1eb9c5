import { Pool, type PoolClient, types as pgTypes } from 'pg';
import { maskUrlCredentials } from '../config/mask';

/** Deadlock and serialization failures: the transaction is retried, the planner is pure. */
const RETRYABLE = new Set(['40P01', '40001']);
const SYNC_COMMIT = `SELECT set_config('synchronous_commit', 'on', false) WHERE current_setting('synchronous_commit') = 'off'`;

/** int8 (counts, epoch ms, ids) as numbers: every value Flawless keeps is far below 2^53. */
const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pgTypes.builtins.INT8 && format !== 'binary'
      ? (v: string) => Number(v)
      : pgTypes.getTypeParser(oid, format)) as typeof pgTypes.getTypeParser,
};

/** The URL as messages show it: password masked, query (which may hold one too) left out. */
export function describePostgresUrl(url: string): string {
  return maskUrlCredentials(url).replace(/[?#].*$/s, '');
}

/** A connection pool whose int8 columns are numbers and whose commits are flushed. */
export function createPool(url: string, max: number): Pool {
  const pool = new Pool({
    connectionString: url,
    max,
    types: TYPES,
    application_name: 'flawless',
    connectionTimeoutMillis: 10_000,
    // The 202 promise needs the commit flushed: a database set to synchronous_commit=off
    // is overruled on this server's connections.
    onConnect: async (client) => {
      await client.query(SYNC_COMMIT);
    },
  });
  // An idle connection the server dropped: the pool discards it and the next query opens another.
  pool.on('error', () => {});
  return pool;
}

/** Runs `fn` in one transaction, retrying it after a deadlock or serialization failure. */
export async function inTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch((e: Error) => {
        broken = e;
      });
      if (attempt < 5 && RETRYABLE.has((err as { code?: string }).code ?? '')) continue;
      throw err;
    } finally {
      client.release(broken);
    }
  }
}
