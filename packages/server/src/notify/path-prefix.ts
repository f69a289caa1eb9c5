/**
 * Matching of repo-relative paths against file-or-folder rules (watchers, disownership).
 * Segments matter: `src/a` covers `src/a/b.ts` but not `src/ab.ts`.
 */

/** Strips `./` and surrounding slashes so `/src/a/`, `./src/a` and `src/a` are one rule. */
function normalize(path: string): string {
  return path
    .trim()
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+|\/+$/g, '');
}

/**
 * How specifically `rulePath` (a file or folder) covers `path`: the length of the
 * normalized rule path, or -1 when it does not cover it. `''` and `'/'` cover every path
 * with specificity 0, so a longer rule always beats them.
 */
export function pathCoverage(rulePath: string, path: string): number {
  const rule = normalize(rulePath);
  const target = normalize(path);
  if (rule === '') return 0;
  if (target === rule || target.startsWith(`${rule}/`)) return rule.length;
  return -1;
}

/** True when `rulePath` is `path` itself or one of its parent folders. */
export function pathCovers(rulePath: string, path: string): boolean {
  return pathCoverage(rulePath, path) >= 0;
}
