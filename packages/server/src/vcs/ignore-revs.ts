import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** The repository's own list of noise commits, read when blame_ignore_revs_file is not set. */
export const DEFAULT_IGNORE_REVS_FILE = '.git-blame-ignore-revs';

/** A file of commits blame looks past (reformats, mass renames), as git reads it. */
export interface IgnoreRevsList {
  /** Absolute path, as passed to `git blame --ignore-revs-file`. */
  file: string;
  /** The name people know it by, for notes: as configured, or `.git-blame-ignore-revs`. */
  shown: string;
  /** The commits listed, full lowercase object names. */
  revisions: ReadonlySet<string>;
}

/**
 * The commits an ignore-revs file lists: one full object name per line; `#` starts a comment,
 * blank lines are skipped (git's own format, which also rejects abbreviations).
 */
export function parseIgnoreRevs(content: string): Set<string> {
  const revisions = new Set<string>();
  for (const raw of content.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (line !== '') revisions.add(line.toLowerCase());
  }
  return revisions;
}

/**
 * Reads the ignore-revs list: `configured` (blame_ignore_revs_file, relative to repoDir or
 * absolute) or else the repository's `.git-blame-ignore-revs`. Returns null when the default
 * file is absent or either lists nothing; a configured file that cannot be read throws, since
 * blaming without it would silently blame the commits it was meant to hide.
 */
export async function readIgnoreRevs(repoDir: string, configured: string | null): Promise<IgnoreRevsList | null> {
  const file = configured === null ? join(repoDir, DEFAULT_IGNORE_REVS_FILE) : resolve(repoDir, configured);
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (error) {
    if (configured === null) return null;
    const why = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new Error(`cannot read blame_ignore_revs_file ${configured}: ${why}`);
  }
  const revisions = parseIgnoreRevs(content);
  return revisions.size === 0 ? null : { file, shown: configured ?? DEFAULT_IGNORE_REVS_FILE, revisions };
}
