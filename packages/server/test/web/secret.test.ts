import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadWebSecret, WEB_SECRET_FILE } from '../../src/web/secret';

test('the web key is created once, private, and the same for every later load', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flawless-secret-'));
  const warnings: unknown[] = [];
  const log = { warn: (...args: unknown[]) => void warnings.push(args) };
  try {
    const first = loadWebSecret(dir, log);
    const second = loadWebSecret(dir, log);
    assert.equal(first.length, 32);
    assert.deepEqual(second, first);
    assert.equal(statSync(join(dir, WEB_SECRET_FILE)).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(dir), [WEB_SECRET_FILE], 'no temporary file left behind');
    assert.deepEqual(warnings, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a directory that cannot hold the key gives a per-process key and a warning', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flawless-secret-'));
  const warnings: unknown[] = [];
  const log = { warn: (...args: unknown[]) => void warnings.push(args) };
  try {
    const notADir = join(dir, 'file');
    writeFileSync(notADir, 'x');
    const a = loadWebSecret(notADir, log);
    const b = loadWebSecret(notADir, log);
    assert.equal(a.length, 32);
    assert.notDeepEqual(a, b);
    assert.equal(warnings.length, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
