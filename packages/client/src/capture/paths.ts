/** Frame paths as the server wants them: relative to the repository root, `/`-separated. */
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** The client's own compiled and source directories: its frames are not the app's. */
const CLIENT_DIRS = [resolve(__dirname, '..') + sep, resolve(__dirname, '../../../src') + sep];

/** Node's own modules and V8's placeholders: no file of the app. */
export function isInternalFile(file: string): boolean {
  return file.startsWith('node:') || file.startsWith('internal/') || file.startsWith('<') || !isAbsolute(file);
}

/** Whether `file` is installed code (under a `node_modules` directory). */
export function isDependencyFile(file: string): boolean {
  return file.includes('/node_modules/') || file.includes('\\node_modules\\');
}

/** Whether a frame in `file` belongs to this client (wrappers, capture code). */
export function isClientFile(file: string): boolean {
  return CLIENT_DIRS.some((dir) => file.startsWith(dir));
}

/**
 * Whether `file` is the app's own code: a real file, not installed, not Node's, not this
 * client's. Only these frames get locals.
 */
export function isAppFile(file: string): boolean {
  return !isInternalFile(file) && !isDependencyFile(file) && !isClientFile(file);
}

/**
 * The path a frame is reported with. Files under `root` become relative (`src/a.ts`);
 * others (outside the repository, or URLs a source map named) stay absolute. Installed
 * code keeps its path too: the server's default blame pattern excludes `node_modules/`.
 * Node internals keep their name (`node:fs`), which the server never blames.
 */
export function toReportPath(file: string, root: string): string {
  // The same few files come back in every stack: remember their report paths rather than
  // recomputing (and allocating) them for each frame of each capture.
  if (root !== memoRoot) {
    memo.clear();
    memoRoot = root;
  }
  const known = memo.get(file);
  if (known !== undefined) return known;
  let out = file;
  if (!isInternalFile(file)) {
    const rel = relative(root, file);
    const inside = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
    out = (inside ? rel : file).split(sep).join('/');
  }
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(file, out);
  return out;
}

const MEMO_LIMIT = 10_000;
const memo = new Map<string, string>();
let memoRoot = '';
