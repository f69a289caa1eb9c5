/** The client end to end in this process, against a real HTTP server standing in for Flawless. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as flawless from '../src/index';
import { CaptureServer } from './helpers/capture-server';
import { tempDir } from './helpers/paths';

let server: CaptureServer;
const tmp = tempDir();
/** Twenty functions, each throwing on its own line: twenty error sites. */
let sites: Array<() => never>;

before(async () => {
  server = await CaptureServer.start();
  const lines = Array.from(
    { length: 20 },
    (_, i) => `exports.s${i} = function s${i}() { throw new Error('site ${i}'); };`,
  );
  writeFileSync(join(tmp.dir, 'sites.js'), `${lines.join('\n')}\n`);
  const mod = require(join(tmp.dir, 'sites.js')) as Record<string, () => never>;
  sites = Array.from({ length: 20 }, (_, i) => mod[`s${i}`]!);
});
after(async () => {
  await flawless.close();
  await server.stop();
  tmp.cleanup();
});

async function start(options: flawless.FlawlessOptions = {}): Promise<void> {
  await flawless.close();
  server.requests.length = 0;
  server.mode = 'ok';
  flawless.init({ servers: [server.address], captureLocals: false, revision: 'abc123', hostname: 'web-3', ...options });
}

function throwAt(site: number): unknown {
  try {
    return sites[site]!();
  } catch (err) {
    return err;
  }
}

test('before init every call is a no-op', async () => {
  await flawless.close();
  flawless.captureException(new Error('nobody listens'));
  assert.equal(await flawless.flush(), true);
  assert.equal(flawless.getStats(), undefined);
});

test('a report: type, message, host, revision, count, id, the throwing frame last', async () => {
  await start({ errorThreshold: 2 });
  class OrderError extends Error {}
  flawless.captureException(new OrderError('no stock'), { additionalInfo: 'GET /orders' });
  assert.equal(await flawless.flush(), true);
  const [report] = server.reports;
  assert.ok(report);
  assert.equal(report.exception_type, 'OrderError');
  assert.equal(report.exception_message, 'no stock');
  assert.equal(report.hostname, 'web-3');
  assert.equal(report.revision, 'abc123');
  assert.equal(report.error_count, 1);
  assert.equal(report.error_threshold, 2);
  assert.equal(report.additional_info, 'GET /orders');
  assert.match(report.report_id ?? '', /^[0-9a-f-]{36}$/);
  const last = report.traceback.at(-1)!;
  assert.equal(last.filename, 'packages/client/test/client.test.ts', 'the compiled test, mapped back to its source');
  assert.match(last.text, /new OrderError\('no stock'\)/);
});

test('the same error object reported twice (rethrown, wrapped twice) counts once', async () => {
  await start();
  const err = throwAt(0);
  flawless.captureException(err);
  flawless.captureException(err);
  const twice = flawless.wrap(flawless.wrap(() => sites[1]!()));
  assert.throws(twice);
  assert.equal(await flawless.flush(), true);
  assert.equal(server.total, 2);
  assert.equal(flawless.getStats()?.captured, 2);
});

test("the capture leaves the app's err.stack alone: printed when the app reads it, as without the client", async () => {
  await start();
  const err = new Error('first');
  flawless.captureException(err);
  // Without the client this is what the app sees: V8 prints the stack at its first read.
  err.message = 'second';
  assert.match(err.stack ?? '', /^Error: second\n {4}at /);
  assert.equal(await flawless.flush(), true);
  const [report] = server.reports;
  assert.equal(report?.exception_message, 'second', 'read once the code that captured it is done');
  assert.match(report?.traceback.at(-1)?.text ?? '', /new Error\('first'\)/);
});

test('values that are not Errors: typed, printed (scrubbed), with the stack of the capture call', async () => {
  await start();
  flawless.captureException('plain string');
  flawless.captureException({ code: 7, password: 'hunter2' });
  flawless.captureException(null);
  assert.equal(await flawless.flush(), true);
  const [str, obj, nul] = server.reports;
  assert.equal(str?.exception_type, 'string');
  assert.equal(str?.exception_message, 'plain string');
  assert.equal(obj?.exception_type, 'Object');
  assert.equal(obj?.exception_message, '{ code: 7, password: **scrubbed** }');
  assert.equal(nul?.exception_type, 'null');
  const last = str!.traceback.at(-1)!;
  assert.match(last.text, /captureException\('plain string'\)/, 'the capture call site, not the client');
  assert.ok(!str!.traceback.some((f) => f.filename.includes('packages/client/dist/src')));
});

test('one site throwing 10,000 times: at most 30 requests, the counts add up to 10,000', async () => {
  await start();
  for (let i = 0; i < 10_000; i++) {
    // Spread over many ticks (the stack, and so the signature, is the same after each await).
    if (i % 10 === 0) await new Promise((r) => setImmediate(r));
    flawless.captureException(throwAt(3));
  }
  assert.equal(await flawless.flush(), true);
  assert.equal(server.total, 10_000);
  assert.ok(server.requests.length <= 30, `${server.requests.length} requests`);
  assert.deepEqual(
    server.reports.map((r) => r.error_count),
    [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 6, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 1808],
    'first 10, then 16…8192, then the rest at flush',
  );
});

test('5,000 captures over 20 sites in a tight loop, then flush: exactly 5,000', async () => {
  await start();
  for (let i = 0; i < 5000; i++) flawless.captureException(throwAt(i % 20));
  assert.equal(await flawless.flush(), true);
  assert.equal(server.total, 5000);
  const perSite = new Map<string, number>();
  for (const r of server.reports)
    perSite.set(r.exception_message, (perSite.get(r.exception_message) ?? 0) + (r.error_count ?? 1));
  assert.equal(perSite.size, 20);
  for (const n of perSite.values()) assert.equal(n, 250);
});

test('server down: the app keeps going, memory stays bounded; back up: every count arrives', async () => {
  await start({ maxQueue: 50 });
  await server.stop();
  const started = process.hrtime.bigint();
  for (let i = 0; i < 20_000; i++) flawless.captureException(throwAt(i % 20));
  const perCaptureUs = Number(process.hrtime.bigint() - started) / 20_000 / 1000;
  assert.ok(perCaptureUs < 200, `${perCaptureUs} µs per capture`);
  await new Promise((r) => setTimeout(r, 300));
  const stats = flawless.getStats()!;
  assert.ok(stats.transport.queued <= 50);
  assert.ok(stats.transport.dropped > 0, 'the queue overflowed');
  await server.restart();
  assert.equal(await flawless.flush(5000), true);
  assert.equal(server.total, 20_000, 'dropped reports handed their counts back');
  assert.equal(flawless.getStats()?.lostOccurrences, 0);
});

test('the ingest token is sent; no servers means nothing is done, with a warning', async () => {
  await start({ ingestToken: 'tok' });
  flawless.captureException(new Error('x'));
  await flawless.flush();
  assert.ok(server.requests.length > 0);
  for (const r of server.requests) assert.equal(r.headers.authorization, 'Bearer tok');
  const warnings: string[] = [];
  flawless.init({ servers: [], captureLocals: false, onWarning: (w) => warnings.push(w) });
  flawless.captureException(new Error('y'));
  assert.equal(flawless.getStats()?.captured, 0);
  assert.match(warnings[0] ?? '', /no servers configured/);
});
