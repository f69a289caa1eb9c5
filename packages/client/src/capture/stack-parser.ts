/**
 * V8 stack text (`err.stack`) to frames. Parsing the text rather than installing an
 * `Error.prepareStackTrace` leaves the app's own stack formatting alone.
 */
import { fileURLToPath } from 'node:url';

/** One frame as V8 printed it. */
export interface RawFrame {
  /** `Shop.buy`, `new Shop`, `Object.<anonymous>`; `<anonymous>` when V8 printed none. */
  functionName: string;
  /**
   * An absolute path (`file://` URLs are converted), a Node internal (`node:fs`), or a
   * placeholder in angle brackets (`<anonymous>`, `<native>`).
   */
  file: string;
  /** 1-based; 0 when unknown. */
  line: number;
  /** 1-based; 0 when unknown. */
  column: number;
}

/**
 * Longest stack line parsed. Longer ones are skipped: an attacker-chosen function name
 * must not cost more than its first kilobyte.
 */
export const MAX_LINE_LENGTH = 1024;
/** Most frames kept from one stack (V8 prints 10 unless `Error.stackTraceLimit` says otherwise). */
export const MAX_PARSED_FRAMES = 100;

const FRAME_PREFIX = /^\s*at /;
const LOCATION = /^(.*):(\d+):(\d+)$/;
/** The innermost `(file:line:col)` of an eval origin: `eval at f (eval at g (/x.js:1:2), <anonymous>:3:4)`. */
const EVAL_ORIGIN = /\(([^()]+):(\d+):(\d+)\)/g;

/**
 * Parses the frames of a V8 stack, innermost first (as V8 prints them). Lines that are
 * not frames (the message, `Caused by` text) are skipped.
 */
export function parseStack(stack: string, maxFrames = MAX_PARSED_FRAMES): RawFrame[] {
  const frames: RawFrame[] = [];
  const start = framesStart(stack);
  if (start < 0) return frames;
  for (const line of stack.slice(start).split('\n')) {
    if (frames.length >= maxFrames) break;
    if (line.length > MAX_LINE_LENGTH) continue;
    const frame = parseFrameLine(line);
    if (frame !== undefined) frames.push(frame);
  }
  return frames;
}

/**
 * The part of a stack from its first frame on: what identifies where an error happened,
 * without the message (which often carries ids that differ every time).
 */
export function framesText(stack: string): string {
  const start = framesStart(stack);
  return start < 0 ? '' : stack.slice(start);
}

function framesStart(stack: string): number {
  if (FRAME_PREFIX.test(stack)) return 0;
  const i = stack.indexOf('\n    at ');
  return i < 0 ? -1 : i + 1;
}

/** One `    at …` line to a frame; `undefined` when it is not one. */
export function parseFrameLine(line: string): RawFrame | undefined {
  const m = FRAME_PREFIX.exec(line);
  if (m === null) return undefined;
  let text = line.slice(m[0].length).trimEnd();
  if (text.startsWith('async ')) text = text.slice(6);
  let functionName = '<anonymous>';
  let location = text;
  const open = text.endsWith(')') ? matchingParen(text) : -1;
  if (open > 0) {
    functionName = text.slice(0, open).trim();
    location = text.slice(open + 1, -1);
  }
  // `Foo.bar [as baz]`: the alias is how it was called, not what it is.
  functionName = functionName.replace(/ \[as [^\]]*\]$/, '') || '<anonymous>';
  return { functionName, ...parseLocation(location) };
}

function parseLocation(location: string): Pick<RawFrame, 'file' | 'line' | 'column'> {
  if (location.startsWith('eval at ')) {
    // Code made by eval() has no file: blame the line that called eval.
    let origin: RegExpExecArray | undefined;
    for (const match of location.matchAll(EVAL_ORIGIN)) origin = match;
    if (origin !== undefined) return { file: toPath(origin[1]!), line: Number(origin[2]), column: Number(origin[3]) };
    return { file: '<eval>', line: 0, column: 0 };
  }
  const m = LOCATION.exec(location);
  if (m !== null) return { file: toPath(m[1]!), line: Number(m[2]), column: Number(m[3]) };
  // `native`, `index 0` (Promise.all), `<anonymous>`: no place in any file.
  return { file: location.startsWith('<') ? location : '<native>', line: 0, column: 0 };
}

/** A `file://` URL as a path; anything else unchanged. */
export function toPath(file: string): string {
  if (!file.startsWith('file://')) return file;
  try {
    return fileURLToPath(file);
  } catch {
    return file;
  }
}

/** Index of the `(` that opens the group closed by the last character of `text`. */
function matchingParen(text: string): number {
  let depth = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const ch = text[i];
    if (ch === ')') depth++;
    else if (ch === '(' && --depth === 0) return i > 0 && text[i - 1] === ' ' ? i : -1;
  }
  return -1;
}
