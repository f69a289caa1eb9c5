/** Where things are, for tests that run the client in child processes or compile TypeScript. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The repository (worktree) root. */
export const REPO_ROOT = resolve(__dirname, '../../../../..');
/** The compiled client entry point. */
export const CLIENT_INDEX = resolve(__dirname, '../../src/index.js');
/** The repository's TypeScript compiler. */
export const TSC = join(REPO_ROOT, 'node_modules/.bin/tsc');

/** A fresh temporary directory, removed by the returned function. */
export function tempDir(prefix = 'flawless-client-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Makes `dir` a git repository with one commit of everything in it, by a known author. */
export function gitCommitAll(dir: string, author = 'Ada Lovelace', email = 'ada@example.com'): string {
  const env = {
    ...process.env,
    GIT_AUTHOR_DATE: '2024-01-02T03:04:05Z',
    GIT_COMMITTER_DATE: '2024-01-02T03:04:05Z',
  };
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', `user.name=${author}`, '-c', `user.email=${email}`, ...args], {
      cwd: dir,
      env,
      encoding: 'utf8',
    });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'fixture');
  return git('rev-parse', 'HEAD').trim();
}

/** Writes `files` (path relative to `dir` -> content). */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
}
