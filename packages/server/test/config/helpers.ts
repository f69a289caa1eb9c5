import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { FlawlessError, type FlawlessErrorCode } from '../../src/errors';

/** A fresh temporary directory, removed when the test file ends. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flawless-config-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes `text` to `dir/name` and returns the path. */
export function writeFile(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Runs `fn`, which must throw a FlawlessError with `code`, and returns it. */
export function expectCode(code: FlawlessErrorCode, fn: () => unknown): FlawlessError {
  try {
    fn();
  } catch (err) {
    if (err instanceof FlawlessError && err.code === code) return err;
    throw err;
  }
  throw new Error(`expected ${code}, nothing was thrown`);
}
