/** Reports queued unbuilt (built when sent), and requests in flight side by side. */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import type { ErrorReport } from '@flawless/protocol';
import { createTransport, type DeferredReport } from '../../src/transport/base';
import { createHttpRequester } from '../../src/transport/http';
import { CaptureServer } from '../helpers/capture-server';

let server: CaptureServer;
before(async () => {
  server = await CaptureServer.start();
});
after(async () => {
  await server.stop();
});

/** A report built on demand, counting its builds; the same id every time, as the client does. */
function deferred(i: number, builds: number[]): DeferredReport {
  const report: ErrorReport = {
    traceback: [{ filename: 'src/a.ts', line_number: i, function_name: 'f', text: '' }],
    exception_type: 'Error',
    exception_message: `m${i}`,
    hostname: 'test',
    error_count: 2,
    report_id: `id-${i}`,
  };
  return {
    build: () => {
      builds[i] = (builds[i] ?? 0) + 1;
      return report;
    },
    signature: `s${i}`,
    count: 2,
    size: 200,
  };
}

test('a report dropped from a full queue is never built; a retried one is built again, same id', async () => {
  server.requests.length = 0;
  server.mode = 'fail';
  const http = createHttpRequester();
  const dropped: Array<{ signature: string | undefined; count: number }> = [];
  const t = createTransport(
    {
      servers: [server.address],
      maxQueue: 5,
      backoffBaseMs: 50,
      backoffMaxMs: 100,
      onDrop: (d) => dropped.push(d),
      onClose: http.close,
    },
    http.request,
  );
  const builds: number[] = [];
  for (let i = 0; i < 20; i++) t.send(deferred(i, builds));
  assert.equal(t.stats.dropped, 15);
  assert.deepEqual(
    dropped.map((d) => d.signature),
    Array.from({ length: 15 }, (_, i) => `s${i}`),
  );
  assert.ok(dropped.every((d) => d.count === 2));
  assert.equal(await t.flush(300), false, 'the server fails');
  server.mode = 'ok';
  assert.equal(await t.flush(3000), true);
  assert.deepEqual(
    server.reports.map((r) => r.report_id),
    Array.from({ length: 5 }, (_, i) => `id-${15 + i}`),
  );
  assert.deepEqual(
    Array.from({ length: 15 }, (_, i) => builds[i]),
    Array.from({ length: 15 }, () => undefined),
    'the dropped ones were never built',
  );
  for (let i = 15; i < 20; i++) assert.ok(builds[i]! >= 2, `report ${i} built for each attempt`);
  await t.close();
});

test('the queue is bounded by the sizes given for unbuilt reports', () => {
  const t = createTransport({ servers: ['127.0.0.1:9'], maxQueueBytes: 1000, batchDelayMs: 60_000 }, () =>
    Promise.resolve(202),
  );
  const builds: number[] = [];
  for (let i = 0; i < 20; i++) t.send(deferred(i, builds));
  assert.equal(t.stats.queued, 5, '5 × 200 bytes');
  assert.equal(t.stats.dropped, 15);
});

test('two requests in flight at once', async () => {
  let open = 0;
  let most = 0;
  let requests = 0;
  const slow = http.createServer((req, res) => {
    open++;
    requests++;
    most = Math.max(most, open);
    req.resume();
    req.on('end', () =>
      setTimeout(() => {
        open--;
        res.writeHead(202).end();
      }, 100),
    );
  });
  await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
  const requester = createHttpRequester();
  const t = createTransport(
    { servers: [`127.0.0.1:${(slow.address() as AddressInfo).port}`], maxBatch: 10, onClose: requester.close },
    requester.request,
  );
  const builds: number[] = [];
  for (let i = 0; i < 40; i++) t.send(deferred(i, builds));
  assert.equal(await t.flush(5000), true);
  assert.equal(requests, 4);
  assert.equal(most, 2);
  assert.equal(t.stats.sent, 40);
  await t.close();
  await new Promise((r) => slow.close(r));
});
