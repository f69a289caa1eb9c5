/**
 * Parsed V8 frames to the report's traceback: mapped to the TypeScript source, paths made
 * repository-relative, each line's text read, the captured locals attached.
 */
import type { StackFrame } from '@flawless/protocol';
import type { CapturedFrame } from './locals';
import { isClientFile, isInternalFile, toReportPath } from './paths';
import type { SourceMapResolver } from './source-map';
import type { SourceText } from './source-text';
import type { RawFrame } from './stack-parser';

/** What turning frames into a traceback needs. */
export interface FrameContext {
  root: string;
  sourceMaps: SourceMapResolver;
  sourceText: SourceText;
}

/** A frame at its original position. */
export interface ResolvedFrame {
  /** Original file (absolute), or the compiled one when it has no map, or a Node internal. */
  file: string;
  line: number;
  column: number;
  functionName: string;
  /** The file V8 ran, where the map is looked up. */
  compiledFile: string;
}

/** The original position of a frame (itself when its file has no source map). */
export function resolveFrame(frame: RawFrame, ctx: FrameContext): ResolvedFrame {
  const base = { ...frame, compiledFile: frame.file };
  if (isInternalFile(frame.file)) return base;
  const original = ctx.sourceMaps.map(frame.file, frame.line, frame.column);
  return original === undefined ? base : { ...base, ...original };
}

/** A traceback without locals, and the frames it was made from (to attach locals to). */
export interface PreparedTraceback {
  /** The app's frames at their original positions, innermost first. */
  resolved: ResolvedFrame[];
  /** The report's frames, outermost first, without locals. */
  frames: StackFrame[];
}

/**
 * The traceback of a report from V8's frames (innermost first): outermost call first and
 * the throwing frame last, as the server expects; this client's own frames left out.
 * Never empty: a stack without frames gets one placeholder frame.
 */
export function buildTraceback(raw: RawFrame[], ctx: FrameContext, captured?: CapturedFrame[]): StackFrame[] {
  const prepared = prepareTraceback(raw, ctx);
  return captured === undefined ? prepared.frames : withLocals(prepared, captured, ctx);
}

/**
 * The part of {@link buildTraceback} that depends on the stack only (source maps, paths,
 * line texts): the same for every occurrence of a stack, so it can be kept and shared.
 */
export function prepareTraceback(raw: RawFrame[], ctx: FrameContext): PreparedTraceback {
  const resolved = raw
    .filter((frame) => !isClientFile(frame.file))
    .map((frame) => resolveFrame(frame, ctx))
    .filter((frame) => !isClientFile(frame.file));
  const frames: StackFrame[] = resolved.map((frame) => ({
    filename: toReportPath(frame.file, ctx.root),
    line_number: frame.line,
    function_name: frame.functionName,
    text: lineText(frame, ctx),
  }));
  if (frames.length === 0) frames.push({ filename: '<unknown>', line_number: 0, function_name: '', text: '' });
  return { resolved, frames: frames.reverse() };
}

/** The frames of `prepared` (left unchanged) with the locals of one occurrence. */
export function withLocals(prepared: PreparedTraceback, captured: CapturedFrame[], ctx: FrameContext): StackFrame[] {
  const { resolved, frames } = prepared;
  const locals = matchLocals(resolved, captured, ctx);
  // `frames` is outermost first, `resolved` innermost first.
  return frames.map((frame, i) => {
    const frameLocals = locals[resolved.length - 1 - i];
    return frameLocals !== undefined && Object.keys(frameLocals).length > 0
      ? { ...frame, frame_locals: { ...frameLocals } }
      : frame;
  });
}

function lineText(frame: ResolvedFrame, ctx: FrameContext): string {
  if (isInternalFile(frame.file) || frame.line < 1) return '';
  return ctx.sourceText.line(frame.file, frame.line, () =>
    ctx.sourceMaps.embeddedSource(frame.compiledFile, frame.file),
  );
}

/**
 * Pairs the frames the debugger saw at the throw with the stack's frames. Both are
 * compared at their original positions (the stack may already be source-mapped by
 * `--enable-source-maps`). Callers match exactly; the throwing frame may not, since the
 * stack was recorded where the error was created (`new Error`) and the debugger stopped
 * at the `throw`, so the next unmatched frame of the same file and function is taken.
 */
function matchLocals(
  frames: ResolvedFrame[],
  captured: CapturedFrame[],
  ctx: FrameContext,
): Array<Record<string, string> | undefined> {
  const out: Array<Record<string, string> | undefined> = [];
  let from = 0;
  for (const cap of captured) {
    const at = resolveFrame(cap, ctx);
    let k = frames.findIndex(
      (f, i) => i >= from && out[i] === undefined && f.file === at.file && f.line === at.line && f.column === at.column,
    );
    if (k < 0) {
      k = frames.findIndex(
        (f, i) =>
          i >= from && out[i] === undefined && f.file === at.file && sameFunction(f.functionName, cap.functionName),
      );
    }
    if (k < 0) continue;
    out[k] = cap.locals;
    from = k + 1;
  }
  return out;
}

/** `Shop.buy` (stack) and `buy` (debugger), `new Shop` and `Shop`, `<anonymous>` and ``. */
function sameFunction(stackName: string, debuggerName: string): boolean {
  const short = (name: string) => {
    const bare = name.startsWith('new ') ? name.slice(4) : name;
    return bare === '<anonymous>' || bare === 'Object.<anonymous>' ? '' : bare.slice(bare.lastIndexOf('.') + 1);
  };
  return short(stackName) === short(debuggerName);
}
