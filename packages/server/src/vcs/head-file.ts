import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/**
 * HEAD's commit read straight from `.git` (HEAD, then the loose ref, then packed-refs):
 * a few file reads instead of a `git rev-parse` process on every first blame. Returns
 * null for anything unusual (a worktree's `.git` file, a symbolic ref chain, a subdirectory
 * as repo_dir), and the caller asks git instead.
 */
export async function readHeadCommit(repoDir: string): Promise<string | null> {
  const gitDir = join(repoDir, '.git');
  let head: string;
  try {
    head = (await readFile(join(gitDir, 'HEAD'), 'utf8')).trim();
  } catch {
    return null;
  }
  if (SHA.test(head)) return head;
  const ref = /^ref: (refs\/\S+)$/.exec(head)?.[1];
  if (!ref || ref.split('/').includes('..')) return null;
  try {
    const sha = (await readFile(join(gitDir, ref), 'utf8')).trim();
    if (SHA.test(sha)) return sha;
  } catch {
    // Not a loose ref: it may be packed.
  }
  try {
    for (const line of (await readFile(join(gitDir, 'packed-refs'), 'utf8')).split('\n')) {
      const [sha, name] = line.split(' ');
      if (name === ref && sha && SHA.test(sha)) return sha;
    }
  } catch {
    // No packed refs either: let git answer.
  }
  return null;
}
