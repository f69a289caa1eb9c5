/**
 * Issue-level acceptance of the client with the real server: the example TypeScript app,
 * compiled by tsc with source maps, runs from dist/ in its own git repository and reports
 * to a real Flawless server, which blames the TypeScript line and mails its author.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { alice, bob, TestRepo } from '../helpers/git-repo';
import { startServer } from '../helpers/server';
import { TestSmtp } from '../helpers/smtp';

const ROOT = resolve(__dirname, '../../../../..');
const EXAMPLE = join(ROOT, 'examples/express-app');
const LINE_17 = 'const subtotal = order.items.reduce((sum, item) => sum + item.price, 0) * attempts;';

/** The example app in a fresh repository: alice wrote it, bob wrote line 17 of src/orders.ts. */
function exampleRepo(): TestRepo {
  const repo = new TestRepo('flawless-example-app-');
  const src = (file: string) => readFileSync(join(EXAMPLE, 'src', file), 'utf8');
  const orders = src('orders.ts');
  const files: Record<string, string> = { '.gitignore': 'node_modules\ndist\n' };
  for (const f of ['apps.ts', 'inventory.ts', 'server.ts']) files[`src/${f}`] = src(f);
  files['src/orders.ts'] = orders.replace(LINE_17, 'const subtotal = order.items.length * 10 * attempts;');
  repo.commit(alice, '2024-01-05T10:00:00Z', files);
  repo.commit(bob, '2024-02-05T10:00:00Z', { 'src/orders.ts': orders });
  assert.equal(orders.split('\n')[16]?.trim(), LINE_17, 'line 17 of the example is the failing line');

  const tsconfig = JSON.parse(readFileSync(join(EXAMPLE, 'tsconfig.json'), 'utf8'));
  tsconfig.compilerOptions.paths = { '@flawless/client': [join(ROOT, 'packages/client/dist/src/index.d.ts')] };
  writeFileSync(join(repo.dir, 'tsconfig.json'), JSON.stringify(tsconfig));
  mkdirSync(join(repo.dir, 'node_modules/@flawless'), { recursive: true });
  for (const dep of ['express', 'koa', 'fastify', '@types']) {
    symlinkSync(join(ROOT, 'node_modules', dep), join(repo.dir, 'node_modules', dep));
  }
  symlinkSync(join(ROOT, 'packages/client'), join(repo.dir, 'node_modules/@flawless/client'));
  cpSync(join(EXAMPLE, 'README.md'), join(repo.dir, 'README.md'));
  execFileSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', repo.dir]);
  return repo;
}

interface StoredError {
  count: number;
  last_report: { traceback: { frame_locals?: Record<string, string> }[] };
}

function startApp(dir: string, flawlessServer: string): Promise<{ app: ChildProcess; urls: Record<string, string> }> {
  const app = spawn(process.execPath, [join(dir, 'dist/server.js')], {
    cwd: dir,
    env: { ...process.env, PORT: '0', FLAWLESS_SERVERS: flawlessServer },
    // stderr ignored: Express prints the (expected) errors there.
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return new Promise((done, fail) => {
    let out = '';
    app.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) done({ app, urls: JSON.parse(out.split('\n')[0]!) });
    });
    app.on('exit', (code) => fail(new Error(`example app exited with ${code}`)));
  });
}

test('a compiled TypeScript app: the server stores the .ts line, its text and locals, and mails its author', async () => {
  const repo = exampleRepo();
  const smtp = new TestSmtp();
  await smtp.start();
  const srv = await startServer({ repo_dir: repo.dir, smtp_host: `127.0.0.1:${smtp.port}` });
  const { app, urls } = await startApp(repo.dir, srv.url.replace('http://', ''));
  try {
    for (let i = 0; i < 3; i++) assert.equal((await fetch(`${urls['express']}/orders/42`)).status, 500);
    // The client sends on its own schedule; wait for the server to have all three.
    const deadline = Date.now() + 15_000;
    let record: StoredError | null = null;
    for (;;) {
      const res = await srv.get(
        `/api/v1/error?${new URLSearchParams({ filename: 'src/orders.ts', function_name: 'placeOrder', line_number: '17', text: LINE_17 })}`,
      );
      if (res.status === 200) {
        record = (await res.json()) as StoredError;
        if (record.count >= 3) break;
      }
      assert.ok(Date.now() < deadline, 'the server got the three reports of src/orders.ts:17');
      await new Promise((r) => setTimeout(r, 100));
    }
    await srv.server.settle();
    const locals = record!.last_report.traceback.at(-1)?.frame_locals ?? {};
    assert.equal(locals['orderId'], '42');
    assert.equal(locals['customerName'], "'Ada'");
    assert.equal(locals['order'], "{ id: 42, customer: { name: 'Ada', email: 'ada@example.com' } }");
    assert.equal(locals['password'], '**scrubbed**');

    await smtp.waitFor((m) => m.length >= 1);
    const mails = smtp.to(bob.email);
    assert.equal(mails.length, 1, 'the author of line 17 is mailed');
    assert.equal(smtp.to(alice.email).length, 0);
    const text = mails[0]?.parsed.text ?? '';
    assert.match(text, /File "src\/orders\.ts", line 17, in placeOrder/);
    assert.match(text, /password = \*\*scrubbed\*\*/);
    assert.doesNotMatch(text, /hunter2/);
  } finally {
    app.kill();
    await srv.stop();
    await smtp.stop();
    repo.remove();
  }
});
