/**
 * Reports built when they are sent, not when the error is captured: a report dropped
 * from a full queue is never built, and the part of a traceback that depends on the
 * stack only (source maps, paths, line texts) is built once per stack and shared.
 */
import type { ErrorReport } from '@flawless/protocol';
import { Lru } from '../lru';
import { type FrameContext, type PreparedTraceback, prepareTraceback, withLocals } from './frames';
import type { CapturedFrame } from './locals';
import { parseStack } from './stack-parser';

/** Everything of a report but its count, id and locals: what stands for the occurrences of one signature. */
export interface Template {
  type: string;
  message: string;
  /** The frames of the stack as V8 printed them (its text from the first `    at` on). */
  frames: string;
  info: string | undefined;
  threshold: number | undefined;
}

/** Fields every report of this process carries. */
export interface ReportBase {
  hostname: string;
  revision: string | undefined;
}

/** What a traceback costs beside its strings. */
const FRAME_OVERHEAD = 96;

/** Builds reports from templates, keeping the tracebacks of recent stacks (an LRU bounded in count and bytes). */
export class ReportBuilder {
  private readonly tracebacks: Lru<string, PreparedTraceback>;

  constructor(
    private readonly ctx: FrameContext,
    private readonly base: ReportBase,
    maxStacks = 256,
    maxBytes = 4 * 1024 * 1024,
  ) {
    this.tracebacks = new Lru(maxStacks, undefined, { max: maxBytes, of: tracebackWeight });
  }

  /** The report of `count` occurrences, with the locals of the one being sent (if any). */
  build(template: Template, count: number, id: string, locals?: CapturedFrame[]): ErrorReport {
    const prepared = this.traceback(template.frames);
    const report: ErrorReport = {
      traceback: locals === undefined ? prepared.frames : withLocals(prepared, locals, this.ctx),
      exception_type: template.type,
      exception_message: template.message,
      hostname: this.base.hostname,
      error_count: count,
      report_id: id,
    };
    if (template.threshold !== undefined) report.error_threshold = template.threshold;
    if (template.info) report.additional_info = template.info;
    if (this.base.revision !== undefined) report.revision = this.base.revision;
    return report;
  }

  private traceback(frames: string): PreparedTraceback {
    let prepared = this.tracebacks.get(frames);
    if (prepared === undefined) {
      prepared = prepareTraceback(parseStack(frames), this.ctx);
      this.tracebacks.set(frames, prepared);
    }
    return prepared;
  }
}

/**
 * The JSON size of a report, roughly, before it is built: what it holds until then (the
 * stack text, the message, the request, the locals) is about what it weighs in the queue.
 */
export function estimateSize(template: Template, locals?: CapturedFrame[]): number {
  let size = 256 + template.frames.length + template.message.length + (template.info?.length ?? 0);
  for (const frame of locals ?? []) {
    for (const name in frame.locals) size += name.length + (frame.locals[name]?.length ?? 0) + 8;
  }
  return size;
}

function tracebackWeight(frames: string, prepared: PreparedTraceback): number {
  let bytes = frames.length;
  for (const f of prepared.frames) bytes += FRAME_OVERHEAD + f.filename.length + f.function_name.length + f.text.length;
  return bytes + prepared.resolved.length * FRAME_OVERHEAD;
}
