/** The text of a source line, read from the original (TypeScript) file. */
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { Lru } from '../lru';
import { truncate } from './serialize';

/** Longest line sent; longer ones are cut (minified code has megabyte lines). */
export const MAX_LINE_TEXT = 1024;
/** Larger files are not read. */
const MAX_SOURCE_BYTES = 8 * 1024 * 1024;
/** What a cached line costs beside its characters (the string header, the array slot). */
const LINE_OVERHEAD = 32;

/**
 * Reads source lines through an LRU of at most `maxFiles` files split into lines, and at
 * most `maxBytes` (roughly: characters plus a per-line overhead) in all.
 */
export class SourceText {
  private readonly files: Lru<string, string[] | null>;

  constructor(maxFiles = 100, maxBytes = 16 * 1024 * 1024) {
    this.files = new Lru(maxFiles, undefined, { max: maxBytes, of: linesWeight });
  }

  /** The bytes the cached files take, roughly. */
  get cachedBytes(): number {
    return this.files.weight;
  }

  /**
   * Line `line` (1-based) of `file`, without its line break, at most {@link MAX_LINE_TEXT}
   * characters; `''` when unknown. `embedded` is the file's text when a source map carries
   * it, used when the file is not on disk (an app deployed without its sources).
   */
  line(file: string, line: number, embedded?: () => string | undefined): string {
    let lines = this.files.get(file);
    if (lines === undefined) {
      lines = readLines(file) ?? splitText(embedded?.());
      this.files.set(file, lines);
    }
    const text = lines?.[line - 1];
    return text === undefined ? '' : truncate(text, MAX_LINE_TEXT);
  }
}

function linesWeight(file: string, lines: string[] | null): number {
  let bytes = file.length + LINE_OVERHEAD;
  for (const line of lines ?? []) bytes += line.length + LINE_OVERHEAD;
  return bytes;
}

function readLines(file: string): string[] | null {
  if (!isAbsolute(file)) return null;
  try {
    const stat = statSync(file, { throwIfNoEntry: false });
    if (stat === undefined || !stat.isFile() || stat.size > MAX_SOURCE_BYTES) return null;
    return splitText(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function splitText(text: string | undefined): string[] | null {
  if (text === undefined) return null;
  // Each line is cut now so a cached minified file costs its cut size, not its full size.
  return text.split(/\r?\n/).map((line) => (line.length > MAX_LINE_TEXT ? truncate(line, MAX_LINE_TEXT) : line));
}
