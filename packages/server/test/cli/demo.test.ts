import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { cleanEnv, MAIN, runCli, waitFor } from './cli';

test('flawless demo --exit prints the email Bob gets for his line, and the leaderboard URL', async () => {
  const { code, stdout, stderr } = await runCli(['demo', '--exit'], { timeoutMs: 30_000 });
  assert.equal(code, 0, stderr);
  assert.match(stdout, /Alice Adams <alice@example\.com> wrote it on 2024-03-04/);
  assert.match(stdout, /order 1001 placed: total 21\.60/);
  assert.equal(
    stdout.match(/failed: TypeError: Cannot read properties of undefined \(reading 'percentOff'\)/g)?.length,
    3,
  );
  assert.match(stdout, /^To: bob@example\.com$/m);
  assert.match(stdout, /^Subject: Error on shop-web-1 in shop\/cart\.js$/m);
  assert.match(stdout, /File "shop\/cart\.js", line 6, in cartTotal\n\s+const discount = Math\.round/);
  // The locals of the failing frame, as the sample app read them at the throw.
  assert.match(stdout, /coupon = undefined/);
  assert.match(stdout, /subtotal = 1200/);
  assert.match(stdout, /POST \/orders\/1004 HTTP\/1\.1/);
  const leaderboard = /^Leaderboard: (http:\/\/localhost:\d+)\/$/m.exec(stdout);
  assert.ok(leaderboard, stdout);
  assert.match(stdout, new RegExp(`${leaderboard[1]}/view_traceback\\?filename=shop%2Fcart\\.js`));
  const root = /A sample shop in a git repository: (\S+)\/shop/.exec(stdout)?.[1];
  assert.ok(root && !existsSync(root), 'the demo removes its temporary directory');
});

test('flawless demo keeps serving the leaderboard until Ctrl-C, then exits 0', async () => {
  const child = spawn(process.execPath, [MAIN, 'demo'], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  await waitFor('the demo to serve', () => (out.includes('Serving until Ctrl-C') ? true : undefined), 30_000);
  const url = /^Leaderboard: (\S+)$/m.exec(out)?.[1];
  assert.ok(url);
  const page = await fetch(url);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /bob@example\.com/);
  child.kill('SIGINT');
  assert.equal(await exited, 0);
});
