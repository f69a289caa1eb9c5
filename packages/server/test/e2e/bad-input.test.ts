import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { frame, type RunningServer, report, startServer } from '../helpers/server';

let srv: RunningServer;
before(async () => {
  srv = await startServer({ repo_dir: '/nonexistent' });
});
after(() => srv.stop());

const good = () => report([frame('src/a.ts', 7, 'x()')]);

async function expectError(res: Response, status: number, pattern: RegExp) {
  const body = (await res.json()) as { message: string; error: string };
  assert.equal(res.status, status, JSON.stringify(body));
  assert.match(body.message, pattern);
  assert.match(body.error, /^FLW_ERR_/);
  return body;
}

async function storedCount(): Promise<number> {
  const w = (await (
    await srv.get('/api/v1/weekly?include_known_errors=1&include_modified_before_min_date=1')
  ).json()) as {
    errors: { count: number }[];
  };
  return w.errors.reduce((s, e) => s + e.count, 0);
}

test('bad bodies get a clear 4xx naming the problem, and nothing is stored', async () => {
  await expectError(await srv.post('{"traceback": ['), 400, /JSON/);
  await expectError(await srv.post(''), 400, /empty|JSON/);
  await expectError(await srv.post('"just a string"'), 400, /report object/);
  await expectError(await srv.post({ exception_type: 'E' }), 400, /traceback is missing/);
  await expectError(
    await srv.post(report([frame('src/a.ts', 'seven' as unknown as number, 'x')])),
    400,
    /traceback\[0\]\.line_number must be integer/,
  );
  await expectError(await srv.post({ ...good(), error_count: -1 }), 400, /error_count/);
  await expectError(await srv.post({ ...good(), hostname: 5 }), 400, /hostname must be string/);
  await expectError(await srv.post({ ...good(), revision: '--output=/tmp/x' }), 400, /revision/);
  const batch = await expectError(await srv.post([good(), good(), { traceback: 'no' }]), 400, /report\[2\]\.traceback/);
  assert.equal((batch as unknown as { index: number }).index, 2);
  await expectError(await srv.post(Array.from({ length: 1001 }, good)), 400, /at most 1000/);
  await expectError(
    await srv.post(report(Array.from({ length: 100_000 }, (_, i) => frame('a.ts', i + 1, '')))),
    413,
    /max_report_bytes/,
  );
  await expectError(await srv.post('x'.repeat(10 * 1024 * 1024)), 413, /larger than/);
  await expectError(
    await fetch(`${srv.url}/api/v1/errors`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: '<a/>' }),
    415,
    /content type/,
  );
  assert.equal(await storedCount(), 0, 'nothing stored from rejected requests');

  // The server keeps serving.
  assert.equal((await srv.post(good())).status, 202);
  await srv.server.pipeline.drain();
  assert.equal(await storedCount(), 1);
});

test('too many frames within the size limit are refused by the schema', async () => {
  const r = report(Array.from({ length: 5000 }, (_, i) => ({ filename: 'a', line_number: i })) as never);
  await expectError(await srv.post(r), 400, /more than 2000/);
});

test('report_id makes retries count once', async () => {
  const before = await storedCount();
  const r = { ...good(), report_id: 'retry-1' };
  for (let i = 0; i < 3; i++) assert.equal((await srv.post(r)).status, 202);
  await srv.server.pipeline.drain();
  assert.equal((await storedCount()) - before, 1);
});

test('ingest_token: missing or wrong → 401, right → 202', async () => {
  const s = await startServer({ repo_dir: '/nonexistent', ingest_token: 's3cret-token' });
  try {
    await expectError(await s.post(good(), {}), 401, /ingest_token/);
    await expectError(await s.post(good(), { authorization: 'Bearer wrong' }), 401, /wrong/);
    assert.equal((await s.post(good(), { authorization: 'Bearer s3cret-token' })).status, 202);
    const health = await (await s.get('/check_health')).text();
    assert.doesNotMatch(health, /s3cret-token/);
  } finally {
    await s.stop();
  }
});
