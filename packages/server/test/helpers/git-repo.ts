import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface Author {
  name: string;
  email: string;
}

export const alice: Author = { name: 'Alice', email: 'alice@example.org' };
export const bob: Author = { name: 'Bob', email: 'bob@example.org' };

/** A real git repository in a temp dir, with commits by chosen authors at chosen dates. */
export class TestRepo {
  readonly dir: string;

  constructor(prefix = 'flawless-repo-') {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
    this.git(['init', '-q', '-b', 'main']);
  }

  git(args: string[], env: Record<string, string> = {}): string {
    return execFileSync('git', args, {
      cwd: this.dir,
      encoding: 'utf8',
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: this.dir, ...env },
    });
  }

  /** Writes files and commits them as `author` at `date` (ISO). Returns the commit sha. */
  commit(author: Author, date: string, files: Record<string, string>, message = 'change'): string {
    for (const [path, content] of Object.entries(files)) {
      const full = join(this.dir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    }
    this.git(['add', '-A']);
    this.git(['-c', `user.name=${author.name}`, '-c', `user.email=${author.email}`, 'commit', '-q', '-m', message], {
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
      GIT_AUTHOR_NAME: author.name,
      GIT_AUTHOR_EMAIL: author.email,
      GIT_COMMITTER_NAME: author.name,
      GIT_COMMITTER_EMAIL: author.email,
    });
    return this.git(['rev-parse', 'HEAD']).trim();
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Ten numbered lines; `overrides` replaces lines by 1-based number. */
export function numberedSource(overrides: Record<number, string> = {}, count = 12): string {
  const lines: string[] = [];
  for (let i = 1; i <= count; i++) lines.push(overrides[i] ?? `const line${i} = ${i};`);
  return `${lines.join('\n')}\n`;
}
