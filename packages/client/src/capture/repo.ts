/**
 * The app's repository: its root (frame paths are sent relative to it, as git blame
 * wants them) and the commit it runs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The same pattern the server accepts for `revision`. */
const REVISION = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,199}$/;

/** The nearest directory at or above `start` holding a `.git` (a directory, or a file in a worktree). */
export function findRepoRoot(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * The root frame paths are made relative to: `explicit` when given, else the repository
 * of the main module (`require.main`, or the script Node was started with for ESM
 * apps), else the repository of the current directory, else the current directory.
 */
export function detectRoot(explicit?: string): string {
  if (explicit !== undefined) return resolve(explicit);
  const main = require.main?.filename ?? process.argv[1];
  const fromMain = main === undefined ? undefined : findRepoRoot(dirname(resolve(main)));
  return fromMain ?? findRepoRoot(process.cwd()) ?? process.cwd();
}

/**
 * The commit the app runs: `FLAWLESS_REVISION`, else `git rev-parse HEAD` in `root`
 * (no shell, a short timeout, any failure ignored), else `undefined`.
 */
export function detectRevision(root: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env['FLAWLESS_REVISION']?.trim();
  if (fromEnv) return REVISION.test(fromEnv) ? fromEnv : undefined;
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: root,
      timeout: 2000,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      windowsHide: true,
    }).trim();
    return REVISION.test(out) ? out : undefined;
  } catch {
    return undefined;
  }
}
