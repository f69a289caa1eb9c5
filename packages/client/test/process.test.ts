/**
 * The client inside real child processes: how they end (uncaught errors, natural exit
 * with sends pending), a debugger already attached, and an ES module importing it.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { CaptureServer } from './helpers/capture-server';
import { CLIENT_INDEX, tempDir } from './helpers/paths';

let server: CaptureServer;
const tmp = tempDir();
before(async () => {
  server = await CaptureServer.start();
});
after(async () => {
  await server.stop();
  tmp.cleanup();
});

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs `source` (CommonJS, `flawless` already required and initialised) in a child process. */
function run(
  name: string,
  source: string,
  nodeArgs: string[] = [],
  init = `{ servers: [${JSON.stringify(server.address)}] }`,
): Promise<Outcome> {
  const file = join(tmp.dir, name);
  writeFileSync(
    file,
    `const flawless = require(${JSON.stringify(CLIENT_INDEX)});\nflawless.init(${init});\n${source}\n`,
  );
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [...nodeArgs, file], { timeout: 20_000 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : null;
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

function reset(): void {
  server.requests.length = 0;
  server.mode = 'ok';
}

test('an uncaught exception is reported, then Node prints it and exits with code 1', async () => {
  reset();
  const out = await run(
    'uncaught.js',
    `flawless.installGlobalHandlers();
function crash() { const step = 'charge'; throw new TypeError('card declined at ' + step); }
setTimeout(crash, 1);`,
  );
  assert.equal(out.code, 1);
  // Node's own report, pointing at the app's line (not at the client).
  assert.match(out.stderr, /uncaught\.js:4\nfunction crash\(\) \{ const step = 'charge'; throw new TypeError/);
  assert.match(out.stderr, /TypeError: card declined at charge\n {4}at Timeout\.crash/);
  const [report] = server.reports;
  assert.equal(report?.exception_type, 'TypeError');
  assert.deepEqual(report?.traceback.at(-1)?.frame_locals, { step: "'charge'" });
});

test('an unhandled rejection is reported and still ends the process like Node does', async () => {
  reset();
  const out = await run(
    'rejection.js',
    `flawless.installGlobalHandlers();\nPromise.reject(new Error('nobody caught me'));`,
  );
  assert.equal(out.code, 1);
  assert.match(out.stderr, /Error: nobody caught me/);
  assert.equal(server.reports[0]?.exception_message, 'nobody caught me');
});

test('with its own uncaughtException listener the app decides: reported, process goes on', async () => {
  reset();
  const out = await run(
    'own-listener.js',
    `flawless.installGlobalHandlers();
process.on('uncaughtException', (e) => { console.log('app handled', e.message); setTimeout(() => flawless.flush().then(() => console.log('still running')), 10); });
setTimeout(() => { throw new Error('handled by app'); }, 1);`,
  );
  assert.equal(out.code, 0);
  assert.match(out.stdout, /app handled handled by app\nstill running/);
  assert.equal(server.reports[0]?.exception_message, 'handled by app');
});

test('a natural exit delivers what is queued, and is not held up by a hanging server', async () => {
  reset();
  const delivered = await run('natural.js', `flawless.captureException(new Error('last words'));`);
  assert.equal(delivered.code, 0);
  assert.equal(server.reports[0]?.exception_message, 'last words');
  server.mode = 'hang';
  const hanging = await run(
    'hanging.js',
    `flawless.captureException(new Error('unheard'));`,
    [],
    `{ servers: [${JSON.stringify(server.address)}], exitFlushTimeoutMs: 500 }`,
  );
  assert.equal(hanging.code, 0);
  assert.ok(hanging.ms < 5000, `exited after ${hanging.ms} ms`);
  const idle = await run('idle.js', `setTimeout(() => console.log('done'), 10);`);
  assert.equal(idle.code, 0);
  assert.ok(idle.ms < 3000, 'no timer or socket of the client keeps an idle app alive');
});

test('a debugger already attached: one warning, reports without locals, nothing on stderr', async () => {
  reset();
  const out = await run(
    'inspected.js',
    `function f() { const v = 1; throw new Error('inspected ' + v); }
for (let i = 0; i < 3; i++) { try { f(); } catch (e) { flawless.captureException(e); } }
flawless.flush().then(() => flawless.close());`,
    ['--inspect=127.0.0.1:0'],
    `{ servers: [${JSON.stringify(server.address)}], onWarning: (m) => console.log('warning:', m) }`,
  );
  assert.equal(out.code, 0);
  assert.deepEqual(out.stdout.match(/^warning: .*$/gm), [
    'warning: local variables are not captured: a debugger is attached (--inspect)',
  ]);
  assert.equal(server.reports.length, 3);
  assert.ok(server.reports[0]!.traceback.every((f) => f.frame_locals === undefined));
  assert.ok(!/flawless/i.test(out.stderr), out.stderr);
});

test('an ES module imports the named exports of @flawless/client', async () => {
  reset();
  const app = join(tmp.dir, 'esm-app');
  mkdirSync(join(app, 'node_modules/@flawless'), { recursive: true });
  symlinkSync(resolve(CLIENT_INDEX, '../../..'), join(app, 'node_modules/@flawless/client'));
  writeFileSync(
    join(app, 'main.mjs'),
    `import { init, captureException, flush, wrap, expressErrorHandler } from '@flawless/client';
const dynamic = await import('@flawless/client');
console.log(typeof wrap, typeof expressErrorHandler, typeof dynamic.init);
init({ servers: [${JSON.stringify(server.address)}] });
function fail() { const where = 'esm'; throw new Error('from ' + where); }
try { fail(); } catch (e) { captureException(e); }
console.log(await flush());`,
  );
  const out = await new Promise<{ code: number | null; stdout: string }>((done) =>
    execFile(process.execPath, [join(app, 'main.mjs')], (err, stdout) => done({ code: err ? 1 : 0, stdout })),
  );
  assert.equal(out.code, 0);
  assert.equal(out.stdout, 'function function function\ntrue\n');
  const last = server.reports[0]?.traceback.at(-1);
  assert.equal(last?.function_name, 'fail');
  assert.match(last?.filename ?? '', /esm-app\/main\.mjs$/);
  assert.deepEqual(last?.frame_locals, { where: "'esm'" });
});
