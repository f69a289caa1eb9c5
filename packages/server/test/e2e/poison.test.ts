// Security review F2: one hostile report must never make a well-formed neighbour fail,
// and fields the server does not know are dropped, never stored.
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, test } from 'node:test';
import { frame, type RunningServer, report, startServer } from '../helpers/server';

let srv: RunningServer;
before(async () => {
  srv = await startServer({ repo_dir: '/nonexistent' });
});
after(() => srv.stop());

const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const poisonBody = (n: number) =>
  `{"traceback":[{"filename":"src/cart.ts","line_number":3,"function_name":"poison","text":"x"}],"extra":${deep(n)}}`;

async function weeklyCount(): Promise<number> {
  const w = (await (
    await srv.get('/api/v1/weekly?include_known_errors=1&include_modified_before_min_date=1')
  ).json()) as { errors: { count: number }[] };
  return w.errors.reduce((s, e) => s + e.count, 0);
}

test('a value nested past 64 levels is refused with 400 naming the depth, before anything walks it', async () => {
  const res = await srv.post(poisonBody(20_000));
  const body = (await res.json()) as { message: string; field: string };
  assert.equal(res.status, 400, JSON.stringify(body));
  assert.match(body.message, /deeper than 64 levels/);
  const inFrame = await srv.post(
    `{"traceback":[{"filename":"a.ts","line_number":1,"function_name":"f","text":"x","more":${deep(70)}}]}`,
  );
  assert.equal(inFrame.status, 400);
  const batch = await srv.post(`[${JSON.stringify(report([frame('a.ts', 1, 'x')]))},${poisonBody(100)}]`);
  const b = (await batch.json()) as { index: number; message: string };
  assert.equal(batch.status, 400);
  assert.equal(b.index, 1);
  assert.equal(await weeklyCount(), 0, 'nothing stored from a refused request');
});

test('unknown fields are accepted and dropped: never stored, at the top, in frames, in the user', async () => {
  const r = {
    ...report([frame('src/unknown.ts', 9, 'go()', { function_name: 'go', future_field: { a: [1, 2] } } as never)]),
    extra: [[['junk']]],
    user: { id: '7', shoe_size: 44 },
  };
  const res = await srv.post(r);
  assert.equal(res.status, 202);
  const q = new URLSearchParams({ filename: 'src/unknown.ts', line_number: '9', function_name: 'go', text: 'go()' });
  const stored = (await (await srv.get(`/api/v1/error?${q}`)).json()) as { last_report: Record<string, unknown> };
  const last = stored.last_report;
  assert.equal(last['extra'], undefined);
  assert.deepEqual(last['user'], { id: '7' });
  const f = (last['traceback'] as Record<string, unknown>[])[0] as Record<string, unknown>;
  assert.equal(f['future_field'], undefined);
  assert.equal(f['filename'], 'src/unknown.ts');
});

/** Sends bodies on separate sockets, all but the last byte first, then the last bytes together: one group commit. */
async function together(bodies: string[]): Promise<number[]> {
  const url = new URL(srv.url);
  const reqs = bodies.map((body) => {
    const buf = Buffer.from(body);
    const req = httpRequest({
      host: url.hostname,
      port: url.port,
      path: '/api/v1/errors',
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': buf.length },
    });
    const done = new Promise<number>((resolve, reject) => {
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
    });
    req.write(buf.subarray(0, buf.length - 1));
    return { req, last: buf.subarray(buf.length - 1), done };
  });
  await new Promise((r) => setTimeout(r, 50));
  for (const r of reqs) r.req.end(r.last);
  return Promise.all(reqs.map((r) => r.done));
}

test('300 well-formed reports sent beside poison in the same group commits all succeed', async () => {
  const before = await weeklyCount();
  let good = 0;
  for (let round = 0; round < 20; round++) {
    const bodies = [poisonBody(20_000)];
    for (let i = 0; i < 15; i++) bodies.push(JSON.stringify(report([frame(`src/r${i}.ts`, round + 1, 'y()')])));
    const statuses = await together(bodies);
    assert.equal(statuses[0], 400);
    assert.deepEqual(statuses.slice(1), Array(15).fill(202), `round ${round}: ${statuses}`);
    good += 15;
  }
  assert.equal((await weeklyCount()) - before, good);
});
