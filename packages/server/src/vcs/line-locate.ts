/** Where the reported line is in the file at the blamed revision. */
export type LineLocation =
  | { found: true; lineNumber: number; movedFrom: number | null }
  | { found: false; kind: 'no_such_line' | 'text_not_found' };

/** The file's lines, without line terminators (`\n` or `\r\n`). */
export function splitLines(content: string): string[] {
  if (content === '') return [];
  const lines = content.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

/** The text as compared: runs of whitespace made one space, ends trimmed. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Finds the line to blame (SPEC §8): the reported line when it still reads like the report's
 * text, else the occurrence of that text nearest the reported number (the earlier one on a
 * tie). An empty text skips the check.
 * @param lineNumber 1-based
 */
export function locateLine(lines: readonly string[], lineNumber: number, text: string): LineLocation {
  const wanted = collapseWhitespace(text);
  const atLine = lines[lineNumber - 1];
  if (wanted === '') {
    return atLine === undefined ? { found: false, kind: 'no_such_line' } : { found: true, lineNumber, movedFrom: null };
  }
  if (atLine !== undefined && collapseWhitespace(atLine) === wanted)
    return { found: true, lineNumber, movedFrom: null };

  let best = -1;
  for (let i = 0; i < lines.length; i++) {
    if (collapseWhitespace(lines[i] as string) !== wanted) continue;
    if (best === -1 || Math.abs(i + 1 - lineNumber) < Math.abs(best + 1 - lineNumber)) best = i;
  }
  if (best === -1) return { found: false, kind: 'text_not_found' };
  return { found: true, lineNumber: best + 1, movedFrom: lineNumber };
}
