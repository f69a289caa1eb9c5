import { realpath } from 'node:fs/promises';
import { basename, join, posix, sep } from 'node:path';

/**
 * Checks that a repo-relative path from a report stays inside the repository, and returns it
 * normalised (`./src/../src/a.ts` → `src/a.ts`), or null when it does not stay inside: an
 * absolute path, a `..` escape, a NUL byte, the repository root itself, or a path whose
 * existing part resolves (through symlinks) outside `realRoot`.
 *
 * Paths that do not exist in the working tree (a file deleted since the report's revision)
 * are checked through their nearest existing parent.
 * @param realRoot the repository directory, already through `realpath`
 */
export async function confinePath(realRoot: string, requested: string): Promise<string | null> {
  if (requested === '' || requested.includes('\0') || posix.isAbsolute(requested)) return null;
  // Windows-style absolute paths (`C:\x`, `\\server\share`) are never repo-relative either.
  if (/^[A-Za-z]:[\\/]/.test(requested) || requested.startsWith('\\')) return null;
  const normal = posix.normalize(requested).replace(/\/+$/, '');
  if (normal === '.' || normal === '..' || normal.startsWith('../')) return null;

  const resolved = await resolveExisting(join(realRoot, ...normal.split('/')));
  if (resolved !== realRoot && !resolved.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep)) return null;
  return normal;
}

/** `realpath` of the longest existing prefix of `target`, with the missing rest appended. */
async function resolveExisting(target: string): Promise<string> {
  const missing: string[] = [];
  let current = target;
  for (;;) {
    try {
      return join(await realpath(current), ...missing.reverse());
    } catch {
      const parent = join(current, '..');
      if (parent === current) return target;
      missing.push(basename(current));
      current = parent;
    }
  }
}
