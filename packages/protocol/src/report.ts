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
  /** The project (service) the report belongs to; absent means `default`. */
  project?: string | undefined;
  /** The release the app runs, as the app names it (`shop@1.4.2`, a sha); the server derives `revision` from it when that is absent. */
  release?: string | undefined;
  /** Where the app runs: `production`, `staging`, … */
  environment?: string | undefined;
  /** Short name → value pairs to search and group by. */
  tags?: Record<string, string> | undefined;
  /** Who was using the app when it failed. */
  user?: ReportUser | undefined;
  /** Named groups of flat facts (`runtime`, `os`, `app`, anything the app sets). */
  contexts?: Record<string, Record<string, ContextValue>> | undefined;
  /** What happened just before, oldest first. */
  breadcrumbs?: Breadcrumb[] | undefined;
  /**
   * The exceptions behind this one (`Error.cause`, the errors of an AggregateError),
   * outermost first: `causes[0]` caused the reported exception, `causes[1]` caused that, …
   */
  causes?: ExceptionCause[] | undefined;
}

/** A scalar value of a context entry or breadcrumb datum. */
export type ContextValue = string | number | boolean | null;

/** The user of a report. */
export interface ReportUser {
  id?: string | undefined;
  email?: string | undefined;
  username?: string | undefined;
  ip_address?: string | undefined;
}

/** One event before the error. */
export interface Breadcrumb {
  /** Epoch seconds (as Sentry sends them) or an ISO 8601 string. */
  timestamp?: number | string | undefined;
  /** `console`, `http`, `navigation`, … */
  category?: string | undefined;
  message?: string | undefined;
  /** `debug`, `info`, `warning`, `error`, `fatal`. */
  level?: string | undefined;
  type?: string | undefined;
  data?: Record<string, ContextValue> | undefined;
}

/** One exception of a cause chain. */
export interface ExceptionCause {
  exception_type: string;
  exception_message: string;
  /** Outermost call first, as in the report; may be empty when the cause had no stack. */
  traceback: StackFrame[];
}

/** Most reports one request may carry. */
export const MAX_BATCH_SIZE = 1000;
/** Most frames one report may carry. */
export const MAX_FRAMES = 2000;
/** Most locals one frame may carry. */
export const MAX_LOCALS_PER_FRAME = 500;
/** Most causes one report may carry. */
export const MAX_CAUSES = 20;
/** Most breadcrumbs one report may carry. */
export const MAX_BREADCRUMBS = 100;
/**
 * Deepest nesting of arrays and objects a report may have (the report object itself is
 * level 1). Known fields stay far below it; a deeper value is refused rather than walked.
 */
export const MAX_DEPTH = 64;

const boundedString = (maxLength: number) => ({ type: 'string', maxLength }) as const;

/** A scalar of a context or breadcrumb: strings bounded, anything nested is refused. */
const contextValue = { type: ['string', 'number', 'boolean', 'null'], maxLength: 8192 } as const;

/** Flat name → scalar map. */
const flatObject = (maxProperties: number) =>
  ({ type: 'object', maxProperties, additionalProperties: contextValue }) as const;

const frameSchema = {
  type: 'object',
  required: ['filename', 'line_number'],
  // Unknown fields are removed by the validator (removeAdditional): never stored.
  additionalProperties: false,
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
} as const;

/**
 * JSON schema (draft-07) of one report. The server compiles it once; the limits keep a
 * hostile body from costing more than its size. Fixed-shape objects say
 * `additionalProperties: false`: a validator run with `removeAdditional: true` drops the
 * fields it does not know, so a newer client's extra field is accepted and never stored.
 */
export const reportSchema = {
  $id: 'flawless:report',
  type: 'object',
  required: ['traceback'],
  additionalProperties: false,
  properties: {
    traceback: { type: 'array', minItems: 1, maxItems: MAX_FRAMES, items: frameSchema },
    exception_type: boundedString(1024),
    exception_message: boundedString(65536),
    hostname: boundedString(1024),
    error_threshold: { type: 'integer', minimum: 1, maximum: 2147483647 },
    additional_info: boundedString(262144),
    error_count: { type: 'integer', minimum: 1, maximum: 2147483647 },
    revision: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._/-]{0,199}$' },
    report_id: { type: 'string', minLength: 1, maxLength: 200 },
    project: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$' },
    release: { type: 'string', minLength: 1, maxLength: 200 },
    environment: boundedString(200),
    tags: { type: 'object', maxProperties: 100, additionalProperties: boundedString(1024) },
    user: {
      type: 'object',
      additionalProperties: false,
      properties: {
        id: boundedString(256),
        email: boundedString(256),
        username: boundedString(256),
        ip_address: boundedString(64),
      },
    },
    contexts: { type: 'object', maxProperties: 50, additionalProperties: flatObject(100) },
    breadcrumbs: {
      type: 'array',
      maxItems: MAX_BREADCRUMBS,
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          timestamp: { type: ['number', 'string'], maxLength: 64 },
          category: boundedString(256),
          message: boundedString(8192),
          level: boundedString(32),
          type: boundedString(64),
          data: flatObject(50),
        },
      },
    },
    causes: {
      type: 'array',
      maxItems: MAX_CAUSES,
      items: {
        type: 'object',
        required: ['traceback'],
        additionalProperties: false,
        properties: {
          exception_type: boundedString(1024),
          exception_message: boundedString(65536),
          traceback: { type: 'array', maxItems: MAX_FRAMES, items: frameSchema },
        },
      },
    },
  },
} as const;

/**
 * Whether `value` nests arrays and objects deeper than `maxDepth` levels (the value
 * itself is level 1). Iterative and stops at the first path past the limit, so a
 * hostile 100,000-deep body costs no more than its first `maxDepth` levels.
 */
export function nestsDeeperThan(value: unknown, maxDepth: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  const stack: object[] = [value];
  const depths: number[] = [1];
  while (stack.length > 0) {
    const node = stack.pop() as Record<string, unknown>;
    const depth = depths.pop() as number;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const v = node[i];
        if (v !== null && typeof v === 'object') {
          if (depth >= maxDepth) return true;
          stack.push(v);
          depths.push(depth + 1);
        }
      }
    } else {
      for (const k in node) {
        const v = node[k];
        if (v !== null && typeof v === 'object') {
          if (depth >= maxDepth) return true;
          stack.push(v);
          depths.push(depth + 1);
        }
      }
    }
  }
  return false;
}

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
  for (const cause of report.causes ?? []) {
    cause.exception_type ??= '';
    cause.exception_message ??= '';
    for (const frame of cause.traceback) {
      frame.function_name ??= '';
      frame.text ??= '';
    }
  }
  return report;
}
