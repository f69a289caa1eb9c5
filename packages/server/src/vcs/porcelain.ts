/** One line of `git blame --line-porcelain` output. */
export interface BlamedLine {
  commit: string;
  /** The line's number in `commit`'s version of `filename`. */
  originalLine: number;
  /** The line's number in the blamed revision. */
  finalLine: number;
  authorName: string;
  /** Without the angle brackets; `.mailmap` already applied by git. */
  authorEmail: string;
  /** Epoch seconds. */
  authorTime: number;
  /** The path in `commit` (differs from the asked path when git followed a move or copy). */
  filename: string;
  /** The line's text at the blamed revision. */
  text: string;
}

const ENTRY_HEADER = /^([0-9a-f]{40,64}) (\d+) (\d+)(?: \d+)?$/;

/**
 * Parses `git blame --line-porcelain` output, where every line repeats its commit's headers
 * (plain `--porcelain` prints them only at a commit's first line).
 */
export function parseLinePorcelain(output: string): BlamedLine[] {
  const lines: BlamedLine[] = [];
  let entry: BlamedLine | null = null;
  for (const row of output.split('\n')) {
    if (entry === null) {
      const header = ENTRY_HEADER.exec(row);
      if (header) entry = newEntry(header[1] as string, Number(header[2]), Number(header[3]));
      continue;
    }
    if (row.startsWith('\t')) {
      entry.text = row.slice(1);
      lines.push(entry);
      entry = null;
      continue;
    }
    const space = row.indexOf(' ');
    const key = space === -1 ? row : row.slice(0, space);
    const value = space === -1 ? '' : row.slice(space + 1);
    if (key === 'author') entry.authorName = value;
    else if (key === 'author-mail') entry.authorEmail = value.replace(/^<(.*)>$/, '$1');
    else if (key === 'author-time') entry.authorTime = Number(value);
    else if (key === 'filename') entry.filename = unquoteCPath(value);
  }
  return lines;
}

function newEntry(commit: string, originalLine: number, finalLine: number): BlamedLine {
  return { commit, originalLine, finalLine, authorName: '', authorEmail: '', authorTime: 0, filename: '', text: '' };
}

const ESCAPES: Readonly<Record<string, string>> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** Undoes git's C-style quoting of unusual file names (`"a\tb"`, octal bytes for non-ASCII). */
export function unquoteCPath(value: string): string {
  if (!(value.length >= 2 && value.startsWith('"') && value.endsWith('"'))) return value;
  const bytes: number[] = [];
  const body = value.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = body[++i] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(Number.parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else {
      bytes.push(...Buffer.from(ESCAPES[next] ?? next, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
