import type { StackFrame } from './report';

/**
 * What identifies one error: the blamed line. Shared by client and server so both
 * group the same way. The revision is deliberately not part of it.
 */
export interface ErrorKey {
  filename: string;
  line_number: number;
  function_name: string;
  /** The line's text with surrounding whitespace trimmed. */
  text: string;
}

/**
 * Trims a source line. A Python client sends the line indented and with its newline,
 * a JS client sends it bare: trimmed, both are one error.
 */
export function normalizeLineText(text: string): string {
  return text.trim();
}

/** Collapses runs of whitespace to one space, for fragment and line comparisons. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The error key of a frame whose filename is already repo-relative. */
export function errorKeyOf(frame: StackFrame, filename = frame.filename): ErrorKey {
  return {
    filename,
    line_number: frame.line_number,
    function_name: frame.function_name,
    text: normalizeLineText(frame.text),
  };
}

/** A stable string form of a key, for maps and database unique indexes. */
export function errorKeyId(key: ErrorKey): string {
  return JSON.stringify([key.filename, key.line_number, key.function_name, key.text]);
}
