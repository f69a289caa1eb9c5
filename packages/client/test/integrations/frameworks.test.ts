/**
 * Real Express, Koa, Fastify and node:http apps on port 0: each reports the failing
 * request (credentials scrubbed) and answers exactly as it would without Flawless.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import type { ErrorReport } from '@flawless/protocol';
import express from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import * as flawless from '../../src/index';
import { CaptureServer } from '../helpers/capture-server';

let server: CaptureServer;
before(async () => {
  server = await CaptureServer.start();
  flawless.init({ servers: [server.address], captureLocals: false });
});
after(async () => {
  await flawless.close();
  await server.stop();
});

const HEADERS = {
  accept: 'text/plain',
  cookie: 'sid=abc',
  authorization: 'Basic dXNlcjpwYXNz',
  'x-api-key': 'k-123',
};

async function listen(s: http.Server): Promise<string> {
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

async function get(base: string, path: string): Promise<{ status: number; type: string | null; body: string }> {
  const res = await fetch(base + path, { headers: HEADERS });
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}

async function reportsSince(before: number): Promise<ErrorReport[]> {
  assert.equal(await flawless.flush(), true);
  return server.reports.slice(before);
}

function assertRequestInfo(report: ErrorReport | undefined, requestLine: string): void {
  const info = report?.additional_info ?? '';
  assert.ok(info.startsWith(`${requestLine}\n`), info);
  assert.match(info, /^accept: text\/plain$/m);
  assert.match(info, /^cookie: \*\*scrubbed\*\*$/m);
  assert.match(info, /^authorization: \*\*scrubbed\*\*$/m);
  assert.match(info, /^x-api-key: \*\*scrubbed\*\*$/m);
  assert.match(info, /\n\nRemote address: (::ffff:)?127\.0\.0\.1$/);
  assert.ok(!info.includes('abc') && !info.includes('k-123') && !info.includes('dXNlcjpwYXNz'));
}

test('express: reported with the request, then the default error response', async () => {
  const makeApp = (withFlawless: boolean) => {
    const app = express();
    app.get('/boom', () => {
      throw new Error('express boom');
    });
    app.get('/async', async () => {
      await null;
      throw new Error('express async');
    });
    app.get('/missing', () => {
      throw Object.assign(new Error('not here'), { status: 404 });
    });
    if (withFlawless) app.use(flawless.expressErrorHandler());
    return http.createServer(app);
  };
  const withIt = makeApp(true);
  const without = makeApp(false);
  const base = await listen(withIt);
  const control = await listen(without);
  try {
    const before = server.reports.length;
    const res = await get(base, '/boom?token=t0p&x=1');
    const expected = await get(control, '/boom?token=t0p&x=1');
    assert.equal(res.status, 500);
    assert.equal(res.type, expected.type);
    assert.equal(res.body.split('<br>')[0], expected.body.split('<br>')[0]);
    assert.equal((await get(base, '/async')).status, 500);
    assert.equal((await get(base, '/missing')).status, 404);
    const reports = await reportsSince(before);
    assert.deepEqual(
      reports.map((r) => r.exception_message),
      ['express boom', 'express async'],
    );
    assertRequestInfo(reports[0], 'GET /boom?token=**scrubbed**&x=1 HTTP/1.1');
  } finally {
    withIt.close();
    without.close();
  }
});

test('koa: reported with the request, rethrown to Koa', async () => {
  const app = new Koa();
  app.silent = true;
  const emitted: unknown[] = [];
  app.on('error', (err) => emitted.push(err));
  app.use(flawless.koa());
  app.use(async (ctx) => {
    if (ctx.path === '/teapot') ctx.throw(418, 'short and stout');
    throw new Error('koa boom');
  });
  const s = http.createServer(app.callback());
  const base = await listen(s);
  try {
    const before = server.reports.length;
    const res = await get(base, '/boom');
    assert.equal(res.status, 500);
    assert.equal(res.body, 'Internal Server Error');
    assert.equal((await get(base, '/teapot')).status, 418);
    assert.equal(emitted.length, 2, "Koa's own error event still fires");
    const reports = await reportsSince(before);
    assert.deepEqual(
      reports.map((r) => r.exception_message),
      ['koa boom'],
    );
    assertRequestInfo(reports[0], 'GET /boom HTTP/1.1');
  } finally {
    s.close();
  }
});

test('fastify: the plugin sees every route; validation errors are not bugs', async () => {
  const app = Fastify();
  await app.register(flawless.fastifyPlugin);
  app.get('/boom', async () => {
    throw new Error('fastify boom');
  });
  app.post('/typed', { schema: { body: { type: 'object', required: ['id'] } } }, async () => 'ok');
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  try {
    const before = server.reports.length;
    const res = await get(base, '/boom');
    assert.equal(res.status, 500);
    assert.deepEqual(JSON.parse(res.body), {
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'fastify boom',
    });
    const invalid = await fetch(`${base}/typed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(invalid.status, 400);
    const reports = await reportsSince(before);
    assert.deepEqual(
      reports.map((r) => r.exception_message),
      ['fastify boom'],
    );
    assertRequestInfo(reports[0], 'GET /boom HTTP/1.1');
  } finally {
    await app.close();
  }
});

test('node:http: a failing handler is reported and its error passed on unchanged', async () => {
  const passedOn: unknown[] = [];
  const handler = flawless.wrapHttpHandler(async (req, res) => {
    res.writeHead(500).end('failed');
    throw new Error(`http boom ${req.method}`);
  });
  // What the wrapper returns rejects with the handler's own error (Node would see it as before).
  const s = http.createServer((req, res) => {
    (handler(req, res) as Promise<unknown>).catch((err: unknown) => passedOn.push(err));
  });
  const base = await listen(s);
  try {
    const before = server.reports.length;
    const res = await get(base, '/x');
    assert.deepEqual([res.status, res.body], [500, 'failed']);
    const reports = await reportsSince(before);
    assert.deepEqual(
      reports.map((r) => r.exception_message),
      ['http boom GET'],
    );
    assertRequestInfo(reports[0], 'GET /x HTTP/1.1');
    assert.equal((passedOn[0] as Error).message, 'http boom GET');
    const sync = flawless.wrapHttpHandler(() => {
      throw new Error('sync http');
    });
    assert.throws(() => sync({} as http.IncomingMessage, {} as http.ServerResponse), /sync http/);
  } finally {
    s.close();
  }
});
