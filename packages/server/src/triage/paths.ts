/**
 * Turning the filename a client reported into a path relative to the repository, the
 * only form git blame and the rule lists understand.
 */

/** `C:\` or `C:/`: a Windows absolute path. */
const WINDOWS_DRIVE = /^[A-Za-z]:[\\/]/;
/** A URL scheme (`node:`, `webpack://`), tested after WINDOWS_DRIVE; also catches drive-relative `C:x`. */
const URL_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const FILE_URL = /^file:\/\//i;

/**
 * The repo-relative form of a frame's filename, or `null` when there is none (the
 * frame is then BAD_FILEPATH).
 *
 * - An absolute path (`/…`, `C:\…`, `C:/…`, `file:///…`) is cut after the last
 *   directory named in `runtimeDirectoryNames`: `/srv/lib/python3.11/site-packages/app/x.py`
 *   → `app/x.py`. Without such a directory it stays outside the repository → `null`.
 * - A relative path is already repo-relative: `./` and `a/../` are resolved, and one that
 *   climbs out of the repository → `null`. It is cut like an absolute one when it goes
 *   through a runtime directory (`venv/lib/site-packages/x.py` is installed code, as in
 *   the original, whose pattern cut any path).
 * - Pseudo paths (`node:fs`, `internal/…`, `<anonymous>`, `<frozen …>`, `[eval]`), other
 *   URLs and the empty string → `null`.
 *
 * Backslashes count as `/`.
 */
export function toRepoPath(filename: string, runtimeDirectoryNames: readonly string[]): string | null {
  let path = filename.trim();
  if (FILE_URL.test(path)) {
    path = decodeFileUrlPath(path.slice('file://'.length));
    // file://host/share is someone else's machine: nothing in our repository.
    if (!path.startsWith('/')) return null;
  } else if (!WINDOWS_DRIVE.test(path) && (URL_SCHEME.test(path) || isPseudoPath(path))) {
    return null;
  }
  path = path.replace(/\\/g, '/');
  const absolute = path.startsWith('/') || WINDOWS_DRIVE.test(path);
  const segments = path.split('/');
  const cut = lastRuntimeDirectory(segments, runtimeDirectoryNames);
  if (cut >= 0) return normalizeRelative(segments.slice(cut + 1));
  return absolute ? null : normalizeRelative(segments);
}

/**
 * Node's own modules (`internal/modules/cjs/loader`, from Node versions that printed them
 * without `node:`), V8's and Python's placeholders for code that has no file.
 */
function isPseudoPath(path: string): boolean {
  return path === '' || path.startsWith('internal/') || path.includes('<') || /^\[.*\]$/.test(path);
}

function decodeFileUrlPath(rest: string): string {
  try {
    return decodeURIComponent(rest);
  } catch {
    // A stray `%` is kept literally rather than losing the frame.
    return rest;
  }
}

/** Index of the last segment naming a runtime directory, the file name itself excluded; -1 if none. */
function lastRuntimeDirectory(segments: readonly string[], names: readonly string[]): number {
  if (names.length === 0) return -1;
  for (let i = segments.length - 2; i >= 0; i--) {
    if (names.includes(segments[i] ?? '')) return i;
  }
  return -1;
}

/** Joins segments, resolving `.` and `..`; `null` if nothing is left or `..` climbs out. */
function normalizeRelative(segments: readonly string[]): string | null {
  const out: string[] = [];
  for (const segment of segments) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.pop() === undefined) return null;
      continue;
    }
    out.push(segment);
  }
  return out.length === 0 ? null : out.join('/');
}
