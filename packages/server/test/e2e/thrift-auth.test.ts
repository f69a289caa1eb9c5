// Security review F1: the Thrift port cannot check ingest_token (Flawless 0.4 clients
// cannot send one), so it takes reports only from the peers `thrift_allow` lists.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { frame, type RunningServer, report, startServer } from '../helpers/server';
import { goodRequest, RawClient, recordErrorCall } from '../ingest/thrift-client';

async function storedCount(srv: RunningServer): Promise<number> {
  await srv.server.pipeline.drain();
  const res = await srv.get('/api/v1/weekly?include_known_errors=1&include_modified_before_min_date=1', {
    authorization: `Basic ${Buffer.from('x:pw-4242').toString('base64')}`,
  });
  const w = (await res.json()) as { errors: { count: number }[] };
  return w.errors.reduce((s, e) => s + e.count, 0);
}

/** A record_error call from `localAddress`: the reply, or 'closed' when the server cut the connection. */
async function recordFrom(srv: RunningServer, localAddress: string): Promise<string> {
  const c = await RawClient.connect(srv.thriftPort, '127.0.0.1', localAddress);
  try {
    const reply = await c.call(recordErrorCall(goodRequest()));
    return reply.exception ? `exception ${reply.exception.message}` : 'stored';
  } catch {
    return 'closed';
  } finally {
    c.destroy();
  }
}

describe('with ingest_token set and thrift_allow = 127.0.0.1', () => {
  let srv: RunningServer;
  before(async () => {
    srv = await startServer({
      repo_dir: '/nonexistent',
      ingest_token: 'tok-abc-123',
      admin_password: 'pw-4242',
      thrift_allow: ['127.0.0.1'],
    });
  });
  after(() => srv.stop());

  test('HTTP without the token is refused and Thrift from an unlisted address is cut unread: nothing stored', async () => {
    assert.equal((await srv.post(report([frame('src/app.ts', 3, 'boom()')]), {})).status, 401);
    assert.equal(await recordFrom(srv, '127.0.0.2'), 'closed');
    assert.equal(await storedCount(srv), 0);
  });

  test('Thrift from a listed address is stored', async () => {
    assert.equal(await recordFrom(srv, '127.0.0.1'), 'stored');
    assert.equal(await storedCount(srv), 1);
  });
});

describe('by default (thrift_allow empty)', () => {
  let srv: RunningServer;
  before(async () => {
    srv = await startServer({ repo_dir: '/nonexistent' });
  });
  after(() => srv.stop());

  test('every loopback address may report, as Python clients on the same machine do', async () => {
    assert.equal(await recordFrom(srv, '127.0.0.1'), 'stored');
    assert.equal(await recordFrom(srv, '127.0.0.2'), 'stored');
  });
});
