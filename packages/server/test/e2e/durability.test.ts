import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { frame, report } from '../helpers/server';

const MAIN = join(__dirname, '../../src/cli/main.js');

/** Starts `flawless start` in a child process and resolves with its base URL. */
function startCli(dataDir: string, env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [MAIN, 'start'], {
    cwd: dataDir,
    env: {
      ...process.env,
      FLAWLESS_DATA_DIR_PATH: dataDir,
      FLAWLESS_HTTP_PORT: '0',
      FLAWLESS_PORT: '0',
      FLAWLESS_LOG_LEVEL: 'error',
      FLAWLESS_REPO_DIR: dataDir,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /web UI:\s+(http:\/\/\S+?)\/\s/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.stderr!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}

async function total(url: string): Promise<number> {
  const w = (await (
    await fetch(`${url}/api/v1/weekly?include_known_errors=1&include_modified_before_min_date=1`)
  ).json()) as {
    errors: { count: number }[];
  };
  return w.errors.reduce((s, e) => s + e.count, 0);
}

test('kill -9 right after a batch of 1,000 got 202: after a restart all 1,000 are counted', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flawless-kill-'));
  try {
    const first = await startCli(dir);
    const batch = Array.from({ length: 1000 }, (_, i) =>
      report([frame(`src/f${i % 50}.ts`, (i % 7) + 1, `call${i % 7}()`)]),
    );
    const res = await fetch(`${first.url}/api/v1/errors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(batch),
    });
    assert.equal(res.status, 202);
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));

    const second = await startCli(dir);
    try {
      assert.equal(await total(second.url), 1000);
    } finally {
      second.child.kill('SIGTERM');
      const code = await new Promise((r) => second.child.once('exit', r));
      assert.equal(code, 0, 'SIGTERM stops cleanly with exit code 0');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
