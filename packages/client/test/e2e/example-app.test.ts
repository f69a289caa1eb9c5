/**
 * The example app (examples/express-app) compiled by tsc with source maps in a fresh git
 * repository, run from its dist/ in a child process, its routes made to fail: the reports
 * name the TypeScript file and line, its text and the frame's locals.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import type { ErrorReport } from '@flawless/protocol';
import { CaptureServer } from '../helpers/capture-server';
import { CLIENT_INDEX, gitCommitAll, REPO_ROOT, TSC, tempDir } from '../helpers/paths';

const EXAMPLE = join(REPO_ROOT, 'examples/express-app');
const tmp = tempDir('flawless-example-');
let server: CaptureServer;
let app: ChildProcess;
let urls: Record<'express' | 'koa' | 'fastify' | 'http', string>;
let head: string;

before(async () => {
  server = await CaptureServer.start();
  cpSync(join(EXAMPLE, 'src'), join(tmp.dir, 'src'), { recursive: true });
  const tsconfig = JSON.parse(readFileSync(join(EXAMPLE, 'tsconfig.json'), 'utf8'));
  tsconfig.compilerOptions.paths = { '@flawless/client': [resolve(CLIENT_INDEX, '../index.d.ts')] };
  writeFileSync(join(tmp.dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  writeFileSync(join(tmp.dir, '.gitignore'), 'node_modules\ndist\n');
  mkdirSync(join(tmp.dir, 'node_modules/@flawless'), { recursive: true });
  for (const dep of ['express', 'koa', 'fastify', '@types']) {
    symlinkSync(join(REPO_ROOT, 'node_modules', dep), join(tmp.dir, 'node_modules', dep));
  }
  symlinkSync(resolve(CLIENT_INDEX, '../../..'), join(tmp.dir, 'node_modules/@flawless/client'));
  head = gitCommitAll(tmp.dir);
  execFileSync(TSC, ['-p', tmp.dir]);
  app = spawn(process.execPath, [join(tmp.dir, 'dist/server.js')], {
    cwd: tmp.dir,
    env: { ...process.env, PORT: '0', FLAWLESS_SERVERS: server.address },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  urls = await new Promise((done, fail) => {
    let out = '';
    app.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) done(JSON.parse(out.split('\n')[0]!));
    });
    app.on('exit', (code) => fail(new Error(`example app exited with ${code}`)));
  });
});

after(async () => {
  app?.kill();
  await server.stop();
  tmp.cleanup();
});

async function failRequest(url: string, status = 500): Promise<ErrorReport> {
  const before = server.reports.length;
  const res = await fetch(url, { headers: { cookie: 'sid=s3cr3t' } });
  assert.equal(res.status, status);
  await server.waitFor(() => server.reports.length > before);
  return server.reports.at(-1)!;
}

test('Express: src/orders.ts line 17, its TypeScript text and locals, in the app repository', async () => {
  const report = await failRequest(`${urls.express}/orders/42`);
  assert.equal(report.exception_type, 'TypeError');
  assert.equal(report.exception_message, "Cannot read properties of undefined (reading 'reduce')");
  assert.equal(report.revision, head);
  const frame = report.traceback.at(-1)!;
  assert.equal(frame.filename, 'src/orders.ts');
  assert.equal(frame.line_number, 17);
  assert.equal(frame.function_name, 'placeOrder');
  assert.equal(
    frame.text.trim(),
    'const subtotal = order.items.reduce((sum, item) => sum + item.price, 0) * attempts;',
  );
  assert.deepEqual(Object.fromEntries(Object.entries(frame.frame_locals ?? {}).filter(([k]) => k !== 'subtotal')), {
    orderId: '42',
    customerName: "'Ada'",
    order: "{ id: 42, customer: { name: 'Ada', email: 'ada@example.com' } }",
    password: '**scrubbed**',
    attempts: '3',
  });
  assert.ok(report.additional_info?.startsWith('GET /orders/42 HTTP/1.1\n'));
  assert.match(report.additional_info ?? '', /^cookie: \*\*scrubbed\*\*$/m);
});

test('a decorated class and a wrapped function, called from an Express route', async () => {
  const reserve = await failRequest(`${urls.express}/reserve/pear/5`);
  assert.equal(reserve.exception_type, 'RangeError');
  const frame = reserve.traceback.at(-1)!;
  assert.deepEqual(
    [frame.filename, frame.line_number, frame.function_name],
    ['src/inventory.ts', 12, 'Inventory.reserve'],
  );
  assert.equal(frame.frame_locals?.['available'], '2');
  assert.equal(frame.frame_locals?.['this.warehouse'], "'north'");
  const parse = await failRequest(`${urls.express}/reserve/pear/many`);
  assert.equal(parse.exception_type, 'TypeError');
  assert.equal(parse.error_threshold, 1);
  assert.equal(parse.traceback.at(-1)?.filename, 'src/inventory.ts');
});

test('Koa, Fastify and node:http report the same TypeScript line', async () => {
  for (const kind of ['koa', 'fastify', 'http'] as const) {
    const report = await failRequest(`${urls[kind]}/orders/7`);
    const frame = report.traceback.at(-1)!;
    assert.deepEqual([frame.filename, frame.line_number], ['src/orders.ts', 17], kind);
    assert.ok(report.additional_info?.startsWith('GET /orders/7 HTTP/1.1\n'), kind);
  }
});
