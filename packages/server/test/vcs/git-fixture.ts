import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { BlameOutcome, BlameResult } from '../../src/vcs/types';

export interface Author {
  name: string;
  email: string;
}

export const alice: Author = { name: 'alice', email: 'alice@example.com' };
export const bob: Author = { name: 'bob', email: 'bob@example.com' };
export const carol: Author = { name: 'carol', email: 'carol@example.com' };
export const dependabot: Author = {
  name: 'dependabot[bot]',
  email: '49699333+dependabot[bot]@users.noreply.github.com',
};

/** Epoch seconds of an ISO date, to compare with `authorTime`. */
export const epoch = (iso: string): number => Date.parse(iso) / 1000;

/** A real git repository in a temp dir, with commits by chosen authors at chosen dates. */
export class TestRepo {
  readonly dir: string;
  readonly #home: string;

  constructor(prefix = 'flawless-vcs-') {
    this.#home = mkdtempSync(join(tmpdir(), prefix));
    this.dir = join(this.#home, 'repo');
    mkdirSync(this.dir);
    this.git('init', '-q', '-b', 'main');
  }

  /** Runs git in the repository, isolated from the user's and the system's git config. */
  git(...args: string[]): string {
    return this.gitWith({}, ...args);
  }

  gitWith(env: Record<string, string>, ...args: string[]): string {
    return execFileSync('git', args, {
      cwd: this.dir,
      encoding: 'utf8',
      env: { PATH: process.env['PATH'], HOME: this.#home, GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C', ...env },
    });
  }

  write(path: string, content: string): void {
    const full = join(this.dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }

  /** Commits everything in the working tree; returns the commit's sha. */
  commit(author: Author, isoDate: string, message = 'change'): string {
    const env = { GIT_AUTHOR_DATE: isoDate, GIT_COMMITTER_DATE: isoDate };
    this.gitWith(env, 'add', '-A');
    this.gitWith(
      env,
      '-c',
      `user.name=${author.name}`,
      '-c',
      `user.email=${author.email}`,
      'commit',
      '-q',
      '-m',
      message,
    );
    return this.git('rev-parse', 'HEAD').trim();
  }

  remove(): void {
    rmSync(this.#home, { recursive: true, force: true });
  }
}

/** `count` lines reading `export const valueN = N;`, except those `change` replaces (1-based). */
export function numberedLines(count: number, change: Record<number, string> = {}): string {
  return Array.from({ length: count }, (_, i) => `${change[i + 1] ?? `export const value${i + 1} = ${i + 1};`}\n`).join(
    '',
  );
}

/** A small function, long enough for git's copy detection (`-C`) to follow it to another file. */
export const COMPUTE_TOTAL: readonly string[] = [
  'export function computeTotal(items: number[]): number {',
  '  let total = 0;',
  '  for (const item of items) {',
  '    total += item;',
  '  }',
  '  return total;',
  '}',
];

/** The result of a blame that must have succeeded. */
export function okResult(outcome: BlameOutcome): BlameResult {
  assert.ok(outcome.ok, `expected a blame, got ${JSON.stringify(outcome)}`);
  return outcome.result;
}
