/**
 * The report a Flawless client sends: field names mirror the original Thrift
 * `RecordErrorRequest` so a JSON report and a Thrift one are the same value.
 */

/** One frame of a traceback, outermost call first. */
export interface StackFrame {
  /** Repo-relative path, or absolute (the server cuts it after a runtime package directory). */
  filename: string;
  /** 1-based line number. */
  line_number: number;
  function_name: string;
  /** The source line as the client read it; compared trimmed. */
  text: string;
  /** Local variable name -> printed value. */
  frame_locals?: Record<string, string> | undefined;
}

/** One error occurrence (or several, see `error_count`). */
export interface ErrorReport {
  /** Outermost call first, the throwing frame last. */
  traceback: StackFrame[];
  exception_type: string;
  exception_message: string;
  hostname: string;
  /** Overrides the server's `report_error_threshold` for this error. */
  error_threshold?: number | undefined;
  /** Free text, typically the request that triggered the error. */
  additional_info?: string | undefined;
  /** How many occurrences this report stands for (client-side thinning). Default 1. */
  error_count?: number | undefined;
  /** The commit the app runs; the server blames at it when git knows it. */
  revision?: string | undefined;
  /** Retries with the same id count once. */
  report_id?: string | undefined;
}

/** Most reports one request may carry. */
export const MAX_BATCH_SIZE = 1000;
/** Most frames one report may carry. */
export const MAX_FRAMES = 2000;
/** Most locals one frame may carry. */
export const MAX_LOCALS_PER_FRAME = 500;

const boundedString = (maxLength: number) => ({ type: 'string', maxLength }) as const;

/**
 * JSON schema (draft-07) of one report. The server compiles it once; the limits keep a
 * hostile body from costing more than its size.
 */
export const reportSchema = {
  $id: 'flawless:report',
  type: 'object',
  required: ['traceback'],
  properties: {
    traceback: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_FRAMES,
      items: {
        type: 'object',
        required: ['filename', 'line_number'],
        properties: {
          filename: { type: 'string', minLength: 1, maxLength: 4096 },
          line_number: { type: 'integer', minimum: 0, maximum: 2147483647 },
          function_name: boundedString(4096),
          text: boundedString(65536),
          frame_locals: {
            type: 'object',
            maxProperties: MAX_LOCALS_PER_FRAME,
            additionalProperties: boundedString(65536),
          },
        },
      },
    },
    exception_type: boundedString(1024),
    exception_message: boundedString(65536),
    hostname: boundedString(1024),
    error_threshold: { type: 'integer', minimum: 1, maximum: 2147483647 },
    additional_info: boundedString(262144),
    error_count: { type: 'integer', minimum: 1, maximum: 2147483647 },
    revision: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._/-]{0,199}$' },
    report_id: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const;

/**
 * Fills the optional strings a minimal report may leave out, so the inside of the
 * server never meets `undefined` where the original always had a string.
 */
export function normalizeReport(report: ErrorReport): ErrorReport {
  report.exception_type ??= '';
  report.exception_message ??= '';
  report.hostname ??= '';
  for (const frame of report.traceback) {
    frame.function_name ??= '';
    frame.text ??= '';
  }
  return report;
}
