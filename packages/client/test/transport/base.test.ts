import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ErrorReport } from '@flawless/protocol';
import {
  createTransport,
  type DroppedReport,
  type QueuedReport,
  type TransportOptions,
} from '../../src/transport/base';
import { createHttpRequester } from '../../src/transport/http';
import { backoffDelay, parseServer } from '../../src/transport/servers';
import { CaptureServer } from '../helpers/capture-server';

let a: CaptureServer;
let b: CaptureServer;
before(async () => {
  a = await CaptureServer.start();
  b = await CaptureServer.start();
});
after(async () => {
  await a.stop();
  await b.stop();
});

function report(i: number): QueuedReport {
  const r: ErrorReport = {
    traceback: [{ filename: 'src/a.ts', line_number: i, function_name: 'f', text: '' }],
    exception_type: 'Error',
    exception_message: `m${i}`,
    hostname: 'test',
    report_id: `r${i}-${Math.random()}`,
  };
  return { report: r, signature: `s${i}` };
}

function transport(options: Partial<TransportOptions> & Pick<TransportOptions, 'servers'>, token?: string) {
  const http = createHttpRequester(token);
  const warnings: string[] = [];
  const t = createTransport(
    { backoffBaseMs: 50, backoffMaxMs: 200, warn: (m) => warnings.push(m), onClose: http.close, ...options },
    http.request,
  );
  return { t, warnings };
}

function reset(...servers: CaptureServer[]) {
  for (const s of servers) {
    s.requests.length = 0;
    s.mode = 'ok';
  }
}

test('server specs and backoff delays', () => {
  assert.equal(parseServer('localhost:8080').href, 'http://localhost:8080/api/v1/errors');
  assert.equal(parseServer('https://flawless.example').href, 'https://flawless.example/api/v1/errors');
  assert.equal(parseServer('http://h:1/custom/path').href, 'http://h:1/custom/path');
  assert.throws(() => parseServer('ftp://h'));
  assert.equal(
    backoffDelay(1, 1000, 300_000, () => 0),
    500,
  );
  assert.equal(
    backoffDelay(3, 1000, 300_000, () => 1),
    4000,
  );
  assert.equal(
    backoffDelay(40, 1000, 300_000, () => 1),
    300_000,
  );
});

test('batches of at most 100, POSTed as JSON arrays with the bearer token', async () => {
  reset(a);
  const { t } = transport({ servers: [a.address] }, 'sekrit');
  for (let i = 0; i < 250; i++) t.send(report(i));
  assert.equal(await t.flush(5000), true);
  assert.deepEqual(
    a.requests.map((r) => r.reports.length),
    [100, 100, 50],
  );
  assert.equal(a.requests[0]!.path, '/api/v1/errors');
  assert.equal(a.requests[0]!.headers.authorization, 'Bearer sekrit');
  assert.equal(a.requests[0]!.headers['content-type'], 'application/json');
  assert.equal(t.stats.sent, 250);
  await t.close();
});

test('a failing server is backed off and the next one takes the batch', async () => {
  reset(a, b);
  a.mode = 'fail';
  const { t, warnings } = transport({ servers: [a.address, b.address] });
  for (let i = 0; i < 3; i++) t.send(report(i));
  assert.equal(await t.flush(3000), true);
  assert.equal(b.reports.length, 3);
  assert.equal(t.stats.failedRequests, 1);
  assert.match(warnings.join('\n'), /failed \(503\); retrying with backoff/);
  await t.close();
});

test('a refusing status drops the batch, warned once; 429 and 408 are retried', async () => {
  reset(a);
  a.mode = { status: 400 };
  const { t, warnings } = transport({ servers: [a.address] });
  t.send(report(1));
  assert.equal(await t.flush(2000), true);
  t.send(report(2));
  assert.equal(await t.flush(2000), true);
  assert.equal(t.stats.rejected, 2);
  assert.equal(warnings.filter((w) => w.includes('status 400')).length, 1);
  a.mode = { status: 429 };
  t.send(report(3));
  setTimeout(() => {
    a.mode = 'ok';
  }, 150);
  assert.equal(await t.flush(3000), true);
  assert.equal(a.reports.length, 1);
  assert.ok(t.stats.failedRequests >= 1);
  await t.close();
});

test('a hanging server: every send times out, flush gives up at its deadline', async () => {
  reset(a);
  a.mode = 'hang';
  const { t, warnings } = transport({ servers: [a.address], timeoutMs: 100 });
  t.send(report(1));
  const started = Date.now();
  assert.equal(await t.flush(600), false);
  assert.ok(Date.now() - started < 1500);
  assert.match(warnings.join('\n'), /timed out after 100 ms/);
  assert.ok(t.stats.failedRequests >= 2, 'retried within the flush');
  a.mode = 'ok';
  assert.equal(await t.flush(3000), true);
  assert.equal(a.reports.length, 1);
  await t.close();
});

test('server down: the queue stays bounded (oldest dropped and handed back); up again: delivered', async () => {
  reset(a);
  await a.stop();
  const dropped: DroppedReport[] = [];
  const { t } = transport({ servers: [a.address], maxQueue: 5, onDrop: (item) => dropped.push(item) });
  const items = Array.from({ length: 20 }, (_, i) => report(i));
  for (const item of items) t.send(item);
  await new Promise((r) => setTimeout(r, 200));
  assert.ok(t.stats.queued <= 5);
  assert.equal(t.stats.dropped, 15);
  assert.deepEqual(
    dropped,
    items.slice(0, 15).map((i) => ({ signature: i.signature, count: 1 })),
  );
  await a.restart();
  assert.equal(await t.flush(3000), true);
  assert.deepEqual(
    a.reports.map((r) => r.report_id),
    items.slice(15).map((i) => i.report.report_id),
  );
  await t.close();
});
